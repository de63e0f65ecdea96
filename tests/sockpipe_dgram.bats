#!/usr/bin/env bats
# sockpipe -u: one line (or -0 record) is one datagram, one datagram is
# one line, over UDP and Unix-domain datagram sockets; nothing is cut.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load sock

setup() {
	d=$BATS_TEST_TMPDIR
	pf=$d/pf
}

teardown() {
	bg_cleanup
	ipc_cleanup
}

# wait_bytes file n: until file holds at least n bytes, or fail.
wait_bytes() {
	wait_until has_bytes "$1" "$2"
}

has_bytes() {
	[ -f "$1" ] && [ "$(wc -c <"$1")" -ge "$2" ]
}

@test "UDP: each line is one datagram, an empty line and a last partial line too" {
	bg_start sock_peer udprecv "$pf" 4 >"$d/got"
	wait_file "$pf"
	run --separate-stderr sockpipe -u 127.0.0.1 "$(<"$pf")" \
	    < <(printf 'a\nbb\n\nlast')
	assert_success
	assert_output ''
	assert_equal "$stderr" ""
	sock_wait "$BG_PID"
	assert_equal "$(cat "$d/got")" "$(printf '1:a\n2:bb\n0:\n4:last')"
}

@test "UDP: each datagram is one line; SIGTERM ends the listener with 0" {
	sock_listen "$pf" -u 0 </dev/null >"$d/out"
	port=$(<"$pf")
	printf 'hello world' | socat -u - "UDP-SENDTO:127.0.0.1:$port"
	sock_peer udpsend "$port" 20000
	wait_bytes "$d/out" 20013
	kill -TERM "$BG_PID"
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
	assert_equal "$(head -n 1 "$d/out")" 'hello world'
	assert_equal "$(sed -n 2p "$d/out")" "$(printf '%020000d' 0 | tr 0 x)"
	assert_equal "$(wc -l <"$d/out")" 2
}

@test "UDP: a 20000-byte line arrives as one whole datagram" {
	bg_start sock_peer udprecv "$pf" 1 >"$d/got"
	wait_file "$pf"
	run --separate-stderr sockpipe -u 127.0.0.1 "$(<"$pf")" \
	    < <(printf '%020000d\n' 0 | tr 0 x)
	assert_success
	sock_wait "$BG_PID"
	assert_equal "$(cat "$d/got")" "20000:$(printf '%020000d' 0 | tr 0 x)"
}

@test "UDP: a line too long for a datagram exits 65 naming it; nothing is cut" {
	bg_start sock_peer udprecv "$pf" 1 >"$d/got"
	wait_file "$pf"
	run --separate-stderr sockpipe -u 127.0.0.1 "$(<"$pf")" \
	    < <(echo ok; printf '%065508d\n' 0; echo never)
	assert_failure 65
	assert_output ''
	assert_equal "$stderr" "sockpipe: line 2 is 65508 bytes; a datagram holds at most 65507"
	sock_wait "$BG_PID"
	assert_equal "$(cat "$d/got")" '2:ok'
}

@test "UDP: the listener waits for a peer, then answers the one it heard last" {
	fifo=$d/fifo
	mkfifo "$fifo"
	exec 5<>"$fifo"
	sock_listen "$pf" -u 0 <"$fifo" >"$d/out"
	port=$(<"$pf")
	# Written before any peer is heard: it waits for the first one.
	echo 'to A' >&5
	bg_start sockpipe -u -w 1 127.0.0.1 "$port" <<<'from A' >"$d/a"
	a=$BG_PID
	wait_bytes "$d/a" 5
	bg_start sockpipe -u -w 1 127.0.0.1 "$port" <<<'from B' >"$d/b"
	b=$BG_PID
	wait_bytes "$d/out" 14
	echo 'to B' >&5
	sock_wait "$a"
	assert_equal "$SOCK_RC" 0
	sock_wait "$b"
	assert_equal "$SOCK_RC" 0
	exec 5>&-
	assert_equal "$(cat "$d/a")" 'to A'
	assert_equal "$(cat "$d/b")" 'to B'
	assert_equal "$(cat "$d/out")" "$(printf 'from A\nfrom B')"
}

