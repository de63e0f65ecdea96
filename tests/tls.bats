#!/usr/bin/env bats
# sockpipe -c: TLS through libtls, against openssl s_server and s_client,
# socat's OPENSSL addresses and itself.  Certificates are made here, for
# this file, with openssl req and x509 (an expired one under faketime).

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load sock

setup_file() {
	local d=$BATS_FILE_TMPDIR
	command -v openssl >/dev/null || return 0
	cd "$d" || return 1
	key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -out "$1" 2>/dev/null && chmod 600 "$1"; }
	# A CA, a server certificate for localhost and 127.0.0.1 it signs,
	# a client certificate it signs, an expired one, and a stranger CA.
	key ca.key
	openssl req -x509 -key ca.key -out ca.pem -days 2 -subj /CN=ipctools-test-CA
	key other.key
	openssl req -x509 -key other.key -out other.pem -days 2 -subj /CN=other-CA
	printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >srv.ext
	key srv.key
	openssl req -new -key srv.key -out srv.csr -subj /CN=localhost
	openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
	    -out srv.pem -days 2 -extfile srv.ext 2>/dev/null
	key cli.key
	openssl req -new -key cli.key -out cli.csr -subj /CN=client
	openssl x509 -req -in cli.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
	    -out cli.pem -days 2 2>/dev/null
	if command -v faketime >/dev/null; then
		key old.key
		openssl req -new -key old.key -out old.csr -subj /CN=localhost
		faketime -f -10d openssl x509 -req -in old.csr -CA ca.pem \
		    -CAkey ca.key -CAcreateserial -out old.pem -days 1 \
		    -extfile srv.ext 2>/dev/null
	fi
	openssl x509 -in srv.pem -outform der | sha256sum |
	    awk '{ print "SHA256:" $1 }' >srv.hash
}

setup() {
	need sockpipe
	command -v openssl >/dev/null || skip "openssl is not installed"
	D=$BATS_FILE_TMPDIR
}

teardown() {
	bg_cleanup
}

# tls_listen PORTFILE [options]: a sockpipe TLS listener with the server
# certificate on 127.0.0.1, its port in $port.
tls_listen() {
	local pf=$1
	shift
	sock_listen "$pf" -c -C "$D/srv.pem" -K "$D/srv.key" "$@" 127.0.0.1 0
	port=$(<"$pf")
}

@test "client to openssl s_server: what we send arrives, with the CA of -R and the name of the host" {
	local p
	p=$(free_port)
	sleep 5 | openssl s_server -quiet -accept "127.0.0.1:$p" -cert "$D/srv.pem" \
	    -key "$D/srv.key" -naccept 1 >"$BATS_TEST_TMPDIR/got" 2>/dev/null &
	BG_PIDS+=($!)
	wait_until sock_established_listen "$p"
	run --separate-stderr sockpipe -c -v -R "$D/ca.pem" localhost "$p" < <(printf 'hello over tls\n')
	assert_success
	assert_equal "$(sed -n 2p <<<"$stderr")" "sockpipe: localhost port $p: TLSv1.3, TLS_AES_256_GCM_SHA384, certificate $(<"$D/srv.hash")"
	wait_until grep -q 'hello over tls' "$BATS_TEST_TMPDIR/got"
}

@test "openssl s_client to a sockpipe listener: both ways, the reply after the client's input ended included" {
	tls_listen "$BATS_TEST_TMPDIR/pf" <<<"from the listener" >"$BATS_TEST_TMPDIR/srv.out"
	(printf 'from s_client\n'; sleep 1) | openssl s_client -quiet -verify_return_error \
	    -CAfile "$D/ca.pem" -connect "127.0.0.1:$port" -servername localhost \
	    >"$BATS_TEST_TMPDIR/cli.out" 2>/dev/null
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
	assert_equal "$(cat "$BATS_TEST_TMPDIR/srv.out")" "from s_client"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/cli.out")" "from the listener"
}

