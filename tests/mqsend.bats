#!/usr/bin/env bats
# mqsend: operands or standard input, split into messages, to a queue.
# What arrived is read back with python3-sysv-ipc, as "TYPE HEX" lines.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load mq

# peek_all KEY COUNT: the COUNT messages of the queue, taken by the peer.
peer_recv() {
	"${MQ_PEER[@]}" recv "$@"
}

hex() {
	printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'
}

@test "mqsend: operands are messages, in order, of type 1" {
	q=$(newq 0x5001)
	run --separate-stderr mqsend "$q" one "" "three words"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	assert_equal "$(qnum "$q")" 3
	run peer_recv 0x5001 3
	assert_output "$(printf '1 %s\n1 -\n1 %s' "$(hex one)" "$(hex "three words")")"
}

@test "mqsend: lines; an empty line is an empty message; a last line without newline counts" {
	q=$(newq 0x5002)
	run --separate-stderr mqsend "$q" < <(printf 'a\n\nb c\nlast')
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(qnum "$q")" 4
	run peer_recv 0x5002 4
	assert_output "$(printf '1 61\n1 -\n1 %s\n1 %s' "$(hex 'b c')" "$(hex last)")"
}

@test "mqsend: empty input sends nothing; -a of empty input sends one empty message" {
	q=$(newq 0x5003)
	run --separate-stderr mqsend "$q" </dev/null
	assert_success
	assert_equal "$(qnum "$q")" 0
	run --separate-stderr mqsend -a "$q" </dev/null
	assert_success
	assert_equal "$(qnum "$q")" 1
	assert_equal "$(cbytes "$q")" 0
}

@test "mqsend -0: NUL-terminated records, newlines kept, a last record without NUL counts" {
	q=$(newq 0x5004)
	run --separate-stderr mqsend -0 "$q" < <(printf 'a\nb\0\0tail')
	assert_success
	run peer_recv 0x5004 3
	assert_output "$(printf '1 610a62\n1 -\n1 %s' "$(hex tail)")"
}

@test "mqsend -a: random binary data, NULs and all, is one message" {
	q=$(newq 0x5005)
	randfile "$BATS_TEST_TMPDIR/r" 8000
	run --separate-stderr mqsend -a "$q" <"$BATS_TEST_TMPDIR/r"
	assert_success
	assert_equal "$(qnum "$q")" 1
	assert_equal "$(cbytes "$q")" 8000
	run peer_recv 0x5005 1
	assert_output "1 $(od -An -v -tx1 <"$BATS_TEST_TMPDIR/r" | tr -d ' \n')"
}

@test "mqsend -t sets the type; -T takes it from each TYPE<TAB>text record" {
	q=$(newq 0x5006)
	mqsend -t 9 "$q" nine
	printf '3\tthree\n1\tone\n3\tagain\n' | mqsend -T "$q"
	mqsend -T "$q" "$(printf '12\tt w\to')"
	run peer_recv 0x5006 5
	assert_output "$(printf '9 %s\n3 %s\n1 %s\n3 %s\n12 %s' "$(hex nine)" \
	    "$(hex three)" "$(hex one)" "$(hex again)" "$(hex "t w	o")")"
}

@test "mqsend -T: a bad TYPE exits 65 naming the message; those before were sent" {
	q=$(newq 0x5007)
	# Not "i": bats' run uses it.
	n=0
	for bad in 'x\tt' '0\tt' '\tt' '12 t' '9223372036854775808\tt' \
	    '-1\tt' 'notab' '00000000000000000001\tt'; do
		run --separate-stderr mqsend -T "$q" < <(printf "1\\tok\\n2\\tok\\n$bad\\n3\\tnever\\n")
		assert_failure 65
		assert_output ""
		[[ $stderr == "mqsend: $q: message 3: "*"; 2 messages were sent" ]] ||
		    fail "'$bad': $stderr"
		n=$((n + 2))
		assert_equal "$(qnum "$q")" "$n"
	done
	# Nineteen digits, leading zeros and all, is a TYPE.
	run --separate-stderr mqsend -T "$q" "$(printf '0000000000000000009\ty')"
	assert_success
	n=$((n + 1))
	assert_equal "$(qnum "$q")" "$n"
	run --separate-stderr mqsend -T "$q" "$(printf 'x\ty')"
	assert_failure 65
	assert_equal "$stderr" "mqsend: $q: message 1: it does not begin with TYPE<TAB>; 0 messages were sent"
	run --separate-stderr mqsend -T "$q" "$(printf '0\ty')"
	assert_equal "$stderr" "mqsend: $q: message 1: its TYPE is out of range (1 to 9223372036854775807); 0 messages were sent"
}

