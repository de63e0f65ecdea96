# shellcheck shell=bash
# Comparison 10: sockpipe -c (TLS through libtls) over loopback TCP, against
# ncat --ssl, socat's OPENSSL addresses and openssl s_server/s_client as a
# reference.  Every pair runs with its defaults on the same throwaway
# certificate; the protocol version and cipher each listener negotiates
# are printed first, so that the figures compare like with like.  Sourced
# by bench/run; uses comparison 1's sock_round.
# Contenders are called through compare, which shellcheck cannot follow.
# shellcheck disable=SC2317

if [ "$QUICK" = 1 ]; then
	TLS_BYTES=$((64 << 20))
else
	TLS_BYTES=$((1 << 30))
fi

# tls_ossl: the openssl pair.  s_client, sending, stops at the end of its
# input before all of it is written (it does not wait for its writes), so
# the reference sends from s_server and receives with s_client -quiet,
# which reads until the server's close_notify.
tls_ossl() {
	local P pid t0 rs ss src=$TLS_SRC
	need openssl || return 127
	[ -n "${WARMUP:-}" ] && src=$SOCK_WARM
	P=$(next_port)
	timeout "$TMO" openssl s_server -quiet -accept "127.0.0.1:$P" \
	    -cert "$TLS_CERT" -key "$TLS_KEY" -naccept 1 -nbio <"$src" \
	    >/dev/null 2>&1 &
	pid=$!
	wait_listen tcp "$P" || { kill "$pid"; return 1; }
	t0=$(now)
	timeout "$TMO" openssl s_client -quiet -verify_return_error \
	    -CAfile "$TLS_CERT" -connect "127.0.0.1:$P" -servername localhost \
	    </dev/null >/dev/null 2>"$WORK/ossl.err"
	ss=$?
	wait "$pid"
	rs=$?
	if [ "$ss" -ne 0 ] || [ "$rs" -ne 0 ]; then
		echo "exit $ss (s_client), $rs (s_server):" \
		    "$(grep -v '^depth\|^verify return' "$WORK/ossl.err" | head -n 1)" >&2
		return 1
	fi
	elapsed "$t0"
}

# shellcheck disable=SC2016 # $P is expanded by sock_round's eval
{
tls_sockpipe() { need sockpipe && sock_round tcp \
    'sockpipe -c -l -C "$TLS_CERT" -K "$TLS_KEY" $P' \
    'sockpipe -c -R "$TLS_CERT" localhost $P' "$TLS_SRC"; }
tls_ncat() { need ncat && sock_round tcp \
    'ncat -l --ssl --ssl-cert "$TLS_CERT" --ssl-key "$TLS_KEY" --recv-only 127.0.0.1 $P' \
    'ncat --ssl --ssl-verify --ssl-trustfile "$TLS_CERT" --send-only localhost $P' \
    "$TLS_SRC"; }
}

# tls_socat [OPTION]: the socat pair, with OPTION (a buffer size) on both.
tls_socat() {
	local o=${1-}
	need socat && sock_round tcp \
	    "socat $o -u OPENSSL-LISTEN:\$P,bind=127.0.0.1,reuseaddr,cert=\"\$TLS_CERT\",key=\"\$TLS_KEY\",verify=0 STDOUT" \
	    "socat $o -u STDIN OPENSSL:localhost:\$P,cafile=\"\$TLS_CERT\"" \
	    "$TLS_SRC"
}
tls_socatb() { tls_socat -b131072; }

# tls_probe NAME LISTENER...: start LISTENER (a command line, evaluated,
# $P its port), ask it with openssl s_client -brief, print the protocol
# and cipher it negotiated.
tls_probe() {
	local name=$1 P pid got
	P=$(next_port)
	eval "timeout 10 $2" </dev/null >/dev/null 2>&1 &
	pid=$!
	if ! wait_listen tcp "$P"; then
		kill "$pid" 2>/dev/null
		return 0
	fi
	got=$(openssl s_client -brief -CAfile "$TLS_CERT" -servername localhost \
	    -connect "127.0.0.1:$P" </dev/null 2>&1 |
	    awk -F': ' '/^Protocol version/ { v = $2 } /^Ciphersuite/ { c = $2 }
	    END { print v ", " c }')
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	printf '  %-10s %s\n' "$name" "$got"
}

# What kernel TLS offload this machine offers.  libtls does not ask
# OpenSSL for it (no SSL_OP_ENABLE_KTLS), so sockpipe encrypts in user
# space either way; the line says whether the kernel could have.
tls_ktls() {
	local mod=no
	[ -d /sys/module/tls ] && mod="yes (the tls module is loaded)"
	printf '  kernel TLS: %s; /proc/net/tls_stat %s\n' "$mod" \
	    "$([ -e /proc/net/tls_stat ] && echo present || echo absent)"
}

run_10() {
	local mib
	need openssl || return 0
	TLS_SRC=$WORK/tls.data SOCK_WARM=$WORK/tls.warm
	TLS_CERT=$WORK/tls.cert TLS_KEY=$WORK/tls.key
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc \
	    -days 1 -subj /CN=localhost -addext subjectAltName=DNS:localhost \
	    -keyout "$TLS_KEY" -out "$TLS_CERT" 2>/dev/null || return 1
	make_data "$TLS_SRC" "$TLS_BYTES"
	make_data "$SOCK_WARM" $((16 << 20))
	mib=$((TLS_BYTES >> 20))
	# shellcheck disable=SC2016 # $P is expanded by tls_probe's eval
	{
	printf '\nTLS negotiated by each listener (P-256 certificate):\n'
	tls_probe sockpipe 'sockpipe -c -l -C "$TLS_CERT" -K "$TLS_KEY" $P'
	command -v ncat >/dev/null && tls_probe ncat \
	    'ncat -l --ssl --ssl-cert "$TLS_CERT" --ssl-key "$TLS_KEY" 127.0.0.1 $P'
	command -v socat >/dev/null && tls_probe socat \
	    'socat -u OPENSSL-LISTEN:$P,bind=127.0.0.1,reuseaddr,cert="$TLS_CERT",key="$TLS_KEY",verify=0 STDOUT'
	tls_probe s_server \
	    'sleep 10 | openssl s_server -quiet -accept 127.0.0.1:$P -cert "$TLS_CERT" -key "$TLS_KEY" -naccept 1'
	}
	tls_ktls
	compare 10-tls "$mib MiB file in tmpfs -> TLS over loopback TCP -> /dev/null" \
	    bytes "$TLS_BYTES" "openssl s_server" \
	    "ncat --ssl=tls_ncat" "socat OPENSSL=tls_socat" \
	    "socat -b131072 OPENSSL=tls_socatb" \
	    "openssl s_server=tls_ossl" "sockpipe -c=tls_sockpipe"
	rm -f "$TLS_SRC" "$SOCK_WARM" "$TLS_CERT" "$TLS_KEY"
}

# The issue's target: at least the fastest of the others.
targets_10() {
	local l best="" m bm=0
	for l in "ncat --ssl" "socat OPENSSL" "socat -b131072 OPENSSL" \
	    "openssl s_server"; do
		m=${MED["10-tls/$l"]:-}
		[ -n "$m" ] || continue
		if awk -v a="$m" -v b="$bm" 'BEGIN { exit !(a > b) }'; then
			best=$l bm=$m
		fi
	done
	target 10-tls "sockpipe -c" "${best:-openssl s_server}" 1.0 \
	    "sockpipe -c vs the fastest other (${best:-none})"
}
