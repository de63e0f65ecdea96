#!/usr/bin/env bats
# semop: ops on a set, alone or around a command held under SEM_UNDO.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load sem

@test "semop L -1 takes and semop L +1 gives, with no -- before -1" {
	L=$(newsem)
	run --separate-stderr semop "$L" -1
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	assert_equal "$(semval "$L")" 0
	run --separate-stderr semop "$L" +1
	assert_success
	assert_equal "$(semval "$L")" 1
	run --separate-stderr semop -n "$L" -1
	assert_success
	assert_equal "$(semval "$L")" 0
}

@test "all ops of a call apply together, or none does" {
	L=$(newsem -n 3 -v 0)
	semop "$L" 1:+2 2:+1
	assert_equal "$(semval "$L" 0) $(semval "$L" 1) $(semval "$L" 2)" "0 2 1"
	run --separate-stderr semop -n "$L" 1:-1 2:-1 0:-1
	assert_failure 75
	assert_equal "$(semval "$L" 1) $(semval "$L" 2)" "2 1"
	run --separate-stderr semop -n "$L" 1:-2 2:-1 0
	assert_success
	assert_equal "$(semval "$L" 0) $(semval "$L" 1) $(semval "$L" 2)" "0 0 0"
}

@test "0 waits until the semaphore is zero" {
	L=$(newsem -v 1)
	semop "$L" 0 &
	p=$!
	BG_PIDS+=("$p")
	sem_blocked "$p"
	semop "$L" -1
	wait "$p"
}

@test "-n exits 75 at once when it would wait" {
	L=$(newsem -v 0)
	read -r st ms < <(timed semop -n "$L" -1 2>"$BATS_TEST_TMPDIR/err")
	assert_equal "$st" 75
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" "semop: $L: would have to wait (-n)"
	((ms < 2000))
	assert_equal "$(semval "$L")" 0
}

@test "-w 0.5 waits about half a second, then exits 75" {
	L=$(newsem -v 0)
	read -r st ms < <(timed semop -w 0.5 "$L" -1 2>"$BATS_TEST_TMPDIR/err")
	assert_equal "$st" 75
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" "semop: $L: still waiting after -w 0.5 seconds"
	((ms >= 500 && ms < 5000))
}

@test "-w returns as soon as the op can apply" {
	L=$(newsem -v 0)
	semop -w 30 "$L" -1 &
	p=$!
	BG_PIDS+=("$p")
	sem_blocked "$p"
	semop "$L" +1
	wait "$p"
	assert_equal "$(semval "$L")" 0
}

@test "a set removed while semop waits: 66" {
	L=$(newsem -v 0)
	semop "$L" -1 2>"$BATS_TEST_TMPDIR/err" &
	p=$!
	BG_PIDS+=("$p")
	sem_blocked "$p"
	semrm "$L"
	st=0
	wait "$p" || st=$?
	assert_equal "$st" 66
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" "semop: $L: the semaphore set was removed while waiting"
}

@test "an INDEX past the set is 65, a DELTA past SEMVMX 64, a result past it 65" {
	L=$(newsem -n 2)
	run --separate-stderr semop "$L" 2:-1
	assert_failure 65
	assert_equal "$stderr" "semop: $L: '2:-1': index 2 is past the set, which has 2 semaphores (0 to 1)"
	run --separate-stderr semop "$L" +32768
	assert_failure 64
	assert_equal "$stderr" "semop: '+32768': more than SEMVMX (32767), the largest value a semaphore holds"
	run --separate-stderr semop "$L" 1:+32767
	assert_failure 65
	assert_equal "$stderr" "semop: $L: '1:+32767' would take semaphore 1 from 1 past SEMVMX (32767) (ERANGE)"
	assert_equal "$(semval "$L" 1)" 1
}

@test "more ops than SEMOPM: 64, naming the limit" {
	L=$(newsem)
	opm=$(awk '{ print $3 }' /proc/sys/kernel/sem)
	mapfile -t ops < <(yes +0 | head -n $((opm + 1)) | sed 's/+0/0/')
	run --separate-stderr semop "$L" "${ops[@]}"
	assert_failure 64
	assert_equal "$stderr" "semop: $((opm + 1)) ops: more than the system's SEMOPM ($opm ops a call)"
}

@test "no set: 66; no op, no command after --: 64" {
	run --separate-stderr semop id:999999 -1
	assert_failure 66
	assert_equal "$stderr" "semop: id:999999: no such semaphore set"
	L=$(newsem)
	run --separate-stderr semop "$L"
	assert_failure 64
	run --separate-stderr semop "$L" -- true
	assert_failure 64
	assert_equal "$stderr" "semop: $L: no op given: the ops go before --, as in semop $L -1 -- command"
	run --separate-stderr semop "$L" -1 --
	assert_failure 64
	assert_equal "$stderr" "semop: no command after --"
	assert_equal "$(semval "$L")" 1
}

@test "with a command: it runs holding the ops, and they come back after" {
	L=$(newsem -v 2)
	run --separate-stderr semop "$L" -2 -- textbook_sem get "$L" 0
	assert_success
	assert_output 0
	assert_equal "$stderr" ""
	assert_equal "$(semval "$L")" 2
}

@test "with a command: its exit status passes through and the lock comes back" {
	L=$(newsem)
	run --separate-stderr semop "$L" -1 -- sh -c 'echo out; echo err >&2; exit 3'
	assert_failure 3
	assert_output out
	assert_equal "$stderr" err
	assert_equal "$(semval "$L")" 1
}

