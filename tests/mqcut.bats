#!/usr/bin/env bats
# mqsend -S: standard input cut into messages of the queue's limit, sent
# in order, and joined again byte for byte by mqrecv -a (-e stopping at
# the end mark): a file of any size through a queue whose messages hold
# 8 KiB, System V and POSIX, streamed with bounded memory.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load mq

setup() {
	mq_setup
}

teardown() {
	local f
	mq_teardown
	if mountpoint -q /dev/mqueue; then
		for f in /dev/mqueue/*; do
			[ -e "$f" ] && rm -f "$f"
		done
	fi
	return 0
}

# sizes KEY COUNT: the lengths of the next COUNT messages, taken by the
# python3-sysv-ipc peer, as "TYPE LENGTH" lines.
sizes() {
	"${MQ_PEER[@]}" recv "$@" |
	    awk '{ print $1, $2 == "-" ? 0 : length($2) / 2 }'
}

# through Q FILE [mqsend options]: FILE sent with -S -e while mqrecv -a -e
# takes it out; what came out is FILE.out.
through() {
	local q=$1 f=$2
	shift 2
	mqsend -S -e "$@" "$q" <"$f" 3>&- &
	mqrecv -a -e "$q" >"$f.out"
	wait $!
}

@test "mqsend -S: pieces of the limit, the last one shorter, then the mark" {
	local d=$BATS_TEST_TMPDIR
	q=$(newq 0x5101)
	randfile "$d/in" $((2 * MQ_MAX + 1))
	# More than the queue holds: the peer takes them meanwhile.
	mqsend -S -e -t 5 "$q" <"$d/in" >"$d/out" 2>"$d/err" 3>&- &
	run sizes 0x5101 4
	wait $!
	assert_equal "$(cat "$d/out" "$d/err")" ""
	assert_output "$(printf '5 %s\n5 %s\n5 1\n5 24' "$MQ_MAX" "$MQ_MAX")"
}

@test "mqsend -S | mqrecv -a -e: every size at the edges comes back byte for byte" {
	local d=$BATS_TEST_TMPDIR n
	q=$(newq)
	for n in 0 1 $((MQ_MAX - 1)) "$MQ_MAX" $((MQ_MAX + 1)) \
	    $((2 * MQ_MAX)) $((5 * MQ_MAX + 4321)); do
		randfile "$d/in" "$n"
		through "$q" "$d/in" || fail "mqsend -S of $n bytes failed"
		cmp "$d/in" "$d/in.out" || fail "$n bytes differ"
		assert_equal "$(qnum "$q")" 0
	done
}

@test "mqsend -S: empty input is no message; with -e, the mark alone" {
	q=$(newq)
	run --separate-stderr mqsend -S "$q" </dev/null
	assert_success
	assert_equal "$(qnum "$q")" 0
	run --separate-stderr mqsend -S -e "$q" </dev/null
	assert_success
	assert_equal "$(qnum "$q")" 1
	run --separate-stderr mqrecv -a -e "$q"
	assert_success
	assert_output ""
}

@test "mqsend -S: the queue's msg_qbytes, when smaller than msgmax, is the piece" {
	local d=$BATS_TEST_TMPDIR
	q=$(newq -b 1000 0x5102)
	randfile "$d/in" 2500
	mqsend -S "$q" <"$d/in" &
	run sizes 0x5102 3
	wait $!
	assert_output "$(printf '1 1000\n1 1000\n1 500')"
}

@test "mqsend -S: a piece equal to the end mark goes as two messages, and -a joins them" {
	local d=$BATS_TEST_TMPDIR
	q=$(newq 0x5103)
	printf "$MQ_MARK" >"$d/in"
	run --separate-stderr mqsend -S -e "$q" <"$d/in"
	assert_success
	assert_equal "$stderr" ""
	run sizes 0x5103 3
	assert_output "$(printf '1 1\n1 23\n1 24')"
	# After a whole piece too, and read back by mqrecv -a -e.
	{ head -c "$MQ_MAX" /dev/zero; printf "$MQ_MARK"; } >"$d/in"
	through "$q" "$d/in"
	cmp "$d/in" "$d/in.out"
}

@test "mqsend -S: two files of two types in one queue, each receiver gets its own" {
	local d=$BATS_TEST_TMPDIR
	q=$(newq)
	randfile "$d/a" 300000
	randfile "$d/b" 200001
	mqsend -S -e -t 1 "$q" <"$d/a" 3>&- &
	mqsend -S -e -t 2 "$q" <"$d/b" 3>&- &
	mqrecv -a -e -t 2 "$q" >"$d/b.out" 3>&- &
	mqrecv -a -e -t 1 "$q" >"$d/a.out"
	wait
	cmp "$d/a" "$d/a.out"
	cmp "$d/b" "$d/b.out"
	assert_equal "$(qnum "$q")" 0
}

@test "mqsend -S -n: retries on the same file resume after the last piece sent" {
	local d=$BATS_TEST_TMPDIR
	q=$(newq -b 1000)
	randfile "$d/in" 10500
	{ until mqsend -S -n "$q"; do mqrecv -n -a "$q" >>"$d/out"; done; } \
	    <"$d/in"
	mqrecv -n -a "$q" >>"$d/out"
	cmp "$d/in" "$d/out"
}

@test "mqsend -S: 100 MiB to a concurrent receiver, exact, in bounded memory" {
	local d=$BATS_TEST_TMPDIR spid hwm w
	q=$(newq)
	randfile "$d/big" $((100 << 20))
	mkfifo "$d/fifo"
	# Its own &: bg_start's caller would open the FIFO, and wait there.
	mqsend -S -e "$q" <"$d/fifo" 3>&- &
	spid=$!
	BG_PIDS+=("$spid")
	mqrecv -a -e "$q" >"$d/big.out" 3>&- &
	exec {w}>"$d/fifo"
	cat "$d/big" >&"$w"
	# Still running, all of it read but the pipe's last 64 KiB at most.
	hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$spid/status")
	exec {w}>&-
	wait "$spid"
	wait $!
	cmp "$d/big" "$d/big.out"
	# Its whole input would be 102400 KiB; ASan's shadow stays below this.
	((hwm < 40960)) || fail "mqsend -S held $hwm KiB at its peak"
}

@test "mqsend -S to a POSIX queue: pieces of mq_msgsize at -t's priority, the mark last" {
	local d=$BATS_TEST_TMPDIR
	mountpoint -q /dev/mqueue || skip "no mqueue mount of our own"
	mqnew -M 10 -s 1000 posix:/cut
	randfile "$d/in" 2001
	run --separate-stderr mqsend -S -e -t 3 posix:/cut <"$d/in"
	assert_success
	run --separate-stderr mqrecv -n -j posix:/cut
	assert_success
	assert_equal "$(jq -c '[.type, .size]' <<<"$output" | tr -d '\n')" \
	    '[3,1000][3,1000][3,1][0,24]'
	randfile "$d/in" $((3 << 20))
	through posix:/cut "$d/in" -t 3
	cmp "$d/in" "$d/in.out"
}

@test "mqsend -S: with -a, -0, -B, -j, -T or message operands it is a usage error (64)" {
	q=$(newq)
	run --separate-stderr mqsend -S -a "$q"
	assert_failure 64
	assert_equal "$stderr" "mqsend: -a and -S cannot be used together"
	run --separate-stderr mqsend -0 -S "$q"
	assert_failure 64
	assert_equal "$stderr" "mqsend: -0 and -S cannot be used together"
	run --separate-stderr mqsend -S -T "$q"
	assert_failure 64
	assert_equal "$stderr" "mqsend: -S cuts standard input anywhere, so no message begins with a TYPE; -t gives the type of them all"
	run --separate-stderr mqsend -S "$q" hi
	assert_failure 64
	assert_equal "$stderr" "mqsend: -S cuts standard input into messages; it takes no message operands"
	assert_equal "$(qnum "$q")" 0
}
