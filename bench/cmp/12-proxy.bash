# shellcheck shell=bash
# Comparison 12: a download through a proxy on loopback, sockpipe -x
# against OpenBSD nc -x in the same run: through OpenSSH's SOCKS 5 server
# (ssh -D to a throwaway sshd) and through tinyproxy (HTTP CONNECT).  The
# listener at the far end is sockpipe -l with the file on its input for
# every contender; the client reads it to /dev/null.  Then the start-up
# of a client through the proxy: a connect, the handshake and an empty
# transfer.  Sourced by bench/run.
# Contenders are called through compare, which shellcheck cannot follow.
# shellcheck disable=SC2317

if [ "$QUICK" = 1 ]; then
	PX_BYTES=$((32 << 20))
	PX_CALLS=20
else
	PX_BYTES=$((256 << 20))
	PX_CALLS=200
fi

# px_round CLIENT [SRC]: the far end sends SRC (a command line for the
# client, evaluated, $P the far end's port); the time of the transfer.
px_round() {
	local client=$1 src=${2:-$PX_SRC} P pid t0
	[ -n "${WARMUP:-}" ] && src=$PX_WARM
	P=$(next_port)
	timeout "$TMO" sockpipe -l 127.0.0.1 "$P" <"$src" >/dev/null &
	pid=$!
	wait_listen tcp "$P" || { kill "$pid"; return 1; }
	t0=$(now)
	eval "timeout $TMO $client" </dev/null >/dev/null
	round_end $? "$pid" "$t0" client "far end"
}

# px_calls CLIENT: PX_CALLS clients in a row, each through the proxy to a
# far end that sends nothing (sockpipe -l -k); the time of them all.
px_calls() {
	local client=$1 P pid t0 i n=$PX_CALLS
	[ -n "${WARMUP:-}" ] && n=2
	P=$(next_port)
	timeout "$TMO" sockpipe -l -k 127.0.0.1 "$P" </dev/null >/dev/null &
	pid=$!
	wait_listen tcp "$P" || { kill "$pid"; return 1; }
	t0=$(now)
	for ((i = 0; i < n; i++)); do
		eval "$client" </dev/null >/dev/null || { kill "$pid"; return 1; }
	done
	elapsed "$t0"
	kill "$pid"
	wait "$pid" 2>/dev/null
	return 0
}

# shellcheck disable=SC2016 # $P is expanded by px_round's eval
{
px5_sockpipe() { need sockpipe && px_round 'sockpipe -x 127.0.0.1:$PX_SOCKS 127.0.0.1 $P'; }
px5_nc() { need nc && px_round 'nc -X 5 -x 127.0.0.1:$PX_SOCKS 127.0.0.1 $P'; }
pxc_sockpipe() { need sockpipe && px_round 'sockpipe -X connect -x 127.0.0.1:$PX_HTTP 127.0.0.1 $P'; }
pxc_nc() { need nc && px_round 'nc -X connect -x 127.0.0.1:$PX_HTTP 127.0.0.1 $P'; }
pxs_sockpipe() { need sockpipe && px_calls 'sockpipe -X connect -x 127.0.0.1:$PX_HTTP 127.0.0.1 $P'; }
pxs_nc() { need nc && px_calls 'nc -X connect -x 127.0.0.1:$PX_HTTP 127.0.0.1 $P'; }
}

