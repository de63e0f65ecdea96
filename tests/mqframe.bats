#!/usr/bin/env bats
# mqrecv -B and mqsend -B: binary records that carry any message, with its
# type, through a pipe, a file or a socket; the stream of ipctools(7)
# checked byte for byte against one written from the page
# (fixtures/mq_binary.py), and every wrong stream refused.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load mq

BIN=("/usr/bin/python3" "$BATS_TEST_DIRNAME/fixtures/mq_binary.py")

peer_recv() {
	"${MQ_PEER[@]}" recv "$@"
}

# The 8-byte header and a record (TYPE, then the body as printf(1) text),
# for streams written by hand.
HDR='\211IPCMQ\0\1'
# rech TYPE LEN: a record's 12 bytes; rec TYPE BODY: a whole record.
rech() {
	printf '%016x%08x' "$1" "$2" | sed 's/../\\x&/g'
}
rec() {
	# shellcheck disable=SC2059
	rech "$1" "$(printf "$2" | wc -c)"
	printf '%s' "$2"
}

# stream FORMAT...: a stream for printf(1), to mqsend -B.
stream() {
	# shellcheck disable=SC2059
	printf "$@"
}

@test "random binary messages go queue -> mqrecv -B -> mqsend -B -> queue, byte for byte, types kept" {
	local d=$BATS_TEST_TMPDIR q1 q2 n=300
	need mqnew mqsend mqrecv
	mq_big_queues 8388608
	q1=$(newq 0x5f01)
	q2=$(newq 0x5f02)
	"${BIN[@]}" fill 0x5f01 "$n" 42 "$MQ_MAX" >"$d/sent"
	assert_equal "$(qnum "$q1")" "$n"
	mqrecv -B -n "$q1" >"$d/stream"
	# What mqrecv wrote is the stream of the page, exactly.
	"${BIN[@]}" stream <"$d/sent" | cmp - "$d/stream"
	run --separate-stderr mqsend -B "$q2" <"$d/stream"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(qnum "$q2")" "$n"
	"${BIN[@]}" dump 0x5f02 "$n" >"$d/got"
	cmp "$d/sent" "$d/got"
	# NULs, newlines, empty and msgmax-byte bodies, types up to 2^63-1.
	grep -q '^9223372036854775807 ' "$d/sent"
	grep -q ' -$' "$d/sent"
	grep -Eq ' ([0-9a-f]{2})*00' "$d/sent"
	grep -Eq ' ([0-9a-f]{2})*0a' "$d/sent"
	[ "$(awk '{ print length($2) }' "$d/sent" | sort -n | tail -1)" -eq $((2 * MQ_MAX)) ]
}

@test "the bridge over sockpipe: mqrecv -B q | sockpipe ... ; sockpipe -l ... | mqsend -B q2" {
	local d=$BATS_TEST_TMPDIR q1 q2 n=200 pid st=0
	need mqnew mqsend mqrecv sockpipe
	mq_big_queues 8388608
	q1=$(newq 0x5f03)
	q2=$(newq 0x5f04)
	"${BIN[@]}" fill 0x5f03 "$n" 7 "$MQ_MAX" >"$d/sent"
	rm -f "$d/port"
	sockpipe -l -P "$d/port" 0 </dev/null | mqsend -B "$q2" 2>"$d/err" &
	pid=$!
	BG_PIDS+=("$pid")
	wait_file "$d/port"
	run --separate-stderr bash -c 'mqrecv -B -n "$1" | sockpipe 127.0.0.1 "$(cat "$2")"' \
	    _ "$q1" "$d/port"
	assert_success
	assert_equal "$stderr" ""
	wait "$pid" || st=$?
	BG_PIDS=()
	assert_equal "$st" 0
	assert_equal "$(cat "$d/err")" ""
	assert_equal "$(qnum "$q1")" 0
	assert_equal "$(qnum "$q2")" "$n"
	"${BIN[@]}" dump 0x5f04 "$n" >"$d/got"
	cmp "$d/sent" "$d/got"
}

@test "a running bridge: producer -e, mqrecv -B -e | sockpipe, sockpipe -l | mqsend -B -e, consumer -e" {
	local d=$BATS_TEST_TMPDIR q1 q2 pid st=0
	need mqnew mqsend mqrecv sockpipe
	q1=$(newq)
	q2=$(newq)
	rm -f "$d/port"
	sockpipe -l -P "$d/port" 0 </dev/null | mqsend -B -e "$q2" &
	pid=$!
	BG_PIDS+=("$pid")
	mqrecv -e "$q2" >"$d/got" &
	BG_PIDS+=("$!")
	wait_file "$d/port"
	mqrecv -B -e "$q1" | sockpipe 127.0.0.1 "$(cat "$d/port")" &
	BG_PIDS+=("$!")
	seq 1 5000 | mqsend -e "$q1"
	wait "$pid" || st=$?
	assert_equal "$st" 0
	wait "${BG_PIDS[1]}"
	wait "${BG_PIDS[2]}"
	BG_PIDS=()
	seq 1 5000 | cmp - "$d/got"
	assert_equal "$(qnum "$q1")" 0
	assert_equal "$(qnum "$q2")" 0
}

