#!/usr/bin/env bats
# POSIX shared memory (posix:/NAME) through the shm* commands: shmnew
# sizes one, shmput and shmcat map it, shmrm unlinks, shmls -X lists;
# the textbook C peer (tests/fixtures/textbook_pshm.c) on the other end;
# /dev/shm (this file's own tmpfs, see scripts/runtests) as the kernel's
# word.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper

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

@test "a segment another program left sparse: a page /dev/shm cannot give is 71 with the reason in shmput and shmcat" {
	mount -t tmpfs -o size=64k tmpfs /dev/shm
	truncate -s 1M /dev/shm/sparse
	run --separate-stderr shmput posix:/sparse < <(head -c 200k /dev/zero)
	assert_failure 71
	assert_equal "$stderr" "shmput: posix:/sparse: no memory for the segment's pages: /dev/shm is full, or its file was cut short"
	run --separate-stderr shmcat posix:/sparse
	assert_failure 71
	assert_equal "$stderr" "shmcat: posix:/sparse: no memory for the segment's pages: /dev/shm is full, or its file was cut short"
	run --separate-stderr shmput -z posix:/sparse </dev/null
	umount /dev/shm
	assert_failure 71
	assert_equal "$stderr" "shmput: posix:/sparse: no memory for the segment's pages: /dev/shm is full, or its file was cut short"
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
