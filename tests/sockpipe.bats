#!/usr/bin/env bats
# sockpipe: options, operands and the faults of a connection.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load sock

teardown() {
	bg_cleanup
	ipc_cleanup
}

USAGE='usage: sockpipe [-046BbdFNnuv] [-I length] [-i interval] [-O length]
           [-p sourceport] [-q seconds] [-s source] [-W recvlimit]
           [-w seconds] [-X protocol] [-x [user@]proxy[:port]] host port
       sockpipe -l [-046Bbdknuv] [-I length] [-i interval] [-O length]
           [-P portfile] [-q seconds] [-W recvlimit] [-w seconds] [host] port
       sockpipe [-0Bkluv] [-P portfile] [-q seconds] [-w seconds] -U path
       sockpipe -c [-46klNv] [-C certfile] [-e name] [-H hash] [-K keyfile]
           [-P portfile] [-q seconds] [-R CAfile] [-s source] [-T keyword]
           [-w seconds] [-X protocol] [-x [user@]proxy[:port]] [host] port
       sockpipe -z [-46v] [-s source] [-w seconds] [-X protocol]
           [-x [user@]proxy[:port]] host port ...
       sockpipe -z [-v] [-w seconds] -U path'

@test "sockpipe -h prints the usage to standard output" {
	run --separate-stderr synopsis sockpipe
	assert_success
	assert_output "$USAGE"
	assert_equal "$stderr" ""
}

@test "sockpipe -V prints the version" {
	run --separate-stderr sockpipe -V
	assert_success
	assert_output --regexp '^sockpipe \(ipctools\) [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "a bad option or a wrong operand count prints the usage and exits 64" {
	for args in "-Z 127.0.0.1 1" "127.0.0.1" "127.0.0.1 1 2" "" \
	    "-l" "-l a b c" "-U /tmp/x extra" "-w"; do
		# shellcheck disable=SC2086
		run --separate-stderr sockpipe $args
		assert_failure 64
		assert_output ""
		assert_equal "$(tail -n "$(wc -l <<<"$USAGE")" <<<"$stderr")" \
		    "$USAGE"
	done
}

@test "bad ports exit 64 naming the port" {
	run --separate-stderr sockpipe 127.0.0.1 99999
	assert_failure 64
	assert_equal "$stderr" "sockpipe: port '99999': too large (1 to 65535)"
	run --separate-stderr sockpipe 127.0.0.1 http-ish
	assert_failure 64
	assert_equal "$stderr" "sockpipe: port 'http-ish': not a number (1 to 65535) or a known service"
	run --separate-stderr sockpipe 127.0.0.1 ''
	assert_failure 64
	assert_equal "$stderr" "sockpipe: port '': empty (1 to 65535)"
	run --separate-stderr sockpipe 127.0.0.1 0
	assert_failure 64
	assert_equal "$stderr" "sockpipe: port '0': too small (1 to 65535)"
	run --separate-stderr sockpipe -l 65536
	assert_failure 64
	assert_equal "$stderr" "sockpipe: port '65536': too large (0 to 65535)"
	run --separate-stderr sockpipe -l 18446744073709551615
	assert_failure 64
	assert_equal "$stderr" "sockpipe: port '18446744073709551615': too large (0 to 65535)"
	for p in -1 0x1ffffffff 4q +1; do
		run --separate-stderr sockpipe -l -- "$p"
		assert_failure 64
		assert_output ""
		assert_equal "$stderr" "sockpipe: port '$p': not a number (0 to 65535) or a known service"
	done
}

@test "a service name that getaddrinfo knows is a port" {
	grep -q '^echo[[:space:]]*7/tcp' /etc/services || skip "no echo in /etc/services"
	run --separate-stderr sockpipe -w 1 127.0.0.1 echo </dev/null
	# Nothing listens on port 7 here: refused, and named as port 7.
	assert_failure 69
	assert_equal "$stderr" "sockpipe: connect to 127.0.0.1 port 7: Connection refused"
}

