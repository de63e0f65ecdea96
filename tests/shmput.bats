#!/usr/bin/env bats
# shmput: standard input into a segment at an offset.

# $stderr is set by run --separate-stderr.
# shellcheck disable=SC2154
load helper
load shm

teardown() {
	shm_teardown
}

@test "shmput writes at offset 0 and leaves the rest alone" {
	seg=$(newseg -s 16)
	printf 'abcdefghijklmnop' | shmput "$seg"
	run --separate-stderr shmput "$seg" <<<"xy"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	run shmcat "$seg"
	assert_output "xy
defghijklmnop"
}

@test "random binary data with NULs round-trips exactly at an offset" {
	seg=$(newseg -s 64k)
	randfile "$BATS_TEST_TMPDIR/in" 50000
	head -c 1000 /dev/zero >>"$BATS_TEST_TMPDIR/in"
	printf 'a\0b\0' >>"$BATS_TEST_TMPDIR/in"
	run --separate-stderr shmput -o 1234 "$seg" <"$BATS_TEST_TMPDIR/in"
	assert_success
	assert_equal "$stderr" ""
	shmcat -o 1234 -n 51004 "$seg" >"$BATS_TEST_TMPDIR/out"
	cmp "$BATS_TEST_TMPDIR/in" "$BATS_TEST_TMPDIR/out"
	# The same bytes through a pipe, which delivers them in pieces.
	seg2=$(newseg -s 64k)
	cat "$BATS_TEST_TMPDIR/in" | shmput -o 1k "$seg2"
	shmcat -o 1024 -n 51004 "$seg2" | cmp "$BATS_TEST_TMPDIR/in" -
}

@test "shmput streams a large input into a large segment" {
	seg=$(newseg -s 32m)
	randfile "$BATS_TEST_TMPDIR/in" 33554432
	cat "$BATS_TEST_TMPDIR/in" | shmput "$seg"
	shmcat "$seg" | cmp "$BATS_TEST_TMPDIR/in" -
}

@test "input that fills the segment exactly is not an error" {
	seg=$(newseg -s 8)
	run --separate-stderr shmput -o 4 "$seg" <<<"abc"
	assert_success
	assert_equal "$stderr" ""
	run --separate-stderr shmput -o 8 "$seg" </dev/null
	assert_success
	assert_equal "$stderr" ""
}

@test "input past the end exits 65 with both sizes; the bytes that fit are written" {
	seg=$(newseg -s 8)
	run --separate-stderr shmput -o 2 "$seg" < <(printf '0123456789')
	assert_failure 65
	assert_output ""
	assert_equal "$stderr" "shmput: $seg: input is more than the 6 bytes from offset 2 to the end of the 8-byte segment; 6 bytes were written"
	shmcat "$seg" | cmp - <(printf '\0\000012345')
	# At the very end there is room for nothing.
	run --separate-stderr shmput -o 8 "$seg" <<<"x"
	assert_failure 65
	assert_equal "$stderr" "shmput: $seg: input is more than the 0 bytes from offset 8 to the end of the 8-byte segment; 0 bytes were written"
}

@test "a regular file past the end: 65 and the message gives its size" {
	seg=$(newseg -s 4k)
	randfile "$BATS_TEST_TMPDIR/in" 10000
	run --separate-stderr shmput "$seg" <"$BATS_TEST_TMPDIR/in"
	assert_failure 65
	assert_equal "$stderr" "shmput: $seg: input is 10000 bytes, more than the 4096 bytes from offset 0 to the end of the 4096-byte segment; 4096 bytes were written"
	shmcat "$seg" | cmp - <(head -c 4096 "$BATS_TEST_TMPDIR/in")
}

@test "shmput never writes past the end of the segment" {
	# Whatever the first segment is given, its neighbour stays zero and
	# the first holds nothing but the input.
	seg=$(newseg -s 4096)
	other=$(newseg -s 4096)
	run --separate-stderr shmput "$seg" < <(head -c 100000 /dev/zero | tr '\0' x)
	assert_failure 65
	run --separate-stderr shmcat -z "$other"
	assert_output ""
	assert_equal "$(shmcat "$seg" | tr -d x | wc -c)" 0
}

@test "shmput -z zero-fills from the end of the data to the end" {
	seg=$(newseg -s 16)
	printf 'XXXXXXXXXXXXXXXX' | shmput "$seg"
	printf 'ab' | shmput -z -o 4 "$seg"
	shmcat "$seg" | cmp - <(printf 'XXXXab\0\0\0\0\0\0\0\0\0\0')
	# Without -z, the bytes after the data stay.
	printf 'YYYYYYYYYYYYYYYY' | shmput "$seg"
	printf 'ab' | shmput -o 4 "$seg"
	shmcat "$seg" | cmp - <(printf 'YYYYabYYYYYYYYYY')
	# -z with empty input clears from the offset.
	shmput -z -o 15 "$seg" </dev/null
	shmcat "$seg" | cmp - <(printf 'YYYYabYYYYYYYYY\0')
}

@test "shmput -o past the end exits 64 naming the size" {
	seg=$(newseg -s 4k)
	run --separate-stderr shmput -o 4097 "$seg" <<<"x"
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "shmput: $seg: -o 4097 is past the end of the 4096-byte segment"
}

