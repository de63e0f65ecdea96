#!/usr/bin/env bats
# sockpipe -x through real proxies started here on loopback: OpenSSH's own
# SOCKS 4 and 5 server (ssh -D to the test sshd), microsocks for SOCKS 5
# with a user and password (RFC 1929), tinyproxy for HTTP CONNECT with
# Basic authentication; fake proxies that die or babble; and -F, the
# socket passed to ssh (ProxyUseFdpass).

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load sock
load ssh
load term

setup() {
	need sockpipe
	d=$BATS_TEST_TMPDIR
	unset SOCKPIPE_PROXY_PASSWORD
}

teardown() {
	term_end
	bg_cleanup
}

# dest_start: a sockpipe listener that sends $d/big (1 MiB, made here) to
# its one client; its port in $DPORT, and a port nobody listens on in
# $NOPORT.
dest_start() {
	[ -f "$d/big" ] || randfile "$d/big" 1048576
	rm -f "$d/dport"
	sock_listen "$d/dport" 0 <"$d/big" >/dev/null
	DPORT=$(<"$d/dport")
	NOPORT=$(free_port)
}

# socks_ssh: ssh -D to the test sshd; its SOCKS port in $SPORT.
socks_ssh() {
	ssh_start
	SPORT=$(free_port)
	bg_start ssh -F "$SSH_DIR/ssh_config" -p "$SSH_PORT" -N \
	    -D "127.0.0.1:$SPORT" 127.0.0.1 </dev/null
	wait_until sock_established_listen "$SPORT"
}

# socks_micro [hosts]: microsocks with user "user" and password "pass";
# its port in $MPORT.  With a hosts file, the proxy alone sees it as
# /etc/hosts (its own mount namespace): names only it can resolve.
socks_micro() {
	command -v microsocks >/dev/null || skip "microsocks is not installed"
	MPORT=$(free_port)
	if [ -n "${1-}" ]; then
		require_root
		bg_start unshare --mount sh -c 'mount --bind "$0" /etc/hosts &&
		    exec microsocks -i 127.0.0.1 -p "$1" -u user -P pass' \
		    "$1" "$MPORT" >/dev/null 2>&1
	else
		bg_start microsocks -i 127.0.0.1 -p "$MPORT" -u user -P pass \
		    >/dev/null 2>&1
	fi
	wait_until sock_established_listen "$MPORT"
}

# http_proxy port...: tinyproxy with Basic authentication (user, pass),
# CONNECT allowed to the ports given; its port in $HPORT.
http_proxy() {
	local p
	command -v tinyproxy >/dev/null || skip "tinyproxy is not installed"
	HPORT=$(free_port)
	{
		echo "Port $HPORT"
		echo "Listen 127.0.0.1"
		echo "Timeout 30"
		echo "MaxClients 20"
		echo "BasicAuth user pass"
		echo "LogLevel Critical"
		for p in "$@"; do
			echo "ConnectPort $p"
		done
	} >"$d/tinyproxy.conf"
	bg_start tinyproxy -d -c "$d/tinyproxy.conf" >/dev/null 2>&1
	wait_until sock_established_listen "$HPORT"
}

# fake_proxy reply: a "proxy" that answers reply (printf format) and ends.
fake_proxy() {
	# shellcheck disable=SC2059
	printf "$1" >"$d/reply"
	rm -f "$d/fport"
	sock_listen "$d/fport" 0 <"$d/reply" >/dev/null
	FPORT=$(<"$d/fport")
}

# stderr_has text: the last run's standard error says text.
stderr_has() {
	[[ $stderr == *"$1"* ]] || {
		echo "stderr: $stderr" >&2
		return 1
	}
}

received_big() {
	cmp "$d/big" "$d/got"
}