@test "-w takes decimal seconds more than zero; anything else is 64" {
	for w in '' x -1 0 0.0 1e3 18446744073709551615 0x10 1000001; do
		run --separate-stderr sockpipe -w "$w" 127.0.0.1 1
		assert_failure 64
		assert_output ""
		assert_equal "${stderr%%:*}" "sockpipe"
		assert_regex "$stderr" "^sockpipe: -w '$w': "
	done
}

@test "options that exclude each other or need another exit 64" {
	run --separate-stderr sockpipe -4 -6 127.0.0.1 1
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -4 and -6 exclude each other"
	run --separate-stderr sockpipe -0 127.0.0.1 1
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -0 needs -u: records are datagrams"
	run --separate-stderr sockpipe -k 127.0.0.1 1
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -k needs -l"
	run --separate-stderr sockpipe -lku 0
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -k is for streams: a datagram listener already hears every peer"
	run --separate-stderr sockpipe -P "$BATS_TEST_TMPDIR/pf" 127.0.0.1 1
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -P needs -l"
	run --separate-stderr sockpipe -l -P '' 0
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -P '': empty"
	run --separate-stderr sockpipe -6 -U "$BATS_TEST_TMPDIR/s"
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -6 does not apply to -U"
	run --separate-stderr sockpipe -U ''
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -U '': empty"
	long=$(printf '/tmp/%0120d' 0)
	run --separate-stderr sockpipe -U "$long"
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -U '$long': longer than 107 bytes"
	[ ! -e "$long" ]
}

@test "bad addresses: the other family 64, an empty host 64" {
	run --separate-stderr sockpipe -4 ::1 1
	assert_failure 64
	assert_equal "$stderr" "sockpipe: host '::1': not an IPv4 address"
	run --separate-stderr sockpipe -6 -l 127.0.0.1 0
	assert_failure 64
	assert_equal "$stderr" "sockpipe: host '127.0.0.1': not an IPv6 address"
	run --separate-stderr sockpipe '' 1
	assert_failure 64
	assert_equal "$stderr" "sockpipe: host '': empty"
}

@test "an unknown host exits 68 naming it" {
	run --separate-stderr sockpipe nothere.invalid 80 </dev/null
	assert_failure 68
	assert_output ""
	assert_regex "$stderr" "^sockpipe: host 'nothere\.invalid': "
	run --separate-stderr sockpipe -l nothere.invalid 0 </dev/null
	assert_failure 68
	assert_regex "$stderr" "^sockpipe: host 'nothere\.invalid': "
}

@test "a refused connection exits 69" {
	pf=$BATS_TEST_TMPDIR/pf
	# A listener that served one client and left: its port is closed.
	sock_listen "$pf" 0 </dev/null >/dev/null
	port=$(<"$pf")
	sockpipe 127.0.0.1 "$port" </dev/null
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
	run --separate-stderr sockpipe 127.0.0.1 "$port" </dev/null
	assert_failure 69
	assert_output ""
	assert_equal "$stderr" "sockpipe: connect to 127.0.0.1 port $port: Connection refused"
}

@test "a reset connection exits 69" {
	pf=$BATS_TEST_TMPDIR/pf
	bg_start sock_peer reset "$pf"
	wait_file "$pf"
	run --separate-stderr sockpipe 127.0.0.1 "$(<"$pf")" </dev/zero
	assert_failure 69
	assert_output ""
	# Sending endless input, the reset is input left unsent.
	assert_regex "$stderr" "^sockpipe: 127\.0\.0\.1 port $(<"$pf"): (Connection reset by peer|the peer stopped reading)( after [0-9]+ bytes sent; input remained unsent)?$"
}

@test "a port in use exits 73" {
	pf=$BATS_TEST_TMPDIR/pf
	sock_listen "$pf" 0 </dev/null >/dev/null
	port=$(<"$pf")
	run --separate-stderr sockpipe -l "$port" </dev/null
	assert_failure 73
	assert_output ""
	assert_equal "$stderr" "sockpipe: listen on 127.0.0.1 port $port: Address already in use"
}