@test "shmput -o refuses bad offsets with 64" {
	seg=$(newseg)
	for v in "${SHM_BAD_SIZES[@]}"; do
		[ "$v" = 18446744073709551615 ] && continue
		run --separate-stderr shmput -o "$v" "$seg" </dev/null
		assert_failure 64
		assert_output ""
		[[ $stderr == "shmput: -o '$v': "* ]] || fail "-o '$v': $stderr"
	done
	# The largest offset is a number, and past the end of any segment.
	run --separate-stderr shmput -o 18446744073709551615 "$seg" </dev/null
	assert_failure 64
	assert_equal "$stderr" "shmput: $seg: -o 18446744073709551615 is past the end of the 4096-byte segment"
}

@test "shmput refuses bad objects with 64 and a missing one with 66" {
	for v in "${SHM_BAD_OBJECTS[@]}"; do
		run --separate-stderr shmput "$v" </dev/null
		assert_failure 64
		[[ $stderr == "shmput: '$v': "* ]] || fail "'$v': $stderr"
	done
	run --separate-stderr shmput 0x1234 <<<"x"
	assert_failure 66
	assert_equal "$stderr" "shmput: 0x1234: no such segment"
	seg=$(newseg)
	shmrm "$seg"
	run --separate-stderr shmput "$seg" <<<"x"
	assert_failure 66
	assert_equal "$stderr" "shmput: $seg: no such segment"
	run --separate-stderr shmput "$BATS_TEST_TMPDIR/nofile" <<<"x"
	assert_failure 66
	assert_equal "$stderr" "shmput: $BATS_TEST_TMPDIR/nofile: cannot make a key: No such file or directory"
}

@test "shmput as nobody exits 77, even on a 0644 segment" {
	require_root
	seg=$(newseg)
	run --separate-stderr as_nobody shmput "$seg" <<<"x"
	assert_failure 77
	assert_equal "$stderr" "shmput: $seg: cannot attach: Permission denied"
	seg=$(newseg -m 644)
	run --separate-stderr as_nobody shmput "$seg" <<<"x"
	assert_failure 77
	assert_equal "$stderr" "shmput: $seg: cannot attach: Permission denied"
	seg=$(newseg -m 666)
	run --separate-stderr as_nobody shmput "$seg" <<<"x"
	assert_success
}

@test "unreadable input exits 74" {
	seg=$(newseg)
	run --separate-stderr shmput "$seg" <"$BATS_TEST_TMPDIR"
	assert_failure 74
	assert_output ""
	assert_equal "$stderr" "shmput: standard input: Is a directory"
}

@test "the textbook C peer reads what shmput wrote" {
	newseg 0x00c0ffee >/dev/null
	printf 'hello, peer\0' | shmput 0x00c0ffee
	run --separate-stderr textbook_shm read 0x00c0ffee
	assert_success
	assert_output "hello, peer"
}

@test "shmput -h, -V, a bad option and bad operand counts" {
	run --separate-stderr synopsis shmput
	assert_success
	assert_output "usage: shmput [-hVz] [-o offset] object"
	run --separate-stderr shmput -V
	assert_success
	assert_output --regexp '^shmput \(ipctools\) [0-9.]+$'
	run --separate-stderr shmput -q id:0
	assert_failure 64
	assert_equal "${stderr#*shmput: }" "invalid option -- 'q'
usage: shmput [-hVz] [-o offset] object"
	run --separate-stderr shmput
	assert_failure 64
	assert_equal "$stderr" "shmput: no object to write to"
	run --separate-stderr shmput id:0 id:1
	assert_failure 64
	assert_equal "$stderr" "shmput: one object only; 'id:1' is one too many"
	# getopt speaks as the program, not as the path it was run by.
	run --separate-stderr "$(command -v shmput)" -q id:0
	assert_failure 64
	assert_equal "$stderr" "shmput: invalid option -- 'q'
usage: shmput [-hVz] [-o offset] object"
}

@test "bash completion of shmput offers options and live segments" {
	seg=$(newseg 0x00abcdef)
	run shm_complete shmput -
	assert_output "$(printf '%s\n' -h -o -V -z)"
	run shm_complete shmput -o ''
	assert_output ""
	run shm_complete shmput -z id:
	assert_output "$seg"
}

# attached id:N: is the segment attached once, by the kernel's own table?
attached() {
	[ "$(awk -v id="${1#id:}" 'NR > 1 && $2 == id { print $7 }' \
	    /proc/sysvipc/shm)" = 1 ]
}

@test "shmput into a segment removed while it writes exits 66: the data reached no one" {
	seg=$(newseg -s 64)
	mkfifo "$BATS_TEST_TMPDIR/in"
	shmput "$seg" <"$BATS_TEST_TMPDIR/in" 2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	exec {w}>"$BATS_TEST_TMPDIR/in"
	printf abc >&"$w"
	wait_until attached "$seg"
	ipcrm -m "${seg#id:}"
	printf def >&"$w"
	exec {w}>&-
	status=0
	wait "$pid" || status=$?
	[ "$status" -eq 66 ] || fail "status $status: $(cat "$BATS_TEST_TMPDIR/err")"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" "shmput: $seg: the segment was removed while it was being written; the 6 bytes written are lost"
}