@test "sockpipe to sockpipe: 64 MiB each way, checksummed; close_notify ends each half" {
	randfile "$BATS_TEST_TMPDIR/a" 67108864
	randfile "$BATS_TEST_TMPDIR/b" 67108864
	tls_listen "$BATS_TEST_TMPDIR/pf" <"$BATS_TEST_TMPDIR/a" >"$BATS_TEST_TMPDIR/a.got"
	sockpipe -c -R "$D/ca.pem" localhost "$port" <"$BATS_TEST_TMPDIR/b" \
	    >"$BATS_TEST_TMPDIR/b.got" 2>"$BATS_TEST_TMPDIR/err"
	run cat "$BATS_TEST_TMPDIR/err"
	assert_output ""
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
	cmp "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b.got"
	cmp "$BATS_TEST_TMPDIR/b" "$BATS_TEST_TMPDIR/a.got"
}

@test "the listener's late reply, sent after the client's input ended, still arrives" {
	tls_listen "$BATS_TEST_TMPDIR/pf" < <(sleep 1; echo late) >"$BATS_TEST_TMPDIR/srv.out"
	run --separate-stderr sockpipe -c -R "$D/ca.pem" 127.0.0.1 "$port" < <(echo early)
	assert_success
	assert_output late
	sock_wait "$BG_PID"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/srv.out")" early
}

@test "socat OPENSSL-LISTEN and OPENSSL: sockpipe sends to one and takes from the other" {
	command -v socat >/dev/null || skip "socat is not installed"
	local p
	p=$(free_port)
	randfile "$BATS_TEST_TMPDIR/a" 4194304
	socat -u "OPENSSL-LISTEN:$p,bind=127.0.0.1,cert=$D/srv.pem,key=$D/srv.key,verify=0" \
	    "CREATE:$BATS_TEST_TMPDIR/a.got" &
	BG_PIDS+=($!)
	wait_until sock_established_listen "$p"
	run --separate-stderr sockpipe -c -R "$D/ca.pem" localhost "$p" <"$BATS_TEST_TMPDIR/a"
	assert_success
	wait_until cmp -s "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/a.got"
	tls_listen "$BATS_TEST_TMPDIR/pf" <"$BATS_TEST_TMPDIR/a" >/dev/null
	socat -u "OPENSSL:127.0.0.1:$port,cafile=$D/ca.pem,commonname=localhost" \
	    "CREATE:$BATS_TEST_TMPDIR/b.got"
	cmp "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b.got"
}

# ncat --ssl ends a connection without close_notify, and may end it with
# data unread or unsent (found here: --send-only exits 0 having delivered
# part of its input, --recv-only keeps part of what came).  sockpipe
# cannot tell such an end from a cut, and must say so (69), never exit 0;
# what did cross is a prefix of what was sent.
@test "ncat --ssl, which ends without close_notify: sockpipe says what came may be cut short (69), both ways" {
	command -v ncat >/dev/null || skip "ncat is not installed"
	local p
	p=$(free_port)
	randfile "$BATS_TEST_TMPDIR/a" 4194304
	ncat -l --ssl --ssl-cert "$D/srv.pem" --ssl-key "$D/srv.key" --recv-only \
	    127.0.0.1 "$p" >"$BATS_TEST_TMPDIR/a.got" &
	BG_PIDS+=($!)
	wait_until sock_established_listen "$p"
	run --separate-stderr sockpipe -c -R "$D/ca.pem" localhost "$p" <"$BATS_TEST_TMPDIR/a"
	assert_failure 69
	[[ $stderr == "sockpipe: localhost port $p: TLS: "*": the connection ended without the peer's close_notify, so what came may be cut short" ]]
	wait "${BG_PIDS[-1]}" || true
	cmp -n "$(stat -c %s "$BATS_TEST_TMPDIR/a.got")" "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/a.got"
	# ncat sending: whatever came is a prefix of what it sent, and the
	# status is 69, never 0.
	tls_listen "$BATS_TEST_TMPDIR/pf" </dev/null >"$BATS_TEST_TMPDIR/b.got" 2>"$BATS_TEST_TMPDIR/err"
	ncat --ssl --ssl-verify --ssl-trustfile "$D/ca.pem" --send-only localhost "$port" \
	    <"$BATS_TEST_TMPDIR/a"
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 69
	run cat "$BATS_TEST_TMPDIR/err"
	assert_output --partial "the connection ended without the peer's close_notify, so what came may be cut short"
	cmp -n "$(stat -c %s "$BATS_TEST_TMPDIR/b.got")" "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b.got"
}

