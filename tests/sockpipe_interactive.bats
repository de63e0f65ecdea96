#!/usr/bin/env bats
# sockpipe in interactive use, the way people meet it: a reader already
# blocked in read(2) before the first byte arrives, the session still open
# (standard input not ended), question and answer going back and forth,
# and a real ssh with sockpipe as its ProxyCommand against a real sshd.
# A test that only reads late, or closes its input first, proves nothing
# here: the bytes would come out at the end of the connection anyway.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load sock
load ssh

setup_file() {
	local d=$BATS_FILE_TMPDIR
	command -v openssl >/dev/null || return 0
	# One self-signed certificate for localhost and 127.0.0.1: the
	# listener's, and the client's -R.
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$d/key.pem" -out "$d/cert.pem" -days 2 -subj /CN=localhost \
	    -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' 2>/dev/null
	chmod 600 "$d/key.pem"
}

setup() {
	need sockpipe
	d=$BATS_TEST_TMPDIR
	D=$BATS_FILE_TMPDIR
	# What sockpipe writes goes to a FIFO; what the peer sends, and
	# sockpipe's own input, come from FIFOs the test holds open, so
	# that no side sees an end of input.
	mkfifo "$d/out" "$d/feed" "$d/in"
	exec {FEED}<>"$d/feed" {IN}<>"$d/in"
}

teardown() {
	bg_cleanup
	exec {FEED}>&- {IN}>&-
}

# reader_start: head -n 1 on the FIFO sockpipe writes to, blocked in
# read(2) before anything arrives; its line goes to $d/got.
reader_start() {
	head -n 1 "$d/out" >"$d/got" 3>&- &
	RD=$!
	BG_PIDS+=("$RD")
}

# reader_gets LINE: the waiting reader is woken and gets LINE, while the
# session stays open (sockpipe is still running).  The peer's line is sent
# only once the reader waits in read(2).
reader_gets() {
	wait_until sock_in_read "$RD"
	printf '%s\n' "$1" >&"$FEED"
	if ! wait_until reader_gone; then
		echo "the reader, blocked in read(2), never got the line" >&2
		return 1
	fi
	assert_equal "$(cat "$d/got")" "$1"
	kill -0 "$SP"
}

reader_gone() {
	! kill -0 "$RD" 2>/dev/null
}

@test "TCP client: a reader already waiting gets the server's banner while the session is open" {
	bg_start nc -l 127.0.0.1 0 <"$d/feed" >/dev/null
	port=$(sock_port_of "$BG_PID" tcp)
	reader_start
	bg_start sockpipe 127.0.0.1 "$port" <"$d/in" >"$d/out"
	SP=$BG_PID
	wait_until sock_established "$port"
	reader_gets 'SSH-2.0-banner'
}

@test "Unix client: a reader already waiting gets the server's banner" {
	bg_start nc -l -U "$d/sock" <"$d/feed" >/dev/null
	wait_until test -S "$d/sock"
	reader_start
	bg_start sockpipe -U "$d/sock" <"$d/in" >"$d/out"
	SP=$BG_PID
	wait_until test -n "$(ss -Hx state connected src "$d/sock")"
	reader_gets '220 ready'
}

@test "abstract client: a reader already waiting gets the server's banner" {
	bg_start socat "ABSTRACT-LISTEN:ipct-int-$$" STDIO <"$d/feed" >/dev/null
	wait_until test -n "$(ss -Hxl | grep "@ipct-int-$$")"
	reader_start
	bg_start sockpipe -U "@ipct-int-$$" <"$d/in" >"$d/out"
	SP=$BG_PID
	wait_until test -n "$(ss -Hxp state connected | grep "pid=$SP,")"
	reader_gets 'hello abstract'
}

