#!/usr/bin/env bats
# Every EXAMPLES block of every man page, pasted as printed: the text that
# mandoc shows a reader, run by bash in a scratch directory with /tmp a
# tmpfs of its own.  A block that goes on from the one before (semop(1)'s
# "$L") runs after it in one shell.  Each session must exit 0, with no
# unhandled failure in it.  Blocks for two machines run both halves here,
# the remote name rewritten to 127.0.0.1 (see each test).

# shellcheck disable=SC2154
load helper
load examples

setup_file() {
	# Blocks such as "shmrm -a" remove every object of the caller.
	if [ "$(readlink /proc/self/ns/ipc)" = "$(readlink /proc/1/ns/ipc)" ]
	then
		skip "the blocks remove all of the caller's objects (shmrm -a): \
they need the private IPC namespace of scripts/runtests"
	fi
}

setup() {
	need mandoc col unshare timeout ss
	[ "$(id -u)" -eq 0 ] ||
	    skip "a private /tmp for the blocks (unshare --mount) needs root"
	ex_ipc_snapshot
}

teardown() {
	bg_cleanup
	ex_ipc_cleanup
	ipc_cleanup
}

# One test per page: ex_page fails listing every block that failed.
@test "ipctools(7) EXAMPLES, the one-machine blocks" {
	need python3
	ex_page ipctools.7 'otherhost|0\.0\.0\.0'
	[ ${#EX_SPECIAL[@]} -eq 1 ]
}

# ipctools(7): "Carry a message queue to another machine".  Each machine
# is an IPC namespace of its own, running the lines meant for it (the
# first line on both); otherhost becomes 127.0.0.1.
@test "ipctools(7) EXAMPLES, the two-machine queue over TCP" {
	ex_blocks ipctools.7
	local b here there
	b=$(grep -lE 'otherhost' "$BATS_TEST_TMPDIR"/blk.*)
	[ -n "$b" ]
	here=$(grep -v '# there' "$b" | sed 's/otherhost/127.0.0.1/')
	there=$(grep -v otherhost "$b")
	ex_listening tcp 9000 && skip "port 9000 is in use here"
	mkdir "$BATS_TEST_TMPDIR/there" "$BATS_TEST_TMPDIR/here"
	(
		ex_run "$BATS_TEST_TMPDIR/there" \
		    "$(printf '%s\n' "$there" | ex_script /dev/stdin)"
		printf '%s\n' "$EX_STATUS" "$EX_OUT" >"$BATS_TEST_TMPDIR/there.out"
	) 3>&- &
	BG_PIDS+=($!)
	wait_until ex_listening tcp 9000
	ex_run "$BATS_TEST_TMPDIR/here" \
	    "$(printf '%s\n' "$here" | ex_script /dev/stdin)"
	local hs=$EX_STATUS ho=$EX_OUT
	wait "${BG_PIDS[-1]}" || true
	echo "here: exit $hs: $ho"
	echo "there: $(cat "$BATS_TEST_TMPDIR/there.out")"
	[ "$hs" -eq 0 ]
	[ "$(head -1 "$BATS_TEST_TMPDIR/there.out")" -eq 0 ]
}

@test "mqls(1) EXAMPLES" {
	need python3
	ex_page mqls.1
}

@test "mqnew(1) EXAMPLES" {
	ex_page mqnew.1
}

@test "mqrecv(1) EXAMPLES" {
	ex_page mqrecv.1
}

@test "mqrm(1) EXAMPLES" {
	ex_page mqrm.1
}

@test "mqsend(1) EXAMPLES" {
	ex_page mqsend.1
}

@test "semls(1) EXAMPLES" {
	need jq
	ex_page semls.1
}

@test "semnew(1) EXAMPLES" {
	ex_page semnew.1
}

@test "semop(1) EXAMPLES" {
	ex_page semop.1
}

@test "semrm(1) EXAMPLES" {
	need ipcmk
	ex_page semrm.1
}

@test "shmcat(1) EXAMPLES" {
	ex_page shmcat.1
}

# The PostgreSQL block needs a running cluster: tests/postgres.bats runs it.
@test "shmls(1) EXAMPLES" {
	need python3
	ex_page shmls.1 PGDATA
	[ ${#EX_SPECIAL[@]} -eq 1 ]
}

@test "shmnew(1) EXAMPLES" {
	ex_page shmnew.1
}

@test "shmput(1) EXAMPLES" {
	ex_page shmput.1
}

@test "shmrm(1) EXAMPLES" {
	ex_page shmrm.1
}

# sockpipe(1): the one-machine blocks run as printed; the blocks for two
# machines, and the one that talks to a service at /run/app.sock, are run
# by the tests after this one, each found by its text.
@test "sockpipe(1) EXAMPLES, the one-machine blocks" {
	ex_page sockpipe.1 'example\.org|0\.0\.0\.0|/run/app\.sock|ProxyCommand'
	[ ${#EX_SPECIAL[@]} -eq 7 ]
}

# "Reach an SSH server through sockpipe": the block's server on port
# 2222 is the test's own sshd (tests/ssh.bash), on whatever port it got,
# and build_key is the key it takes.  ssh must run the command through
# sockpipe and print the system's name.
@test "sockpipe(1) EXAMPLES, ssh through sockpipe as its ProxyCommand" {
	load sock
	load ssh
	ex_blocks sockpipe.1
	local b
	b=$(grep -lE 'ProxyCommand sockpipe %h %p' "$BATS_TEST_TMPDIR"/blk.*)
	[ -n "$b" ]
	ssh_start
	mkdir "$BATS_TEST_TMPDIR/d"
	cp "$SSH_DIR/client" "$BATS_TEST_TMPDIR/d/build_key"
	ex_run "$BATS_TEST_TMPDIR/d" \
	    "$(sed "s/Port 2222/Port $SSH_PORT/" "$b" | ex_script /dev/stdin)"
	echo "exit $EX_STATUS: $EX_OUT"
	[ "$EX_STATUS" -eq 0 ]
	# ssh may warn first that it added the host key to known_hosts.
	[ "$(tail -n 1 <<<"$EX_OUT")" = "$(uname -s)" ]
}

# "The same through a SOCKS 5 proxy on port 1080": the proxy is ssh -D to
# the test's own sshd, on whatever port it got; both hosts of the block,
# -x and -F with ProxyUseFdpass, must print the system's name.
@test "sockpipe(1) EXAMPLES, ssh through a SOCKS proxy, and with -F" {
	load sock
	load ssh
	ex_blocks sockpipe.1
	local b sp
	b=$(grep -lE 'ProxyUseFdpass' "$BATS_TEST_TMPDIR"/blk.*)
	[ -n "$b" ]
	ssh_start
	sp=$(free_port)
	bg_start ssh -F "$SSH_DIR/ssh_config" -p "$SSH_PORT" -N \
	    -D "127.0.0.1:$sp" 127.0.0.1 </dev/null
	wait_until sock_established_listen "$sp"
	mkdir "$BATS_TEST_TMPDIR/d"
	cp "$SSH_DIR/client" "$BATS_TEST_TMPDIR/d/build_key"
	ex_run "$BATS_TEST_TMPDIR/d" "$(sed "s/Port 2222/Port $SSH_PORT/; \
	    s/127\.0\.0\.1:1080/127.0.0.1:$sp/" "$b" | ex_script /dev/stdin)"
	echo "exit $EX_STATUS: $EX_OUT"
	[ "$EX_STATUS" -eq 0 ]
	[ "$(grep -c "^$(uname -s)\$" <<<"$EX_OUT")" -eq 2 ]
}

# The receiving machine's block and the sending machine's, started
# together in two directories; receiver.example.org becomes 127.0.0.1.
# backup.tar is the reader's own file: here 1 MiB of random bytes.
@test "sockpipe(1) EXAMPLES, send a file to another machine" {
	ex_blocks sockpipe.1
	local rx tx
	rx=$(grep -lE -- '-l 0\.0\.0\.0 9000' "$BATS_TEST_TMPDIR"/blk.*)
	tx=$(grep -lE 'receiver\.example\.org' "$BATS_TEST_TMPDIR"/blk.*)
	[ -n "$rx" ] && [ -n "$tx" ]
	ex_listening tcp 9000 && skip "port 9000 is in use here"
	mkdir "$BATS_TEST_TMPDIR/rx" "$BATS_TEST_TMPDIR/tx"
	randfile "$BATS_TEST_TMPDIR/tx/backup.tar" 1048576
	(
		ex_run "$BATS_TEST_TMPDIR/rx" "$(ex_script "$rx")"
		printf '%s\n' "$EX_STATUS" "$EX_OUT" >"$BATS_TEST_TMPDIR/rx.out"
	) 3>&- &
	BG_PIDS+=($!)
	wait_until ex_listening tcp 9000
	ex_run "$BATS_TEST_TMPDIR/tx" \
	    "$(sed 's/receiver\.example\.org/127.0.0.1/' "$tx" |
	    ex_script /dev/stdin)"
	local ts=$EX_STATUS to=$EX_OUT
	wait "${BG_PIDS[-1]}" || true
	echo "sender: exit $ts: $to"
	echo "receiver: $(cat "$BATS_TEST_TMPDIR/rx.out")"
	[ "$ts" -eq 0 ]
	[ "$(head -1 "$BATS_TEST_TMPDIR/rx.out")" -eq 0 ]
	# Both print the same sum, of the file sent.
	[ "$(sed -n 2p "$BATS_TEST_TMPDIR/rx.out")" = "$to" ]
	cmp "$BATS_TEST_TMPDIR/rx/backup.tar" "$BATS_TEST_TMPDIR/tx/backup.tar"
}

# loghost.example.org becomes 127.0.0.1; the log host is a sockpipe -u -l
# on the block's port, which must receive the two lines.
@test "sockpipe(1) EXAMPLES, log lines as UDP datagrams" {
	ex_blocks sockpipe.1
	local b port
	b=$(grep -lE 'loghost\.example\.org' "$BATS_TEST_TMPDIR"/blk.*)
	[ -n "$b" ]
	port=$(grep -oE 'loghost\.example\.org [0-9]+' "$b" | cut -d' ' -f2)
	ex_listening udp "$port" && skip "port $port is in use here"
	bg_start timeout 20 sockpipe -u -l 127.0.0.1 "$port" \
	    </dev/null >"$BATS_TEST_TMPDIR/log"
	wait_until ex_listening udp "$port"
	mkdir "$BATS_TEST_TMPDIR/d"
	ex_run "$BATS_TEST_TMPDIR/d" \
	    "$(sed 's/loghost\.example\.org/127.0.0.1/' "$b" |
	    ex_script /dev/stdin)"
	echo "exit $EX_STATUS: $EX_OUT"
	[ "$EX_STATUS" -eq 0 ]
	wait_until ex_lines "$BATS_TEST_TMPDIR/log" 2
	[ "$(cat "$BATS_TEST_TMPDIR/log")" = $'disk 91%\nload 4.2' ]
}

# Bridge a queue to another machine: the other machine is an IPC
# namespace of its own; both have the queue 0x5150 that the block
# presumes, here holding two lines and mqsend -e's end mark.  The other
# machine's line runs there, other.example.org becomes 127.0.0.1, and the
# two lines must arrive in the other queue, then its end mark.
@test "sockpipe(1) EXAMPLES, bridge a message queue to another machine" {
	ex_blocks sockpipe.1
	local b here there q
	b=$(grep -lE 'other\.example\.org' "$BATS_TEST_TMPDIR"/blk.*)
	[ -n "$b" ]
	here=$(grep other.example.org "$b" |
	    sed 's/other\.example\.org/127.0.0.1/')
	there=$(grep -v other.example.org "$b")
	ex_listening tcp 9100 && skip "port 9100 is in use here"
	q=$(newq 0x5150)
	printf 'one\ntwo\n' | mqsend -e "$q"
	mkdir "$BATS_TEST_TMPDIR/there" "$BATS_TEST_TMPDIR/here"
	export -f ex_run ex_script
	(
		unshare --ipc bash -c '
			mqnew 0x5150 >/dev/null || exit 98
			ex_run "$1" "$(printf "%s\n" "$2" | ex_script /dev/stdin)"
			printf "%s\n" "$EX_STATUS" "$EX_OUT"
			mqrecv -e -w 5 0x5150' ex "$BATS_TEST_TMPDIR/there" \
		    "$there" >"$BATS_TEST_TMPDIR/there.out" 2>&1
	) 3>&- &
	BG_PIDS+=($!)
	wait_until ex_listening tcp 9100
	ex_run "$BATS_TEST_TMPDIR/here" \
	    "$(printf '%s\n' "$here" | ex_script /dev/stdin)"
	local hs=$EX_STATUS ho=$EX_OUT
	wait "${BG_PIDS[-1]}" || true
	echo "here: exit $hs: $ho"
	echo "there: $(cat "$BATS_TEST_TMPDIR/there.out")"
	[ "$hs" -eq 0 ]
	[ "$(cat "$BATS_TEST_TMPDIR/there.out")" = $'0\n\none\ntwo' ]
}

# "Talk to a local service": /run is a tmpfs of the block's own, where a
# sockpipe -l -U stands in for the service and answers the request.
@test "sockpipe(1) EXAMPLES, talk to a local service over its socket" {
	ex_blocks sockpipe.1
	local b
	b=$(grep -lE '/run/app\.sock' "$BATS_TEST_TMPDIR"/blk.*)
	[ -n "$b" ]
	mkdir "$BATS_TEST_TMPDIR/d"
	ex_run "$BATS_TEST_TMPDIR/d" "$(
		printf '%s\n' \
		    "printf 'HTTP/1.0 200 OK\r\n\r\n1.0\n' |" \
		    '    sockpipe -l -U /run/app.sock >request &' \
		    'while [ ! -S /run/app.sock ]; do sleep 0.01; done'
		ex_script "$b"
		)" /run
	echo "exit $EX_STATUS: $EX_OUT"
	[ "$EX_STATUS" -eq 0 ]
	[ "$EX_OUT" = $'HTTP/1.0 200 OK\r\n\r\n1.0' ]
	[ "$(cat "$BATS_TEST_TMPDIR/d/request")" = $'GET /version HTTP/1.0\r\n\r' ]
}