@test "-w bounds the handshake: a peer that never answers in TLS is 75, both sides; -k goes on" {
	# A clear-text listener that keeps its side open: it takes our
	# ClientHello as data and never answers.
	sock_listen "$BATS_TEST_TMPDIR/pf" 127.0.0.1 0 < <(sleep 10) >/dev/null
	run --separate-stderr sockpipe -c -w 0.5 -R "$D/ca.pem" localhost "$(<"$BATS_TEST_TMPDIR/pf")" </dev/null
	assert_failure 75
	assert_equal "$stderr" "sockpipe: localhost port $(<"$BATS_TEST_TMPDIR/pf"): TLS handshake: no answer in 0.5 seconds"
	# A TLS listener and a clear client that says nothing: the listener
	# gives that client up and serves the next one.
	tls_listen "$BATS_TEST_TMPDIR/pf2" -k -w 2 <<<"served" >/dev/null 2>"$BATS_TEST_TMPDIR/err"
	sleep 5 | sockpipe 127.0.0.1 "$port" >/dev/null &
	BG_PIDS+=($!)
	wait_until grep -q "TLS handshake: no answer in 2 seconds" "$BATS_TEST_TMPDIR/err"
	run --separate-stderr sockpipe -c -R "$D/ca.pem" localhost "$port" </dev/null
	assert_success
	assert_output served
}

@test "verification: an unknown CA, a wrong name and an expired certificate are 76 with libtls's reason" {
	tls_listen "$BATS_TEST_TMPDIR/pf" -k </dev/null >/dev/null
	run --separate-stderr sockpipe -c -R "$D/other.pem" localhost "$port" </dev/null
	assert_failure 76
	assert_equal "$stderr" "sockpipe: localhost port $port: TLS handshake: certificate verification failed: unable to get local issuer certificate (to trust this peer: -R CAfile, the CA that signed it; -T noverify -H hash, its certificate, whose hash -v shows; or -T noverify)"
	run --separate-stderr sockpipe -c localhost "$port" </dev/null
	assert_failure 76
	assert_equal "${stderr##*(}" "to trust this peer: -R CAfile, the CA that signed it; -T noverify -H hash, its certificate, whose hash -v shows; or -T noverify)"
	run --separate-stderr sockpipe -c -R "$D/ca.pem" -e elsewhere.example localhost "$port" </dev/null
	assert_failure 76
	assert_equal "$stderr" "sockpipe: localhost port $port: TLS handshake: name \`elsewhere.example' not present in server certificate (-e names what it must hold; -T noname skips the name)"
	[ -e "$D/old.pem" ] || skip "faketime is not installed"
	sock_listen "$BATS_TEST_TMPDIR/pf2" -c -C "$D/old.pem" -K "$D/old.key" 127.0.0.1 0 </dev/null >/dev/null
	run --separate-stderr sockpipe -c -R "$D/ca.pem" localhost "$(<"$BATS_TEST_TMPDIR/pf2")" </dev/null
	assert_failure 76
	[[ $stderr == *"certificate has expired"* ]]
}

@test "-T noverify and noname loosen; -H pins the certificate: right hash connects, wrong is 76" {
	tls_listen "$BATS_TEST_TMPDIR/pf" -k <<<"hi" >/dev/null
	run --separate-stderr sockpipe -c -T noverify localhost "$port" </dev/null
	assert_success
	assert_output hi
	run --separate-stderr sockpipe -c -R "$D/ca.pem" -T noname -e wrong.example localhost "$port" </dev/null
	assert_success
	run --separate-stderr sockpipe -c -T noverify -H "$(<"$D/srv.hash")" localhost "$port" </dev/null
	assert_success
	local wrong=SHA256:0000000000000000000000000000000000000000000000000000000000000000
	run --separate-stderr sockpipe -c -T noverify -H "$wrong" localhost "$port" </dev/null
	assert_failure 76
	assert_equal "$stderr" "sockpipe: localhost port $port: TLS: the peer's certificate is $(<"$D/srv.hash"), not -H $wrong"
}

