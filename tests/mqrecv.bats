#!/usr/bin/env bats
# mqrecv: messages from a queue to standard output.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load mq

@test "mqrecv -n: each message then a newline, empty ones too, in order" {
	q=$(newq)
	mqsend "$q" one "" "two words" ""
	run --separate-stderr mqrecv -n "$q"
	assert_success
	assert_output "$(printf 'one\n\ntwo words\n')"
	assert_equal "$stderr" ""
	assert_equal "$(qnum "$q")" 0
}

@test "mqrecv -0 writes a NUL after each message; -a writes nothing between them" {
	q=$(newq)
	mqsend "$q" a b ""
	mqrecv -0 -n "$q" >"$BATS_TEST_TMPDIR/out"
	cmp "$BATS_TEST_TMPDIR/out" <(printf 'a\0b\0\0')
	mqsend "$q" a b "" c
	mqrecv -a -n "$q" >"$BATS_TEST_TMPDIR/out"
	cmp "$BATS_TEST_TMPDIR/out" <(printf 'abc')
}

@test "mqsend -a | mqrecv -a: random binary data arrives byte for byte" {
	q=$(newq)
	randfile "$BATS_TEST_TMPDIR/r" "$(cat /proc/sys/kernel/msgmax)"
	mqsend -a "$q" <"$BATS_TEST_TMPDIR/r"
	mqrecv -a -c 1 "$q" >"$BATS_TEST_TMPDIR/out"
	cmp "$BATS_TEST_TMPDIR/r" "$BATS_TEST_TMPDIR/out"
	# And NUL records with -0 both ways.
	randfile "$BATS_TEST_TMPDIR/r" 6000
	mqsend -0 "$q" <"$BATS_TEST_TMPDIR/r"
	n=$(tr -cd '\0' <"$BATS_TEST_TMPDIR/r" | wc -c)
	[ "$(tail -c 1 "$BATS_TEST_TMPDIR/r" | od -An -tx1)" = " 00" ] || n=$((n + 1))
	assert_equal "$(qnum "$q")" "$n"
	mqrecv -0 -n "$q" >"$BATS_TEST_TMPDIR/out"
	[ "$(tail -c 1 "$BATS_TEST_TMPDIR/r" | od -An -tx1)" = " 00" ] ||
	    printf '\0' >>"$BATS_TEST_TMPDIR/r"
	cmp "$BATS_TEST_TMPDIR/r" "$BATS_TEST_TMPDIR/out"
}

@test "mqrecv -T prints TYPE<TAB>; it round-trips through mqsend -T, order kept" {
	q=$(newq)
	q2=$(newq)
	printf '3\tthree\n1\tone\n3\t\n7\tseven\ttabs\n' >"$BATS_TEST_TMPDIR/in"
	mqsend -T "$q" <"$BATS_TEST_TMPDIR/in"
	mqrecv -T -n "$q" | mqsend -T "$q2"
	run --separate-stderr mqrecv -T -n "$q2"
	assert_success
	assert_output "$(cat "$BATS_TEST_TMPDIR/in")"
}

@test "mqrecv -t: 0 any, N that type, -N the lowest type up to N first" {
	q=$(newq)
	mqsend -t 5 "$q" five
	mqsend -t 2 "$q" two
	mqsend -t 9 "$q" nine
	mqsend -t 2 "$q" two-again
	mqsend -t 1 "$q" one
	run --separate-stderr mqrecv -n -t 2 "$q"
	assert_output "$(printf 'two\ntwo-again')"
	run --separate-stderr mqrecv -n -T -t -6 "$q"
	assert_output "$(printf '1\tone\n5\tfive')"
	run --separate-stderr mqrecv -n -t 0 "$q"
	assert_output "nine"
}

@test "mqrecv -x -t N takes every type but N" {
	q=$(newq)
	mqsend -t 1 "$q" a
	mqsend -t 2 "$q" b
	mqsend -t 3 "$q" c
	run --separate-stderr mqrecv -n -x -t 2 "$q"
	assert_success
	assert_output "$(printf 'a\nc')"
	run --separate-stderr mqrecv -n "$q"
	assert_output "b"
	for t in 0 -2; do
		run --separate-stderr mqrecv -n -x -t "$t" "$q"
		assert_failure 64
		assert_equal "$stderr" "mqrecv: -x needs -t with a type above 0"
	done
	run --separate-stderr mqrecv -n -x "$q"
	assert_failure 64
}

