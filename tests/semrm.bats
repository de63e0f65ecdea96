#!/usr/bin/env bats
# semrm: remove sets by operand, or the caller's idle ones with -a.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load sem

gone() {
	! awk -v id="${1#id:}" 'NR > 1 && $2 == id { f = 1 } END { exit !f }' \
	    /proc/sysvipc/sem
}

@test "semrm id:N removes a set ipcmk -S 3 made" {
	run ipcmk -S 3
	assert_success
	t=id:${output##* }
	track "sem:$t"
	run --separate-stderr semrm "$t"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	gone "$t"
	run --separate-stderr semrm "$t"
	assert_failure 66
	assert_equal "$stderr" "semrm: $t: no such semaphore set"
	run --separate-stderr semrm -f "$t"
	assert_success
	assert_equal "$stderr" ""
}

@test "semrm KEY, and every operand tried: the first failure's status" {
	s=$(newsem 0x5e5)
	t=$(newsem)
	run --separate-stderr semrm 0x5e6 0x5e5 "$t"
	assert_failure 66
	assert_equal "$stderr" "semrm: 0x5e6: no such semaphore set"
	gone "$s"
	gone "$t"
}

@test "semrm wakes a waiting semop, which exits 66" {
	s=$(newsem -v 0)
	semop "$s" -1 2>/dev/null &
	p=$!
	BG_PIDS+=("$p")
	sem_blocked "$p"
	semrm "$s"
	st=0
	wait "$p" || st=$?
	assert_equal "$st" 66
}

@test "semrm -a takes the caller's sets no process waits on; -n only names them" {
	idle=$(newsem -v 0)
	busy=$(newsem -v 0)
	zero=$(newsem -v 1)
	semop "$busy" -1 &
	BG_PIDS+=("$!")
	sem_blocked "$!"
	semop "$zero" 0 &
	BG_PIDS+=("$!")
	sem_blocked "$!"
	run --separate-stderr semrm -a -n
	assert_success
	assert_output "$idle"
	run --separate-stderr semrm -a
	assert_success
	assert_output ""
	gone "$idle"
	run ! gone "$busy"
	run ! gone "$zero"
}

@test "semrm: nobody may not remove root's set (77)" {
	require_root
	s=$(newsem -m 666)
	run --separate-stderr as_nobody semrm "$s"
	assert_failure 77
	[[ $stderr == "semrm: $s: "* ]]
	run ! gone "$s"
	run --separate-stderr as_nobody semrm -a
	assert_success
	run ! gone "$s"
}

@test "semrm without operands or with -a and operands is a usage error" {
	run --separate-stderr semrm
	assert_failure 64
	assert_equal "$stderr" "semrm: no object to remove (-a: the caller's idle ones)
usage: semrm [-fhnV] object ...
       semrm -a [-n]"
	run --separate-stderr semrm -a id:1
	assert_failure 64
	assert_equal "${stderr%%$'\n'*}" "semrm: -a chooses the objects itself: it takes no operands"
}