@test "-T clientcert: a client without a certificate is refused (76 both sides); -k serves the next, valid one" {
	tls_listen "$BATS_TEST_TMPDIR/pf" -k -R "$D/ca.pem" -T clientcert </dev/null \
	    >"$BATS_TEST_TMPDIR/srv.out" 2>"$BATS_TEST_TMPDIR/srv.err"
	run --separate-stderr sockpipe -c -R "$D/ca.pem" localhost "$port" <<<"no cert"
	assert_failure 76
	[[ $stderr == *"alert certificate required"* ]]
	run --separate-stderr sockpipe -c -R "$D/ca.pem" -C "$D/cli.pem" -K "$D/cli.key" localhost "$port" <<<"with cert"
	assert_success
	wait_until grep -q 'with cert' "$BATS_TEST_TMPDIR/srv.out"
	run grep -c 'TLS handshake' "$BATS_TEST_TMPDIR/srv.err"
	assert_output 1
	run grep -c 'no cert' "$BATS_TEST_TMPDIR/srv.out"
	assert_output 0
}

@test "a peer killed mid-stream, with no close_notify, is 69 and said; a clean close is 0" {
	(printf 'part\n'; sleep 30) | sockpipe -c -l -P "$BATS_TEST_TMPDIR/pf" -C "$D/srv.pem" \
	    -K "$D/srv.key" 127.0.0.1 0 >/dev/null &
	BG_PIDS+=($!)
	wait_file "$BATS_TEST_TMPDIR/pf"
	port=$(<"$BATS_TEST_TMPDIR/pf")
	sleep 30 | sockpipe -c -R "$D/ca.pem" localhost "$port" >"$BATS_TEST_TMPDIR/got" \
	    2>"$BATS_TEST_TMPDIR/err" &
	local cli=$!
	BG_PIDS+=("$cli")
	wait_until grep -q part "$BATS_TEST_TMPDIR/got"
	pkill -KILL -f "sockpipe -c -l -P $BATS_TEST_TMPDIR/pf"
	sock_wait "$cli"
	assert_equal "$SOCK_RC" 69
	run cat "$BATS_TEST_TMPDIR/err"
	assert_output "sockpipe: localhost port $port: TLS: read failed: error:0A000126:SSL routines::unexpected eof while reading: the connection ended without the peer's close_notify, so what came may be cut short"
}

@test "bad input: TLS options without -c, -c with -u, -U or -z, a listener without -C/-K: 64" {
	local o
	for o in "-C $D/srv.pem" "-K $D/srv.key" "-R $D/ca.pem" "-e x" "-T noverify" "-H $(<"$D/srv.hash")"; do
		run --separate-stderr sockpipe $o 127.0.0.1 9
		assert_failure 64
		[[ $stderr == "sockpipe: ${o%% *} is a TLS option: it needs -c" ]]
	done
	run --separate-stderr sockpipe -c -u 127.0.0.1 9
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -c needs a TCP stream: not with -u"
	run --separate-stderr sockpipe -c -U /tmp/x
	assert_failure 64
	run --separate-stderr sockpipe -c -l 127.0.0.1 0
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -c -l: a TLS listener needs its certificate and key: -C certfile -K keyfile"
	run --separate-stderr sockpipe -c -l -C "$D/srv.pem" 127.0.0.1 0
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -c -l: a TLS listener needs its certificate and key: -K keyfile"
	run --separate-stderr sockpipe -c -T clientcert 127.0.0.1 9
	assert_failure 64
}