@test "mqrecv -c stops after count messages; the rest stay queued" {
	q=$(newq)
	mqsend "$q" 1 2 3 4 5
	run --separate-stderr mqrecv -c 2 "$q"
	assert_success
	assert_output "$(printf '1\n2')"
	assert_equal "$(qnum "$q")" 3
}

@test "mqrecv -n: an empty queue exits 75 quietly (a drain loop's end); some messages then none is 0" {
	q=$(newq)
	run --separate-stderr mqrecv -n "$q"
	assert_failure 75
	assert_output ""
	assert_equal "$stderr" ""
	mqsend "$q" x y
	run --separate-stderr mqrecv -n "$q"
	assert_success
	assert_output "$(printf 'x\ny')"
}

@test "mqrecv -w: nothing in time exits 75; after some messages it is 0" {
	q=$(newq)
	start=$(date +%s%N)
	run --separate-stderr mqrecv -w 0.3 "$q"
	end=$(date +%s%N)
	assert_failure 75
	assert_output ""
	assert_equal "$stderr" "mqrecv: $q: no message came in 0.3 seconds"
	# It waited about that long, not less, not much more.
	(((end - start) >= 300000000 && (end - start) < 3000000000))
	mqsend "$q" a b
	run --separate-stderr mqrecv -w 0.2 "$q"
	assert_success
	assert_output "$(printf 'a\nb')"
	assert_equal "$stderr" ""
}

@test "mqrecv -w is the wait for each message; it sleeps in msgrcv meanwhile" {
	q=$(newq)
	mqrecv -w 5 "$q" >"$BATS_TEST_TMPDIR/out" &
	pid=$!
	BG_PIDS+=("$pid")
	mq_blocked "$pid" do_msgrcv
	mqsend "$q" first
	wait_until grep -q first "$BATS_TEST_TMPDIR/out"
	mq_blocked "$pid" do_msgrcv
	# Asleep, not spinning: over half a second of waiting it uses
	# (almost) no CPU time.  A delta, so that start-up (valgrind's, say)
	# does not count.
	t1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
	sleep 0.5
	t2=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
	[ $((t2 - t1)) -le 2 ]
	mq_blocked "$pid" do_msgrcv
	mqsend "$q" second
	wait_until grep -q second "$BATS_TEST_TMPDIR/out"
	kill "$pid"
}

@test "mqrecv: a queue removed while it waits exits 66, saying so" {
	q=$(newq)
	mqrecv "$q" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	BG_PIDS+=("$pid")
	mq_blocked "$pid" do_msgrcv
	mqrm "$q"
	st=0
	wait "$pid" || st=$?
	assert_equal "$st" 66
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" "mqrecv: $q: queue removed while waiting"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" ""
}

@test "mqrecv writes each message at once when the queue runs dry" {
	q=$(newq)
	coproc READER { mqrecv "$q"; }
	BG_PIDS+=("$READER_PID")
	mqsend "$q" hello
	read -r -t 5 line <&"${READER[0]}"
	assert_equal "$line" hello
	mqsend "$q" again
	read -r -t 5 line <&"${READER[0]}"
	assert_equal "$line" again
}

@test "mqrecv -e stops at the mark; data around it, empty or odd, is data" {
	q=$(newq)
	mqsend "$q" "" "ipctools:end-of-stream"
	printf "${MQ_MARK%??}" | mqsend -a "$q"
	printf "${MQ_MARK}x" | mqsend -a "$q"
	mqsend -e "$q" </dev/null
	mqsend "$q" after
	printf "\\0ipctools:end-of-stream\\0${MQ_MARK%??}\\0${MQ_MARK}x\\0" >"$BATS_TEST_TMPDIR/want"
	timeout 10 mqrecv -e -0 "$q" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" ""
	cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/out"
	assert_equal "$(qnum "$q")" 1
	run --separate-stderr mqrecv -n "$q"
	assert_output "after"
}