@test "with a command that is not found (127) or cannot run (126)" {
	L=$(newsem)
	run -127 --separate-stderr semop "$L" -1 -- no-such-command-here
	assert_failure 127
	assert_equal "$stderr" "semop: no-such-command-here: No such file or directory"
	run -126 --separate-stderr semop "$L" -1 -- /etc/passwd
	assert_failure 126
	assert_equal "$stderr" "semop: /etc/passwd: Permission denied"
	assert_equal "$(semval "$L")" 1
}

@test "the command is not run through a shell" {
	L=$(newsem)
	run --separate-stderr semop "$L" -1 -- echo '$HOME' '*' ';'
	assert_success
	assert_output "\$HOME * ;"
}

@test "SIGKILL of semop L -1 -- sleep 60 leaves the lock at its old value" {
	L=$(newsem)
	semop "$L" -1 -- sleep 60 &
	p=$!
	BG_PIDS+=("$p")
	c=$(child_of "$p")
	assert_equal "$(semval "$L")" 0
	kill -KILL "$p"
	st=0
	wait "$p" || st=$?
	assert_equal "$st" 137
	assert_equal "$(semval "$L")" 1
	# The command, which would run on unprotected, is ended too.
	wait_until test ! -e "/proc/$c"
}

@test "SIGTERM of semop L -1 -- sleep 60 reaches sleep: 143, lock back" {
	L=$(newsem)
	semop "$L" -1 -- sleep 60 &
	p=$!
	BG_PIDS+=("$p")
	c=$(child_of "$p")
	wait_until grep -q '^Name:.*sleep' "/proc/$c/status"
	kill -TERM "$p"
	st=0
	wait "$p" || st=$?
	assert_equal "$st" 143
	assert_equal "$(semval "$L")" 1
}

@test "SIGINT and SIGHUP are passed on to the command too" {
	L=$(newsem)
	for sig in INT HUP; do
		# The command says it is ready once its trap is set.
		rm -f "$BATS_TEST_TMPDIR/ready"
		# A background job of a script starts with SIGINT ignored.
		env --default-signal=INT semop "$L" -1 -- bash -c "trap 'exit 9' $sig;
		    echo >$BATS_TEST_TMPDIR/ready; while :; do sleep 0.1; done" &
		p=$!
		BG_PIDS+=("$p")
		wait_file "$BATS_TEST_TMPDIR/ready"
		kill "-$sig" "$p"
		st=0
		wait "$p" || st=$?
		assert_equal "$st" 9
		assert_equal "$(semval "$L")" 1
	done
}

@test "a signal ignored when semop starts stays ignored, for the command too" {
	L=$(newsem)
	rm -f "$BATS_TEST_TMPDIR/ready"
	nohup semop "$L" -1 -- bash -c "echo >$BATS_TEST_TMPDIR/ready;
	    while [ ! -e $BATS_TEST_TMPDIR/stop ]; do sleep 0.1; done; exit 4" \
	    >/dev/null 2>&1 &
	p=$!
	BG_PIDS+=("$p")
	wait_file "$BATS_TEST_TMPDIR/ready"
	kill -HUP "$p"
	kill -HUP "$(pgrep -P "$p")"
	touch "$BATS_TEST_TMPDIR/stop"
	st=0
	wait "$p" || st=$?
	assert_equal "$st" 4
}

@test "without a command the ops stay when semop ends; with one they do not" {
	L=$(newsem -v 3)
	semop "$L" -1
	semop "$L" -1 -- true
	assert_equal "$(semval "$L")" 2
}

@test "interop: the textbook C peer and semop wait on and release one set" {
	L=$(newsem -v 0 0x5e2)
	textbook_sem p 0x5e2 &
	p=$!
	BG_PIDS+=("$p")
	sem_blocked "$p"
	semop "$L" +1
	wait "$p"
	semop "$L" -1 &
	p=$!
	BG_PIDS+=("$p")
	sem_blocked "$p"
	textbook_sem v 0x5e2
	wait "$p"
	assert_equal "$(semval "$L")" 0
}

@test "interop: python3-sysv-ipc's Semaphore and semop wait on and release one set" {
	"$SEM_PY" -c 'import sysv_ipc' 2>/dev/null || skip "no python3-sysv-ipc"
	L=$(newsem -v 0 0x5e3)
	"$SEM_PY" -c 'import sysv_ipc; sysv_ipc.Semaphore(0x5e3).acquire()' &
	p=$!
	BG_PIDS+=("$p")
	sem_blocked "$p"
	semop "$L" +1
	wait "$p"
	semop "$L" -1 &
	p=$!
	BG_PIDS+=("$p")
	sem_blocked "$p"
	"$SEM_PY" -c 'import sysv_ipc; sysv_ipc.Semaphore(0x5e3).release()'
	wait "$p"
	run "$SEM_PY" -c 'import sysv_ipc; print(sysv_ipc.Semaphore(0x5e3).value)'
	assert_output 0
}

@test "permission: nobody gets 77 on a 0600 set, may use a 0666 one" {
	require_root
	L=$(newsem)
	run --separate-stderr as_nobody semop "$L" -1
	assert_failure 77
	assert_equal "$stderr" "semop: $L: Permission denied"
	assert_equal "$(semval "$L")" 1
	L=$(newsem -m 666)
	run --separate-stderr as_nobody semop "$L" -1 -- true
	assert_success
	assert_equal "$(semval "$L")" 1
}

@test "semop -h and -V" {
	run --separate-stderr synopsis semop
	assert_success
	assert_output "usage: semop [-hnV] [-w seconds] object op ... [-- command [arg ...]]"
	run --separate-stderr semop -V
	assert_success
	assert_output --regexp '^semop \(ipctools\) '
}
