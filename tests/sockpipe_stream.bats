#!/usr/bin/env bats
# sockpipe over TCP and Unix-domain streams, against netcat-openbsd,
# socat and itself: both directions, half-close, big data, -k, -P.

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

@test "client to an nc -l listener, both directions" {
	bg_start nc -N -l 127.0.0.1 0 < <(echo 'from nc') >"$d/nc.out"
	port=$(sock_port_of "$BG_PID" tcp)
	run --separate-stderr sockpipe 127.0.0.1 "$port" <<<'from sockpipe'
	assert_success
	assert_output 'from nc'
	assert_equal "$stderr" ""
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
	assert_equal "$(cat "$d/nc.out")" 'from sockpipe'
}

@test "listener serving an nc -N client, both directions" {
	sock_listen "$pf" 0 <<<'from sockpipe' >"$d/out" 2>"$d/err"
	run --separate-stderr nc -N 127.0.0.1 "$(<"$pf")" <<<'from nc'
	assert_success
	assert_output 'from sockpipe'
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
	assert_equal "$(cat "$d/out")" 'from nc'
	assert_equal "$(cat "$d/err")" ""
}

@test "client to a socat listener and listener to a socat client" {
	bg_start socat -t 5 TCP-LISTEN:0,bind=127.0.0.1 STDIO \
	    < <(echo 'from socat') >"$d/socat.out"
	port=$(sock_port_of "$BG_PID" tcp)
	run --separate-stderr sockpipe 127.0.0.1 "$port" <<<'to socat'
	assert_success
	assert_output 'from socat'
	assert_equal "$stderr" ""
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
	assert_equal "$(cat "$d/socat.out")" 'to socat'

	sock_listen "$pf" 0 <<<'from sockpipe' >"$d/out"
	run --separate-stderr socat -t 5 STDIO "TCP:127.0.0.1:$(<"$pf")" \
	    <<<'from socat'
	assert_success
	assert_output 'from sockpipe'
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
	assert_equal "$(cat "$d/out")" 'from socat'
}

@test "a client that half-closes still gets a reply sent a second later" {
	# The peer reads the whole request (to our FIN), then answers late.
	bg_start socat -t 5 TCP-LISTEN:0,bind=127.0.0.1 \
	    SYSTEM:"cat >'$d/req'; sleep 1; echo reply"
	port=$(sock_port_of "$BG_PID" tcp)
	run --separate-stderr sockpipe 127.0.0.1 "$port" <<<'request'
	assert_success
	assert_output 'reply'
	assert_equal "$stderr" ""
	sock_wait "$BG_PID"
	assert_equal "$(cat "$d/req")" 'request'
}

@test "a listener delivers a reply produced after the client's FIN" {
	# nc -N sends FIN as soon as its input ends; the reply comes later.
	sock_listen "$pf" 0 < <(sleep 1; echo reply) >"$d/out"
	run --separate-stderr nc -N 127.0.0.1 "$(<"$pf")" <<<'request'
	assert_success
	assert_output 'reply'
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
	assert_equal "$(cat "$d/out")" 'request'
}

@test "when the peer ends first, standard input is still sent" {
	# nc -N with empty input sends its FIN at once, and keeps reading.
	bg_start nc -N -l 127.0.0.1 0 </dev/null >"$d/nc.out"
	port=$(sock_port_of "$BG_PID" tcp)
	run --separate-stderr sockpipe 127.0.0.1 "$port" \
	    < <(sleep 0.5; echo late)
	assert_success
	assert_output ''
	assert_equal "$stderr" ""
	sock_wait "$BG_PID"
	assert_equal "$(cat "$d/nc.out")" 'late'
}