@test "mqrecv -e: a mark alone is a clean, empty stream (0); without -e it is data" {
	q=$(newq)
	mqsend -e "$q" </dev/null
	run --separate-stderr timeout 10 mqrecv -e "$q"
	assert_success
	assert_output ""
	mqsend -e "$q" </dev/null
	mqrecv -n -a "$q" >"$BATS_TEST_TMPDIR/out"
	cmp "$BATS_TEST_TMPDIR/out" <(printf "$MQ_MARK")
}

@test "mqrecv -t 2 -e sees the mark of its own type only" {
	q=$(newq)
	printf 'a\nb\n' | mqsend -e -t 1 "$q"
	printf 'x\ny\n' | mqsend -e -t 2 "$q"
	run --separate-stderr timeout 10 mqrecv -t 2 -e "$q"
	assert_success
	assert_output "$(printf 'x\ny')"
	run --separate-stderr timeout 10 mqrecv -e "$q"
	assert_output "$(printf 'a\nb')"
	assert_equal "$(qnum "$q")" 0
}

@test "a 200000-line pipeline through a queue arrives whole, in order, ending at the mark" {
	q=$(newq)
	seq 200000 | mqsend -e "$q" &
	BG_PIDS+=("$!")
	timeout 60 mqrecv -e "$q" >"$BATS_TEST_TMPDIR/out"
	cmp "$BATS_TEST_TMPDIR/out" <(seq 200000)
	wait "$!"
	assert_equal "$(qnum "$q")" 0
}

@test "3 producers and 3 consumers at once lose and duplicate nothing" {
	q=$(newq)
	for p in 1 2 3; do
		seq "${p}00001" "${p}20000" | mqsend -e "$q" &
		BG_PIDS+=("$!")
	done
	for c in 1 2 3; do
		timeout 60 mqrecv -e "$q" >"$BATS_TEST_TMPDIR/c$c" &
		BG_PIDS+=("$!")
	done
	for p in "${BG_PIDS[@]}"; do
		wait "$p"
	done
	BG_PIDS=()
	sort -n "$BATS_TEST_TMPDIR"/c? >"$BATS_TEST_TMPDIR/all"
	cmp "$BATS_TEST_TMPDIR/all" <(seq 100001 120000; seq 200001 220000; seq 300001 320000)
	assert_equal "$(qnum "$q")" 0
}

@test "mqrecv: a reader gone early quietly exits 0; what it took but did not write is put back" {
	mq_big_queues 4194304
	q=$(newq -b 4m)
	seq 200000 | mqsend "$q"
	# bash's read takes one line, byte by byte, then the reader is gone.
	run --separate-stderr bash -c 'mqrecv -n "$1" | { read -r l; echo "$l"; }
	    echo "${PIPESTATUS[0]}"' sh "$q"
	assert_success
	assert_output "$(printf '1\n0')"
	assert_equal "$stderr" ""
	mqrecv -n "$q" | sort -n >"$BATS_TEST_TMPDIR/rest"
	first=$(head -1 "$BATS_TEST_TMPDIR/rest")
	cmp "$BATS_TEST_TMPDIR/rest" <(seq "$first" 200000)
	# What went out fit in the pipe: nothing more is missing.
	[ "$(seq $((first - 1)) | wc -c)" -le 69632 ]
}

@test "mqrecv -p prints every message without taking it; -c limits it" {
	q=$(newq)
	mqsend -t 3 "$q" a
	mqsend -t 1 "$q" b
	run --separate-stderr mqrecv -p -T "$q"
	if [ "$status" -eq 71 ]; then
		assert_equal "$stderr" "mqrecv: $q: -p: this kernel has no MSG_COPY (it needs CONFIG_CHECKPOINT_RESTORE)"
		skip "no MSG_COPY in this kernel"
	fi
	assert_success
	assert_output "$(printf '3\ta\n1\tb')"
	assert_equal "$(qnum "$q")" 2
	run --separate-stderr mqrecv -p -c 1 "$q"
	assert_output "a"
	assert_equal "$(qnum "$q")" 2
	run --separate-stderr mqrecv -p -t 1 "$q"
	assert_failure 64
	assert_equal "$stderr" "mqrecv: -p shows every message in order; it takes no -t"
	mqrecv -n "$q" >/dev/null
	run --separate-stderr mqrecv -p "$q"
	assert_failure 75
	assert_equal "$stderr" "mqrecv: $q: the queue is empty"
}