@test "sockpipe -x through ssh -D: SOCKS 5 and SOCKS 4, 1 MiB checksummed" {
	socks_ssh
	dest_start
	sockpipe -x "127.0.0.1:$SPORT" 127.0.0.1 "$DPORT" </dev/null >"$d/got"
	received_big
	dest_start
	sockpipe -X 4 -x "127.0.0.1:$SPORT" 127.0.0.1 "$DPORT" \
	    </dev/null >"$d/got"
	received_big
	# SOCKS 4a: the name goes to the proxy.
	dest_start
	sockpipe -X 4 -x "127.0.0.1:$SPORT" localhost "$DPORT" \
	    </dev/null >"$d/got"
	received_big
}

@test "sockpipe -x -N through ssh -D: the half-close reaches the peer, its answer comes back" {
	socks_ssh
	# The peer answers only once our input ended: its checksum of it.
	bg_start python3 -c 'import hashlib, socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
__import__("os").rename(sys.argv[1] + ".tmp", sys.argv[1])
c, _ = s.accept(); h = hashlib.sha256()
while True:
    b = c.recv(65536)
    if not b: break
    h.update(b)
c.sendall((h.hexdigest() + "\n").encode()); c.close()' "$d/pf" </dev/null
	wait_file "$d/pf"
	randfile "$d/up" 300000
	run --separate-stderr timeout 10 sockpipe -N -x "127.0.0.1:$SPORT" \
	    127.0.0.1 "$(<"$d/pf")" <"$d/up"
	assert_success
	assert_output "$(sha256sum <"$d/up" | cut -d' ' -f1)"
}

@test "sockpipe -x through ssh -D: ssh's ProxyCommand runs a remote command" {
	socks_ssh
	run --separate-stderr ssh_run \
	    -o "ProxyCommand sockpipe -x 127.0.0.1:$SPORT %h %p" \
	    127.0.0.1 echo through socks
	assert_success
	assert_output "through socks"
	run --separate-stderr ssh_run \
	    -o "ProxyCommand sockpipe -X 4 -x 127.0.0.1:$SPORT %h %p" \
	    127.0.0.1 echo through socks 4
	assert_success
	assert_output "through socks 4"
}

@test "sockpipe -x: SOCKS 5 with user and password (microsocks), 1 MiB checksummed; -v says the proxy" {
	socks_micro
	dest_start
	SOCKPIPE_PROXY_PASSWORD=pass sockpipe -v -x "user@127.0.0.1:$MPORT" \
	    127.0.0.1 "$DPORT" </dev/null >"$d/got" 2>"$d/err"
	received_big
	grep -q "connected to proxy 127.0.0.1 port $MPORT (SOCKS 5)" "$d/err"
}

@test "sockpipe -x: SOCKS 5 wrong password 77, no user 77, refused destination 69" {
	socks_micro
	dest_start
	SOCKPIPE_PROXY_PASSWORD=wrong run --separate-stderr \
	    sockpipe -x "user@127.0.0.1:$MPORT" 127.0.0.1 "$DPORT" </dev/null
	assert_failure 77
	stderr_has "user user and password refused"
	run --separate-stderr sockpipe -x "127.0.0.1:$MPORT" 127.0.0.1 \
	    "$DPORT" </dev/null
	assert_failure 77
	stderr_has "accepts none of our authentication methods"
	SOCKPIPE_PROXY_PASSWORD=pass run --separate-stderr \
	    sockpipe -x "user@127.0.0.1:$MPORT" 127.0.0.1 "$NOPORT" </dev/null
	assert_failure 69
	stderr_has "connection refused"
}

@test "sockpipe -x: no password and no terminal is 77, and asks nobody" {
	socks_micro
	dest_start
	run --separate-stderr setsid sockpipe -x "user@127.0.0.1:$MPORT" \
	    127.0.0.1 "$DPORT" </dev/null
	assert_failure 77
	stderr_has "SOCKPIPE_PROXY_PASSWORD"
}

