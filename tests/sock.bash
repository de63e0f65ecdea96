# shellcheck shell=bash
# Helpers for the sockpipe*.bats files (after `load helper`): background
# peers that teardown always ends, and readiness without blind sleeps.

SOCK_PIDS=()

# sock_bg command...: start a peer in the background (the caller
# redirects its input and output) and remember it for sock_teardown.
# The new process id is in $SOCK_PID.  The explicit <&0 keeps the
# caller's standard input: bash gives a background job /dev/null.
sock_bg() {
	"$@" <&0 3>&- &
	SOCK_PID=$!
	SOCK_PIDS+=("$SOCK_PID")
}

sock_teardown() {
	local p
	for p in "${SOCK_PIDS[@]}"; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	SOCK_PIDS=()
}

# sock_listen portfile [sockpipe options...]: a sockpipe listener on a
# free loopback port; returns once the portfile says it listens.
# The caller redirects its standard input and output.
sock_listen() {
	local pf=$1
	shift
	sock_bg sockpipe -l -P "$pf" "$@"
	wait_file "$pf"
}

# sock_port_of pid tcp|udp: wait until process pid listens (or, for UDP,
# is bound) on loopback and print the port: readiness for nc and socat,
# which cannot tell us themselves.
sock_port_of() {
	local i port flag=-Hltnp
	[ "$2" = udp ] && flag=-Hlunp
	for ((i = 0; i < 500; i++)); do
		port=$(ss "$flag" | awk -v pid="pid=$1," 'index($0, pid) {
			n = split($4, a, ":"); print a[n]; exit }')
		if [ -n "$port" ]; then
			printf '%s\n' "$port"
			return 0
		fi
		sleep 0.01
	done
	return 1
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