@test "-0: NUL-terminated records both ways" {
	bg_start sock_peer udprecv "$pf" 2 >"$d/got"
	wait_file "$pf"
	run --separate-stderr sockpipe -u -0 127.0.0.1 "$(<"$pf")" \
	    < <(printf 'a\nb\0c\0')
	assert_success
	sock_wait "$BG_PID"
	assert_equal "$(cat "$d/got")" "$(printf '3:a\nb\n1:c')"

	rm "$pf"
	sock_listen "$pf" -u -0 0 </dev/null >"$d/out"
	printf 'x\ny' | socat -u - "UDP-SENDTO:127.0.0.1:$(<"$pf")"
	wait_bytes "$d/out" 4
	kill -TERM "$BG_PID"
	sock_wait "$BG_PID"
	assert_equal "$(od -An -c "$d/out" | tr -s ' ')" ' x \n y \0'
}

@test "UDP client: -w keeps printing replies, then ends 0 after that silence" {
	# A listener that answers two lines to one.
	sock_listen "$pf" -u 0 < <(printf 'r1\nr2\n') >/dev/null
	run --separate-stderr sockpipe -u -w 0.5 127.0.0.1 "$(<"$pf")" <<<'q'
	assert_success
	assert_output "$(printf 'r1\nr2')"
	assert_equal "$stderr" ""
}

@test "UDP: -w while standard input is still open and silent exits 75" {
	sock_listen "$pf" -u 0 </dev/null >/dev/null
	mkfifo "$d/fifo"
	run --separate-stderr sockpipe -u -w 0.3 127.0.0.1 "$(<"$pf")" <>"$d/fifo"
	assert_failure 75
	assert_output ''
	assert_equal "$stderr" "sockpipe: nothing moved for 0.3 seconds"
}

@test "UDP: -6 over ::1" {
	sock_have_ipv6 || skip "no ::1 here"
	sock_listen "$pf" -u -6 0 <<<'pong6' >"$d/out"
	run --separate-stderr sockpipe -u -6 -w 0.5 ::1 "$(<"$pf")" <<<'ping6'
	assert_success
	assert_output 'pong6'
	assert_equal "$(cat "$d/out")" 'ping6'
}

@test "Unix datagrams: both ways; the socket file goes with SIGTERM, status 0" {
	sock_listen "$pf" -u -U "$d/s" <<<'pong' >"$d/out"
	assert_equal "$(stat -c %A "$d/s")" 'srw-------'
	run --separate-stderr sockpipe -u -w 0.5 -U "$d/s" <<<'ping'
	assert_success
	assert_output 'pong'
	assert_equal "$stderr" ""
	wait_bytes "$d/out" 5
	assert_equal "$(cat "$d/out")" 'ping'
	kill -TERM "$BG_PID"
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
	[ ! -e "$d/s" ]
}

@test "Unix datagrams: one too large to take exits 65; one of 65536 is whole" {
	sock_listen "$pf" -u -U "$d/s" </dev/null >"$d/out" 2>"$d/err"
	sock_peer unixsend "$d/s" 65536
	wait_bytes "$d/out" 65537
	sock_peer unixsend "$d/s" 70000
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 65
	assert_equal "$(cat "$d/err")" "sockpipe: a datagram of 70000 bytes from an unbound Unix socket is more than the 65536 bytes taken"
	assert_equal "$(wc -c <"$d/out")" 65537
	[ ! -e "$d/s" ]
}

@test "Unix datagrams: a client with no listener exits 69" {
	run --separate-stderr sockpipe -u -U "$d/none" <<<'x'
	assert_failure 69
	assert_equal "$stderr" "sockpipe: connect to $d/none: No such file or directory"
}