@test "mqsend: a message over msgmax exits 65 with its number and sizes; those before were sent" {
	q=$(newq)
	max=$(cat /proc/sys/kernel/msgmax)
	big=$(head -c $((max + 808)) /dev/zero | tr '\0' x)
	run --separate-stderr mqsend "$q" < <(printf 'a\nb\n%s\nc\n' "$big")
	assert_failure 65
	assert_output ""
	assert_equal "$stderr" "mqsend: $q: message 3 is $((max + 808)) bytes; the queue's limit is $max (msgmax); 2 messages were sent"
	assert_equal "$(qnum "$q")" 2
	# Exactly the limit fits.
	run --separate-stderr mqsend -a "$q" < <(head -c "$max" /dev/zero)
	assert_success
	assert_equal "$(qnum "$q")" 3
}

@test "mqsend: a record far over the limit is measured, or said to be 'more than'" {
	q=$(newq)
	max=$(cat /proc/sys/kernel/msgmax)
	run --separate-stderr mqsend -a "$q" < <(head -c 300000 /dev/zero)
	assert_failure 65
	assert_equal "$stderr" "mqsend: $q: message 1 is 300000 bytes; the queue's limit is $max (msgmax); 0 messages were sent"
	run --separate-stderr mqsend -a "$q" </dev/zero
	assert_failure 65
	assert_output ""
	[[ $stderr =~ ^"mqsend: $q: message 1 is more than "[0-9]+" bytes; the queue's limit is $max (msgmax); 0 messages were sent"$ ]]
	assert_equal "$(qnum "$q")" 0
}

@test "mqsend: the queue's msg_qbytes is the limit where it is smaller than msgmax" {
	q=$(newq -b 100)
	run --separate-stderr mqsend "$q" ok "$(printf '%0101d' 0)"
	assert_failure 65
	assert_equal "$stderr" "mqsend: $q: message 2 is 101 bytes; the queue's limit is 100 (msg_qbytes); 1 message was sent"
	assert_equal "$(qnum "$q")" 1
}

@test "mqsend -n: a full queue exits 75 saying how many were sent; nothing queued is lost" {
	q=$(newq -b 10 0x5008)
	run --separate-stderr mqsend -n "$q" 12345 6789 abc
	assert_failure 75
	assert_output ""
	assert_equal "$stderr" "mqsend: $q: the queue is full; 2 messages were sent"
	run peer_recv 0x5008 2
	assert_output "$(printf '1 %s\n1 %s' "$(hex 12345)" "$(hex 6789)")"
	assert_equal "$(qnum "$q")" 0
}

@test "mqsend: a queue removed while it waits on it exits 66" {
	q=$(newq -b 10)
	mqsend "$q" 0123456789
	mqsend "$q" more 2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	BG_PIDS+=("$pid")
	mq_blocked "$pid" do_msgsnd
	mqrm "$q"
	st=0
	wait "$pid" || st=$?
	assert_equal "$st" 66
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" "mqsend: $q: queue removed while waiting; 0 messages were sent"
}

@test "mqsend -e: the end-of-stream mark is the last message, of -t's type, 24 bytes" {
	q=$(newq 0x5009)
	printf 'a\n' | mqsend -e -t 4 "$q"
	mqsend -e "$q" </dev/null
	run peer_recv 0x5009 3
	assert_output "$(printf '4 61\n4 %s\n1 %s' "$(hex "$(printf 'X%s' "${MQ_MARK:2:-2}")" | sed 's/^58/00/')00" \
	    "$(hex "$(printf 'X%s' "${MQ_MARK:2:-2}")" | sed 's/^58/00/')00")"
	assert_equal "$(printf "$MQ_MARK" | wc -c)" 24
}

@test "mqsend refuses a data message equal to the end-of-stream mark (65); others near it are data" {
	q=$(newq)
	run --separate-stderr mqsend "$q" < <(printf "ok\\n$MQ_MARK\\n")
	assert_failure 65
	assert_equal "$stderr" "mqsend: $q: message 2 is the end-of-stream mark; 1 message was sent"
	run --separate-stderr mqsend -a "$q" < <(printf "$MQ_MARK")
	assert_failure 65
	assert_equal "$stderr" "mqsend: $q: message 1 is the end-of-stream mark; 0 messages were sent"
	# One byte less, one byte more, no NULs: data.
	run --separate-stderr mqsend -a "$q" < <(printf "${MQ_MARK%??}")
	assert_success
	run --separate-stderr mqsend -a "$q" < <(printf "${MQ_MARK}x")
	assert_success
	run --separate-stderr mqsend "$q" "ipctools:end-of-stream"
	assert_success
	assert_equal "$(qnum "$q")" 4
}

