# shellcheck shell=bash
# Comparison 5: peak memory of mqsend, mqrecv and sockpipe (clear and TLS)
# on a short and a long stream; the long ones are the sizes of comparisons
# 1 (SOCK_BYTES) and 2 (MQ_LINES).  Peak RSS from /usr/bin/time -v; for
# sockpipe also its private memory, Private_Clean + Private_Dirty of
# /proc/PID/smaps_rollup, sampled every 50 ms and the largest kept.
# Sourced by bench/run.

# The bounds, in KiB: the peak RSS of mqsend and mqrecv and of clear-text
# sockpipe; the private memory of sockpipe -c, whose RSS is mostly the
# shared pages of libcrypto, which no TLS tool over OpenSSL avoids.
MEM_RSS_MQ=4096
MEM_RSS_CLEAR=2560
MEM_PRIV_TLS=2048
# the largest figure each bound is checked against, and the failed rows
declare -A MEM_MAX=() MEM_FAILED=()

# rss FILE: "Maximum resident set size" in KiB from /usr/bin/time -v.
rss() {
	awk -F': ' '/Maximum resident set size/ { print $2 }' "$1" 2>/dev/null
}

# mem_row COMMAND STREAM TIMEFILE KIND [PRIVATE]: one row of the table and
# the CSV; KIND (mq, clear, tls) says which bound the row is held to.
mem_row() {
	local k p=${5:-} v bound verdict
	k=$(rss "$3")
	[ -n "$k" ] || k=failed
	case $4 in
	tls) v=$p bound=$MEM_PRIV_TLS ;;
	clear) v=$k bound=$MEM_RSS_CLEAR ;;
	*) v=$k bound=$MEM_RSS_MQ ;;
	esac
	case $v in
	'' | failed | *[!0-9]*)
		verdict=failed
		MEM_FAILED[$4]=1
		;;
	*)
		if [ "$v" -le "$bound" ]; then
			verdict="within $bound KiB"
		else
			verdict="OVER $bound KiB"
		fi
		[ "$v" -gt "${MEM_MAX[$4]:-0}" ] && MEM_MAX[$4]=$v
		;;
	esac
	printf '%-14s %-34s %8s %8s  %s\n' "$1" "$2" "$k" "${p:--}" "$verdict"
	printf '%s,"%s",%s,%s\n' "$1" "$2" "$k" "$p" >>"$RESULTS/5-memory.csv"
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
	mem_row mqsend "$2 lines" "$WORK/t.send" mq
	mem_row mqrecv "$2 lines" "$WORK/t.recv" mq
	ipcrm -Q "$MQ_KEY" 2>/dev/null
}

# mem_pid PID: the process of PID's grandchild (time -> timeout -> the
# command), once it is there.
mem_pid() {
	local t c i
	for ((i = 0; i < 500; i++)); do
		t=$(pgrep -P "$1") && c=$(pgrep -P "$t") &&
		    { echo "$c"; return 0; }
		sleep 0.01
	done
	return 1
}

# mem_private PID: MEM_V = Private_Clean + Private_Dirty of PID in KiB,
# empty once PID has exited (a zombie has no memory to show).  No fork, so
# that sampling costs the machine little.
mem_private() {
	local k v
	MEM_V=
	while read -r k v _; do
		case $k in
		Private_Clean: | Private_Dirty:) MEM_V=$((${MEM_V:-0} + v)) ;;
		esac
	done 2>/dev/null <"/proc/$1/smaps_rollup"
}

# mem_pos PID: MEM_POS = the offset of PID's standard input (a file).
mem_pos() {
	local k v
	MEM_POS=0
	while read -r k v; do
		[ "$k" = pos: ] && MEM_POS=$v
	done 2>/dev/null <"/proc/$1/fdinfo/0"
}

