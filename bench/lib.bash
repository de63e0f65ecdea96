# shellcheck shell=bash
# The harness of bench/run: interleaved rounds, statistics, table and CSV.
#
# A contender is a shell function that does one round of the job and prints
# the seconds it took on standard output.  It returns 127 (after saying why
# on standard error) when it cannot run here: the contender is then listed
# as missing, never a failure of the run.  Any other failure marks that
# round failed and the comparison goes on.

# Seconds since the epoch with microseconds, from bash itself (no fork).
now() {
	printf '%s\n' "${EPOCHREALTIME/,/.}"
}

# elapsed T0: seconds from T0 until now.
elapsed() {
	awk -v a="$1" -v b="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.6f\n", b - a }'
}

# round_end STATUS PID T0 [WHO WHOM]: the end of a round of two ends: the
# one that ran in the foreground ended with STATUS; wait for the one in
# the background (PID), and print the seconds since T0 if both exited 0.
round_end() {
	local s=$1 pid=$2 t0=$3 rs
	wait "$pid"
	rs=$?
	if [ "$s" -ne 0 ] || [ "$rs" -ne 0 ]; then
		echo "exit $s (${4:-sender}), $rs (${5:-receiver})" >&2
		return 1
	fi
	elapsed "$t0"
}

# missing WHY: report a contender that cannot run, and return 127.
missing() {
	printf '%s\n' "$*" >&2
	return 127
}

# need CMD...: every command is on PATH, or the contender is missing.
need() {
	local c
	for c; do
		command -v "$c" >/dev/null 2>&1 ||
		    { missing "$c: not installed"; return 127; }
	done
}

# Medians of every contender of every comparison, for the targets:
# MED[name/label] = median throughput (or speed).
declare -A MED=()

# The unit a comparison is measured in, for the table.
fmt_rate() {	# unit value
	case $1 in
	bytes) awk -v v="$2" 'BEGIN { printf "%.1f MiB/s", v / 1048576 }' ;;
	msgs) awk -v v="$2" 'BEGIN { printf "%.0f msg/s", v }' ;;
	calls) awk -v v="$2" 'BEGIN { printf "%.3f ms", 1000 / v }' ;;
	setups) awk -v v="$2" 'BEGIN { printf "%.1f us", 1e6 / v }' ;;
	*) printf '%s' "$2" ;;
	esac
}