@test "bad input: missing and unreadable files (66, 77), a malformed -H, an unknown -T, a key of another certificate" {
	run --separate-stderr sockpipe -c -R /nonexistent/ca.pem 127.0.0.1 9
	assert_failure 66
	assert_equal "$stderr" "sockpipe: -R '/nonexistent/ca.pem': No such file or directory"
	run --separate-stderr sockpipe -c -l -C "$D/srv.pem" -K /nonexistent/k 127.0.0.1 0
	assert_failure 66
	require_root
	local open
	open=$(mktemp -d)
	chmod 755 "$open"
	cp "$D/srv.pem" "$D/srv.key" "$open"
	chmod 644 "$open/srv.pem"
	run --separate-stderr as_nobody sockpipe -c -l -C "$open/srv.pem" -K "$open/srv.key" 127.0.0.1 0
	rm -r "$open"
	assert_failure 77
	assert_equal "$stderr" "sockpipe: -K '$open/srv.key': Permission denied"
	local h
	for h in '' SHA256: SHA256:xyz "SHA1:$(printf '0%.0s' {1..64})" "SHA256:$(printf 'g%.0s' {1..64})"; do
		run --separate-stderr sockpipe -c -H "$h" 127.0.0.1 9
		assert_failure 64
		assert_equal "$stderr" "sockpipe: -H '$h': not a certificate hash, SHA256: and 64 hex digits"
	done
	run --separate-stderr sockpipe -c -T nosuch 127.0.0.1 9
	assert_failure 64
	run --separate-stderr sockpipe -c -T protocols=tlsv9 127.0.0.1 9
	assert_failure 64
	run --separate-stderr sockpipe -c -l -C "$D/srv.pem" -K "$D/cli.key" 127.0.0.1 0 </dev/null
	assert_failure 64
	[[ $stderr == *"-C '$D/srv.pem' -K '$D/cli.key': "* ]]
	# A client's files are tried before it connects: the listener, which
	# would report a failed handshake, hears from none of them.
	tls_listen "$BATS_TEST_TMPDIR/pf" -k </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/lerr"
	head -c 100 /dev/urandom >"$BATS_TEST_TMPDIR/junk"
	chmod 600 "$BATS_TEST_TMPDIR/junk"
	run --separate-stderr sockpipe -c -R /etc/passwd localhost "$port" </dev/null
	assert_failure 64
	[[ $stderr == "sockpipe: -R '/etc/passwd': "* ]]
	run --separate-stderr sockpipe -c -C "$BATS_TEST_TMPDIR/junk" -K "$D/cli.key" localhost "$port" </dev/null
	assert_failure 64
	[[ $stderr == "sockpipe: -C '$BATS_TEST_TMPDIR/junk': "*"no start line" ]]
	run --separate-stderr sockpipe -c -C "$D/cli.pem" -K "$BATS_TEST_TMPDIR/junk" localhost "$port" </dev/null
	assert_failure 64
	[[ $stderr == "sockpipe: -C '$D/cli.pem' -K '$BATS_TEST_TMPDIR/junk': "* ]]
	run --separate-stderr sockpipe -c -C "$D/cli.pem" -K "$D/srv.key" localhost "$port" </dev/null
	assert_failure 64
	[[ $stderr == "sockpipe: -C '$D/cli.pem' -K '$D/srv.key': "* ]]
	run --separate-stderr sockpipe -c -R "$D/ca.pem" localhost "$port" </dev/null
	assert_success
	run cat "$BATS_TEST_TMPDIR/lerr"
	assert_output ""
}

@test "a private key that others may read is warned of, as ssh does, and used" {
	cp "$D/srv.key" "$BATS_TEST_TMPDIR/open.key"
	chmod 644 "$BATS_TEST_TMPDIR/open.key"
	sock_listen "$BATS_TEST_TMPDIR/pf" -c -C "$D/srv.pem" -K "$BATS_TEST_TMPDIR/open.key" \
	    127.0.0.1 0 <<<"served" 2>"$BATS_TEST_TMPDIR/err" >/dev/null
	run --separate-stderr sockpipe -c -R "$D/ca.pem" localhost "$(<"$BATS_TEST_TMPDIR/pf")" </dev/null
	assert_success
	assert_output served
	run cat "$BATS_TEST_TMPDIR/err"
	assert_output "sockpipe: -K '$BATS_TEST_TMPDIR/open.key': the private key is readable by others (mode 0644); chmod 600 it"
}