# mem_sock FILE BYTES [tls]: both ends of one sockpipe transfer of FILE
# over loopback TCP, clear or TLS (on a throwaway certificate).  Peak RSS
# from /usr/bin/time -v; private memory sampled every 50 ms from the
# start to the end, which is held: the listener's standard input is a FIFO
# kept open, so both ends stay up (a connection ends when both directions
# are done) until 5 samples after the sender has read all of FILE.  A
# 1 MiB stream would otherwise be over before the first sample.
mem_sock() {
	local file=$1 bytes=$2 kind=${3:-clear} host=127.0.0.1 P rt st rp sp
	local rmax='' smax='' after=0 i
	local -a lopt=() copt=()
	need sockpipe || return
	if [ "$kind" = tls ]; then
		need openssl || return
		[ -f "$WORK/mem.cert" ] || openssl req -x509 -newkey ec \
		    -pkeyopt ec_paramgen_curve:P-256 -noenc -days 1 \
		    -subj /CN=localhost -addext subjectAltName=DNS:localhost \
		    -keyout "$WORK/mem.key" -out "$WORK/mem.cert" 2>/dev/null ||
		    return
		lopt=(-c -C "$WORK/mem.cert" -K "$WORK/mem.key")
		copt=(-c -R "$WORK/mem.cert")
		host=localhost
	fi
	P=$(next_port)
	rm -f "$WORK/mem.hold"
	mkfifo "$WORK/mem.hold" || return
	/usr/bin/time -v -o "$WORK/t.recv" timeout "$TMO" \
	    sockpipe -l "${lopt[@]}" "$P" <"$WORK/mem.hold" >/dev/null &
	rt=$!
	exec 8>"$WORK/mem.hold"
	wait_listen tcp "$P" || { exec 8>&-; wait "$rt"; return; }
	# 8>&-: the sender must not hold the listener's input open
	/usr/bin/time -v -o "$WORK/t.send" timeout "$TMO" \
	    sockpipe "${copt[@]}" "$host" "$P" <"$file" >/dev/null 8>&- &
	st=$!
	rp=$(mem_pid "$rt") sp=$(mem_pid "$st")
	for ((i = 0; i < TMO * 20; i++)); do
		mem_private "$rp"
		[ -n "$MEM_V" ] && [ "$MEM_V" -gt "${rmax:-0}" ] && rmax=$MEM_V
		mem_private "$sp"
		[ -n "$MEM_V" ] || break
		[ "$MEM_V" -gt "${smax:-0}" ] && smax=$MEM_V
		mem_pos "$sp"
		if [ "$MEM_POS" -ge "$bytes" ]; then
			after=$((after + 1))
			[ "$after" -ge 5 ] && break
		fi
		sleep 0.05
	done
	exec 8>&-
	wait "$st" "$rt"
	rm -f "$WORK/mem.hold"
	if [ "$kind" = tls ]; then
		mem_row "sockpipe -c" "$bytes bytes over TLS (sending)" \
		    "$WORK/t.send" tls "$smax"
		mem_row "sockpipe -c -l" "$bytes bytes over TLS (receiving)" \
		    "$WORK/t.recv" tls "$rmax"
	else
		mem_row sockpipe "$bytes bytes (sending)" "$WORK/t.send" \
		    clear "$smax"
		mem_row "sockpipe -l" "$bytes bytes (receiving)" \
		    "$WORK/t.recv" clear "$rmax"
	fi
}

run_5() {
	printf '\n== 5-memory: peak RSS (/usr/bin/time -v) and peak private memory (smaps_rollup, every 50 ms), KiB ==\n'
	printf 'bounds: mqsend, mqrecv RSS <= %s; sockpipe RSS <= %s; sockpipe -c private <= %s a side\n' \
	    "$MEM_RSS_MQ" "$MEM_RSS_CLEAR" "$MEM_PRIV_TLS"
	printf '%-14s %-34s %8s %8s\n' command stream RSS private
	printf 'command,stream,maxrss_kib,private_kib\n' >"$RESULTS/5-memory.csv"
	MEM_MAX=() MEM_FAILED=()
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
		mem_sock "$WORK/mem.short" $((1 << 20)) tls
		mem_sock "$WORK/sock.data" "$SOCK_BYTES" tls
		command -v mqsend >/dev/null || echo "mqsend, mqrecv: missing"
		command -v sockpipe >/dev/null || echo "sockpipe: missing"
		rm -f "$WORK/sock.data"
	else
		echo "missing: /usr/bin/time (package time)"
	fi
}

# mem_target KIND BOUND TEXT: the largest figure of KIND against BOUND, as
# target prints it; the ratio is BOUND / figure, so at least 1 is met.
mem_target() {
	local m=${MEM_MAX[$1]:-} t=$3 ratio verdict
	if [ -z "$m" ] || [ -n "${MEM_FAILED[$1]:-}" ]; then
		ratio=n/a verdict="not measured"
	else
		ratio=$(awk -v b="$2" -v m="$m" 'BEGIN { printf "%.2f", b / m }')
		verdict=$([ "$m" -le "$2" ] && echo met || echo MISSED)
		t="$3 (largest: $m KiB)"
	fi
	printf '%-8s %-12s %-52s %6s (>= 1.00)\n' "$verdict" 5-memory "$t" \
	    "$ratio"
	printf '5-memory,%s,%s KiB,%s,1.00,%s,%s\n' "$1" "$2" "$ratio" \
	    "$verdict" "$t" >>"$RESULTS/targets.csv"
}

# (no commas in the texts: targets.csv does not quote them)
targets_5() {
	mem_target mq "$MEM_RSS_MQ" \
	    "mqsend and mqrecv peak RSS <= $MEM_RSS_MQ KiB"
	mem_target clear "$MEM_RSS_CLEAR" \
	    "sockpipe (clear) peak RSS <= $MEM_RSS_CLEAR KiB a side"
	mem_target tls "$MEM_PRIV_TLS" \
	    "sockpipe -c private memory <= $MEM_PRIV_TLS KiB a side"
}

# tables_5 CSV: the Markdown of 5-memory.csv, a list of figures.
tables_5() {
	case $(basename "$1" .csv) in
	5-memory)
		printf '### 5-memory\n\n| command | stream | peak RSS (KiB) | peak private (KiB) |\n|---|---|---:|---:|\n'
		awk -F, 'NR > 1 { gsub(/"/, "", $2); print "| " $1 " | " $2 " | " $3 " | " ($4 == "" ? "-" : $4) " |" }' "$1"
		;;
	*) md_section "$1" ;;
	esac
}
