#!/usr/bin/env bats
# semnew: create or open a semaphore set, print id:N.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load sem

@test "semnew makes a private 0600 set of one free lock that lsipc and ipcs see" {
	run --separate-stderr semnew
	assert_success
	assert_output --regexp '^id:[0-9]+$'
	assert_equal "$stderr" ""
	track "sem:$output"
	id=${output#id:}
	assert_equal "$(semval "$output")" 1
	run lsipc -s -b -r --noheadings -o ID,PERMS,NSEMS
	assert_line "$id rw------- 1"
	run ipcs -s
	assert_line --regexp "^0x00000000 +$id +root +600 +1 *$"
}

@test "semnew -n -v -m: that many semaphores, each at value, with the mode" {
	run --separate-stderr semnew -n 3 -v 5 -m 640
	assert_success
	s=$output
	track "sem:$s"
	assert_equal "$(semval "$s" 0) $(semval "$s" 1) $(semval "$s" 2)" "5 5 5"
	run lsipc -s -b -r --noheadings -o ID,PERMS,NSEMS
	assert_line "${s#id:} rw-r----- 3"
	s=$(newsem -v 0)
	assert_equal "$(semval "$s")" 0
	s=$(newsem -v 32767)
	assert_equal "$(semval "$s")" 32767
}

@test "semnew KEY makes the set once and opens it after, keeping its values" {
	run --separate-stderr semnew -v 2 0x5e1
	assert_success
	s=$output
	track "sem:$s"
	assert_equal "$(semkey "$s")" 0x000005e1
	semop "$s" -2
	run --separate-stderr semnew -v 2 1505
	assert_success
	assert_output "$s"
	assert_equal "$stderr" ""
	assert_equal "$(semval "$s")" 0
	run --separate-stderr semnew "$s"
	assert_success
	assert_output "$s"
}

@test "semnew -x on an existing key or id exits 73" {
	s=$(newsem 0x5e1)
	run --separate-stderr semnew -x 0x5e1
	assert_failure 73
	assert_output ""
	assert_equal "$stderr" "semnew: 0x5e1: a semaphore set with this key exists"
	run --separate-stderr semnew -x "$s"
	assert_failure 73
	assert_equal "$stderr" "semnew: $s: a semaphore set with this id exists"
}

@test "semnew -n on an existing set must agree with its size (65)" {
	s=$(newsem -n 2 0x5e1)
	run --separate-stderr semnew -n 2 0x5e1
	assert_success
	assert_output "$s"
	run --separate-stderr semnew -n 3 0x5e1
	assert_failure 65
	assert_output ""
	assert_equal "$stderr" "semnew: 0x5e1: the set exists with 2 semaphores, not -n 3"
}

@test "semnew names SEMVMX and SEMMSL with their values (64)" {
	run --separate-stderr semnew -v 32768
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "semnew: -v '32768': more than SEMVMX (32767), the largest value a semaphore holds"
	msl=$(awk '{ print $1 }' /proc/sys/kernel/sem)
	run --separate-stderr semnew -n $((msl + 1))
	assert_failure 64
	assert_equal "$stderr" "semnew: -n '$((msl + 1))': more than the system's SEMMSL ($msl semaphores a set)"
	run --separate-stderr semnew -n 0
	assert_failure 64
	[[ $stderr == "semnew: -n '0': "* ]]
}

@test "a full system: SEMMNI and SEMMNS named with their values (71)" {
	read -r msl mns opm mni </proc/sys/kernel/sem
	n=$(($(wc -l </proc/sysvipc/sem) - 1))
	sem_limits "$msl" "$mns" "$opm" $((n + 1))
	newsem >/dev/null
	run --separate-stderr semnew
	assert_failure 71
	assert_output ""
	assert_equal "$stderr" "semnew: a private set: the system's limit on sets (SEMMNI $((n + 1))) or on all semaphores (SEMMNS $mns) is reached"
	sem_limits "$msl" 4 "$opm" "$mni"
	run --separate-stderr semnew -n 4
	assert_failure 71
	[[ $stderr == *"(SEMMNS 4) is reached" ]]
}

@test "semnew id:N of no set exits 66; a second operand is a usage error" {
	run --separate-stderr semnew id:999999
	assert_failure 66
	assert_equal "$stderr" "semnew: id:999999: no such semaphore set"
	run --separate-stderr semnew 0x1 0x2
	assert_failure 64
	assert_equal "$stderr" "semnew: one object at most; '0x2' is one too many"
}

@test "semnew -h and -V" {
	run --separate-stderr synopsis semnew
	assert_success
	assert_output "usage: semnew [-hVx] [-m mode] [-n nsems] [-v value] [object]"
	run --separate-stderr semnew -V
	assert_success
	assert_output --regexp '^semnew \(ipctools\) '
}

@test "a creator who is not root: -m without owner write (444, 400, 000) sets the values first, then the mode" {
	require_root
	for m in 444 400 000 640; do
		run --separate-stderr as_nobody semnew -n 3 -v 5 -m "$m"
		assert_success
		assert_equal "$stderr" ""
		s=$output
		track "sem:$s"
		assert_equal "$(semval "$s" 0) $(semval "$s" 2)" "5 5"
		run awk -v id="${s#id:}" 'NR > 1 && $2 == id { print $3, $5 }' \
		    /proc/sysvipc/sem
		assert_output "$(printf %o $((8#$m))) $(id -u nobody)"
	done
	# A key: made 0444 once, opened (read permission) after.
	run --separate-stderr as_nobody semnew -m 444 -v 2 0x5e44
	assert_success
	s=$output
	track "sem:$s"
	run --separate-stderr as_nobody semnew -m 444 0x5e44
	assert_success
	assert_output "$s"
	assert_equal "$(semval "$s")" 2
	# What ipcmk does with the same mode.
	run as_nobody ipcmk -S 2 -p 444
	assert_success
	track "sem:id:${output##*: }"
}