@test "input refused after the peer's orderly end is 69, bytes sent said" {
	# The peer takes one line and closes in order; our later lines are
	# refused: a truncated upload, not a success (socat says so too).
	bg_start socat -t 0.1 TCP-LISTEN:0,bind=127.0.0.1 \
	    SYSTEM:"head -n 1 >'$d/first'"
	port=$(sock_port_of "$BG_PID" tcp)
	# The later lines wait for the peer to have the first, so that a
	# slow start (valgrind) cannot send all three at once.
	run --separate-stderr sockpipe 127.0.0.1 "$port" \
	    < <(echo first; while [ ! -s "$d/first" ]; do sleep 0.05; done
		sleep 0.5; echo second; sleep 0.3; echo third)
	assert_failure 69
	assert_output ''
	assert_regex "$stderr" "^sockpipe: 127\.0\.0\.1 port $port: (the peer stopped reading|Connection reset by peer) after (6|13) bytes sent; input remained unsent$"
	sock_wait "$BG_PID"
	assert_equal "$(cat "$d/first")" 'first'
}

@test "64 MiB of random data both ways at once, files and pipes" {
	randfile "$d/a" 64m
	randfile "$d/b" 64m
	# Listener: regular files (sendfile, then splice through a pipe).
	sock_listen "$pf" 0 <"$d/a" >"$d/a.got"
	# Client: pipes on both sides (splice straight through).
	run --separate-stderr bash -c 'set -o pipefail
	    cat "$1" | sockpipe 127.0.0.1 "$2" | cat >"$3"' _ \
	    "$d/b" "$(<"$pf")" "$d/b.got"
	assert_success
	assert_equal "$stderr" ""
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
	sum() { sha256sum <"$1"; }
	assert_equal "$(sum "$d/a.got")" "$(sum "$d/b")"
	assert_equal "$(sum "$d/b.got")" "$(sum "$d/a")"
}

@test "a listener binds loopback only unless a host is given" {
	sock_listen "$pf" 0 </dev/null >/dev/null
	port=$(<"$pf")
	run ss -Hltn "( sport = :$port )"
	assert_output --regexp "^LISTEN +0 +[0-9]+ +127\.0\.0\.1:$port "
	assert_equal "${#lines[@]}" 1
	sockpipe 127.0.0.1 "$port" </dev/null
	sock_wait "$BG_PID"

	rm -f "$pf"
	sock_listen "$pf" 0.0.0.0 0 </dev/null >/dev/null
	port=$(<"$pf")
	run ss -Hltn "( sport = :$port )"
	assert_output --regexp "^LISTEN +0 +[0-9]+ +0\.0\.0\.0:$port "
}

@test "-P with port 0 writes the bound port whole, and nothing else" {
	sock_listen "$pf" 0 </dev/null >/dev/null
	run cat "$pf"
	assert_output --regexp '^[1-9][0-9]*$'
	port=$output
	assert_equal "$(od -An -c "$pf" | tr -d ' ' | tail -c 3)" '\n'
	run ss -Hltn "( sport = :$port )"
	assert_output --partial "127.0.0.1:$port"
	# No temporary file is left next to it.
	run ls -A "$d"
	assert_output 'pf'
	run --separate-stderr sockpipe -l -P "$d/nodir/pf" 0 </dev/null
	assert_failure 66
	assert_regex "$stderr" "^sockpipe: -P $d/nodir/pf: No such file or directory$"
}

@test "IPv6: -6 listens on ::1 and clients reach it" {
	sock_have_ipv6 || skip "no ::1 here"
	sock_listen "$pf" -6 0 <<<'six' >"$d/out"
	port=$(<"$pf")
	run ss -Hltn "( sport = :$port )"
	assert_output --regexp "^LISTEN +0 +[0-9]+ +\[::1\]:$port "
	run --separate-stderr sockpipe -6 ::1 "$port" <<<'hello'
	assert_success
	assert_output 'six'
	sock_wait "$BG_PID"
	assert_equal "$(cat "$d/out")" 'hello'

	rm -f "$pf"
	sock_listen "$pf" ::1 0 </dev/null >"$d/out"
	run --separate-stderr nc -N ::1 "$(<"$pf")" <<<'via nc'
	assert_success
	sock_wait "$BG_PID"
	assert_equal "$(cat "$d/out")" 'via nc'
}

# lines_in file n: file holds n lines.
lines_in() {
	[ "$(wc -l <"$1")" -eq "$2" ]
}

