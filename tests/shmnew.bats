#!/usr/bin/env bats
# shmnew: create or open a segment, print id:N.

# $stderr is set by run --separate-stderr.
# shellcheck disable=SC2154
load helper
load shm

teardown() {
	shm_teardown
}

@test "shmnew makes a private 4096-byte 0600 segment that ipcs and lsipc see" {
	run --separate-stderr shmnew
	assert_success
	assert_output --regexp '^id:[0-9]+$'
	assert_equal "$stderr" ""
	track "shm:$output"
	id=${output#id:}
	run ipcs -m
	assert_line --regexp "^0x00000000 +$id +root +600 +4096 +0 "
	run lsipc -m -b -P -r --noheadings -o ID,PERMS,SIZE
	assert_line "$id 0600 4096"
}

@test "shmnew -s and -m set the size and mode that ipcs and lsipc report" {
	seg=$(newseg -s 64k -m 0640 0x5eed)
	run ipcs -m
	assert_line --regexp "^0x00005eed +${seg#id:} +root +640 +65536 "
	run lsipc -m -b -P -r --noheadings -o KEY,PERMS,SIZE
	assert_line "0x00005eed 0640 65536"
}

@test "shmnew without -x opens the segment that exists, even with a smaller -s" {
	seg=$(newseg -s 8k 0x1234)
	run --separate-stderr shmnew 0x1234
	assert_success
	assert_output "$seg"
	run --separate-stderr shmnew -s 8k 4660
	assert_success
	assert_output "$seg"
}

@test "shmnew -x on an existing key exits 73" {
	seg=$(newseg 0x1234)
	run --separate-stderr shmnew -x 0x1234
	assert_failure 73
	assert_output ""
	assert_equal "$stderr" "shmnew: 0x1234: a segment with this key exists"
	run --separate-stderr shmnew -x 0x1235
	assert_success
	track "shm:$output"
	[ "$output" != "$seg" ]
}

@test "shmnew reopening a segment smaller than -s exits 65 with both sizes" {
	newseg -s 4096 0x1234 >/dev/null
	run --separate-stderr shmnew -s 8192 0x1234
	assert_failure 65
	assert_output ""
	assert_equal "$stderr" "shmnew: 0x1234: the segment exists with 4096 bytes, smaller than -s 8192"
}

@test "shmnew KEY without -s opens a smaller segment: the default size is for creating" {
	# A C program's 64-byte struct, made by a peer.
	/usr/bin/python3 -c 'import sysv_ipc
sysv_ipc.SharedMemory(0x1236, sysv_ipc.IPC_CREX, size=64)'
	shm_track_key 0x00001236
	run --separate-stderr shmnew 0x1236
	assert_success
	assert_output --regexp '^id:[0-9]+$'
	assert_equal "$(shm_size "$output")" 64
	f=$BATS_TEST_TMPDIR/app.lock
	: >"$f"
	seg=$(newseg -s 64 "$f:9")
	run --separate-stderr shmnew "$f:9"
	assert_success
	assert_output "$seg"
}

@test "shmnew -s above an existing segment as nobody: permission is the reason, 77" {
	require_root
	newseg -s 64 0x1237 >/dev/null
	run --separate-stderr as_nobody shmnew -s 4096 0x1237
	assert_failure 77
	assert_equal "$stderr" "shmnew: 0x1237: Permission denied"
}

@test "shmnew -s past what tmpfs holds names that limit, not kernel.shmmax" {
	run --separate-stderr shmnew -s 9223372036854775808
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "shmnew: -s 9223372036854775808: more than a segment can hold (its memory is a tmpfs file of at most 9223372036854775807 bytes)"
}

@test "shmnew whose id cannot be written removes the new segment and exits 74" {
	run --separate-stderr sh -c 'shmnew >/dev/full'
	assert_failure 74
	[[ $stderr == "shmnew: standard output: id:"*" could not be written, so the new segment was removed: No space left on device" ]] || fail "$stderr"
	run --separate-stderr sh -c 'shmnew >&-'
	assert_failure 74
	[[ $stderr == *"so the new segment was removed: Bad file descriptor" ]] || fail "$stderr"
	run sh -c '(sleep 0.3; exec shmnew) | true'
	[ "$(tail -n +2 /proc/sysvipc/shm | wc -l)" -eq 0 ] || fail "$(cat /proc/sysvipc/shm)"
	# An existing segment is opened, not made: it stays.
	seg=$(newseg 0x1238)
	run --separate-stderr sh -c 'shmnew 0x1238 >/dev/full'
	assert_failure 74
	assert_equal "$stderr" "shmnew: standard output: id:${seg#id:} could not be written: No space left on device"
	run shmls -H "$seg"
	assert_success
}

@test "shmnew -s takes k, m, g and t suffixes" {
	seg=$(newseg -s 3k)
	assert_equal "$(shm_size "$seg")" 3072
	seg=$(newseg -s 1m)
	assert_equal "$(shm_size "$seg")" 1048576
	seg=$(newseg -s 1)
	assert_equal "$(shm_size "$seg")" 1
}

@test "shmnew -s refuses bad sizes with 64" {
	for v in "${SHM_BAD_SIZES[@]}"; do
		run --separate-stderr shmnew -s "$v"
		assert_failure 64
		assert_output ""
		assert_equal "${stderr%%:*}" "shmnew"
		[[ $stderr == "shmnew: -s '$v': "* ]] || fail "-s '$v': $stderr"
	done
	run --separate-stderr shmnew -s 0
	assert_failure 64
	assert_equal "$stderr" "shmnew: -s '0': a segment has at least 1 byte"
}

@test "shmnew -s above kernel.shmmax exits 64 naming the limit" {
	require_root
	run --separate-stderr unshare --ipc sh -c \
	    'echo 65536 >/proc/sys/kernel/shmmax && shmnew -s 64k && shmnew -s 65537'
	assert_failure 64
	assert_output --regexp '^id:[0-9]+$'
	assert_equal "$stderr" "shmnew: -s '65537': more than the system's limit (kernel.shmmax 65536)"
}

@test "shmnew exits 71 naming the limits when kernel.shmmni is reached" {
	require_root
	run --separate-stderr unshare --ipc sh -c \
	    'echo 1 >/proc/sys/kernel/shmmni && shmnew && shmnew'
	assert_failure 71
	assert_output --regexp '^id:[0-9]+$'
	assert_equal "$stderr" "shmnew: a private segment: the system's limit on segments (kernel.shmmni 1) or on all shared memory (kernel.shmall $(cat /proc/sys/kernel/shmall) pages) is reached"
}

@test "shmnew -s past memory (not shmmax, not shmall) exits 71 naming size and limit" {
	local kb over
	over=$(cat /proc/sys/vm/overcommit_memory)
	[ "$over" != 1 ] || skip "vm.overcommit_memory 1 commits any size"
	# Four times memory and swap: more than any heuristic commits.
	kb=$(awk '/^(MemTotal|SwapTotal):/ { n += $2 } END { print n * 4 }' /proc/meminfo)
	run --separate-stderr shmnew -s "${kb}k"
	assert_failure 71
	assert_output ""
	assert_equal "$stderr" "shmnew: a private segment: -s ${kb}k ($((kb * 1024)) bytes) is more memory than the system will commit (vm.overcommit_memory $over)"
}

@test "shmnew -m refuses bad modes with 64" {
	for v in '' 8 0800 01000 x -1 0x1ff 18446744073709551615; do
		run --separate-stderr shmnew -m "$v"
		assert_failure 64
		assert_output ""
		[[ $stderr == "shmnew: -m '$v': "* ]] || fail "-m '$v': $stderr"
	done
}

@test "shmnew refuses bad objects with 64, quoting them" {
	for v in "${SHM_BAD_OBJECTS[@]}"; do
		run --separate-stderr shmnew "$v"
		assert_failure 64
		assert_output ""
		[[ $stderr == "shmnew: '$v': "* ]] || fail "'$v': $stderr"
	done
}

@test "shmnew id:N opens the segment, as mqnew does; -x and a stale id refuse" {
	seg=$(newseg -s 64)
	run --separate-stderr shmnew "$seg"
	assert_success
	assert_output "$seg"
	run --separate-stderr shmnew -x "$seg"
	assert_failure 73
	assert_equal "$stderr" "shmnew: $seg: a segment with this id exists"
	run --separate-stderr shmnew -s 128 "$seg"
	assert_failure 65
	assert_equal "$stderr" "shmnew: $seg: the segment exists with 64 bytes, smaller than -s 128"
	ipcrm -m "${seg#id:}"
	run --separate-stderr shmnew "$seg"
	assert_failure 66
	assert_equal "$stderr" "shmnew: $seg: no such segment"
}

@test "shmnew PATH:PROJ makes the key ftok(3) makes, as the C peer and python see it" {
	f=$BATS_TEST_TMPDIR/app.lock
	: >"$f"
	want=$(textbook_shm ftok "$f" 7)
	py=$(/usr/bin/python3 -c 'import sys, sysv_ipc
print("0x%08x" % (sysv_ipc.ftok(sys.argv[1], 7, True) & 0xffffffff))' "$f")
	assert_equal "$py" "$want"
	seg=$(newseg "$f:7")
	run shmls -H "$seg"
	assert_output --regexp "^$want +${seg#id:} "
	# The same key by its value; PROJ by default 1, or one character.
	run --separate-stderr shmnew "$want"
	assert_output "$seg"
	seg1=$(newseg "$f")
	assert_equal "$(shmls -H "$seg1" | awk '{ print $1 }')" \
	    "$(textbook_shm ftok "$f" 1)"
	seg2=$(newseg "$f:q")
	assert_equal "$(shmls -H "$seg2" | awk '{ print $1 }')" \
	    "$(textbook_shm ftok "$f" 113)"
}

@test "shmnew PATH of a missing file exits 66" {
	run --separate-stderr shmnew "$BATS_TEST_TMPDIR/nope:3"
	assert_failure 66
	assert_output ""
	assert_equal "$stderr" "shmnew: $BATS_TEST_TMPDIR/nope:3: cannot make a key: No such file or directory"
}

@test "shmnew as nobody on root's 0600 segment exits 77" {
	require_root
	newseg 0x1234 >/dev/null
	run --separate-stderr as_nobody shmnew 0x1234
	assert_failure 77
	assert_output ""
	assert_equal "$stderr" "shmnew: 0x1234: Permission denied"
}

@test "shmnew -h, -V, a bad option and extra operands" {
	run --separate-stderr synopsis shmnew
	assert_success
	assert_output "usage: shmnew [-hVx] [-m mode] [-s size] [object]"
	assert_equal "$stderr" ""
	run --separate-stderr shmnew -V
	assert_success
	assert_output --regexp '^shmnew \(ipctools\) [0-9]+\.[0-9]+\.[0-9]+$'
	run --separate-stderr shmnew -q
	assert_failure 64
	assert_output ""
	assert_equal "${stderr#*shmnew: }" "invalid option -- 'q'
usage: shmnew [-hVx] [-m mode] [-s size] [object]"
	run --separate-stderr shmnew 0x1 0x2
	assert_failure 64
	assert_equal "$stderr" "shmnew: one object at most; '0x2' is one too many"
}

@test "bash completion of shmnew offers options, modes and live keys" {
	newseg 0x00abcdef >/dev/null
	run shm_complete shmnew -
	assert_output "$(printf '%s\n' -h -m -s -V -x)"
	run shm_complete shmnew -m 06
	assert_output "$(printf '%s\n' 0600 0640 0644 0660 0666)"
	run shm_complete shmnew 0x00ab
	assert_output 0x00abcdef
}