@test "mqsend: a missing queue exits 66; another user's 0600 queue exits 77" {
	run --separate-stderr mqsend 0x1234 hi
	assert_failure 66
	assert_equal "$stderr" "mqsend: 0x1234: no such queue"
	run --separate-stderr mqsend id:99999 hi
	assert_failure 66
	assert_equal "$stderr" "mqsend: id:99999: no such queue"
	require_root
	q=$(newq 0x500a)
	run --separate-stderr as_nobody mqsend 0x500a hi
	assert_failure 77
	assert_equal "$stderr" "mqsend: 0x500a: Permission denied"
	run --separate-stderr as_nobody mqsend "$q" hi
	assert_failure 77
	assert_equal "$stderr" "mqsend: $q: message 1: Permission denied; 0 messages were sent"
	assert_equal "$(qnum "$q")" 0
}

@test "mqsend: a write-only queue takes messages from its writer" {
	require_root
	q=$(newq -m 622 0x500b)
	run --separate-stderr as_nobody mqsend "$q" hi
	assert_success
	run --separate-stderr as_nobody mqsend 0x500b hi
	assert_success
	assert_equal "$(qnum "$q")" 2
}

@test "mqsend: bad -t values, -0 with -a, framing options with operands exit 64" {
	q=$(newq)
	for v in "${MQ_BAD_NUMS[@]}" 0 -1 9223372036854775808; do
		run --separate-stderr mqsend -t "$v" "$q" hi
		assert_failure 64
		[[ $stderr == "mqsend: -t '$v': "* ]] || fail "-t '$v': $stderr"
	done
	run --separate-stderr mqsend -0 -a "$q"
	assert_failure 64
	assert_equal "$stderr" "mqsend: -0 and -a cannot be used together"
	run --separate-stderr mqsend -a "$q" hi
	assert_failure 64
	assert_equal "$stderr" "mqsend: -0 and -a split standard input; they take no message operands"
	run --separate-stderr mqsend
	assert_failure 64
	assert_equal "$stderr" "$(printf '%s\n%s' "mqsend: the queue to send to is missing" \
	    "usage: mqsend [-0 | -a | -B | -j | -S] [-ehnTV] [-t type] [-w seconds]
              object [message ...]")"
	run --separate-stderr mqsend -- '' hi
	assert_failure 64
	assert_equal "$stderr" "mqsend: '': empty"
	assert_equal "$(qnum "$q")" 0
}

@test "mqsend -h and -V" {
	run --separate-stderr synopsis mqsend
	assert_success
	assert_output "usage: mqsend [-0 | -a | -B | -j | -S] [-ehnTV] [-t type] [-w seconds]
              object [message ...]"
	run --separate-stderr mqsend -V
	assert_success
	assert_output --regexp '^mqsend \(ipctools\) [0-9.]+$'
}

@test "mqsend: what it sends, the textbook C peer receives" {
	newq -m 666 0x500c >/dev/null
	mqsend -t 7 0x500c "hello, peer"
	mqsend -t 2 0x500c two
	run textbook_mq recv 0x500c 7
	assert_output "7 hello, peer"
	run textbook_mq recv 0x500c 0
	assert_output "2 two"
}

@test "bash completion of mqsend: options, queues, then no guess at messages" {
	q=$(newq 0xcafe)
	run mq_complete mqsend -
	assert_output "$(printf '%s\n' -0 -a -B -e -h -j -n -S -T -t -V -w)"
	run mq_complete mqsend -t 3 0x0000ca
	assert_output "0x0000cafe"
	run mq_complete mqsend -e ''
	assert_line "$q"
	assert_line "0x0000cafe"
	run mq_complete mqsend "$q" ''
	assert_output ""
	: >"$BATS_TEST_TMPDIR/lockfile"
	run mq_complete mqsend "$BATS_TEST_TMPDIR/lock"
	assert_output "$BATS_TEST_TMPDIR/lockfile"
}

@test "mqsend -n: a retry on the same seekable stdin resumes after the last message sent" {
	local q d=$BATS_TEST_TMPDIR rounds=0 st
	q=$(newq)
	seq 1 20000 >"$d/all"
	: >"$d/got"
	{
		until st=0 && mqsend -n "$q" 2>"$d/err" || st=$?; [ "$st" -eq 0 ]; do
			assert_equal "$st" 75
			[[ $(cat "$d/err") == "mqsend: $q: the queue is full; "*" messages were sent" ]] ||
			    fail "$(cat "$d/err")"
			mqrecv -n "$q" >>"$d/got"
			rounds=$((rounds + 1))
			[ "$rounds" -lt 100 ] || fail "no progress"
		done
	} <"$d/all"
	mqrecv -n "$q" >>"$d/got"
	[ "$rounds" -gt 1 ]
	cmp "$d/all" "$d/got"
}