@test "-k serves three clients in order; SIGTERM ends it with 0" {
	sock_listen "$pf" -k 0 </dev/null >"$d/out"
	port=$(<"$pf")
	for w in one two three; do
		run --separate-stderr sockpipe 127.0.0.1 "$port" <<<"$w"
		assert_success
		assert_output ''
	done
	wait_until lines_in "$d/out" 3
	assert_equal "$(cat "$d/out")" "$(printf 'one\ntwo\nthree')"
	kill -TERM "$BG_PID"
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
}

@test "-k: each client gets what remains of standard input" {
	sock_listen "$pf" -k 0 <<<'only once' >/dev/null
	run --separate-stderr nc -N 127.0.0.1 "$(<"$pf")" </dev/null
	assert_success
	assert_output 'only once'
	run --separate-stderr nc -N 127.0.0.1 "$(<"$pf")" </dev/null
	assert_success
	assert_output ''
}

@test "Unix stream: socat both ways; the socket file is 0600 and removed" {
	sock_listen "$pf" -U "$d/s" <<<'from sockpipe' >"$d/out"
	assert_equal "$(cat "$pf")" "$d/s"
	assert_equal "$(stat -c %A "$d/s")" 'srw-------'
	run --separate-stderr socat -t 5 STDIO "UNIX-CONNECT:$d/s" <<<'from socat'
	assert_success
	assert_output 'from sockpipe'
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 0
	assert_equal "$(cat "$d/out")" 'from socat'
	[ ! -e "$d/s" ]

	bg_start socat -t 5 "UNIX-LISTEN:$d/t" STDIO < <(echo 'socat here') \
	    >"$d/socat.out"
	wait_until test -S "$d/t"
	run --separate-stderr sockpipe -U "$d/t" <<<'sockpipe here'
	assert_success
	assert_output 'socat here'
	sock_wait "$BG_PID"
	assert_equal "$(cat "$d/socat.out")" 'sockpipe here'
}

@test "-U: a stale socket is replaced; a live one is 73; a regular file survives" {
	# A listener killed outright leaves its socket file behind.
	sock_listen "$pf" -U "$d/s" </dev/null >/dev/null
	kill -KILL "$BG_PID"
	sock_wait "$BG_PID"
	[ -S "$d/s" ]
	rm -f "$pf"
	sock_listen "$pf" -U "$d/s" <<<'fresh' >/dev/null
	run --separate-stderr sockpipe -l -U "$d/s" </dev/null
	assert_failure 73
	assert_equal "$stderr" "sockpipe: $d/s: Address already in use"
	run --separate-stderr sockpipe -U "$d/s" </dev/null
	assert_success
	assert_output 'fresh'
	sock_wait "$BG_PID"

	echo precious >"$d/file"
	run --separate-stderr sockpipe -l -U "$d/file" </dev/null
	assert_failure 73
	assert_equal "$stderr" "sockpipe: $d/file: exists and is not a socket; left alone"
	assert_equal "$(cat "$d/file")" precious
	run --separate-stderr sockpipe -U "$d/nothere" </dev/null
	assert_failure 69
	assert_equal "$stderr" "sockpipe: connect to $d/nothere: No such file or directory"
}

@test "-U: SIGTERM removes the socket file" {
	sock_listen "$pf" -U "$d/s" </dev/null >/dev/null
	[ -S "$d/s" ]
	kill -TERM "$BG_PID"
	sock_wait "$BG_PID"
	assert_equal "$SOCK_RC" 143
	[ ! -e "$d/s" ]
}

@test "a listener in the background of an interactive shell is not stopped by its terminal" {
	command -v script >/dev/null || skip "no script(1)"
	# Job control on a pseudo-terminal: reading the terminal from the
	# background would stop the listener (SIGTTIN); it reads nothing.
	cat >"$d/job" <<EOF
set -m
cd '$d'
sockpipe -l -P pf 0 >got &
while [ ! -s pf ]; do sleep 0.01; done
echo data | sockpipe 127.0.0.1 "\$(cat pf)"; echo "client=\$?"
wait; echo "listener=\$?"
EOF
	run --separate-stderr timeout 20 script -qec "bash '$d/job'" /dev/null
	assert_success
	assert_output --partial 'client=0'
	assert_output --partial 'listener=0'
	assert_equal "$(cat "$d/got")" 'data'
}
