# shellcheck shell=bash
# Comparison 5: peak memory (/usr/bin/time -v) of mqsend, mqrecv and
# sockpipe (clear and TLS) on a short and a long stream; the long ones are the sizes of
# comparisons 1 (SOCK_BYTES) and 2 (MQ_LINES).  Sourced by bench/run.

# rss FILE: "Maximum resident set size" in KiB from /usr/bin/time -v.
rss() {
	awk -F': ' '/Maximum resident set size/ { print $2 }' "$1" 2>/dev/null
}

mem_row() {	# command stream file
	local k
	k=$(rss "$3")
	[ -n "$k" ] || k=failed
	printf '%-12s %-34s %10s KiB  %s\n' "$1" "$2" "$k" \
	    "$(case $k in failed) ;; *) [ "$k" -lt 4096 ] && echo 'under 4 MiB' || echo 'OVER 4 MiB' ;; esac)"
	printf '%s,"%s",%s\n' "$1" "$2" "$k" >>"$RESULTS/5-memory.csv"
}

mem_mq() {	# lines-file count
	local Q
	need mqsend mqrecv || return
	Q=$(mq_fresh) || return
	/usr/bin/time -v -o "$WORK/t.recv" timeout "$TMO" \
	    mqrecv -c "$2" "id:$Q" >/dev/null &
	/usr/bin/time -v -o "$WORK/t.send" timeout "$TMO" \
	    mqsend "id:$Q" <"$1" >/dev/null
	wait
	mem_row mqsend "$2 lines" "$WORK/t.send"
	mem_row mqrecv "$2 lines" "$WORK/t.recv"
	ipcrm -Q "$MQ_KEY" 2>/dev/null
}

mem_sock() {	# file bytes
	local P
	need sockpipe || return
	P=$(next_port)
	/usr/bin/time -v -o "$WORK/t.recv" timeout "$TMO" \
	    sockpipe -l "$P" </dev/null >/dev/null &
	wait_listen tcp "$P" || return
	/usr/bin/time -v -o "$WORK/t.send" timeout "$TMO" \
	    sockpipe 127.0.0.1 "$P" <"$1" >/dev/null
	wait
	mem_row "sockpipe" "$2 bytes (sending)" "$WORK/t.send"
	mem_row "sockpipe -l" "$2 bytes (receiving)" "$WORK/t.recv"
}

# mem_tls FILE BYTES: both ends of sockpipe -c (TLS), on a throwaway
# certificate; the issue's bound is 4 MiB a side, libssl and libcrypto
# mapped in included.
mem_tls() {
	local P
	need sockpipe openssl || return
	[ -f "$WORK/mem.cert" ] || openssl req -x509 -newkey ec \
	    -pkeyopt ec_paramgen_curve:P-256 -noenc -days 1 -subj /CN=localhost \
	    -addext subjectAltName=DNS:localhost -keyout "$WORK/mem.key" \
	    -out "$WORK/mem.cert" 2>/dev/null || return
	P=$(next_port)
	/usr/bin/time -v -o "$WORK/t.recv" timeout "$TMO" sockpipe -c -l \
	    -C "$WORK/mem.cert" -K "$WORK/mem.key" "$P" </dev/null >/dev/null &
	wait_listen tcp "$P" || return
	/usr/bin/time -v -o "$WORK/t.send" timeout "$TMO" sockpipe -c \
	    -R "$WORK/mem.cert" localhost "$P" <"$1" >/dev/null
	wait
	mem_row "sockpipe -c" "$2 bytes over TLS (sending)" "$WORK/t.send"
	mem_row "sockpipe -c -l" "$2 bytes over TLS (receiving)" "$WORK/t.recv"
}

run_5() {
	printf '\n== 5-memory: peak resident set size (/usr/bin/time -v; target: under 4 MiB) ==\n'
	printf 'command,stream,maxrss_kib\n' >"$RESULTS/5-memory.csv"
	if [ -x /usr/bin/time ]; then
		[ -f "$WORK/lines" ] || awk -v n="$MQ_LINES" 'BEGIN {
			for (i = 0; i < n; i++) printf "%08d%056d\n", i, i
		}' >"$WORK/lines"
		head -n 1000 "$WORK/lines" >"$WORK/lines.short"
		mem_mq "$WORK/lines.short" 1000
		mem_mq "$WORK/lines" "$MQ_LINES"
		make_data "$WORK/mem.short" $((1 << 20))
		make_data "$WORK/sock.data" "$SOCK_BYTES"
		mem_sock "$WORK/mem.short" $((1 << 20))
		mem_sock "$WORK/sock.data" "$SOCK_BYTES"
		mem_tls "$WORK/mem.short" $((1 << 20))
		mem_tls "$WORK/sock.data" "$SOCK_BYTES"
		command -v mqsend >/dev/null || echo "mqsend, mqrecv: missing"
		command -v sockpipe >/dev/null || echo "sockpipe: missing"
		rm -f "$WORK/sock.data"
	else
		echo "missing: /usr/bin/time (package time)"
	fi
}

# tables_5 CSV: the Markdown of 5-memory.csv, a list of figures.
tables_5() {
	case $(basename "$1" .csv) in
	5-memory)
		printf '### 5-memory\n\n| command | stream | peak RSS (KiB) |\n|---|---|---:|\n'
		awk -F, 'NR > 1 { gsub(/"/, "", $2); print "| " $1 " | " $2 " | " $3 " |" }' "$1"
		;;
	*) md_section "$1" ;;
	esac
}