@test "-w: a listener with no client for that long exits 75" {
	run --separate-stderr sockpipe -l -w 0.2 0 </dev/null
	assert_failure 75
	assert_output ""
	assert_equal "$stderr" "sockpipe: no connection in 0.2 seconds"
}

@test "-w: a connection where nothing moves for that long exits 75" {
	pf=$BATS_TEST_TMPDIR/pf
	fifo=$BATS_TEST_TMPDIR/fifo
	mkfifo "$fifo"
	# Both standard inputs stay open and silent: a FIFO opened for
	# reading and writing never ends.
	sock_listen "$pf" 0 <>"$fifo" >/dev/null
	port=$(<"$pf")
	run --separate-stderr sockpipe -w 0.3 127.0.0.1 "$port" <>"$fifo"
	assert_failure 75
	assert_output ""
	assert_equal "$stderr" "sockpipe: 127.0.0.1 port $port: nothing moved for 0.3 seconds"
}

@test "-w: data that keeps moving is not idle" {
	pf=$BATS_TEST_TMPDIR/pf
	sock_listen "$pf" 0 </dev/null >"$BATS_TEST_TMPDIR/out"
	# Eight lines 0.1 s apart: 0.8 s in all, never 0.6 s of silence.
	run --separate-stderr sockpipe -w 0.6 127.0.0.1 "$(<"$pf")" \
	    < <(for i in 1 2 3 4 5 6 7 8; do echo "$i"; sleep 0.1; done)
	assert_success
	assert_equal "$stderr" ""
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" "$(seq 8)"
}

@test "-w: a connect that gets no answer exits 75" {
	sock_unanswered
	run --separate-stderr sockpipe -w 0.3 127.0.0.1 "$port" </dev/null
	assert_failure 75
	assert_output ""
	assert_equal "$stderr" "sockpipe: connect to 127.0.0.1 port $port: no answer in 0.3 seconds"
}

@test "a reader that leaves early ends sockpipe quietly with 0" {
	pf=$BATS_TEST_TMPDIR/pf
	sock_listen "$pf" 0 </dev/zero >/dev/null
	run --separate-stderr bash -c 'set -o pipefail
	    sockpipe 127.0.0.1 "$1" </dev/null | head -c 1 >/dev/null' _ "$(<"$pf")"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
}

@test "an unreadable standard input exits 74" {
	pf=$BATS_TEST_TMPDIR/pf
	sock_listen "$pf" 0 </dev/null >/dev/null
	run --separate-stderr sockpipe 127.0.0.1 "$(<"$pf")" <"$BATS_TEST_TMPDIR"
	assert_failure 74
	assert_output ""
	assert_equal "$stderr" "sockpipe: standard input: Is a directory"
}

@test "a full standard output exits 74" {
	[ -w /dev/full ] || skip "no /dev/full"
	pf=$BATS_TEST_TMPDIR/pf
	sock_listen "$pf" 0 < <(echo data) >/dev/null
	run --separate-stderr bash -c 'sockpipe 127.0.0.1 "$1" </dev/null >/dev/full' \
	    _ "$(<"$pf")"
	assert_failure 74
	assert_equal "$stderr" "sockpipe: standard output: No space left on device"
}

@test "closed standard input reads as empty; closed standard output is 74" {
	pf=$BATS_TEST_TMPDIR/pf
	sock_listen "$pf" 0 <<<'hello' >"$BATS_TEST_TMPDIR/out"
	run --separate-stderr bash -c 'sockpipe 127.0.0.1 "$1" <&- >&-' _ "$(<"$pf")"
	assert_failure 74
	assert_equal "$stderr" "sockpipe: standard output: Bad file descriptor"
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
	# Nothing of ours went to the socket: it was not on descriptor 0 or 1.
	assert_equal "$(wc -c <"$BATS_TEST_TMPDIR/out")" 0
}

