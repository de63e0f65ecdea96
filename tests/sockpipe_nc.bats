#!/usr/bin/env bats
# sockpipe's netcat habits: -z (probe ports), -v (say what was connected),
# -q (end a time after standard input), -s (source address), and a banner
# probe whose end is not a connect timeout.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load sock

teardown() {
	local w
	for w in "${FIFO_FDS[@]}"; do
		exec {w}>&-
	done
	bg_cleanup
	ipc_cleanup
}

FIFO_FDS=()

# talker portfile text...: a listener that sends the text lines and then
# keeps the connection open (its input stays open) without ending; what it
# hears goes to $BATS_TEST_TMPDIR/heard.  Its pid is in $BG_PID.
talker() {
	local pf=$1 f=$BATS_TEST_TMPDIR/talk w
	shift
	mkfifo "$f"
	exec {w}<>"$f"
	FIFO_FDS+=("$w")
	sock_listen "$pf" 0 <"$f" >"$BATS_TEST_TMPDIR/heard"
	if (($#)); then
		printf '%s\n' "$@" >&"$w"
	fi
}

# closed_port: a loopback port that nothing listens on (bound, then let go).
closed_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# gone pid: whether the process has ended.
gone() {
	! kill -0 "$1" 2>/dev/null
}

@test "-z: an open port exits 0 and says nothing; the listener saw a connection" {
	pf=$BATS_TEST_TMPDIR/pf
	sock_listen "$pf" 0 </dev/null >/dev/null
	lpid=$BG_PID
	run --separate-stderr sockpipe -z 127.0.0.1 "$(<"$pf")"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	# The one-client listener took the probe and ended, as for any client.
	sock_wait "$lpid"
	assert_equal "$SOCK_RC" 0
}

@test "-z: a closed port exits 69 and names it" {
	port=$(closed_port)
	run --separate-stderr sockpipe -z 127.0.0.1 "$port"
	assert_failure 69
	assert_output ""
	assert_equal "$stderr" "sockpipe: connect to 127.0.0.1 port $port: Connection refused"
}

@test "-z -v: each port of a list and a range is said, open or not; the status is the first failure" {
	pf=$BATS_TEST_TMPDIR/pf
	sock_listen "$pf" -k 0 </dev/null >/dev/null
	open=$(<"$pf")
	shut=$(closed_port)
	lo=$((open > 1 ? open - 1 : open))
	hi=$((open < 65535 ? open + 1 : open))
	run --separate-stderr sockpipe -zv 127.0.0.1 "$open" "$shut" "$lo-$hi"
	assert_failure 69
	assert_output ""
	want=("sockpipe: 127.0.0.1 port $open: open"
		"sockpipe: connect to 127.0.0.1 port $shut: Connection refused")
	for ((p = lo; p <= hi; p++)); do
		want+=("^sockpipe: (127.0.0.1 port $p: open|connect to 127.0.0.1 port $p: Connection refused)\$")
	done
	mapfile -t got <<<"$stderr"
	assert_equal "${#got[@]}" "${#want[@]}"
	assert_equal "${got[0]}" "${want[0]}"
	assert_equal "${got[1]}" "${want[1]}"
	for ((i = 2; i < ${#want[@]}; i++)); do
		[[ ${got[i]} =~ ${want[i]} ]] || fail "line $i: '${got[i]}'"
	done
	[[ $stderr == *"127.0.0.1 port $open: open"*"127.0.0.1 port $open: open"* ]] ||
		fail "the range did not find $open open"
}

@test "-z: every port open is 0; a service name counts as its port" {
	pf=$BATS_TEST_TMPDIR/pf
	sock_listen "$pf" -k 0 </dev/null >/dev/null
	port=$(<"$pf")
	run --separate-stderr sockpipe -z 127.0.0.1 "$port" "$port-$port"
	assert_success
	assert_equal "$stderr" ""
	# A name from /etc/services is looked up once, as for connecting.
	run --separate-stderr sockpipe -z 127.0.0.1 tcpmux
	[[ $status -eq 0 || $stderr == "sockpipe: connect to 127.0.0.1 port 1: "* ]] ||
		fail "tcpmux probed as '$stderr'"
}

@test "-z -w: a port that does not answer exits 75, not 69" {
	sock_unanswered
	run --separate-stderr sockpipe -z -w 0.3 127.0.0.1 "$port"
	assert_failure 75
	assert_equal "$stderr" "sockpipe: connect to 127.0.0.1 port $port: no answer in 0.3 seconds"
}

@test "-z -U: a Unix socket listening is 0, a path with no listener 69" {
	sock=$BATS_TEST_TMPDIR/s
	bg_start sockpipe -l -U "$sock" </dev/null >/dev/null
	lpid=$BG_PID
	wait_until test -S "$sock"
	run --separate-stderr sockpipe -zv -U "$sock"
	assert_success
	assert_equal "$stderr" "sockpipe: $sock: open"
	sock_wait "$lpid"
	assert_equal "$SOCK_RC" 0
	run --separate-stderr sockpipe -z -U "$sock"
	assert_failure 69
	assert_equal "$stderr" "sockpipe: connect to $sock: No such file or directory"
}

@test "-z: bad ports, a range backwards, and the options it cannot take are 64" {
	for v in 0-1 5-3 1-65536 1- -5 a-b 1-2-3 ' 1-2' 1-+2 ''; do
		run --separate-stderr sockpipe -z -- 127.0.0.1 "$v"
		assert_failure 64
		[[ $stderr == "sockpipe: port"*"'$v'"* ]] || fail "'$v': $stderr"
	done
	run --separate-stderr sockpipe -z 127.0.0.1 5-3
	assert_equal "$stderr" "sockpipe: port range '5-3': ends before it begins"
	for o in -l -u -0 -B "-q 1"; do
		# shellcheck disable=SC2086
		run --separate-stderr sockpipe -z $o 127.0.0.1 1
		assert_failure 64
		[[ $stderr == *"-z only connects and closes: not with ${o% *}" ]] ||
			fail "$o: $stderr"
	done
	# A later bad port stops it before the first connect.
	run --separate-stderr sockpipe -zv 127.0.0.1 1 99999
	assert_failure 64
	assert_equal "$stderr" "sockpipe: port '99999': too large (1 to 65535)"
	run --separate-stderr sockpipe -z 127.0.0.1
	assert_failure 64
	[[ $stderr == usage:* ]]
}

@test "-v: client and listener say what they connected, on stderr only" {
	pf=$BATS_TEST_TMPDIR/pf
	sock_listen "$pf" -v 0 <<<"from the listener" >"$BATS_TEST_TMPDIR/out" \
	    2>"$BATS_TEST_TMPDIR/lerr"
	lpid=$BG_PID
	port=$(<"$pf")
	run --separate-stderr sockpipe -v 127.0.0.1 "$port" <<<"from the client"
	assert_success
	assert_output "from the listener"
	assert_equal "$stderr" "sockpipe: connected to 127.0.0.1 port $port"
	sock_wait "$lpid"
	assert_equal "$SOCK_RC" 0
	assert_equal "$(<"$BATS_TEST_TMPDIR/out")" "from the client"
	run cat "$BATS_TEST_TMPDIR/lerr"
	assert_line --index 0 "sockpipe: listening on 127.0.0.1 port $port"
	assert_line --index 1 --regexp "^sockpipe: accepted 127\.0\.0\.1 port [0-9]+\$"
	assert_equal "${#lines[@]}" 2
}

@test "-v: a name says the address that answered; Unix and UDP say theirs" {
	pf=$BATS_TEST_TMPDIR/pf
	sock_listen "$pf" 0 </dev/null >/dev/null
	port=$(<"$pf")
	run --separate-stderr sockpipe -v localhost "$port" </dev/null
	assert_success
	assert_equal "$stderr" "sockpipe: connected to localhost port $port (127.0.0.1)"

	sock=$BATS_TEST_TMPDIR/s
	bg_start sockpipe -v -l -U "$sock" </dev/null >/dev/null \
	    2>"$BATS_TEST_TMPDIR/lerr"
	lpid=$BG_PID
	wait_until test -S "$sock"
	run --separate-stderr sockpipe -v -U "$sock" </dev/null
	assert_success
	assert_equal "$stderr" "sockpipe: connected to $sock"
	sock_wait "$lpid"
	assert_equal "$(<"$BATS_TEST_TMPDIR/lerr")" "sockpipe: listening on $sock
sockpipe: accepted a client on $sock"

	run --separate-stderr sockpipe -v -u 127.0.0.1 9 </dev/null
	assert_success
	assert_equal "$stderr" "sockpipe: sending to 127.0.0.1 port 9"
}

@test "banner probe: a server that talks first and stays open is 0 once -w passes" {
	pf=$BATS_TEST_TMPDIR/pf
	talker "$pf" "220 ready"
	run --separate-stderr timeout 10 sockpipe -w 0.5 127.0.0.1 "$(<"$pf")" </dev/null
	assert_success
	assert_output "220 ready"
	assert_equal "$stderr" ""
}

@test "banner probe: a silent server is 75, and says so apart from a connect timeout" {
	pf=$BATS_TEST_TMPDIR/pf
	talker "$pf"
	port=$(<"$pf")
	run --separate-stderr timeout 10 sockpipe -w 0.3 127.0.0.1 "$port" </dev/null
	assert_failure 75
	assert_output ""
	assert_equal "$stderr" "sockpipe: 127.0.0.1 port $port: no answer in 0.3 seconds after our input ended"
}

@test "-w: silence while our input is still open stays a timeout (75)" {
	pf=$BATS_TEST_TMPDIR/pf
	talker "$pf" "hello"
	port=$(<"$pf")
	run --separate-stderr timeout 10 sockpipe -w 0.3 127.0.0.1 "$port" \
	    < <(echo question; sleep 5)
	assert_failure 75
	assert_output "hello"
	assert_equal "$stderr" "sockpipe: 127.0.0.1 port $port: nothing moved for 0.3 seconds"
}

@test "-q: a UDP client waits that long after its input for the reply" {
	pf=$BATS_TEST_TMPDIR/pf
	f=$BATS_TEST_TMPDIR/reply
	mkfifo "$f"
	exec {w}<>"$f"
	FIFO_FDS+=("$w")
	sock_listen "$pf" -u 0 <"$f" >"$BATS_TEST_TMPDIR/heard"
	port=$(<"$pf")
	# Without -q the client ends with its input, before any reply.
	run --separate-stderr timeout 10 sockpipe -u 127.0.0.1 "$port" <<<"ping 1"
	assert_success
	assert_output ""
	wait_until grep -q '^ping 1$' "$BATS_TEST_TMPDIR/heard"
	# The reply comes after the client's input has ended.
	(sleep 0.3; echo pong >&"$w") &
	run --separate-stderr timeout 10 sockpipe -u -q 3 127.0.0.1 "$port" <<<"ping 2"
	assert_success
	assert_output "pong"
	assert_equal "$stderr" ""
}

@test "-q: a stream client ends that long after its input, the peer still open, nothing read lost" {
	pf=$BATS_TEST_TMPDIR/pf
	talker "$pf" "one" "two"
	lpid=$BG_PID
	run --separate-stderr timeout 10 sockpipe -q 0.5 127.0.0.1 "$(<"$pf")" <<<"hi"
	assert_success
	assert_output "one
two"
	assert_equal "$stderr" ""
	# The listener was not ended by us: it still waits for its input.
	kill -0 "$lpid"
	wait_until grep -q '^hi$' "$BATS_TEST_TMPDIR/heard"
}

@test "-q 0 ends at the end of input; the peer's late reply is not waited for" {
	pf=$BATS_TEST_TMPDIR/pf
	talker "$pf"
	run --separate-stderr timeout 10 sockpipe -q 0 127.0.0.1 "$(<"$pf")" </dev/null
	assert_success
	assert_output ""
}

@test "-q: bad values are 64; with -k it is refused" {
	for v in '' abc -1 4q 1e999; do
		run --separate-stderr sockpipe -q "$v" 127.0.0.1 9
		assert_failure 64
		[[ $stderr == "sockpipe: -q '$v': "* ]] || fail "'$v': $stderr"
	done
	run --separate-stderr sockpipe -l -k -q 1 0
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -q ends the command after input ends; -k keeps it listening: choose one"
}

@test "-s: the connection comes from the source address asked for" {
	pf=$BATS_TEST_TMPDIR/pf
	sock_listen "$pf" -v 0 </dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/lerr"
	lpid=$BG_PID
	run --separate-stderr sockpipe -s 127.0.0.2 127.0.0.1 "$(<"$pf")" </dev/null
	assert_success
	sock_wait "$lpid"
	run cat "$BATS_TEST_TMPDIR/lerr"
	assert_line --index 1 --regexp '^sockpipe: accepted 127\.0\.0\.2 port [0-9]+$'
}

@test "-s: a UDP client's datagrams come from the source address" {
	out=$BATS_TEST_TMPDIR/from
	bg_start python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
data, addr = s.recvfrom(100)
print(addr[0], data.decode().strip(), flush=True)' "$BATS_TEST_TMPDIR/pf" >"$out"
	ppid=$BG_PID
	wait_file "$BATS_TEST_TMPDIR/pf"
	run sockpipe -u -s 127.0.0.3 127.0.0.1 "$(<"$BATS_TEST_TMPDIR/pf")" <<<"hi"
	assert_success
	sock_wait "$ppid"
	assert_equal "$(<"$out")" "127.0.0.3 hi"
}

@test "-s: bad forms: empty, not local, another family, unknown, with -l or -U" {
	port=$(closed_port)
	run --separate-stderr sockpipe -s '' 127.0.0.1 "$port"
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -s '': empty"
	run --separate-stderr sockpipe -s 192.0.2.1 127.0.0.1 "$port" </dev/null
	assert_failure 73
	assert_equal "$stderr" "sockpipe: -s '192.0.2.1': Cannot assign requested address"
	run --separate-stderr sockpipe -s ::1 127.0.0.1 "$port" </dev/null
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -s '::1' and host '127.0.0.1' have no address family in common"
	run --separate-stderr sockpipe -s no.such.host.invalid 127.0.0.1 "$port" </dev/null
	assert_failure 68
	[[ $stderr == "sockpipe: -s 'no.such.host.invalid': "* ]]
	for o in "-l" "-U $BATS_TEST_TMPDIR/s"; do
		# shellcheck disable=SC2086
		run --separate-stderr sockpipe -s 127.0.0.1 $o 0
		assert_failure 64
		assert_equal "$stderr" "sockpipe: -s is for a client over IP: a listener's address is its host operand"
	done
}
