# shellcheck shell=bash
# Helpers for the sockpipe*.bats files (after `load helper`): peers that
# start with bg_start (so that teardown's bg_cleanup always ends them), and
# readiness without blind sleeps.

# sock_listen portfile [sockpipe options...]: a sockpipe listener on a
# free loopback port; returns once the portfile says it listens.
# The caller redirects its standard input and output.
sock_listen() {
	local pf=$1
	shift
	bg_start sockpipe -l -P "$pf" "$@"
	wait_file "$pf"
}

# sock_port_of pid tcp|udp: wait until process pid listens (or, for UDP,
# is bound) on loopback and print the port: readiness for nc and socat,
# which cannot tell us themselves.  Fails if it never does.
sock_port_of() {
	local port
	wait_until sock_bound "$1" "$2" || return
	printf '%s\n' "$port"
}

# sock_bound pid tcp|udp: whether pid listens or is bound; the port goes
# to the caller's $port.
sock_bound() {
	local flag=-Hltnp
	[ "$2" = udp ] && flag=-Hlunp
	port=$(ss "$flag" | awk -v pid="pid=$1," 'index($0, pid) {
		n = split($4, a, ":"); print a[n]; exit }')
	[ -n "$port" ]
}

# sock_wait pid: wait for a background peer; its status is in $SOCK_RC.
# shellcheck disable=SC2034
sock_wait() {
	SOCK_RC=0
	wait "$1" || SOCK_RC=$?
}

# sock_have_ipv6: whether ::1 can be bound here.
sock_have_ipv6() {
	[ -e /proc/net/if_inet6 ] && grep -q '^0\{31\}1 ' /proc/net/if_inet6
}

# sock_unanswered: a loopback port whose listener never answers a new
# connect: a backlog of 0 that never accepts, filled by one client that
# waits, so that the kernel drops the next SYN.  The port goes to $port.
sock_unanswered() {
	local pf=$BATS_TEST_TMPDIR/unanswered
	bg_start sock_peer backlog "$pf"
	wait_file "$pf"
	port=$(<"$pf")
	mkfifo "$pf.fifo"
	bg_start sockpipe 127.0.0.1 "$port" <>"$pf.fifo" >/dev/null
	wait_until sock_established "$port"
}

# sock_established port: a loopback connection to port is established.
sock_established() {
	ss -Htn state established "( dport = :$1 )" | grep -q .
}

# sock_established_listen port: something listens on loopback TCP port.
sock_established_listen() {
	ss -Htln "( sport = :$1 )" | grep -q .
}

# sock_in_read pid: process pid is blocked in read(2) (x86-64 and arm64
# number it 0 and 63): a reader waiting before the first byte.
sock_in_read() {
	local nr
	read -r nr _ <"/proc/$1/syscall" 2>/dev/null || return 1
	case $(uname -m) in
	aarch64) [ "$nr" = 63 ] ;;
	*) [ "$nr" = 0 ] ;;
	esac
}

# free_port: a loopback TCP port nobody listens on now, for peers that
# cannot pick one and say it.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