@test "sockpipe -x: the password is asked on the terminal, not echoed; a wrong one typed is 77" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	socks_micro
	dest_start
	term_bash sockpipe
	tm send-keys "sockpipe -x user@127.0.0.1:$MPORT 127.0.0.1 $DPORT" \
	    " </dev/null >'$d/got'; echo \"status \$?\"" Enter
	await '^sockpipe: password for user@127\.0\.0\.1:$'
	tm send-keys 'pass' Enter
	await '^status 0$'
	received_big
	# The password never reached the screen (only the prompt's word).
	run screen
	refute_output --regexp 'pass([^w]|$)'
	dest_start
	tm send-keys 'clear' Enter
	await_that screen_count 1 '^\$$'
	tm send-keys "sockpipe -x user@127.0.0.1:$MPORT 127.0.0.1 $DPORT" \
	    " </dev/null >'$d/got'; echo \"status \$?\"" Enter
	await '^sockpipe: password for user@127\.0\.0\.1:$'
	tm send-keys 'wrong' Enter
	await '^status 77$'
	assert screen_has 'user user and password refused'
	run screen
	refute_output --partial 'wrong'
}

@test "sockpipe -x: a name only the proxy can resolve is the proxy's to resolve (no DNS leak)" {
	echo "127.0.0.1 onlyproxy.invalid" >"$d/hosts"
	socks_micro "$d/hosts"
	dest_start
	# Not here:
	run --separate-stderr sockpipe onlyproxy.invalid "$DPORT" </dev/null
	assert_failure 68
	SOCKPIPE_PROXY_PASSWORD=pass sockpipe -x "user@127.0.0.1:$MPORT" \
	    onlyproxy.invalid "$DPORT" </dev/null >"$d/got"
	received_big
}

@test "sockpipe -x -c: TLS to the destination through the proxy, its name verified" {
	command -v openssl >/dev/null || skip "openssl is not installed"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$d/key.pem" -out "$d/cert.pem" -days 2 -subj /CN=localhost \
	    -addext 'subjectAltName=DNS:localhost' 2>/dev/null
	socks_micro
	echo secret >"$d/msg"
	sock_listen "$d/tport" -c -C "$d/cert.pem" -K "$d/key.pem" 0 \
	    <"$d/msg" >/dev/null
	SOCKPIPE_PROXY_PASSWORD=pass run --separate-stderr sockpipe -c \
	    -R "$d/cert.pem" -x "user@127.0.0.1:$MPORT" localhost \
	    "$(<"$d/tport")" </dev/null
	assert_success
	assert_output secret
}

@test "sockpipe -x -z: a port open through the proxy is 0, a refused one 69" {
	socks_micro
	dest_start
	SOCKPIPE_PROXY_PASSWORD=pass run --separate-stderr sockpipe -z \
	    -x "user@127.0.0.1:$MPORT" 127.0.0.1 "$DPORT"
	assert_success
	SOCKPIPE_PROXY_PASSWORD=pass run --separate-stderr sockpipe -z \
	    -x "user@127.0.0.1:$MPORT" 127.0.0.1 "$NOPORT"
	assert_failure 69
}

@test "sockpipe -X connect (tinyproxy, Basic authentication): 1 MiB checksummed; wrong password 77; a refused destination 69" {
	dest_start
	http_proxy "$DPORT" "$NOPORT"
	SOCKPIPE_PROXY_PASSWORD=pass sockpipe -X connect \
	    -x "user@127.0.0.1:$HPORT" 127.0.0.1 "$DPORT" </dev/null >"$d/got"
	received_big
	SOCKPIPE_PROXY_PASSWORD=wrong run --separate-stderr sockpipe \
	    -X connect -x "user@127.0.0.1:$HPORT" 127.0.0.1 "$NOPORT"
	assert_failure 77
	stderr_has "401"
	run --separate-stderr sockpipe -X connect -x "127.0.0.1:$HPORT" \
	    127.0.0.1 "$NOPORT"
	assert_failure 77
	SOCKPIPE_PROXY_PASSWORD=pass run --separate-stderr sockpipe \
	    -X connect -x "user@127.0.0.1:$HPORT" 127.0.0.1 "$NOPORT"
	assert_failure 69
	stderr_has "500"
}