@test "mqrecv -B: an empty queue under -n is a header alone (75, quiet), which mqsend -B takes as no message" {
	local q q2 st=0
	q=$(newq)
	q2=$(newq)
	run --separate-stderr bash -c 'mqrecv -B -n "$1" | od -An -c | tr -s " "' _ "$q"
	assert_equal "$output" " 211 I P C M Q \\0 001"
	assert_equal "$stderr" ""
	mqrecv -B -n "$q" >"$BATS_TEST_TMPDIR/s" || st=$?
	assert_equal "$st" 75
	run --separate-stderr mqsend -B "$q2" <"$BATS_TEST_TMPDIR/s"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(qnum "$q2")" 0
}

@test "-B carries end-of-stream marks as messages; mqrecv -B -e stops at one and does not write it" {
	local q q2
	q=$(newq)
	q2=$(newq)
	mqsend -e "$q" a ''
	mqsend -t 5 "$q" after
	mqrecv -B -n "$q" | mqsend -B "$q2"
	assert_equal "$(qnum "$q2")" 4
	run --separate-stderr mqrecv -e "$q2"
	assert_success
	assert_output "$(printf 'a\n')"
	run --separate-stderr mqrecv -n -T "$q2"
	assert_output "$(printf '5\tafter')"
	mqsend -e "$q" x
	mqsend "$q" y
	mqrecv -B -e "$q" | mqsend -B "$q2"
	run --separate-stderr mqrecv -n "$q2"
	assert_output "x"
	assert_equal "$(qnum "$q")" 1
}

@test "-B streams concatenate: a header may come again between records" {
	local qa qb q
	qa=$(newq)
	qb=$(newq)
	q=$(newq)
	mqsend -t 2 "$qa" a1 a2
	mqsend -t 3 "$qb" b1
	{ mqrecv -B -n "$qa"; mqrecv -B -n "$qb"; } | mqsend -B "$q"
	run --separate-stderr mqrecv -n -T "$q"
	assert_output "$(printf '2\ta1\n2\ta2\n3\tb1')"
}

@test "mqrecv -p -B: a copy of the queue to a file, restored into a new queue as it was" {
	local d=$BATS_TEST_TMPDIR q q2
	q=$(newq)
	printf '1\tone\n7\ttwo\n1\t\n' | mqsend -T "$q"
	mqsend -a -t 9 "$q" < <(printf 'bin\0\n\377')
	mqrecv -p -B "$q" >"$d/backup"
	assert_equal "$(qnum "$q")" 4
	q2=$(newq)
	mqsend -B "$q2" <"$d/backup"
	mqrecv -p -B "$q2" | cmp - "$d/backup"
}

@test "mqsend -B -n: a retry on the same file resumes after the last message sent" {
	local d=$BATS_TEST_TMPDIR q src rounds=0 st
	src=$(newq)
	q=$(newq -b 200)
	seq 1 2000 | mqsend "$src"
	mqrecv -B -n "$src" >"$d/all"
	: >"$d/got"
	{
		until st=0 && mqsend -B -n "$q" 2>"$d/err" || st=$?; [ "$st" -eq 0 ]; do
			assert_equal "$st" 75
			[[ $(cat "$d/err") == "mqsend: $q: the queue is full; "*" messages were sent" ]] ||
			    fail "$(cat "$d/err")"
			mqrecv -n "$q" >>"$d/got"
			rounds=$((rounds + 1))
			[ "$rounds" -lt 1000 ] || fail "no progress"
		done
	} <"$d/all"
	mqrecv -n "$q" >>"$d/got" || true
	[ "$rounds" -gt 1 ]
	seq 1 2000 | cmp - "$d/got"
}