@test "mqsend -n: from a pipe, the 75 message says what read-ahead input is lost" {
	q=$(newq -b 10)
	run --separate-stderr bash -c 'printf "12345\n6789\nabc\ndef\n" | mqsend -n "$1"' sh "$q"
	assert_failure 75
	assert_equal "$stderr" "mqsend: $q: the queue is full; standard input cannot seek: the 8 bytes read ahead from message 3 on are lost to a retry; 2 messages were sent"
	assert_equal "$(qnum "$q")" 2
}

@test "mqsend -e on a queue too small for the mark sends nothing (65)" {
	q=$(newq -b 16)
	run --separate-stderr mqsend -e "$q" < <(printf 'a\nb\n')
	assert_failure 65
	assert_output ""
	assert_equal "$stderr" "mqsend: $q: the queue's limit is 16 (msg_qbytes), too small for the 24-byte end-of-stream mark; nothing was sent"
	assert_equal "$(qnum "$q")" 0
}

@test "mqsend: without /proc, msgmax still comes from the kernel (IPC_INFO)" {
	require_root
	q=$(newq)
	mq_sysctl msgmax 100
	unshare --mount true 2>/dev/null || skip "cannot make a mount namespace"
	run --separate-stderr unshare --mount sh -c \
	    'umount -l /proc && head -c 200 /dev/zero | mqsend -a "$1"' sh "$q"
	[ "$status" -ne 1 ] || skip "cannot run without /proc here: $stderr"
	assert_failure 65
	assert_equal "$stderr" "mqsend: $q: message 1 is 200 bytes; the queue's limit is 100 (msgmax); 0 messages were sent"
	assert_equal "$(qnum "$q")" 0
}

@test "mqsend -w: a queue full for that long exits 75 naming the time and the count" {
	q=$(newq -b 10 0x500e)
	run --separate-stderr mqsend -w 0.2 "$q" 12345 6789 abc
	assert_failure 75
	assert_output ""
	assert_equal "$stderr" "mqsend: $q: the queue stayed full for 0.2 seconds; 2 messages were sent"
	run peer_recv 0x500e 2
	assert_output "$(printf '1 %s\n1 %s' "$(hex 12345)" "$(hex 6789)")"
	# Room again: -w sends at once.
	run --separate-stderr mqsend -w 0.2 "$q" abc
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(qnum "$q")" 1
	# The end-of-stream mark waits as long, and says it was not sent.
	q=$(newq -b 24)
	mqsend "$q" 012345678901234567890123
	run --separate-stderr mqsend -e -w 1 "$q" </dev/null
	assert_failure 75
	assert_equal "$stderr" "mqsend: $q: the queue stayed full for 1 second; 0 messages were sent, the end-of-stream mark was not"
}

@test "mqsend -w sleeps in msgsnd and sends once room comes; -n beside it does not wait" {
	q=$(newq -b 10)
	mqsend "$q" 0123456789
	mqsend -w 60 "$q" more 2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	BG_PIDS+=("$pid")
	mq_blocked "$pid" do_msgsnd
	run --separate-stderr mqrecv -c 1 "$q"
	assert_output "0123456789"
	st=0
	wait "$pid" || st=$?
	BG_PIDS=()
	assert_equal "$st" 0
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" ""
	run --separate-stderr mqrecv -n "$q"
	assert_output "more"
	mqsend "$q" 0123456789
	run --separate-stderr mqsend -n -w 60 "$q" x
	assert_failure 75
	assert_equal "$stderr" "mqsend: $q: the queue is full; 0 messages were sent"
}

@test "mqsend -w: bad values exit 64 quoting them; removal during the wait is 66" {
	q=$(newq -b 10)
	for v in '' x 0 -1 0.0 1e3 .5 2000000 18446744073709551615 1s; do
		run --separate-stderr mqsend -w "$v" "$q" hi
		assert_failure 64
		[[ $stderr == "mqsend: -w '$v': "* ]] || fail "-w '$v': $stderr"
	done
	assert_equal "$(qnum "$q")" 0
	mqsend "$q" 0123456789
	mqsend -w 60 "$q" more 2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	BG_PIDS+=("$pid")
	mq_blocked "$pid" do_msgsnd
	mqrm "$q"
	st=0
	wait "$pid" || st=$?
	BG_PIDS=()
	assert_equal "$st" 66
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" "mqsend: $q: queue removed while waiting; 0 messages were sent"
}