@test "sockpipe -X connect: input that ends at once still gets the whole 4 MiB reply (tinyproxy ends the tunnel at a half-close)" {
	randfile "$d/big" 4194304
	dest_start
	http_proxy "$DPORT"
	SOCKPIPE_PROXY_PASSWORD=pass sockpipe -X connect \
	    -x "user@127.0.0.1:$HPORT" 127.0.0.1 "$DPORT" </dev/null >"$d/got"
	received_big
}

@test "sockpipe -X connect: ssh's ProxyCommand runs a remote command" {
	ssh_start
	http_proxy "$SSH_PORT"
	SOCKPIPE_PROXY_PASSWORD=pass run --separate-stderr ssh_run \
	    -o "ProxyCommand sockpipe -X connect -x user@127.0.0.1:$HPORT %h %p" \
	    127.0.0.1 echo through http
	assert_success
	assert_output "through http"
}

# fake_says reply status text [-X protocol]: a proxy that answers reply
# (printf format) to sockpipe -x, which must exit status saying text.
fake_says() {
	fake_proxy "$1"
	run --separate-stderr sockpipe "${@:4}" -x "127.0.0.1:$FPORT" \
	    127.0.0.1 9
	assert_failure "$2"
	stderr_has "$3"
}

@test "sockpipe -x: a proxy that ends mid-handshake, or answers another protocol, is 76" {
	fake_says '' 76 \
	    "closed the connection in the middle of the SOCKS 5 handshake"
	fake_says 'SSH-2.0-OpenSSH_9.9\r\n' 76 "not a SOCKS 5 server"
	fake_says 'SSH-2.0-OpenSSH_9.9\r\n\r\n' 76 "not an HTTP reply" \
	    -X connect
	# Each refusal of a proxy that speaks the protocol, with its status.
	fake_says '\0\133\0\0\0\0\0\0' 69 "request rejected or failed" -X 4
	fake_says '\5\0\5\4\0\1\0\0\0\0\0\0' 68 "host unreachable"
	fake_says '\5\0\5\6\0\1\0\0\0\0\0\0' 75 "TTL expired"
	fake_says 'HTTP/1.0 504 Gateway Timeout\r\n\r\n' 75 "504" -X connect
}

@test "sockpipe -x -w: a proxy that never answers is 75 once -w runs out" {
	mkfifo "$d/never"
	bg_start sockpipe -l -P "$d/fport" 0 <>"$d/never" >/dev/null
	wait_file "$d/fport"
	run --separate-stderr timeout 10 sockpipe -w 1 \
	    -x "127.0.0.1:$(<"$d/fport")" 127.0.0.1 9
	assert_failure 75
	stderr_has "no answer in 1 seconds"
}

@test "sockpipe -F: ssh's ProxyUseFdpass, direct and through a proxy" {
	socks_ssh
	run --separate-stderr ssh_run -o "ProxyCommand sockpipe -F %h %p" \
	    -o ProxyUseFdpass=yes 127.0.0.1 echo passed
	assert_success
	assert_output passed
	run --separate-stderr ssh_run \
	    -o "ProxyCommand sockpipe -F -x 127.0.0.1:$SPORT %h %p" \
	    -o ProxyUseFdpass=yes 127.0.0.1 echo passed through
	assert_success
	assert_output "passed through"
}

@test "sockpipe -F: standard output that is no socket is 64" {
	dest_start
	run --separate-stderr sockpipe -F 127.0.0.1 "$DPORT" </dev/null
	assert_failure 64
	stderr_has "not a Unix socket"
}