@test "UDP client: a port where nobody listens is refused, 69" {
	# A listener that was there and left: the port answers ICMP.
	sock_listen "$pf" -u 0 </dev/null >/dev/null
	port=$(<"$pf")
	kill -TERM "$BG_PID"
	sock_wait "$BG_PID"
	run --separate-stderr sockpipe -u -w 2 127.0.0.1 "$port" <<<'anyone?'
	assert_failure 69
	assert_output ''
	assert_equal "$stderr" "sockpipe: 127.0.0.1 port $port: Connection refused"
}

@test "-B: a queue's binary messages cross as datagrams, each whole" {
	need mqnew mqsend mqrecv
	q=$(newq)
	q2=$(newq)
	printf 'two\nlines' | mqsend -a "$q"
	printf 'nul\0inside' | mqsend -a "$q"
	mqsend "$q" ''
	bg_start sockpipe -u -B -l -P "$pf" 0 </dev/null >"$d/got"
	wait_file "$pf"
	mqrecv -B -n "$q" | sockpipe -u -B 127.0.0.1 "$(<"$pf")" >/dev/null
	# 8 bytes of header, then 12 a record and the bodies: 9 + 10 + 0.
	wait_bytes "$d/got" $((8 + 3 * 12 + 9 + 10))
	kill "$BG_PID"
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
	mqsend -B "$q2" <"$d/got"
	run mqrecv -n -0 "$q2"
	assert_output "$(printf 'two\nlines\0nul\0inside\0')"
	assert_equal "$(qnum "$q2")" 0
}

@test "-B: a listener that hears nothing still writes a whole stream" {
	bg_start sockpipe -u -B -l -P "$pf" 0 </dev/null >"$d/got"
	wait_file "$pf"
	wait_bytes "$d/got" 8
	kill "$BG_PID"
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
	assert_equal "$(od -An -tx1 "$d/got" | tr -d ' \n')" 894950434d510001
}

@test "-B: a record longer than a datagram holds is 65, nothing sent" {
	bg_start sock_peer udprecv "$pf" 1 >"$d/got"
	wait_file "$pf"
	run --separate-stderr sockpipe -u -B 127.0.0.1 "$(<"$pf")" < <(
	    printf '\211IPCMQ\0\1\0\0\0\0\0\0\0\1\0\1\21\160')
	assert_failure 65
	assert_equal "$stderr" "sockpipe: record 1 is 70000 bytes; a datagram holds at most 65507"
	assert_equal "$(cat "$d/got")" ""
}

@test "-B: input that is not a -B stream is 65, nothing sent" {
	run --separate-stderr sockpipe -u -B 127.0.0.1 9 <<<'text'
	assert_failure 65
	assert_equal "$stderr" "sockpipe: standard input, at record 1, does not begin with the header of -B records"
	run --separate-stderr sockpipe -u -B 127.0.0.1 9 < <(printf '\211IPCMQ\0\2')
	assert_failure 65
	assert_regex "$stderr" "version of -B records not known here$"
	run --separate-stderr sockpipe -u -B 127.0.0.1 9 < <(printf '\211IPCMQ\0\1\0\0')
	assert_failure 65
	assert_regex "$stderr" "ends inside a header or record$"
	# Empty input is no stream either, as for mqsend -B; a listener's
	# empty input only means it receives (the test above).
	run --separate-stderr sockpipe -u -B 127.0.0.1 9 </dev/null
	assert_failure 65
	assert_equal "$stderr" "sockpipe: standard input: empty, not a stream of -B records (mqrecv -B writes them)"
}

@test "-B needs -u, and excludes -0" {
	run --separate-stderr sockpipe -B 127.0.0.1 9 </dev/null
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -B needs -u: records are datagrams"
	run --separate-stderr sockpipe -u -0 -B 127.0.0.1 9 </dev/null
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -0 and -B exclude each other"
}