@test "mqsend -B refuses a wrong stream before sending (65): empty, text, another version, a cut header" {
	local q
	q=$(newq)
	run --separate-stderr mqsend -B "$q" </dev/null
	assert_failure 65
	assert_equal "$stderr" "mqsend: standard input: empty, not a stream of mqrecv -B; 0 messages were sent"
	run --separate-stderr mqsend -B "$q" < <(printf 'hello\nworld\n')
	assert_failure 65
	assert_equal "$stderr" "mqsend: standard input: not a stream of mqrecv -B (it does not begin with its header); 0 messages were sent"
	# mqrecv -T output is not a stream either.
	mqsend "$q" x
	run --separate-stderr bash -c 'mqrecv -T -n "$1" | mqsend -B "$1"' _ "$q"
	assert_failure 65
	[[ $stderr == *"not a stream of mqrecv -B"* ]] || fail "$stderr"
	run --separate-stderr mqsend -B "$q" < <(stream '\211IPCMQ\0\2')
	assert_failure 65
	assert_equal "$stderr" "mqsend: standard input: a stream of version 2; this mqsend reads version 1; 0 messages were sent"
	run --separate-stderr mqsend -B "$q" < <(stream '\211IPCM')
	assert_failure 65
	assert_equal "$stderr" "mqsend: standard input: cut short inside a stream header (5 of its 8 bytes); 0 messages were sent"
	assert_equal "$(qnum "$q")" 0
}

@test "mqsend -B: a cut record, a type of 0 or below, a length past the limit: 65, those before were sent" {
	local q s
	q=$(newq)
	s="$HDR$(rec 1 a)$(rec 2 bc)"
	run --separate-stderr mqsend -B "$q" < <(stream "$s\\0\\0\\0")
	assert_failure 65
	assert_equal "$stderr" "mqsend: standard input: cut short inside message 3 (3 bytes of its 12-byte header); 2 messages were sent"
	run --separate-stderr mqsend -B "$q" < <(stream "$s$(rec 4 hello)" | head -c -2)
	assert_failure 65
	assert_equal "$stderr" "mqsend: standard input: cut short inside message 3 (15 of its 17 bytes); 2 messages were sent"
	run --separate-stderr mqsend -B "$q" < <(stream "$s$(rec 0 x)")
	assert_failure 65
	assert_equal "$stderr" "mqsend: $q: message 3: its type is 0; a type is 1 to 9223372036854775807; 2 messages were sent"
	run --separate-stderr mqsend -B "$q" < <(stream "$HDR$(rec 18446744073709551615 x)")
	assert_failure 65
	assert_equal "$stderr" "mqsend: $q: message 1: its type is -1; a type is 1 to 9223372036854775807; 0 messages were sent"
	assert_equal "$(qnum "$q")" 6
	mqrecv -n "$q" >/dev/null
	# msgmax, then a queue's smaller msg_qbytes; the body need not follow.
	run --separate-stderr mqsend -B "$q" < <(stream "$HDR$(rec 1 a)$(rech 1 $((MQ_MAX + 1)))")
	assert_failure 65
	assert_equal "$stderr" "mqsend: $q: message 2 is $((MQ_MAX + 1)) bytes; the queue's limit is $MQ_MAX (msgmax); 1 message was sent"
	q=$(newq -b 100)
	run --separate-stderr mqsend -B "$q" < <(stream "$HDR$(rec 3 "$(printf '%0101d' 0)")")
	assert_failure 65
	assert_equal "$stderr" "mqsend: $q: message 1 is 101 bytes; the queue's limit is 100 (msg_qbytes); 0 messages were sent"
	assert_equal "$(qnum "$q")" 0
}

@test "-B with -0, -a, -T, operands, or mqsend -t without -e is a usage error (64)" {
	local q
	q=$(newq 0x5f05)
	run --separate-stderr mqrecv -B -0 -n "$q"
	assert_failure 64
	assert_equal "$stderr" "mqrecv: -0 and -B cannot be used together"
	run --separate-stderr mqrecv -B -a -n "$q"
	assert_failure 64
	assert_equal "$stderr" "mqrecv: -a and -B cannot be used together"
	run --separate-stderr mqrecv -T -B -n "$q"
	assert_failure 64
	assert_equal "$stderr" "mqrecv: -B records carry each message's type; they take no -T"
	run --separate-stderr mqsend -a -B "$q" </dev/null
	assert_failure 64
	assert_equal "$stderr" "mqsend: -a and -B cannot be used together"
	run --separate-stderr mqsend -B -T "$q" </dev/null
	assert_failure 64
	assert_equal "$stderr" "mqsend: -B records carry each message's type; they take no -T"
	run --separate-stderr mqsend -B "$q" hi
	assert_failure 64
	assert_equal "$stderr" "mqsend: -B reads records from standard input; it takes no message operands"
	run --separate-stderr mqsend -B -t 3 "$q" </dev/null
	assert_failure 64
	assert_equal "$stderr" "mqsend: -B records carry each message's type; -t gives only that of the -e mark"
	assert_equal "$(qnum "$q")" 0
	# -t with -e: the mark's type.
	run --separate-stderr mqsend -B -e -t 3 "$q" < <(stream "$HDR$(rec 1 a)")
	assert_success
	run peer_recv 0x5f05 2
	assert_output "$(printf '1 61\n3 00%s00' "$(printf ipctools:end-of-stream | od -An -v -tx1 | tr -d ' \n')")"
}