# compare NAME TITLE UNIT AMOUNT REF LABEL=FUNC ...
#
# Runs every contender once to warm up, then BENCH_ROUNDS rounds in which
# they take turns, in a new random order each round (A C B, B A C, ...):
# a fixed order lines each contender up with any state of the system
# that comes back with a period (ssh -D with its default cipher renewed
# its keys during every fourth transfer of comparison 12), and one
# contender would get every slow turn.  A round's
# figure is AMOUNT divided by its seconds (bytes/s, messages/s, calls/s);
# the table shows min, median and max of the figures and the median's
# ratio to the contender REF.
# Writes $RESULTS/NAME.csv.
compare() {
	local name=$1 title=$2 unit=$3 amount=$4 ref=$5
	shift 5
	local -a labels=() funcs=() live=()
	local -A times=() state=()
	local spec l f r t rc i

	for spec; do
		labels+=("${spec%%=*}")
		funcs+=("${spec#*=}")
	done

	local started=$SECONDS
	printf '\n== %s: %s ==\n' "$name" "$title"
	# warm-up, which also finds the missing ones; WARMUP=1 lets a
	# contender do a shorter job than the measured rounds
	for i in "${!labels[@]}"; do
		l=${labels[i]} f=${funcs[i]}
		t=$(WARMUP=1 "$f" 2>"$WORK/err")
		rc=$?
		if [ "$rc" -eq 127 ]; then
			state[$l]="missing: $(head -n1 "$WORK/err")"
		elif [ "$rc" -ne 0 ] || [ -z "$t" ]; then
			state[$l]="failed: $(head -n1 "$WORK/err")"
		else
			state[$l]=ok
			live+=("$i")
		fi
	done
	for ((r = 1; r <= ROUNDS; r++)); do
		((${#live[@]} == 0)) ||
		    mapfile -t live < <(printf '%s\n' "${live[@]}" | shuf)
		for i in "${live[@]}"; do
			l=${labels[i]} f=${funcs[i]}
			t=$("$f" 2>"$WORK/err")
			rc=$?
			if [ "$rc" -ne 0 ] || [ -z "$t" ]; then
				state[$l]="failed in round $r: $(head -n1 "$WORK/err")"
				continue
			fi
			times[$l]+="$t "
		done
	done

	local csv="$RESULTS/$name.csv" refmed=${MED["$name/$ref"]:-}
	printf 'contender,unit,amount,rounds,min,median,max,ratio_to_%s,status,seconds\n' \
	    "$ref" >"$csv"
	printf '%-24s %16s %16s %16s %8s\n' contender min median max "x $ref"
	# the reference first, so that the others have a ratio
	local -a order=("$ref")
	for l in "${labels[@]}"; do
		[ "$l" = "$ref" ] || order+=("$l")
	done
	for l in "${order[@]}"; do
		[ -n "${state[$l]:-}" ] || continue
		if [ "${state[$l]}" != ok ] && [ -z "${times[$l]:-}" ]; then
			printf '%-24s %s\n' "$l" "${state[$l]}"
			printf '%s,%s,%s,0,,,,,"%s",\n' "$l" "$unit" "$amount" \
			    "${state[$l]//\"/\'}" >>"$csv"
				continue
		fi
		# min, median, max of amount/seconds
		local stats
		stats=$(tr ' ' '\n' <<<"${times[$l]% }" | sort -g -r |
		    awk -v a="$amount" '
		    { v[NR] = a / $1 }
		    END {
			n = NR
			med = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
			printf "%d %.6g %.6g %.6g\n", n, v[1], med, v[n]
		    }')
		local n min med max ratio
		read -r n min med max <<<"$stats"
		MED["$name/$l"]=$med
		[ "$l" = "$ref" ] && refmed=$med
		if [ -n "$refmed" ]; then
			ratio=$(awk -v a="$med" -v b="$refmed" \
			    'BEGIN { printf "%.2f", a / b }')
		else
			ratio=n/a
		fi
		# min and max of the figure; for calls, of the time per call
		local lo=$min hi=$max
		case $unit in calls | setups) lo=$max hi=$min ;; esac
		printf '%-24s %16s %16s %16s %8s%s\n' "$l" \
		    "$(fmt_rate "$unit" "$lo")" "$(fmt_rate "$unit" "$med")" \
		    "$(fmt_rate "$unit" "$hi")" "$ratio" \
		    "$([ "${state[$l]}" = ok ] || printf '  (%s)' "${state[$l]}")"
		printf '%s,%s,%s,%s,%s,%s,%s,%s,"%s",%s\n' "$l" "$unit" \
		    "$amount" "$n" "$min" "$med" "$max" "$ratio" \
		    "${state[$l]//\"/\'}" "${times[$l]% }" >>"$csv"
	done
	printf '(%d s)\n' $((SECONDS - started))
}

# target NAME A B MIN TEXT: is median(A) / median(B) >= MIN in comparison
# NAME?  Prints a line and appends to $RESULTS/targets.csv.
target() {
	local name=$1 a=$2 b=$3 min=$4 text=$5 ma mb ratio verdict
	ma=${MED["$name/$a"]:-} mb=${MED["$name/$b"]:-}
	if [ -z "$ma" ] || [ -z "$mb" ]; then
		ratio=n/a verdict="not measured"
	else
		ratio=$(awk -v a="$ma" -v b="$mb" 'BEGIN { printf "%.2f", a / b }')
		verdict=$(awk -v r="$ratio" -v m="$min" \
		    'BEGIN { print (r >= m) ? "met" : "MISSED" }')
	fi
	printf '%-8s %-12s %-52s %6s (>= %s)\n' "$verdict" "$name" "$text" \
	    "$ratio" "$min"
	printf '%s,%s,%s,%s,%s,%s,%s\n' "$name" "$a" "$b" "$ratio" "$min" \
	    "$verdict" "$text" >>"$RESULTS/targets.csv"
}

# ---- helpers shared by the comparisons ----

# make_data FILE BYTES: a data file in tmpfs (under $WORK), so that no disk
# is measured; kept if it is already there.
make_data() {
	[ -f "$1" ] && return
	head -c "$2" /dev/urandom >"$1.part" 2>/dev/null ||
	    head -c "$2" /dev/zero >"$1.part"
	mv "$1.part" "$1"
}

# next_port: a loopback TCP port that nothing uses, a new one each call.
next_port() {
	local p
	p=$(cat "$WORK/port" 2>/dev/null || echo $((20000 + RANDOM % 20000)))
	while ss -Htan "sport = :$p" | grep -q .; do
		p=$((p + 1))
	done
	echo $((p + 1)) >"$WORK/port"
	echo "$p"
}

# wait_listen tcp PORT | unix PATH: until something listens there.
wait_listen() {
	local i
	for ((i = 0; i < 5000; i++)); do
		if [ "$1" = tcp ]; then
			ss -Hltn "sport = :$2" | grep -q . && return 0
		else
			ss -Hlx | grep -qF " $2 " && return 0
		fi
		sleep 0.002
	done
	echo "nothing listens on $2" >&2
	return 1
}

# The queue of the queue comparisons, "benc".
MQ_KEY=0x62656e63

# mq_fresh: a fresh, empty queue for every round (a failed round leaves
# nothing); prints its identifier.
mq_fresh() {
	ipcrm -Q "$MQ_KEY" 2>/dev/null
	"$RAW/msgloop" new "$MQ_KEY"
}

# ---- the tables as Markdown, for bench/README.md ----

# md_table CSV: one comparison's table of min/median/max and ratio.
md_table() {
	awk -F, '
	    function rate(u, v) {
		if (v == "") return ""
		if (u == "bytes") return sprintf("%.0f MiB/s", v / 1048576)
		if (u == "msgs") return sprintf("%.0f msg/s", v)
		if (u == "calls") return sprintf("%.2f ms", 1000 / v)
		if (u == "setups") return sprintf("%.1f us", 1e6 / v)
		return v
	    }
	    NR == 1 {
		ref = $8; sub(/^ratio_to_/, "", ref)
		print "| contender | min | median | max | x " ref " |"
		print "|---|---:|---:|---:|---:|"
		next
	    }
	    {
		gsub(/\|/, "\\|", $1)	# "mqsend | mqrecv" in a table cell
		# quoted status may hold commas; the numbers come first
		if ($4 == 0) { st = $0; sub(/^[^"]*"/, "", st); sub(/".*/, "", st)
			print "| " $1 " | " st " | | | |"; next }
		lo = $5; hi = $7
		if ($2 == "calls" || $2 == "setups") { lo = $7; hi = $5 }
		print "| " $1 " | " rate($2, lo) " | " rate($2, $6) " | " rate($2, hi) " | " $8 " |"
	    }' "$1"
}

# md_section CSV: the Markdown of one CSV file: a heading, its table.
md_section() {
	printf '### %s\n\n' "$(basename "$1" .csv)"
	md_table "$1"
}
