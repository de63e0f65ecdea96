#!/usr/bin/env bats
# shmrm: remove segments; -a the caller's unattached ones; -n dry run.

# $stderr is set by run --separate-stderr.
# shellcheck disable=SC2154
load helper
load shm

teardown() {
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
       shmrm -a [-n]"
	for args in "" "-a id:0" "-af" "-f" "-q"; do
		# shellcheck disable=SC2086
		run --separate-stderr shmrm $args
		assert_failure 64
		assert_output ""
		[[ $stderr == *"$usage" ]] || fail "shmrm $args: $stderr"
	done
	# Each says what is wrong before the synopsis.
	run --separate-stderr shmrm -a 0x1
	assert_equal "${stderr%%$'\n'*}" "shmrm: -a chooses the objects itself: it takes no operands"
	run --separate-stderr shmrm -a -f
	assert_equal "${stderr%%$'\n'*}" "shmrm: -a and -f do not combine: -a never fails on a missing object"
	run --separate-stderr shmrm
	assert_equal "${stderr%%$'\n'*}" "shmrm: no object to remove (-a: the caller's idle ones)"
}

@test "shmrm -h and -V" {
	run --separate-stderr shmrm -h
	assert_success
	assert_output "usage: shmrm [-fhnV] object ...
       shmrm -a [-n]"
	assert_equal "$stderr" ""
	run --separate-stderr shmrm -V
	assert_success
	assert_output --regexp '^shmrm \(ipctools\) [0-9.]+$'
}

@test "bash completion of shmrm offers options and live segments" {
	seg=$(newseg 0x00abcdef)
	run shm_complete shmrm -
	assert_output "$(printf '%s\n' -a -f -h -n -V)"
	run shm_complete shmrm -f "${seg%?}"
	assert_output "$seg"
}