@test "mqrecv: a missing queue exits 66; another user's 0600 queue exits 77" {
	run --separate-stderr mqrecv -n 0x1234
	assert_failure 66
	assert_equal "$stderr" "mqrecv: 0x1234: no such queue"
	run --separate-stderr mqrecv -n id:99999
	assert_failure 66
	assert_equal "$stderr" "mqrecv: id:99999: no such queue"
	require_root
	q=$(newq 0x600a)
	mqsend "$q" secret
	run --separate-stderr as_nobody mqrecv -n 0x600a
	assert_failure 77
	assert_output ""
	assert_equal "$stderr" "mqrecv: 0x600a: Permission denied"
	run --separate-stderr as_nobody mqrecv -n "$q"
	assert_failure 77
	assert_equal "$stderr" "mqrecv: $q: Permission denied"
	assert_equal "$(qnum "$q")" 1
}

@test "mqrecv: bad -t, -c and -w values exit 64 quoting them" {
	q=$(newq)
	mqsend "$q" keep
	for v in "${MQ_BAD_NUMS[@]}" -9223372036854775808 9223372036854775808; do
		run --separate-stderr mqrecv -n -t "$v" "$q"
		assert_failure 64
		[[ $stderr == "mqrecv: -t '$v': "* ]] || fail "-t '$v': $stderr"
	done
	for v in "${MQ_BAD_NUMS[@]}" 0 -1; do
		run --separate-stderr mqrecv -n -c "$v" "$q"
		assert_failure 64
		[[ $stderr == "mqrecv: -c '$v': "* ]] || fail "-c '$v': $stderr"
	done
	for v in '' x 0 -1 0.0 1e3 .5 2000000 18446744073709551615; do
		run --separate-stderr mqrecv -w "$v" "$q"
		assert_failure 64
		[[ $stderr == "mqrecv: -w '$v': "* ]] || fail "-w '$v': $stderr"
	done
	run --separate-stderr mqrecv -0 -a -n "$q"
	assert_failure 64
	assert_equal "$stderr" "mqrecv: -0 and -a cannot be used together"
	run --separate-stderr mqrecv -n "$q" extra
	assert_failure 64
	assert_equal "$stderr" "mqrecv: 'extra': one queue only; messages are not operands"
	assert_equal "$(qnum "$q")" 1
}

@test "mqrecv -h and -V" {
	run --separate-stderr synopsis mqrecv
	assert_success
	assert_output "usage: mqrecv [-0 | -a | -B | -j] [-ehnpTVx] [-c count] [-t type] [-w seconds]
              object"
	run --separate-stderr mqrecv -V
	assert_success
	assert_output --regexp '^mqrecv \(ipctools\) [0-9.]+$'
}

@test "mqrecv reads typed messages python3-sysv-ipc sends, and the textbook peer's" {
	newq -m 666 0x600b >/dev/null
	"${MQ_PEER[@]}" send 0x600b 4 "from python" "second"
	textbook_mq send 0x600b 6 "from C"
	run --separate-stderr mqrecv -T -n 0x600b
	assert_success
	assert_output "$(printf '4\tfrom python\n4\tsecond\n6\tfrom C')"
}

@test "bash completion of mqrecv offers its options and live queues" {
	q=$(newq 0xf00d)
	run mq_complete mqrecv -
	assert_output "$(printf '%s\n' -0 -a -B -c -e -h -j -n -p -T -t -V -w -x)"
	run mq_complete mqrecv -w 2 -n ''
	assert_line "$q"
	assert_line "0x0000f00d"
	run mq_complete mqrecv -c ''
	assert_output ""
}

@test "mqrecv: SIGHUP while stdout is blocked ends it within a second; nothing is lost" {
	stalled_signal HUP
}

@test "mqrecv: SIGTERM while stdout is blocked ends it within a second; nothing is lost" {
	stalled_signal TERM
}

@test "mqrecv: SIGINT, SIGQUIT, SIGUSR1, SIGALRM with stdout blocked: the same" {
	local s
	for s in INT QUIT USR1 ALRM; do
		stalled_signal "$s"
	done
}