@test "listener (-l and -k): a reader already waiting gets the client's first line" {
	local k
	for k in -l -k; do
		rm -f "$d/pf"
		reader_start
		[ "$k" = -k ] && k="-l -k"
		# shellcheck disable=SC2086
		bg_start sockpipe $k -P "$d/pf" 0 <"$d/in" >"$d/out"
		SP=$BG_PID
		wait_file "$d/pf"
		bg_start nc 127.0.0.1 "$(<"$d/pf")" <"$d/feed" >/dev/null
		wait_until sock_established "$(<"$d/pf")"
		reader_gets "client talks first ($k)"
		bg_cleanup
	done
}

@test "TLS client: a reader already waiting gets the server's first line" {
	command -v openssl >/dev/null || skip "openssl is not installed"
	port=$(free_port)
	bg_start openssl s_server -quiet -accept "127.0.0.1:$port" \
	    -cert "$D/cert.pem" -key "$D/key.pem" -naccept 1 \
	    <"$d/feed" >/dev/null 2>&1
	wait_until sock_established_listen "$port"
	reader_start
	bg_start sockpipe -c -R "$D/cert.pem" localhost "$port" <"$d/in" >"$d/out"
	SP=$BG_PID
	wait_until sock_established "$port"
	reader_gets 'tls banner'
}

@test "TLS listener: a reader already waiting gets the client's first line" {
	command -v openssl >/dev/null || skip "openssl is not installed"
	reader_start
	bg_start sockpipe -l -c -C "$D/cert.pem" -K "$D/key.pem" -P "$d/pf" 0 \
	    <"$d/in" >"$d/out"
	SP=$BG_PID
	wait_file "$d/pf"
	bg_start openssl s_client -quiet -connect "127.0.0.1:$(<"$d/pf")" \
	    -CAfile "$D/cert.pem" <"$d/feed" >/dev/null 2>&1
	wait_until sock_established "$(<"$d/pf")"
	reader_gets 'tls client first'
}

# A line-by-line session, as a coprocess drives one: the server greets,
# then answers each question; each read is a head -n 1 blocked in read(2)
# until its answer comes.  Then our input ends, the server ends, exit 0.
@test "a coprocess session: banner, three questions and answers, then close" {
	command -v socat >/dev/null || skip "socat is not installed"
	local q r w
	port=$(free_port)
	# shellcheck disable=SC2016
	bg_start socat "TCP-LISTEN:$port,bind=127.0.0.1" \
	    SYSTEM:'echo banner; while read -r l; do echo "re: $l"; done' \
	    </dev/null
	wait_until sock_established_listen "$port"
	mkfifo "$d/cin" "$d/cout"
	sockpipe 127.0.0.1 "$port" <"$d/cin" >"$d/cout" 2>"$d/err" 3>&- &
	SP=$!
	BG_PIDS+=("$SP")
	exec {w}>"$d/cin" {r}<"$d/cout"
	run timeout 5 head -n 1 <&"$r"
	assert_output banner
	for q in one two three; do
		printf '%s\n' "$q" >&"$w"
		run timeout 5 head -n 1 <&"$r"
		assert_output "re: $q"
	done
	exec {w}>&-
	sock_wait "$SP"
	exec {r}<&-
	assert_equal "$SOCK_RC" 0
	assert_equal "$(cat "$d/err")" ""
}

@test "ssh with ProxyCommand sockpipe %h %p runs a remote command, three times in a row" {
	local n
	ssh_start
	for n in 1 2 3; do
		run --separate-stderr ssh_run -o 'ProxyCommand sockpipe %h %p' \
		    127.0.0.1 echo "run $n"
		assert_success
		assert_output "run $n"
	done
}

@test "ssh with ProxyCommand sockpipe: 16 MiB each way, checksummed" {
	local sum
	ssh_start
	randfile "$d/up" 16777216
	sum=$(sha256sum <"$d/up")
	run --separate-stderr ssh_run -o 'ProxyCommand sockpipe %h %p' \
	    127.0.0.1 sha256sum <"$d/up"
	assert_success
	assert_output "$sum"
	ssh_run -o 'ProxyCommand sockpipe %h %p' 127.0.0.1 cat "$d/up" \
	    </dev/null >"$d/down"
	cmp "$d/up" "$d/down"
}