@test "the -P file goes when the listener ends: at exit and on a signal, if still ours" {
	pf=$BATS_TEST_TMPDIR/pf
	sock_listen "$pf" 0 </dev/null >/dev/null
	printf hi | sockpipe 127.0.0.1 "$(cat "$pf")"
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
	[ ! -e "$pf" ] || fail "the port file outlived the listener"
	# On SIGTERM too.
	sock_listen "$pf" -k 0 </dev/null >/dev/null
	kill -TERM "$BG_PID"
	sock_wait "$BG_PID"
	[ ! -e "$pf" ] || fail "the port file outlived SIGTERM"
	# A file put in its place meanwhile is not ours: it stays.
	sock_listen "$pf" -k 0 </dev/null >/dev/null
	echo other >"$pf.new" && mv "$pf.new" "$pf"
	kill -TERM "$BG_PID"
	sock_wait "$BG_PID"
	assert_equal "$(cat "$pf")" other
}

@test "a signal ignored at start stays ignored (nohup, trap '' HUP)" {
	pf=$BATS_TEST_TMPDIR/pf
	bg_start sh -c "trap '' HUP; exec sockpipe -l -k -P '$pf' 0" </dev/null >/dev/null
	wait_file "$pf"
	kill -HUP "$BG_PID"
	# Still serving: a client gets through after the HUP.
	run --separate-stderr sh -c "printf x | sockpipe 127.0.0.1 $(cat "$pf")"
	assert_success
	kill -0 "$BG_PID" || fail "sockpipe died of an ignored SIGHUP"
	kill -TERM "$BG_PID"
	sock_wait "$BG_PID"
}

@test "a listener names a client that reset by the address accept(2) gave" {
	pf=$BATS_TEST_TMPDIR/pf
	sock_listen "$pf" 0 </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/err"
	cport=$(sock_peer connreset "$(cat "$pf")")
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 69
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" "sockpipe: 127.0.0.1 port $cport: Connection reset by peer"
}

# libtls is loaded for -c alone: a clear-text sockpipe never maps libtls,
# libssl or libcrypto (their loading was most of its start-up time and
# memory), and a TLS one does.
@test "clear text maps no libtls, libssl or libcrypto; -c loads them" {
	pf=$BATS_TEST_TMPDIR/pf
	sock_listen "$pf" -k 0 </dev/null >/dev/null
	run grep -E 'libtls|libssl|libcrypto' "/proc/$BG_PID/maps"
	assert_failure 1
	kill "$BG_PID"
	command -v openssl >/dev/null || skip "openssl is not installed"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$BATS_TEST_TMPDIR/k" -out "$BATS_TEST_TMPDIR/c" -days 1 \
	    -subj /CN=localhost 2>/dev/null
	rm -f "$pf"
	sock_listen "$pf" -k -c -C "$BATS_TEST_TMPDIR/c" -K "$BATS_TEST_TMPDIR/k" 0 \
	    </dev/null >/dev/null
	grep -q libtls "/proc/$BG_PID/maps"
	grep -q libcrypto "/proc/$BG_PID/maps"
}

# nc's other letters, with nc's meanings (ipctools(7)).

@test "sockpipe -p: the client connects from that source port" {
	local sp
	sp=$(free_port)
	sock_listen "$BATS_TEST_TMPDIR/pf" -v 0 </dev/null >/dev/null \
	    2>"$BATS_TEST_TMPDIR/err"
	run --separate-stderr sockpipe -p "$sp" 127.0.0.1 \
	    "$(<"$BATS_TEST_TMPDIR/pf")" </dev/null
	assert_success
	wait_until grep -q "accepted 127.0.0.1 port $sp\$" "$BATS_TEST_TMPDIR/err"
}

@test "sockpipe -n: numeric addresses only; a name is 64 and is not looked up" {
	run --separate-stderr sockpipe -n localhost 9 </dev/null
	assert_failure 64
	assert_equal "$stderr" "sockpipe: host 'localhost': not a numeric address, and -n looks up no name"
	sock_listen "$BATS_TEST_TMPDIR/pf" 0 </dev/null >"$BATS_TEST_TMPDIR/got"
	run --separate-stderr sockpipe -n 127.0.0.1 \
	    "$(<"$BATS_TEST_TMPDIR/pf")" <<<"numeric"
	assert_success
	sock_wait "$BG_PID"
	assert_equal "$(<"$BATS_TEST_TMPDIR/got")" numeric
}

