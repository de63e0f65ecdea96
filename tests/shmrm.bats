#!/usr/bin/env bats
# shmrm: remove segments; -a the caller's unattached ones, -d, -i and -r
# narrowing it, -f widening it; -n dry run.

# $stderr is set by run --separate-stderr.
# shellcheck disable=SC2154
load helper
load shm
load rm

teardown() {
	kill_alive
	bg_cleanup
	shm_teardown
}

# exists id:N: the segment is still there.  (Not "! gone": bats does not
# fail a test on a negated command.)
exists() {
	awk -v id="${1#id:}" 'NR > 1 && $2 == id { f = 1 } END { exit !f }' \
	    /proc/sysvipc/shm
}

gone() {
	if exists "$1"; then
		return 1
	fi
}

@test "shmrm removes by id and by key" {
	a=$(newseg)
	b=$(newseg 0x1234)
	run --separate-stderr shmrm "$a" 0x1234
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	gone "$a"
	gone "$b"
}

@test "shmrm removes what ipcmk -M made" {
	run ipcmk -M 4096
	assert_success
	id=${output##*: }
	track "shm:id:$id"
	exists "id:$id"
	run --separate-stderr shmrm "id:$id"
	assert_success
	gone "id:$id"
	run ipcs -m -i "$id"
	assert_output "ipcs: id $id not found"
}

@test "shmrm goes on past a missing one and exits 66; -f ignores missing ones" {
	a=$(newseg)
	b=$(newseg)
	run --separate-stderr shmrm "$a" 0x4321 "$b"
	assert_failure 66
	assert_output ""
	assert_equal "$stderr" "shmrm: 0x4321: no such segment"
	gone "$a"
	gone "$b"
	run --separate-stderr shmrm "$a"
	assert_failure 66
	assert_equal "$stderr" "shmrm: $a: no such segment"
	c=$(newseg)
	run --separate-stderr shmrm -f "$a" 0x4321 "$BATS_TEST_TMPDIR/nofile:3" "$c"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	gone "$c"
}

@test "shmrm as nobody on root's segment exits 77 and goes on" {
	require_root
	seg=$(newseg -m 666)
	mine=$(as_nobody shmnew)
	track "shm:$mine"
	run --separate-stderr as_nobody shmrm "$seg" "$mine"
	assert_failure 77
	assert_output ""
	assert_equal "$stderr" "shmrm: $seg: Operation not permitted"
	exists "$seg"
	gone "$mine"
	run --separate-stderr as_nobody shmrm -n "$seg"
	assert_failure 77
	assert_equal "$stderr" "shmrm: $seg: Operation not permitted"
}

@test "shmrm -n prints the operands that exist and removes nothing" {
	a=$(newseg)
	b=$(newseg 0x1234)
	run --separate-stderr shmrm -n "$a" 0x1234
	assert_success
	assert_output "$a
$b"
	assert_equal "$stderr" ""
	exists "$a"
	exists "$b"
	run --separate-stderr shmrm -n "$a" 0x4321
	assert_failure 66
	assert_output "$a"
	assert_equal "$stderr" "shmrm: 0x4321: no such segment"
	run --separate-stderr shmrm -fn 0x4321 "$b"
	assert_success
	assert_output "$b"
	assert_equal "$stderr" ""
}

@test "shmrm -a removes the caller's unattached segments, not attached or others'" {
	require_root
	a=$(newseg)
	b=$(newseg 0x1234)
	held=$(newseg)
	theirs=$(as_nobody shmnew)
	track "shm:$theirs"
	shm_hold "$held"
	run --separate-stderr shmrm -a -n
	assert_success
	assert_equal "$stderr" ""
	assert_output "$a
$b"
	exists "$a"
	run --separate-stderr shmrm -a
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	gone "$a"
	gone "$b"
	exists "$held"
	exists "$theirs"
	shm_release
	# nobody's -a takes nobody's segment, and only it.
	run --separate-stderr as_nobody shmrm -a
	assert_success
	gone "$theirs"
	exists "$held"
}

@test "shmrm -a -d takes what crashed programs left, not a live program's" {
	a=$(crashed shm 0x7100)
	b=$(crashed shm 0 kill)
	live=$(alive shm 0x7101)
	made=$(newseg)
	# shmnew has exited: its segment has no live creator or user either.
	run --separate-stderr shmrm -a -d -n
	assert_success
	assert_equal "$stderr" ""
	assert_output "$(printf '%s\n' "$a" "$b" "$made")"
	run --separate-stderr shmrm -a -d
	assert_success
	assert_output ""
	gone "$a"
	gone "$b"
	gone "$made"
	exists "$live"
	kill_alive
	run --separate-stderr shmrm -a -d -n
	assert_output "$live"
}

@test "shmrm -a -d takes a zombie's segment: a process in state Z has ended" {
	zombie shm 0x7102
	live=$(alive shm 0x7103)
	assert_equal "$(awk '{ print $3 }' "/proc/$ZOMBIE/stat")" Z
	run --separate-stderr shmrm -a -d -n
	assert_success
	assert_equal "$stderr" ""
	assert_output "$ZID"
	run --separate-stderr shmrm -a -d
	assert_success
	assert_output ""
	gone "$ZID"
	exists "$live"
	# It was a zombie still while shmrm looked.
	assert_equal "$(awk '{ print $3 }' "/proc/$ZOMBIE/stat")" Z
}

@test "shmrm -a -u USER: root takes another user's idle segments, by name or number, and not its own" {
	require_root
	mine=$(newseg)
	theirs=$(as_nobody shmnew)
	track "shm:$theirs"
	run --separate-stderr shmrm -a -u nobody -n
	assert_success
	assert_output "$theirs"
	run --separate-stderr shmrm -a -u 65534 -n
	assert_output "$theirs"
	run --separate-stderr shmrm -a -n
	assert_output "$mine"
	run --separate-stderr shmrm -a -u nobody
	assert_success
	gone "$theirs"
	exists "$mine"
}

@test "shmrm -a -i takes segments unused for that long; an attached one never" {
	old=$(crashed shm 0x7102)
	held=$(newseg)
	shm_hold "$held"
	run --separate-stderr shmrm -a -n -i 1h
	assert_success
	assert_output ""
	run --separate-stderr aged +2h shmrm -a -n -i 1h
	assert_success
	assert_equal "$stderr" ""
	assert_output "$old"
	run --separate-stderr aged +2h shmrm -a -n -i 3h
	assert_output ""
	run --separate-stderr aged +2d shmrm -a -n -i 1d
	assert_output "$old"
	run --separate-stderr aged +2d shmrm -a -n -i 2880m
	assert_output "$old"
	# With -f too: attached is in use now, however old its attach.
	run --separate-stderr aged +2d shmrm -a -f -n -i 1d
	assert_output "$old"
	run --separate-stderr aged +2h shmrm -a -i 7200
	assert_success
	gone "$old"
	exists "$held"
	shm_release
}

@test "shmrm -a -r takes keys in a range or of a PATH, never private ones" {
	f=$BATS_TEST_TMPDIR/app.lock
	: >"$f"
	k1=$(crashed shm 0x7110)
	k2=$(crashed shm 0x7150)
	k3=$(crashed shm 0x7200)
	priv=$(crashed shm 0)
	p1=$(crashed shm "$f:1")
	p2=$(crashed shm "$f:7")
	run --separate-stderr shmrm -a -n -r 0x7110-0x7150
	assert_success
	assert_output "$(printf '%s\n' "$k1" "$k2")"
	run --separate-stderr shmrm -a -n -r 29008
	assert_output "$k2"
	run --separate-stderr shmrm -a -n -r "$f"
	assert_output "$(printf '%s\n' "$p1" "$p2")"
	run --separate-stderr shmrm -a -n -r "$f:7"
	assert_output "$p2"
	run --separate-stderr shmrm -a -n -r 0-0xffffffff
	assert_output "$(printf '%s\n' "$k1" "$k2" "$k3" "$p1" "$p2")"
	# -r, -d and -i all hold at once.
	run --separate-stderr aged +1d shmrm -a -d -i 1h -r 0x7150-0x7fff
	assert_success
	gone "$k2"
	gone "$k3"
	exists "$k1"
	exists "$priv"
}

@test "shmrm -a -f takes attached segments too, marking them removed" {
	held=$(newseg)
	shm_hold "$held"
	run --separate-stderr shmrm -a -n
	assert_output ""
	run --separate-stderr shmrm -a -f -n
	assert_output "$held"
	run --separate-stderr shmrm -a -f
	assert_success
	run shmls -H "$held"
	assert_output --regexp ' yes$'
	# Marked already: nothing left for -a -f to do.
	run --separate-stderr shmrm -a -f -n
	assert_output ""
	shm_release
	gone "$held"
}

@test "shmrm -a -p PID: the segments that process maps, kept as in use; -f marks exactly them removed" {
	a=$(newseg)
	b=$(newseg)
	other=$(newseg)
	idle=$(newseg)
	bg_start shm_holders attach "$a" "$b" </dev/null \
	    >"$BATS_TEST_TMPDIR/ready"
	p=$BG_PID
	wait_file "$BATS_TEST_TMPDIR/ready"
	shm_hold "$other"
	# What a live process maps is in use: -a keeps it, and says so.
	run --separate-stderr shmrm -a -n -p "$p"
	assert_success
	assert_output ""
	assert_equal "$stderr" "shmrm: kept 2 segments that process $p maps: in use (-f takes them)"
	run --separate-stderr shmrm -a -f -n -p "$p"
	assert_success
	assert_output "$a
$b"
	assert_equal "$stderr" ""
	run --separate-stderr shmrm -a -f -p "$p"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	run --separate-stderr shmls -H -o id,removed "$a" "$b" "$other" "$idle"
	assert_success
	assert_equal "$(echo "$output" | awk '{ print $2 }' | paste -sd' ')" \
	    "yes yes no no"
	# A running process's segments are never a dead program's leftovers.
	run --separate-stderr shmrm -a -d -f -p "$p"
	assert_failure 64
	assert_equal "${stderr%%$'\n'*}" "shmrm: -d takes objects whose processes have all ended, -p those a running process maps: none is both"
	# Not without -a; our own shell maps nothing.
	run --separate-stderr shmrm -p "$p" "$other"
	assert_failure 64
	run --separate-stderr shmrm -a -f -n -p "$$"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	shm_release
	exists "$other"
	exists "$idle"
}

@test "shmrm -a -X -p PID: the POSIX segments that process holds, kept as in use; -f unlinks exactly them" {
	shmnew -s 1 posix:/a >/dev/null
	shmnew -s 1 posix:/b >/dev/null
	shmnew -s 1 posix:/other >/dev/null
	px_hold /dev/shm/a /dev/shm/b
	p=$BG_PID
	px_hold /dev/shm/other
	run --separate-stderr shmrm -a -X -n -p "$p"
	assert_success
	assert_output ""
	assert_equal "$stderr" "shmrm: kept 2 POSIX segments that process $p maps or holds open: in use (-f takes them)"
	run --separate-stderr shmrm -a -X -f -n -p "$p"
	assert_success
	assert_output "posix:/a
posix:/b"
	assert_equal "$stderr" ""
	# A pattern narrows them further.
	run --separate-stderr shmrm -a -X -f -n -p "$p" 'posix:/b*'
	assert_output posix:/b
	run --separate-stderr shmrm -a -X -f -p "$p"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	run ls /dev/shm
	assert_output other
	shmrm posix:/other
}

@test "shmrm -a -d as nobody leaves root's crashed segments alone" {
	require_root
	a=$(crashed shm 0x7120)
	run --separate-stderr as_nobody shmrm -a -d -f
	assert_success
	assert_output ""
	exists "$a"
}

@test "shmrm on an attached segment marks it removed; it goes at the last detach" {
	seg=$(newseg)
	shm_hold "$seg"
	run --separate-stderr shmrm "$seg"
	assert_success
	run shmls -H "$seg"
	assert_output --regexp ' yes$'
	shm_release
	gone "$seg"
}

@test "shmrm refuses bad objects and bad usage with 64" {
	for v in "${SHM_BAD_OBJECTS[@]}"; do
		run --separate-stderr shmrm "$v"
		assert_failure 64
		assert_output ""
		[[ $stderr == "shmrm: '$v': "* ]] || fail "'$v': $stderr"
	done
	usage="usage: shmrm [-fhnV] object ...
       shmrm -a [-dfn] [-i age] [-p pid] [-r keys] [-u user]
       shmrm -a -X [-fn] [-i age] [-p pid] [-u user] [posix:/pattern ...]"
	for args in "" "-a id:0" "-f" "-q" "-d" "-n -i 1h" "-r 1 id:0" "-i" "-a -r"; do
		# shellcheck disable=SC2086
		run --separate-stderr shmrm $args
		assert_failure 64
		assert_output ""
		[[ $stderr == *"$usage" ]] || fail "shmrm $args: $stderr"
	done
	# Each says what is wrong before the synopsis.
	run --separate-stderr shmrm -a 0x1
	assert_equal "${stderr%%$'\n'*}" "shmrm: -a chooses the objects itself: it takes no operands (-a -X: name patterns)"
	run --separate-stderr shmrm -d id:0
	assert_equal "${stderr%%$'\n'*}" "shmrm: -d, -i, -p, -r and -u choose among the objects of -a: give -a"
	run --separate-stderr shmrm
	assert_equal "${stderr%%$'\n'*}" "shmrm: no object to remove (-a: the caller's idle ones)"
}

@test "shmrm -i and -r refuse bad values with 64, quoting them, before removing" {
	seg=$(newseg)
	for v in "${RM_BAD_AGES[@]}"; do
		run --separate-stderr shmrm -a -i "$v"
		assert_failure 64
		assert_output ""
		[[ $stderr == "shmrm: -i '$v': "* ]] || fail "-i '$v': $stderr"
	done
	for v in "${RM_BAD_KEYS[@]}"; do
		run --separate-stderr shmrm -a -r "$v"
		assert_failure 64
		assert_output ""
		[[ $stderr == "shmrm: -r '$v': "* ]] || fail "-r '$v': $stderr"
	done
	run --separate-stderr shmrm -a -i 1y
	assert_equal "$stderr" "shmrm: -i '1y': bad unit (s, m, h or d)"
	run --separate-stderr shmrm -a -i 36501d
	assert_equal "$stderr" "shmrm: -i '36501d': too large"
	run --separate-stderr shmrm -a -r 0x20-0x10
	assert_equal "$stderr" "shmrm: -r '0x20-0x10': LOW is above HIGH"
	# A PATH whose file is missing has no key: 66, as for an operand.
	run --separate-stderr shmrm -a -r "$BATS_TEST_TMPDIR/none"
	assert_failure 66
	assert_equal "$stderr" "shmrm: -r '$BATS_TEST_TMPDIR/none': cannot make a key: No such file or directory"
	exists "$seg"
}

@test "shmrm -h and -V" {
	run --separate-stderr synopsis shmrm
	assert_success
	assert_output "usage: shmrm [-fhnV] object ...
       shmrm -a [-dfn] [-i age] [-p pid] [-r keys] [-u user]
       shmrm -a -X [-fn] [-i age] [-p pid] [-u user] [posix:/pattern ...]"
	assert_equal "$stderr" ""
	run --separate-stderr shmrm -V
	assert_success
	assert_output --regexp '^shmrm \(ipctools\) [0-9.]+$'
}

@test "bash completion of shmrm offers options and live segments" {
	seg=$(newseg 0x00abcdef)
	run shm_complete shmrm -
	assert_output "$(printf '%s\n' -a -d -f -h -i -n -p -r -u -V -X)"
	run shm_complete shmrm -f "${seg%?}"
	assert_output "$seg"
}

@test "bash completion of shmrm -u offers user names; of shmls -p and shmrm -p running processes, -u users" {
	run shm_complete shmrm -a -u roo
	assert_output root
	run shm_complete shmrm -a -p "$$"
	assert_line "$$"
	run shm_complete shmls -u nobod
	assert_output nobody
	run shm_complete shmls -p "$$"
	assert_line "$$"
}