@test "mqrecv: a signal ignored at start stays ignored" {
	local q d=$BATS_TEST_TMPDIR pid st=0
	q=$(newq)
	env --ignore-signal=TERM,HUP --default-signal=INT mqrecv "$q" \
	    >"$d/out" 2>"$d/err" &
	pid=$!
	BG_PIDS+=("$pid")
	mq_blocked "$pid" do_msgrcv
	kill -s TERM "$pid"
	kill -s HUP "$pid"
	# Still there: it takes a message after both.
	mqsend "$q" after
	wait_until test -s "$d/out"
	kill -s INT "$pid"
	wait "$pid" || st=$?
	BG_PIDS=()
	assert_equal "$st" 130
	assert_equal "$(cat "$d/out")" after
	assert_equal "$(cat "$d/err")" ""
}

@test "mqrecv Q | head -1 ends when head does; a reader gone during a wait too" {
	q=$(newq)
	mqsend "$q" a b
	run --separate-stderr bash -c 'timeout 10 mqrecv "$1" | head -n 1
	    echo "${PIPESTATUS[0]}"' sh "$q"
	assert_success
	assert_output "$(printf 'a\n0')"
	assert_equal "$stderr" ""
	# b went into the pipe that head left: gone, as with any cmd | head.
	assert_equal "$(qnum "$q")" 0
	# The reader leaves before any message comes.
	run --separate-stderr bash -c 'timeout 10 mqrecv "$1" | true
	    echo "${PIPESTATUS[0]}"' sh "$q"
	assert_success
	assert_output 0
	assert_equal "$stderr" ""
	mqsend "$q" c
	assert_equal "$(mqrecv -n "$q")" c
}

@test "mqrecv -p: a concurrent receive during the walk is reported (75), never silent" {
	local q d=$BATS_TEST_TMPDIR pid cpid st=0
	mq_big_queues 4194304
	q=$(newq -b 4m)
	seq -f "%0100.0f" 1 20000 >"$d/all"
	mqsend "$q" <"$d/all"
	run mqrecv -p -c 1 "$q"
	[ "$status" -ne 71 ] || skip "no MSG_COPY in this kernel"
	mkfifo "$d/fifo"
	cat "$d/fifo" >"$d/out" &
	cpid=$!
	BG_PIDS+=("$cpid")
	mqrecv -p "$q" >"$d/fifo" 2>"$d/err" &
	pid=$!
	BG_PIDS+=("$pid")
	wait_until test -s "$d/out"
	kill -s STOP "$cpid"
	mq_blocked_write "$pid"
	# Another consumer takes the first 100 while the walk is held up.
	mqrecv -n -c 100 "$q" >/dev/null
	kill -s CONT "$cpid"
	wait "$pid" || st=$?
	wait "$cpid"
	BG_PIDS=()
	assert_equal "$st" 75
	assert_equal "$(cat "$d/err")" "mqrecv: $q: -p: another process received from the queue meanwhile, so the $(wc -l <"$d/out") messages shown may skip some; run it again"
	# What it did show is what was queued, in order.
	head -n "$(wc -l <"$d/out")" "$d/all" | cmp - "$d/out"
	assert_equal "$(qnum "$q")" 19900
}

@test "mqrecv -p: a message over a lowered msgmax names msgmax" {
	q=$(newq)
	head -c 5000 /dev/zero | tr '\0' x | mqsend -a "$q"
	run mqrecv -p -c 1 "$q"
	[ "$status" -ne 71 ] || skip "no MSG_COPY in this kernel"
	mq_sysctl msgmax 1000
	run --separate-stderr mqrecv -p "$q"
	assert_failure 71
	assert_output ""
	assert_equal "$stderr" "mqrecv: $q: -p: message 1 is larger than kernel.msgmax (1000 bytes), the most MSG_COPY can copy"
	assert_equal "$(qnum "$q")" 1
}