# px_sshd: a throwaway sshd on loopback and ssh -D to it; PX_SOCKS is the
# SOCKS port.  Needs root (privilege separation) and openssh-server.
px_sshd() {
	local d=$WORK/px.ssh P
	[ -x /usr/sbin/sshd ] && [ "$(id -u)" -eq 0 ] || return 1
	need ssh || return 1
	mkdir -p "$d" /run/sshd
	ssh-keygen -q -t ed25519 -N '' -f "$d/host" || return 1
	ssh-keygen -q -t ed25519 -N '' -f "$d/client" || return 1
	P=$(next_port)
	printf '%s\n' "ListenAddress 127.0.0.1:$P" "HostKey $d/host" \
	    "AuthorizedKeysFile $d/client.pub" "PidFile none" \
	    "StrictModes no" "UsePAM no" \
	    "PermitRootLogin prohibit-password" "LogLevel ERROR" \
	    >"$d/sshd_config"
	/usr/sbin/sshd -D -e -f "$d/sshd_config" </dev/null 2>/dev/null &
	PX_PIDS+=($!)
	wait_listen tcp "$P" || return 1
	PX_SOCKS=$(next_port)
	# AES-GCM, not the default chacha20-poly1305: OpenSSH renews the keys
	# of a cipher with 8-byte blocks after every GiB, so that every
	# fourth 256 MiB transfer waited for a key exchange (a round 15 to 40%
	# slower), and the turns lined that round up with one contender.
	# With 16-byte blocks the keys last 64 GiB, longer than the run.
	ssh -N -D "127.0.0.1:$PX_SOCKS" -p "$P" -i "$d/client" \
	    -c aes128-gcm@openssh.com \
	    -o IdentitiesOnly=yes -o BatchMode=yes \
	    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
	    -o LogLevel=ERROR root@127.0.0.1 </dev/null &
	PX_PIDS+=($!)
	wait_listen tcp "$PX_SOCKS"
}

# px_tinyproxy: tinyproxy, CONNECT to any port; PX_HTTP is its port.
px_tinyproxy() {
	need tinyproxy || return 1
	PX_HTTP=$(next_port)
	printf '%s\n' "Port $PX_HTTP" "Listen 127.0.0.1" "Timeout 600" \
	    "MaxClients 50" "LogLevel Critical" >"$WORK/px.tinyproxy"
	tinyproxy -d -c "$WORK/px.tinyproxy" </dev/null >/dev/null 2>&1 &
	PX_PIDS+=($!)
	wait_listen tcp "$PX_HTTP"
}

run_12() {
	local mib p
	# Four processes share the CPUs here (the far end, sshd or tinyproxy,
	# ssh -D, the client), and where the scheduler puts sshd and ssh
	# moves a round's figure by up to 1.5x, either way: 15 rounds at
	# least, so that the medians say something (seconds, not minutes).
	local ROUNDS=$((ROUNDS < 15 ? 15 : ROUNDS))
	PX_PIDS=()
	PX_SRC=$WORK/px.data PX_WARM=$WORK/px.warm
	make_data "$PX_SRC" "$PX_BYTES"
	make_data "$PX_WARM" $((1 << 20))
	mib=$((PX_BYTES >> 20))
	if px_sshd; then
		compare 12-proxy-socks "$mib MiB through ssh -D (SOCKS 5) on loopback -> /dev/null" \
		    bytes "$PX_BYTES" "nc -X 5" \
		    "nc -X 5=px5_nc" "sockpipe -x=px5_sockpipe"
	else
		missing "ssh -D: no sshd, or not root"
	fi
	if px_tinyproxy; then
		compare 12-proxy-connect "$mib MiB through tinyproxy (HTTP CONNECT) on loopback -> /dev/null" \
		    bytes "$PX_BYTES" "nc -X connect" \
		    "nc -X connect=pxc_nc" "sockpipe -X connect=pxc_sockpipe"
		compare 12-proxy-startup "$PX_CALLS empty connections through tinyproxy" \
		    calls "$PX_CALLS" "nc -X connect" \
		    "nc -X connect=pxs_nc" "sockpipe -X connect=pxs_sockpipe"
	fi
	for p in "${PX_PIDS[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	rm -rf "$PX_SRC" "$PX_WARM" "$WORK/px.ssh" "$WORK/px.tinyproxy"
}

# The issue's targets: at least nc's speed; start-up within 1.1x of nc's.
targets_12() {
	target 12-proxy-socks "sockpipe -x" "nc -X 5" 1.0 \
	    "sockpipe -x vs nc -X 5 -x through ssh -D"
	target 12-proxy-connect "sockpipe -X connect" "nc -X connect" 1.0 \
	    "sockpipe -X connect vs nc -X connect -x through tinyproxy"
	target 12-proxy-startup "sockpipe -X connect" "nc -X connect" 0.91 \
	    "sockpipe -x start-up within 1.1x of nc's"
}