@test "sockpipe -d: standard input is not read; the peer's bytes still come" {
	sock_listen "$BATS_TEST_TMPDIR/pf" 0 <<<"from the peer" \
	    >"$BATS_TEST_TMPDIR/got"
	run --separate-stderr timeout 10 sockpipe -d 127.0.0.1 \
	    "$(<"$BATS_TEST_TMPDIR/pf")" <<<"never sent"
	assert_success
	assert_output "from the peer"
	sock_wait "$BG_PID"
	assert_equal "$(stat -c %s "$BATS_TEST_TMPDIR/got")" 0
}

@test "sockpipe -I, -O set the buffers; -N is accepted; a transfer is whole" {
	randfile "$BATS_TEST_TMPDIR/up" 1048576
	sock_listen "$BATS_TEST_TMPDIR/pf" -I 65536 0 </dev/null \
	    >"$BATS_TEST_TMPDIR/got"
	# strace, when there is one, shows what the socket was asked.
	local tr=()
	command -v strace >/dev/null &&
	    tr=(strace -f -e trace=setsockopt -o "$BATS_TEST_TMPDIR/trace")
	"${tr[@]}" sockpipe -N -I 32768 -O 16384 127.0.0.1 \
	    "$(<"$BATS_TEST_TMPDIR/pf")" <"$BATS_TEST_TMPDIR/up"
	sock_wait "$BG_PID"
	cmp "$BATS_TEST_TMPDIR/up" "$BATS_TEST_TMPDIR/got"
	if [ ${#tr[@]} -gt 0 ]; then
		grep -q 'SO_RCVBUF, \[32768\]' "$BATS_TEST_TMPDIR/trace"
		grep -q 'SO_SNDBUF, \[16384\]' "$BATS_TEST_TMPDIR/trace"
	fi
}

@test "sockpipe -u -b: a datagram to the broadcast address, refused (77) without -b" {
	run --separate-stderr sockpipe -u 255.255.255.255 9 <<<"to all"
	assert_failure 77
	run --separate-stderr sockpipe -u -b 255.255.255.255 9 <<<"to all"
	assert_success
}

@test "sockpipe -u -W: a listener ends after that many datagrams" {
	sock_listen "$BATS_TEST_TMPDIR/pf" -u -W 2 0 </dev/null \
	    >"$BATS_TEST_TMPDIR/got"
	# The client may hear that the listener has gone (ICMP) before it
	# ends: 69 then is right, and not what this test is about.
	run sockpipe -u 127.0.0.1 "$(<"$BATS_TEST_TMPDIR/pf")" \
	    < <(printf 'one\ntwo\nthree\n')
	[ "$status" -eq 0 ] || [ "$status" -eq 69 ]
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
	assert_equal "$(cat "$BATS_TEST_TMPDIR/got")" "$(printf 'one\ntwo')"
}

@test "sockpipe -i: a pause between datagrams (-u) and between ports (-z)" {
	local t0 t1
	sock_listen "$BATS_TEST_TMPDIR/pf" -u -W 3 0 </dev/null >/dev/null
	t0=$(date +%s%N)
	printf 'a\nb\nc\n' | sockpipe -u -i 0.3 127.0.0.1 \
	    "$(<"$BATS_TEST_TMPDIR/pf")"
	t1=$(date +%s%N)
	[ $(((t1 - t0) / 1000000)) -ge 600 ]
	sock_listen "$BATS_TEST_TMPDIR/pf2" -k 0 </dev/null >/dev/null
	t0=$(date +%s%N)
	run --separate-stderr sockpipe -z -i 0.3 127.0.0.1 \
	    "$(<"$BATS_TEST_TMPDIR/pf2")" "$(<"$BATS_TEST_TMPDIR/pf2")"
	t1=$(date +%s%N)
	assert_success
	[ $(((t1 - t0) / 1000000)) -ge 300 ]
}
