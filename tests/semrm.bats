#!/usr/bin/env bats
# semrm: remove sets by operand, or the caller's idle ones with -a, which
# -d, -i and -r narrow and -f widens to sets waited on.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load sem
load rm

teardown() {
	kill_alive
	bg_cleanup
	sem_teardown
}

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
       semrm -a [-dfn] [-i age] [-r keys] [-u user]
       semrm -a -X [-fn] [-i age] [-p pid] [-u user] [posix:/pattern ...]"
	run --separate-stderr semrm -a id:1
	assert_failure 64
	assert_equal "${stderr%%$'\n'*}" "semrm: -a chooses the objects itself: it takes no operands (-a -X: name patterns)"
}

@test "semrm -d, -i and -r without -a, and bad values, exit 64 quoting them" {
	s=$(newsem)
	run --separate-stderr semrm -d "$s"
	assert_failure 64
	assert_equal "${stderr%%$'\n'*}" "semrm: -d, -i, -p, -r and -u choose among the objects of -a: give -a"
	for v in "${RM_BAD_AGES[@]}"; do
		run --separate-stderr semrm -a -i "$v"
		assert_failure 64
		assert_output ""
		[[ $stderr == "semrm: -i '$v': "* ]] || fail "-i '$v': $stderr"
	done
	for v in "${RM_BAD_KEYS[@]}"; do
		run --separate-stderr semrm -a -r "$v"
		assert_failure 64
		assert_output ""
		[[ $stderr == "semrm: -r '$v': "* ]] || fail "-r '$v': $stderr"
	done
	run ! gone "$s"
}

@test "semrm -a -d takes the stuck locks of crashed programs, not a live one's" {
	a=$(crashed sem 0x7400)
	b=$(crashed sem 0 kill)
	live=$(alive sem 0x7401)
	# The crashed program took the lock and never gave it back.
	assert_equal "$(semval "$a")" 0
	# semnew has exited and nobody operated on the set: counts as gone.
	unused=$(newsem)
	run --separate-stderr semrm -a -d -n
	assert_success
	assert_equal "$stderr" ""
	assert_output "$(printf '%s\n' "$a" "$b" "$unused")"
	run --separate-stderr semrm -a -d
	assert_success
	gone "$a"
	gone "$b"
	gone "$unused"
	run ! gone "$live"
	kill_alive
	run --separate-stderr semrm -a -d -n
	assert_output "$live"
}

@test "semrm -a -d takes a zombie's stuck lock: a process in state Z has ended" {
	zombie sem 0x7402
	live=$(alive sem 0x7403)
	assert_equal "$(awk '{ print $3 }' "/proc/$ZOMBIE/stat")" Z
	run --separate-stderr semrm -a -d -n
	assert_success
	assert_equal "$stderr" ""
	assert_output "$ZID"
	run --separate-stderr semrm -a -d
	assert_success
	assert_output ""
	gone "$ZID"
	run --separate-stderr semls -H -o id "$live"
	assert_output --regexp "^ *${live#id:}$"
	# It was a zombie still while semrm looked.
	assert_equal "$(awk '{ print $3 }' "/proc/$ZOMBIE/stat")" Z
}

@test "semrm -a -u USER: root takes another user's sets, not its own" {
	require_root
	mine=$(newsem)
	theirs=$(as_nobody semnew)
	track "sem:$theirs"
	run --separate-stderr semrm -a -u nobody -n
	assert_success
	assert_output "$theirs"
	run --separate-stderr semrm -a -u nobody
	assert_success
	gone "$theirs"
	run --separate-stderr semrm -a -n
	assert_output "$mine"
}

@test "semrm -a -f takes a set waited on; the waiter exits 66" {
	a=$(crashed sem 0x7410)
	semop "$a" -1 2>/dev/null &
	p=$!
	BG_PIDS+=("$p")
	sem_blocked "$p"
	run --separate-stderr semrm -a -d -n
	assert_output ""
	run --separate-stderr semrm -a -d -f -n
	assert_output "$a"
	run --separate-stderr semrm -a -d -f
	assert_success
	gone "$a"
	st=0
	wait "$p" || st=$?
	assert_equal "$st" 66
}

@test "semrm -a -i takes sets unused for that long; -r by keys" {
	f=$BATS_TEST_TMPDIR/app.lock
	: >"$f"
	a=$(crashed sem 0x7420)
	b=$(crashed sem "$f:q")
	run --separate-stderr semrm -a -n -i 10m
	assert_output ""
	run --separate-stderr aged +11m semrm -a -n -i 10m
	assert_success
	assert_output "$(printf '%s\n' "$a" "$b")"
	run --separate-stderr aged +11m semrm -a -n -i 12m
	assert_output ""
	run --separate-stderr semrm -a -n -r "$f:q"
	assert_output "$b"
	run --separate-stderr semrm -a -n -r 0x7000-0x7fff
	assert_output "$a"
	run --separate-stderr aged +1h semrm -a -i 1h -r "$f"
	assert_success
	gone "$b"
	run ! gone "$a"
}

@test "semrm -a -d as nobody leaves root's crashed sets alone" {
	require_root
	a=$(crashed sem 0x7430)
	run --separate-stderr as_nobody semrm -a -d
	assert_success
	assert_output ""
	run ! gone "$a"
}

@test "semrm -a -X -p PID: the POSIX semaphores that process holds open, kept as in use; -f removes exactly them" {
	semnew posix:/a >/dev/null
	semnew posix:/b >/dev/null
	semnew posix:/other >/dev/null
	px_hold /dev/shm/sem.a /dev/shm/sem.b
	p=$BG_PID
	px_hold /dev/shm/sem.other
	run --separate-stderr semrm -a -X -n -p "$p"
	assert_success
	assert_output ""
	assert_equal "$stderr" "semrm: kept 2 POSIX semaphores that process $p maps or holds open: in use (-f takes them)"
	run --separate-stderr semrm -a -X -f -n -p "$p"
	assert_success
	assert_output "posix:/a
posix:/b"
	assert_equal "$stderr" ""
	run --separate-stderr semrm -a -X -f -p "$p"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	run ls /dev/shm
	assert_output sem.other
	# No process holds a System V queue or set: -p needs -X.
	run --separate-stderr semrm -a -f -p "$p"
	assert_failure 64
	assert_equal "${stderr%%$'\n'*}" "semrm: -p: no process maps or holds a System V queue or semaphore set (-X: the POSIX ones)"
	semrm posix:/other
}

@test "semrm -h, and bash completion of its options" {
	run --separate-stderr synopsis semrm
	assert_success
	assert_output "usage: semrm [-fhnV] object ...
       semrm -a [-dfn] [-i age] [-r keys] [-u user]
       semrm -a -X [-fn] [-i age] [-p pid] [-u user] [posix:/pattern ...]"
	run sem_complete "semrm -"
	assert_output "$(printf '%s\n' -a -d -f -h -i -n -p -r -u -V -X)"
	run sem_complete "semrm -a -i "
	assert_output "$(printf '%s\n' 1h 1d 7d 30d)"
}