# A client that sends the first 11 bytes of a ClientHello and stops: it
# must not hold the -k listener, which has no -w, from the next client.
@test "a stalled handshake does not hold a -k listener without -w: the next client is served once 10 s have passed" {
	tls_listen "$BATS_TEST_TMPDIR/pf" -k <<<"served" >/dev/null 2>"$BATS_TEST_TMPDIR/err"
	{ printf '\026\003\001\002\000\001\000\001\374\003\003'; sleep 30; } |
	    nc 127.0.0.1 "$port" >/dev/null &
	BG_PIDS+=($!)
	wait_until sock_established "$port"
	run --separate-stderr timeout 20 sockpipe -c -R "$D/ca.pem" localhost "$port" </dev/null
	assert_success
	assert_output served
	run cat "$BATS_TEST_TMPDIR/err"
	assert_output --regexp '^sockpipe: 127\.0\.0\.1 port [0-9]+: TLS handshake: no answer in 10 seconds$'
	kill -0 "$BG_PID"
}

@test "-k -w: the listener waits for its next client longer than -w; -w still bounds each handshake" {
	tls_listen "$BATS_TEST_TMPDIR/pf" -k -w 0.5 <<<"served" >/dev/null 2>"$BATS_TEST_TMPDIR/err"
	sleep 1.5
	kill -0 "$BG_PID"
	run --separate-stderr sockpipe -c -R "$D/ca.pem" localhost "$port" </dev/null
	assert_success
	assert_output served
	{ printf '\026\003\001\002\000'; sleep 30; } | nc 127.0.0.1 "$port" >/dev/null &
	BG_PIDS+=($!)
	wait_until grep -q 'TLS handshake: no answer in 0.5 seconds' "$BATS_TEST_TMPDIR/err"
	kill -0 "$BG_PID"
}

# libtls checks the name and -H after OpenSSL's handshake, and its client
# then closes without an alert; an unknown CA is refused with one.  The
# listener says 76 in each case, with what it can see.
@test "a client that refuses the listener's certificate (name, -H, CA) leaves the listener at 76, not 69" {
	local how zero
	zero=SHA256:$(printf '0%.0s' {1..64})
	for how in "-R $D/ca.pem -e wrong.example" "-R $D/ca.pem -H $zero" "-R $D/other.pem"; do
		tls_listen "$BATS_TEST_TMPDIR/pf" </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/err"
		# shellcheck disable=SC2086
		run --separate-stderr sockpipe -c $how localhost "$port" </dev/null
		assert_failure 76
		sock_wait "$BG_PID"
		assert_equal "$SOCK_RC" 76
		run cat "$BATS_TEST_TMPDIR/err"
		refute_output --partial 'cut short'
		case $how in
		*other.pem) assert_output --partial 'alert unknown ca' ;;
		*) assert_output --partial 'it did not accept our certificate' ;;
		esac
		rm -f "$BATS_TEST_TMPDIR/pf"
	done
}

@test "-C, -K or -R naming a FIFO is 66 at once, -w or not" {
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	run --separate-stderr timeout 5 sockpipe -c -R "$BATS_TEST_TMPDIR/fifo" localhost 9
	assert_failure 66
	assert_equal "$stderr" "sockpipe: -R '$BATS_TEST_TMPDIR/fifo': not a regular file"
	run --separate-stderr timeout 5 sockpipe -c -w 1 -l -C "$BATS_TEST_TMPDIR/fifo" -K "$D/srv.key" 0
	assert_failure 66
	run --separate-stderr timeout 5 sockpipe -c -l -C "$D/srv.pem" -K "$BATS_TEST_TMPDIR/fifo" 0
	assert_failure 66
	assert_equal "$stderr" "sockpipe: -K '$BATS_TEST_TMPDIR/fifo': not a regular file"
}