@test "mqrecv: usage errors say what is wrong; -p with -x and -t blames -t" {
	q=$(newq)
	run --separate-stderr mqrecv -p -x -t 2 "$q"
	assert_failure 64
	assert_equal "$stderr" "mqrecv: -p shows every message in order; it takes no -t"
	run --separate-stderr mqrecv -p -x "$q"
	assert_failure 64
	assert_equal "$stderr" "mqrecv: -p shows every message in order; it takes no -x"
	run --separate-stderr mqrecv
	assert_failure 64
	assert_output ""
	assert_equal "${stderr_lines[0]}" "mqrecv: the queue to receive from is missing"
	[[ ${stderr_lines[1]} == "usage: mqrecv "* ]]
	run --separate-stderr mqrecv "$q" extra
	assert_failure 64
	assert_equal "$stderr" "mqrecv: 'extra': one queue only; messages are not operands"
	run --separate-stderr mqrecv -w 1.0 "$q"
	assert_failure 75
	assert_equal "$stderr" "mqrecv: $q: no message came in 1.0 second"
}

@test "mqrecv -c N: fewer than N before -w runs out exits 75 saying how many; what came is written" {
	q=$(newq)
	mqsend "$q" one
	run --separate-stderr mqrecv -c 2 -w 0.2 "$q"
	assert_failure 75
	assert_output "one"
	assert_equal "$stderr" "mqrecv: $q: 1 of the 2 messages of -c came, then none in 0.2 seconds"
	run --separate-stderr mqrecv -c 3 -w 1 "$q"
	assert_failure 75
	assert_output ""
	assert_equal "$stderr" "mqrecv: $q: no message came in 1 second"
	mqsend "$q" a b
	run --separate-stderr mqrecv -c 2 -w 0.2 "$q"
	assert_success
	assert_output "$(printf 'a\nb')"
	assert_equal "$stderr" ""
}

@test "mqrecv -c N: fewer than N under -n or -p exits 75 quietly; the mark of -e first is 0" {
	q=$(newq)
	mqsend "$q" a b
	run --separate-stderr mqrecv -p -c 3 "$q"
	assert_failure 75
	assert_output "$(printf 'a\nb')"
	assert_equal "$stderr" ""
	run --separate-stderr mqrecv -n -c 3 "$q"
	assert_failure 75
	assert_output "$(printf 'a\nb')"
	assert_equal "$stderr" ""
	assert_equal "$(qnum "$q")" 0
	mqsend -e "$q" x
	run --separate-stderr mqrecv -n -e -c 5 "$q"
	assert_success
	assert_output "x"
	mqsend "$q" y z
	run --separate-stderr mqrecv -n -c 2 "$q"
	assert_success
	assert_output "$(printf 'y\nz')"
}

@test "mqrecv: a drain loop on -n ends at 75 with nothing on stderr" {
	local q d=$BATS_TEST_TMPDIR st
	q=$(newq)
	seq 1 250 | mqsend "$q"
	: >"$d/got"
	while st=0 && mqrecv -n -c 100 "$q" >>"$d/got" 2>>"$d/err" || st=$?; [ "$st" -eq 0 ]; do
		:
	done
	assert_equal "$st" 75
	assert_equal "$(cat "$d/err")" ""
	seq 1 250 | cmp - "$d/got"
}

@test "an OBJECT word without '/' is refused with the ./ hint; a key-like word is not" {
	: >"$BATS_TEST_TMPDIR/app.lock"
	cd "$BATS_TEST_TMPDIR"
	run --separate-stderr mqrecv -n app.lock:7
	assert_failure 64
	assert_equal "$stderr" "mqrecv: 'app.lock:7': a PATH holds a '/': write './app.lock:7'"
	run --separate-stderr shmcat app.lock
	assert_failure 64
	assert_equal "$stderr" "shmcat: 'app.lock': a PATH holds a '/': write './app.lock'"
	run --separate-stderr mqrecv -n x:/
	assert_failure 64
	assert_equal "$stderr" "mqrecv: 'x:/': a PATH holds a '/': write './x:/'"
	run --separate-stderr mqrecv -n 12abc
	assert_failure 64
	assert_equal "$stderr" "mqrecv: '12abc': not a key, id:N or path"
	# As the hint says, it works.
	q=$(newq ./app.lock:7)
	mqsend ./app.lock:7 hi
	run --separate-stderr mqrecv -n ./app.lock:7
	assert_success
	assert_output "hi"
}
