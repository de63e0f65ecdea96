#!/usr/bin/env bats
# POSIX shared memory (posix:/NAME) through the shm* commands: shmnew
# sizes one, shmput and shmcat map it, shmrm unlinks, shmls -X lists;
# the textbook C peer (tests/fixtures/textbook_pshm.c) on the other end;
# /dev/shm (this file's own tmpfs, see scripts/runtests) as the kernel's
# word.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load ls

setup() {
	[ "${IPCTOOLS_MNTNS-}" = 1 ] || skip "no /dev/shm of our own"
}

# Every segment a test made goes, failed or not: the file checks for leaks.
teardown() {
	bg_cleanup
	ipc_cleanup
	rm -f /dev/shm/* 2>/dev/null || true
	return 0
}

# A struct of textbook_pshm: sequence number and length (32-bit, little
# endian here), then 56 bytes of text.
rec() {
	local seq=$1 text=$2
	printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((seq & 255)) \
	    $((seq >> 8 & 255)) $((seq >> 16 & 255)) $((seq >> 24 & 255)))"
	printf "$(printf '\\x%02x' ${#text})\\0\\0\\0"
	printf '%s' "$text"
	head -c $((56 - ${#text})) /dev/zero
}

holds() {
	run --separate-stderr shmls -X -H -o nproc "$1"
	[ "$output" -ge 1 ] 2>/dev/null
}

@test "shmnew posix:/NAME makes a 0600 file of -s bytes in /dev/shm and prints posix:/NAME; posix:NAME is the same" {
	run --separate-stderr shmnew -s 10000 posix:seg
	assert_success
	assert_output posix:/seg
	assert_equal "$stderr" ""
	run stat -c '%a %s %U' /dev/shm/seg
	assert_output "600 10000 root"
	run --separate-stderr shmnew -s 10000 posix:/seg
	assert_success
	assert_output posix:/seg
	run --separate-stderr shmnew -x -s 10000 posix:/seg
	assert_failure 73
	assert_output ""
	assert_equal "$stderr" "shmnew: posix:/seg: a POSIX segment with this name exists"
	run --separate-stderr shmnew -s 20000 posix:/seg
	assert_failure 65
	assert_equal "$stderr" "shmnew: posix:/seg: the segment exists with 10000 bytes, smaller than -s 20000"
}

@test "shmnew gives the segment its memory at once: a full /dev/shm is 71 and nothing is made" {
	mkdir "$BATS_TEST_TMPDIR/small"
	mount -t tmpfs -o size=64k tmpfs /dev/shm
	run --separate-stderr shmnew -s 1M posix:/big
	umount /dev/shm
	assert_failure 71
	assert_equal "$stderr" "shmnew: posix:/big: /dev/shm has no room for 1048576 bytes (see df /dev/shm); nothing was made"
	run shmnew -s 1M posix:/big
	assert_success
	run stat -c %b /dev/shm/big
	assert [ "$output" -ge 2048 ]
}

@test "a segment another program left sparse: a page /dev/shm cannot give is 71 with the reason in shmput; shmcat reads the holes as zeros without them" {
	mount -t tmpfs -o size=64k tmpfs /dev/shm
	truncate -s 1M /dev/shm/sparse
	run --separate-stderr shmput posix:/sparse < <(head -c 200k /dev/zero)
	status1=$status stderr1=$stderr
	run --separate-stderr shmput -z posix:/sparse </dev/null
	status2=$status stderr2=$stderr
	run bash -c 'shmcat posix:/sparse | cmp - <(head -c 1m /dev/zero)'
	status3=$status
	umount /dev/shm
	assert_equal "$status1" 71
	assert_equal "$stderr1" "shmput: posix:/sparse: no memory for the segment's pages: /dev/shm is full, or its file was cut short"
	assert_equal "$status2" 71
	assert_equal "$stderr2" "shmput: posix:/sparse: no memory for the segment's pages: /dev/shm is full, or its file was cut short"
	assert_equal "$status3" 0
}

@test "reading a sparse POSIX segment fills none of its holes (du before and after); the bytes are exact" {
	truncate -s 32m /dev/shm/sparse
	chmod 644 /dev/shm/sparse
	printf head | shmput posix:/sparse
	printf middle | shmput -o 16777214 posix:/sparse
	blocks=$(stat -c %b /dev/shm/sparse)
	[ "$blocks" -le 64 ] || fail "$blocks blocks before reading"
	shmcat posix:/sparse | cat >"$BATS_TEST_TMPDIR/out"
	cmp /dev/shm/sparse "$BATS_TEST_TMPDIR/out"
	assert_equal "$(stat -c %b /dev/shm/sparse)" "$blocks"
	as_nobody shmcat posix:/sparse | cmp - /dev/shm/sparse
	run --separate-stderr shmcat -z -o 16777214 posix:/sparse
	assert_output middle
	assert_equal "$(stat -c %b /dev/shm/sparse)" "$blocks"
}

@test "-m sets the mode exactly, under umask 000 and umask 077" {
	run bash -c 'umask 000; shmnew -m 0640 -s 1 posix:/a && umask 077 && shmnew -m 0666 -s 1 posix:/b'
	assert_success
	run stat -c %a /dev/shm/a /dev/shm/b
	assert_output $'640\n666'
	run bash -c 'umask 000; shmnew -s 1 posix:/c'
	run stat -c %a /dev/shm/c
	assert_output 600
}

@test "shmput | shmcat on a POSIX segment: 3 MiB of random bytes, NULs and all, come back whole" {
	randfile "$BATS_TEST_TMPDIR/in" 3145728
	shmnew -s 3M posix:/data
	run shmput posix:/data <"$BATS_TEST_TMPDIR/in"
	assert_success
	shmcat posix:/data >"$BATS_TEST_TMPDIR/out"
	cmp "$BATS_TEST_TMPDIR/in" "$BATS_TEST_TMPDIR/out"
	cmp "$BATS_TEST_TMPDIR/in" /dev/shm/data
}

@test "-o, -n and -z work on a POSIX segment as on a System V one" {
	shmnew -s 16 posix:/s
	printf 'hello' | shmput -o 4 posix:/s
	run shmcat -o 4 -n 5 posix:/s
	assert_output hello
	printf 'hi' | shmput -z -o 4 posix:/s
	run bash -c 'shmcat posix:/s | od -An -c | tr -s " "'
	assert_output " \\0 \\0 \\0 \\0 h i \\0 \\0 \\0 \\0 \\0 \\0 \\0 \\0 \\0 \\0"
	run shmcat -z -o 4 posix:/s
	assert_output hi
}

@test "shmput past the end of a POSIX segment is 65 and says what was written" {
	shmnew -s 8 posix:/s
	run --separate-stderr shmput posix:/s < <(printf 0123456789)
	assert_failure 65
	assert_equal "$stderr" "shmput: posix:/s: input is more than the 8 bytes from offset 0 to the end of the 8-byte segment; 8 bytes were written"
	run shmcat posix:/s
	assert_output 01234567
	run --separate-stderr shmput -o 9 posix:/s </dev/null
	assert_failure 64
	assert_equal "$stderr" "shmput: posix:/s: -o 9 is past the end of the 8-byte segment"
	run --separate-stderr shmcat -o 4 -n 5 posix:/s
	assert_failure 64
	assert_equal "$stderr" "shmcat: posix:/s: -o 4 -n 5 is past the end of the 8-byte segment"
}

@test "a missing POSIX segment is 66 for shmput, shmcat, shmrm and shmls, and nothing is made" {
	run --separate-stderr shmcat posix:/none
	assert_failure 66
	assert_equal "$stderr" "shmcat: posix:/none: no such POSIX segment"
	run --separate-stderr shmput posix:/none </dev/null
	assert_failure 66
	assert_equal "$stderr" "shmput: posix:/none: no such POSIX segment"
	run --separate-stderr shmrm posix:/none
	assert_failure 66
	assert_equal "$stderr" "shmrm: posix:/none: no such POSIX segment"
	run --separate-stderr shmls -X posix:/none
	assert_failure 66
	run shmrm -f posix:/none
	assert_success
	run ls -A /dev/shm
	assert_output ""
}

@test "the textbook C program reads the struct shmput wrote, and shmcat reads the one it wrote" {
	need textbook_pshm
	shmnew -s 64 posix:/rec
	rec 7 "from the shell" | shmput posix:/rec
	run textbook_pshm read /rec
	assert_success
	assert_output "7 from the shell"
	textbook_pshm write /rec 258 "from C"
	run bash -c 'shmcat -n 8 posix:/rec | od -An -tu4 | tr -s " "'
	assert_output " 258 6"
	run shmcat -o 8 -n 6 posix:/rec
	assert_output "from C"
	rec 258 "from C" >"$BATS_TEST_TMPDIR/rec"
	cmp -n 14 "$BATS_TEST_TMPDIR/rec" /dev/shm/rec
}

@test "a segment the C program made: shmls -X, ls -l /dev/shm and stat agree on size, mode and owner" {
	need textbook_pshm
	textbook_pshm write /made 1 x
	chmod 0640 /dev/shm/made
	run --separate-stderr shmls -X -H -o name,mode,owner,size posix:/made
	assert_success
	assert_output "$(stat -c 'posix:/%n %a %U %s' /dev/shm/made | sed 's|/dev/shm/||' |
	    awk '{ printf "%s %04d %-5s %4d\n", $1, $2, $3, $4 }')"
	run bash -c "ls -l /dev/shm/made | awk '{ print \$1, \$3, \$5 }'"
	assert_output "-rw-r----- root 64"
}

@test "shmls -X names the processes that map or hold a segment; -j gives them as an array" {
	need textbook_pshm
	shmnew -s 64 posix:/held >/dev/null
	shmnew -s 64 posix:/idle >/dev/null
	bg_start textbook_pshm hold /held >/dev/null
	wait_until holds posix:/held
	run --separate-stderr shmls -X -H -o name,nproc,pids
	assert_success
	assert_output "$(printf '%-11s %5d %s\n%-11s %5d %s' posix:/held 1 "$BG_PID" posix:/idle 0 -)"
	run --separate-stderr shmls -X -j posix:/held posix:/idle
	assert_success
	assert_line --partial "\"name\": \"posix:/held\""
	assert_line --partial "\"nproc\": 1, \"pids\": [$BG_PID]}"
	assert_line --partial "\"nproc\": 0, \"pids\": []}"
	bg_start sleep 60 </dev/shm/idle
	wait_until holds posix:/idle
	run --separate-stderr shmls -X -j posix:/idle
	assert_output --partial "\"nproc\": 1, \"pids\": [$BG_PID]}"
}

@test "shmls -X: a segment 600 processes map: JSON has every pid; a table cuts the list at 2 KiB with ',...', never silently" {
	need shm_holders
	shmnew -s 64 posix:/many >/dev/null
	many_holders 600 /dev/shm/many
	assert_pids_all shmls -X posix:/many
	assert_pids_cut shmls -X -H -o pids posix:/many
}

@test "shmls lists only System V segments, shmls -X only POSIX ones, and semaphores' sem.* files are not segments" {
	shmnew -s 1 posix:/p >/dev/null
	newseg -s 1 >/dev/null
	: >/dev/shm/sem.lock
	run --separate-stderr shmls -X -H -o name
	assert_success
	assert_output posix:/p
	run --separate-stderr shmls -H -o size
	assert_output "   1"
	run --separate-stderr shmcat posix:/sem.lock
	assert_failure 64
	assert_equal "$stderr" "shmcat: 'posix:/sem.lock': /dev/shm/sem.* is the file of a POSIX semaphore, not a segment"
}

@test "shmrm posix:/NAME unlinks; a process that maps it keeps its memory until it lets go" {
	need textbook_pshm
	textbook_pshm write /gone 5 kept
	bg_start textbook_pshm hold /gone >/dev/null
	wait_until holds posix:/gone
	run --separate-stderr shmrm posix:gone
	assert_success
	assert_equal "$stderr" ""
	[ ! -e /dev/shm/gone ]
	run grep -c '/dev/shm/gone (deleted)' "/proc/$BG_PID/maps"
	assert_output 1
}

@test "shmrm -a -X removes the caller's segments no process uses, and keeps the rest" {
	need textbook_pshm
	shmnew -s 1 posix:/free >/dev/null
	shmnew -s 1 posix:/mapped >/dev/null
	shmnew -s 1 posix:/open >/dev/null
	shmnew -s 1 -m 0666 posix:/rootfree >/dev/null
	bg_start textbook_pshm hold /mapped >/dev/null
	wait_until holds posix:/mapped
	exec {fd}</dev/shm/open
	run --separate-stderr shmrm -a -X -n
	assert_success
	assert_output $'posix:/free\nposix:/rootfree'
	[ -e /dev/shm/free ]
	run --separate-stderr as_nobody shmrm -a -X
	assert_success
	[ -e /dev/shm/rootfree ]
	run --separate-stderr shmrm -a -X
	exec {fd}<&-
	assert_success
	run ls /dev/shm
	assert_output $'mapped\nopen'
}

@test "shmrm -a -X keeps what it cannot know is unused (another PID namespace, an empty /proc) and says why; shmls -X says null" {
	require_root
	need textbook_pshm
	unshare --pid --fork --mount-proc true 2>/dev/null ||
	    skip "no pid namespace here"
	shmnew -s 1 posix:/mapped >/dev/null
	shmnew -s 1 posix:/free >/dev/null
	bg_start textbook_pshm hold /mapped >/dev/null
	wait_until holds posix:/mapped
	# A PID namespace of its own: its /proc shows none of our processes.
	run --separate-stderr unshare --pid --fork --mount-proc shmrm -a -X
	assert_failure 69
	assert_output ""
	assert_equal "$stderr" "shmrm: kept 2 POSIX segments whose users cannot be known: this process runs in a PID namespace of its own: /proc does not show the processes outside it (-f takes them)"
	run --separate-stderr unshare --pid --fork --mount-proc shmls -X -j
	assert_success
	assert_equal "$(jq -c '[.[] | [.name, .nproc, .pids]]' <<<"$output")" \
	    '[["posix:/free",null,null],["posix:/mapped",null,null]]'
	run --separate-stderr unshare --pid --fork --mount-proc \
	    shmls -X -H -o name,nproc,pids posix:/mapped
	assert_output --regexp '^posix:/mapped +- -$'
	# An empty directory over /proc, in a mount namespace of its own.
	# (Not under ASan or valgrind: they cannot start without /proc.)
	if [ "${IPCTOOLS_SANITIZE:-}" != 1 ] &&
	    [ "${IPCTOOLS_VALGRIND:-}" != 1 ]; then
		mkdir "$BATS_TEST_TMPDIR/empty"
		run --separate-stderr unshare --mount sh -c \
		    'mount --bind "$0" /proc && exec shmrm -a -X "$1"' \
		    "$BATS_TEST_TMPDIR/empty" 'posix:/m*'
		assert_failure 69
		assert_equal "$stderr" "shmrm: kept 1 POSIX segment whose users cannot be known: /proc does not show this process (no /proc, or another's) (-f takes them)"
		run ls /dev/shm
		assert_output $'free\nmapped'
	fi
	# -f: the caller vouches for them.
	run --separate-stderr unshare --pid --fork --mount-proc \
	    shmrm -a -X -f -n
	assert_success
	assert_output $'posix:/free\nposix:/mapped'
	# Where /proc shows them all, the free one goes and the mapped stays.
	run --separate-stderr shmrm -a -X
	assert_success
	assert_equal "$stderr" ""
	run ls /dev/shm
	assert_output mapped
}

@test "shmrm -a -X under hidepid: an unprivileged caller cannot know the users and keeps; root can" {
	require_root
	as_nobody shmnew -s 1 posix:/n >/dev/null
	run --separate-stderr unshare --mount sh -c '
		mount -t proc -o hidepid=invisible proc /proc || exit 99
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    shmrm -a -X -n' 2>/dev/null
	[ "$status" -ne 99 ] || skip "cannot mount /proc with hidepid here"
	assert_failure 69
	assert_output ""
	assert_equal "$stderr" "shmrm: kept 1 POSIX segment whose users cannot be known: /proc hides other users' processes (hidepid) (-f takes them)"
	run --separate-stderr unshare --mount sh -c '
		mount -t proc -o hidepid=invisible proc /proc &&
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    shmls -X -H -o name,nproc,pids &&
		shmrm -a -X -n -u nobody'
	assert_success
	assert_line --index 0 --regexp '^posix:/n +- -$'
	assert_line --index 1 posix:/n
	assert_equal "${#lines[@]}" 2
}

@test "shmrm -a -X posix:/PATTERN takes only the names a pattern matches; shmls -X lists by pattern" {
	for n in PostgreSQL.1 PostgreSQL.22 other; do
		shmnew -s 1 "posix:/$n" >/dev/null
	done
	run --separate-stderr shmrm -a -X -n 'posix:/PostgreSQL.*'
	assert_success
	assert_output $'posix:/PostgreSQL.1\nposix:/PostgreSQL.22'
	run --separate-stderr shmrm -a -X -n 'posix:PostgreSQL.2?' 'posix:/oth[e]r'
	assert_output $'posix:/PostgreSQL.22\nposix:/other'
	run --separate-stderr shmls -X -H -o name 'posix:/Post*'
	assert_success
	assert_output $'posix:/PostgreSQL.1\nposix:/PostgreSQL.22'
	run --separate-stderr shmls -X -H -o name 'posix:/none*' posix:/other
	assert_failure 66
	assert_output posix:/other
	assert_equal "$stderr" "shmls: posix:/none*: no POSIX segment matches"
	run --separate-stderr shmrm -a -X 'posix:/PostgreSQL.*'
	assert_success
	run ls /dev/shm
	assert_output other
	run --separate-stderr shmrm -a -X id:3
	assert_failure 64
	assert_equal "${stderr%%$'\n'*}" "shmrm: 'id:3': -a -X takes name patterns, posix:/PATTERN"
	run --separate-stderr shmrm -a 'posix:/o*'
	assert_failure 64
}

@test "shmls -X -u and -p, shmrm -a -X -u: another user's segments, one process's" {
	require_root
	need textbook_pshm
	shmnew -s 1 posix:/mine >/dev/null
	as_nobody shmnew -s 1 posix:/theirs >/dev/null
	shmnew -s 1 posix:/held >/dev/null
	bg_start textbook_pshm hold /held >/dev/null
	wait_until holds posix:/held
	run --separate-stderr shmls -X -H -o name -u nobody
	assert_success
	assert_output posix:/theirs
	run --separate-stderr shmls -X -H -o name -p "$BG_PID"
	assert_success
	assert_output posix:/held
	run --separate-stderr shmls -X -H -o name -p "$BG_PID" -u nobody
	assert_output ""
	run --separate-stderr shmrm -a -X -n
	assert_output posix:/mine
	run --separate-stderr shmrm -a -X -u nobody
	assert_success
	run ls /dev/shm
	assert_output $'held\nmine'
}

@test "names at the edges: 255 bytes is a name, 256 is not; '/' inside, . and .., empty and non-ASCII are 64, nothing made" {
	local n255 n256
	n255=$(printf 'n%.0s' {1..255})
	n256=${n255}n
	run --separate-stderr shmnew -s 1 "posix:/$n255"
	assert_success
	assert_output "posix:/$n255"
	run --separate-stderr shmcat "posix:$n255"
	assert_success
	rm -f /dev/shm/*
	run --separate-stderr shmnew -s 1 "posix:/$n256"
	assert_failure 64
	assert_equal "$stderr" "shmnew: 'posix:/$n256': POSIX name longer than 255 bytes (NAME_MAX)"
	run --separate-stderr shmnew -s 1 posix:/a/b
	assert_failure 64
	assert_equal "$stderr" "shmnew: 'posix:/a/b': a POSIX name holds no '/' after its first"
	run --separate-stderr shmnew -s 1 posix:/..
	assert_failure 64
	assert_equal "$stderr" "shmnew: 'posix:/..': a POSIX name is not '.' or '..'"
	run --separate-stderr shmput posix:/. </dev/null
	assert_failure 64
	run --separate-stderr shmnew -s 1 posix:/
	assert_failure 64
	assert_equal "$stderr" "shmnew: 'posix:/': empty POSIX name"
	run --separate-stderr shmnew -s 1 posix:
	assert_failure 64
	run --separate-stderr shmnew -s 1 "posix:/$(printf 'caf\303\251')"
	assert_failure 64
	assert_equal "$stderr" "shmnew: 'posix:/$(printf 'caf\303\251')': a POSIX name is printable ASCII without spaces"
	run ls -A /dev/shm
	assert_output ""
}

@test "bad -s for a POSIX segment: 0, negative, overflow, wrong suffix are 64; more than a file can hold is 64; nothing made" {
	local s
	for s in 0 -1 '' 1x 18446744073709551616 99999999999999999999k; do
		run --separate-stderr shmnew -s "$s" posix:/s
		assert_failure 64
		[ -n "$stderr" ]
	done
	run --separate-stderr shmnew -s 9223372036854775808 posix:/s
	assert_failure 64
	assert_equal "$stderr" "shmnew: -s '9223372036854775808': more than a POSIX segment can hold (the largest file of /dev/shm)"
	run ls -A /dev/shm
	assert_output ""
}

@test "permission: nobody gets 77 from shmcat, shmput and shmrm on root's 0600 segment, and reads a 0644 one" {
	require_root
	shmnew -s 4 posix:/priv >/dev/null
	printf 'ab' | shmput posix:/priv
	run --separate-stderr as_nobody shmcat posix:/priv
	assert_failure 77
	assert_equal "$stderr" "shmcat: posix:/priv: cannot map: Permission denied"
	run --separate-stderr as_nobody shmput posix:/priv </dev/null
	assert_failure 77
	run --separate-stderr as_nobody shmrm posix:/priv
	assert_failure 77
	[ -e /dev/shm/priv ]
	shmnew -s 2 -m 0644 posix:/pub >/dev/null
	printf 'ok' | shmput posix:/pub
	run --separate-stderr as_nobody shmcat posix:/pub
	assert_success
	assert_output ok
	run --separate-stderr as_nobody shmput posix:/pub </dev/null
	assert_failure 77
	run --separate-stderr as_nobody shmnew -s 1 -x posix:/priv
	assert_failure 73
}

@test "an empty POSIX segment (another program's) reads as nothing and takes nothing" {
	: >/dev/shm/empty
	run --separate-stderr shmcat posix:/empty
	assert_success
	assert_output ""
	run --separate-stderr shmput posix:/empty </dev/null
	assert_success
	run --separate-stderr shmput posix:/empty < <(printf x)
	assert_failure 65
}

@test "options only System V has are usage errors with a POSIX operand" {
	run --separate-stderr shmrm -a -X -r 0x1
	assert_failure 64
	run --separate-stderr shmrm -X posix:/x
	assert_failure 64
	run --separate-stderr shmls -g -X
	assert_failure 64
}
