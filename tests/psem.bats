#!/usr/bin/env bats
# POSIX semaphores (posix:/NAME) through the sem* commands: semnew,
# semop's -1 and +1 (with -n, -w and a command), semls -X and semrm;
# the textbook C peer (tests/fixtures/textbook_psem.c) on the other end;
# /dev/shm/sem.NAME (this file's own tmpfs, see scripts/runtests) as the
# kernel's word.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper

setup() {
	[ "${IPCTOOLS_MNTNS-}" = 1 ] || skip "no /dev/shm of our own"
}

teardown() {
	bg_cleanup
	rm -f /dev/shm/* 2>/dev/null || true
	return 0
}

val() {
	semls -X -H -o value "posix:/$1" | tr -d ' '
}

# waiting NAME: a process waits on the semaphore (its nproc counts semop).
waiting() {
	[ "$(semls -X -H -o nproc "posix:/$1" | tr -d ' ')" -ge "$2" ]
}

@test "semnew -v posix:/NAME makes /dev/shm/sem.NAME 0600 with that value and prints posix:/NAME; posix:NAME is the same" {
	run --separate-stderr semnew -v 3 posix:lock
	assert_success
	assert_output posix:/lock
	assert_equal "$stderr" ""
	run stat -c '%a %U' /dev/shm/sem.lock
	assert_output "600 root"
	assert_equal "$(val lock)" 3
	run --separate-stderr semnew -v 0 posix:/lock
	assert_success
	assert_equal "$(val lock)" 3
	run --separate-stderr semnew -x posix:/lock
	assert_failure 73
	assert_output ""
	assert_equal "$stderr" "semnew: posix:/lock: a POSIX semaphore with this name exists"
	run semnew posix:/free
	assert_equal "$(val free)" 1
}

@test "-m sets the mode exactly, under umask 000 and umask 077" {
	run bash -c 'umask 000; semnew -m 0640 posix:/a && umask 077 && semnew -m 0666 posix:/b'
	assert_success
	run stat -c %a /dev/shm/sem.a /dev/shm/sem.b
	assert_output $'640\n666'
}

@test "a creator who is not root: -m without owner write (444, 000) still gets its value" {
	require_root
	for m in 444 000; do
		run --separate-stderr as_nobody semnew -m "$m" -v 3 "posix:/ro$m"
		assert_success
		assert_output "posix:/ro$m"
		assert_equal "$stderr" ""
		run stat -c '%a %U' "/dev/shm/sem.ro$m"
		assert_output "$(printf %o $((8#$m))) nobody"
		assert_equal "$(val "ro$m")" 3
	done
}

@test "semnew's bad forms for a POSIX semaphore: -n other than 1, -v past SEM_VALUE_MAX, negative, empty; nothing made" {
	run --separate-stderr semnew -n 2 posix:/s
	assert_failure 64
	assert_equal "$stderr" "semnew: posix:/s: a POSIX semaphore is one semaphore; -n 2 does not apply"
	run --separate-stderr semnew -n 1 -v 2147483647 posix:/max
	assert_success
	assert_equal "$(val max)" 2147483647
	rm /dev/shm/sem.max
	local v
	for v in 2147483648 -1 '' 1k 99999999999999999999; do
		run --separate-stderr semnew -v "$v" posix:/s
		assert_failure 64
		[ -n "$stderr" ]
	done
	run --separate-stderr semnew -v 40000 id:0
	assert_failure 64
	assert_equal "$stderr" "semnew: -v '40000': more than SEMVMX (32767), the largest value a semaphore holds"
	run ls -A /dev/shm
	assert_output ""
}

@test "semop -1 takes and +1 gives; -n is 75 when it would wait; -w gives up with 75" {
	semnew -v 1 posix:/l >/dev/null
	run --separate-stderr semop posix:/l -1
	assert_success
	assert_output ""
	assert_equal "$(val l)" 0
	run --separate-stderr semop -n posix:/l -1
	assert_failure 75
	assert_equal "$stderr" "semop: posix:/l: would have to wait (-n)"
	run --separate-stderr semop -w 0.2 posix:/l -1
	assert_failure 75
	assert_equal "$stderr" "semop: posix:/l: still waiting after -w 0.2 seconds"
	run --separate-stderr semop posix:/l 0:+1
	assert_success
	assert_equal "$(val l)" 1
	run --separate-stderr semop -n posix:/l -1
	assert_success
}

@test "a waiting semop -1 goes on when the C program posts, and a C sem_wait goes on when semop gives" {
	need textbook_psem
	semnew -v 0 posix:/ping >/dev/null
	semop posix:/ping -1 &
	BG_PIDS+=($!)
	wait_until waiting ping 1
	textbook_psem post /ping
	wait "$!"
	assert_equal "$(val ping)" 0
	textbook_psem wait /ping >"$BATS_TEST_TMPDIR/took" &
	BG_PIDS+=($!)
	wait_until waiting ping 1
	semop posix:/ping +1
	wait "$!"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/took")" took
	run textbook_psem value /ping
	assert_output 0
}

@test "semop -1 -- command holds the step while the command runs, gives it back after, and exits with its status" {
	semnew posix:/m >/dev/null
	run --separate-stderr semop posix:/m -1 -- sh -c 'semls -X -H -o value posix:/m; exit 7'
	assert_failure 7
	assert_equal "$(echo $output)" 0
	assert_equal "$(val m)" 1
	run -127 --separate-stderr semop posix:/m -1 -- /nonexistent/cmd
	assert_equal "$(val m)" 1
}

@test "semop -1 -- command against the C program: a critical section 4 x 500 times loses no count" {
	need textbook_psem
	semnew -v 1 posix:/cs >/dev/null
	echo 0 >"$BATS_TEST_TMPDIR/n"
	textbook_psem count /cs "$BATS_TEST_TMPDIR/n" 500 &
	BG_PIDS+=($!)
	textbook_psem count /cs "$BATS_TEST_TMPDIR/n" 500 &
	BG_PIDS+=($!)
	for _ in $(seq 200); do
		semop posix:/cs -1 -- sh -c 'read -r v <"$1"; echo $((v + 1)) >"$1"' sh "$BATS_TEST_TMPDIR/n"
	done &
	BG_PIDS+=($!)
	wait
	assert_equal "$(cat "$BATS_TEST_TMPDIR/n")" 1200
	assert_equal "$(val cs)" 1
}

@test "SIGTERM to semop holding a step: the command gets it, the step is given back, semop exits as the command did" {
	semnew posix:/sig >/dev/null
	semop posix:/sig -1 -- sleep 30 &
	p=$!
	BG_PIDS+=("$p")
	wait_until waiting sig 1
	assert_equal "$(val sig)" 0
	c=$(pgrep -P "$p" -x sleep)
	[ -n "$c" ]
	kill -TERM "$p"
	st=0
	wait "$p" || st=$?
	assert_equal "$st" 143
	assert_equal "$(val sig)" 1
	run kill -0 "$c"
	assert_failure
}

@test "a signal while semop waits ends it with nothing taken; SIGSTOP and SIGCONT do not" {
	semnew -v 0 posix:/w >/dev/null
	semop posix:/w -1 &
	p=$!
	BG_PIDS+=("$p")
	wait_until waiting w 1
	kill -STOP "$p"
	kill -CONT "$p"
	semop posix:/w +1
	wait "$p"
	semop posix:/w -1 -- true &
	p=$!
	BG_PIDS+=("$p")
	wait_until waiting w 1
	kill -HUP "$p"
	st=0
	wait "$p" || st=$?
	assert_equal "$st" 129
	assert_equal "$(val w)" 0
}

@test "a semaphore removed while semop waits is 66" {
	semnew -v 0 posix:/gone >/dev/null
	semop posix:/gone -1 2>"$BATS_TEST_TMPDIR/err" &
	p=$!
	BG_PIDS+=("$p")
	wait_until waiting gone 1
	semrm posix:/gone
	st=0
	wait "$p" || st=$?
	assert_equal "$st" 66
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" "semop: posix:/gone: the semaphore was removed while waiting"
}

@test "+1 past SEM_VALUE_MAX is 65 naming the limit" {
	semnew -v 2147483647 posix:/top >/dev/null
	run --separate-stderr semop posix:/top +1
	assert_failure 65
	assert_equal "$stderr" "semop: posix:/top: +1 would take it past SEM_VALUE_MAX (2147483647) (EOVERFLOW)"
}

@test "semop's bad forms for a POSIX semaphore: steps other than one, an index, two ops, +1 with a command, missing, not a semaphore" {
	semnew posix:/b >/dev/null
	run --separate-stderr semop posix:/b -2
	assert_failure 64
	assert_equal "$stderr" "semop: posix:/b: '-2': a POSIX semaphore steps by one: -1 (sem_wait) or +1 (sem_post)"
	run --separate-stderr semop posix:/b 0
	assert_failure 64
	run --separate-stderr semop posix:/b 1:-1
	assert_failure 64
	assert_equal "$stderr" "semop: posix:/b: '1:-1': a POSIX semaphore is one semaphore, index 0"
	run --separate-stderr semop posix:/b -1 +1
	assert_failure 64
	assert_equal "$stderr" "semop: posix:/b: a POSIX semaphore takes one op, -1 or +1; 2 were given"
	run --separate-stderr semop posix:/b +1 -- true
	assert_failure 64
	assert_equal "$stderr" "semop: posix:/b: +1 with a command: a POSIX semaphore cannot take a step back without waiting; hold -1"
	run --separate-stderr semop posix:/none -1
	assert_failure 66
	assert_equal "$stderr" "semop: posix:/none: no such POSIX semaphore"
	: >/dev/shm/sem.empty
	run --separate-stderr semop posix:/empty -1
	assert_failure 65
	assert_equal "$stderr" "semop: posix:/empty: /dev/shm/sem.empty is 0 bytes, too small for a semaphore"
	run --separate-stderr semls -X -H -o name,value posix:/empty
	assert_success
	assert_output "$(printf '%-12s %5s' posix:/empty -)"
	assert_equal "$(val b)" 1
}

@test "names at the edges: 251 bytes (sem. takes 4 of NAME_MAX) is a name, 252 is not; '/' inside, empty, .. are 64" {
	local n251 n252
	n251=$(printf 's%.0s' {1..251})
	n252=${n251}s
	run --separate-stderr semnew "posix:/$n251"
	assert_success
	[ -e "/dev/shm/sem.$n251" ]
	run --separate-stderr semnew "posix:/$n252"
	assert_failure 64
	assert_equal "$stderr" "semnew: 'posix:/$n252': a POSIX semaphore's name is at most 251 bytes (its file is /dev/shm/sem.NAME, and a file name NAME_MAX 255)"
	run --separate-stderr semop "posix:/$n252" -1
	assert_failure 64
	for n in posix:/a/b posix:/ posix:/.. "posix:/$(printf 'caf\303\251')"; do
		run --separate-stderr semnew "$n"
		assert_failure 64
	done
	run ls /dev/shm
	assert_output "sem.$n251"
}

@test "semls -X lists semaphores only (not segments), with what ls -l and the C program say" {
	need textbook_psem
	textbook_psem post /c
	textbook_psem post /c
	shmnew -s 1 posix:/seg >/dev/null
	chmod 0640 /dev/shm/sem.c
	run --separate-stderr semls -X -H -o name,mode,owner,value
	assert_success
	assert_output "$(printf '%-8s %4s %-5s %5s' posix:/c 0640 root 2)"
	run --separate-stderr semls -X -j
	assert_output --partial '"name": "posix:/c", "mode": 416, "perms": "0640",'
	assert_output --partial '"value": 2, "nproc": 0, "pids": []}'
	run --separate-stderr shmls -X -H -o name
	assert_output posix:/seg
	run --separate-stderr semls -X posix:/seg
	assert_failure 66
}

@test "semrm -a -X in a PID namespace of its own keeps the semaphores it cannot know are unused, and says why" {
	require_root
	unshare --pid --fork --mount-proc true 2>/dev/null ||
	    skip "no pid namespace here"
	semnew posix:/held >/dev/null
	bg_start sleep 60 </dev/shm/sem.held
	run --separate-stderr unshare --pid --fork --mount-proc semrm -a -X
	assert_failure 69
	assert_equal "$stderr" "semrm: kept 1 POSIX semaphore whose users cannot be known: this process runs in a PID namespace of its own: /proc does not show the processes outside it (-f takes them)"
	[ -e /dev/shm/sem.held ]
	run --separate-stderr unshare --pid --fork --mount-proc semls -X -j
	assert_equal "$(jq -c '.[0] | [.nproc, .pids]' <<<"$output")" '[null,null]'
	run --separate-stderr semls -X -j
	assert_equal "$(jq -c '.[0] | [.nproc, .pids]' <<<"$output")" "[1,[$BG_PID]]"
}

@test "semrm posix:/NAME unlinks; -f is quiet about a missing one; -a -X takes the caller's unused ones" {
	semnew posix:/a >/dev/null
	semnew posix:/b >/dev/null
	semnew -v 0 posix:/busy >/dev/null
	semop posix:/busy -1 &
	BG_PIDS+=($!)
	wait_until waiting busy 1
	run --separate-stderr semrm posix:/a
	assert_success
	[ ! -e /dev/shm/sem.a ]
	run --separate-stderr semrm posix:/a
	assert_failure 66
	assert_equal "$stderr" "semrm: posix:/a: no such POSIX semaphore"
	run semrm -f posix:/a
	assert_success
	run --separate-stderr semrm -a -X -n
	assert_output posix:/b
	run --separate-stderr semrm -a -X
	assert_success
	run ls /dev/shm
	assert_output sem.busy
}

@test "permission: nobody gets 77 from semop and semrm on root's 0600 semaphore, and may use a 0666 one" {
	require_root
	semnew posix:/priv >/dev/null
	run --separate-stderr as_nobody semop posix:/priv -1
	assert_failure 77
	assert_equal "$stderr" "semop: posix:/priv: cannot open: Permission denied"
	run --separate-stderr as_nobody semrm posix:/priv
	assert_failure 77
	run --separate-stderr as_nobody semls -X -H -o name,value
	assert_output "$(printf '%-11s %5s' posix:/priv -)"
	semnew -m 0666 posix:/pub >/dev/null
	run --separate-stderr as_nobody semop posix:/pub -1
	assert_success
	assert_equal "$(val pub)" 0
}
