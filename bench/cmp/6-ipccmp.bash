# shellcheck shell=bash
# Comparison 6: the textbook's, five mechanisms between two processes at
# five message sizes (raw/ipccmp.c), and the set-up of each channel alone.
# Sourced by bench/run.
# Contenders are called through compare, which shellcheck cannot follow.
# shellcheck disable=SC2317

if [ "$QUICK" = 1 ]; then
	IC_TOTAL=$((16 << 20)) IC_MAXCOUNT=20000 IC_SETUPS=200
else
	IC_TOTAL=$((256 << 20)) IC_MAXCOUNT=250000 IC_SETUPS=2000
fi
IC_SIZES="16 256 4096 65536 1048576"

# shellcheck disable=SC2034 # used through compare
{
ic() { need "$RAW/ipccmp" && "$RAW/ipccmp" "$1" "$IC_SIZE" "$IC_COUNT"; }
ic_msg() { ic msg; }
ic_unix() { ic unix; }
ic_pipe() { ic pipe; }
ic_shmsem() { ic shmsem; }
ic_ring() { ic ring; }
}
# set-up and tear-down alone, IC_SETUPS of them (fewer for big segments,
# the time scaled up to IC_SETUPS)
ic_setup() {	# mode size count
	local t
	need "$RAW/ipccmp" || return 127
	t=$("$RAW/ipccmp" -s "$1" "$2" "$3") || return
	awk -v t="$t" -v k="$IC_SETUPS" -v n="$3" 'BEGIN { printf "%.6f\n", t * k / n }'
}
su_msg() { ic_setup msg 1 "$IC_SETUPS"; }
su_pipe() { ic_setup pipe 1 "$IC_SETUPS"; }
su_unix() { ic_setup unix 1 "$IC_SETUPS"; }
su_shm4k() { ic_setup shm 4096 "$IC_SETUPS"; }
su_shm1m() { ic_setup shm 1048576 $((IC_SETUPS / 20)); }
IC_MODES="msg unix pipe shmsem ring"
declare -gA IC_LABEL=([msg]="System V queue" [unix]="Unix socket" \
    [pipe]="pipe" [shmsem]="shm + semaphores" [ring]="shm ring buffer")

run_6() {
	local m s specs
	for IC_SIZE in $IC_SIZES; do
		IC_COUNT=$((IC_TOTAL / IC_SIZE))
		[ "$IC_COUNT" -gt "$IC_MAXCOUNT" ] && IC_COUNT=$IC_MAXCOUNT
		specs=()
		for m in $IC_MODES; do
			specs+=("${IC_LABEL[$m]}=ic_$m")
		done
		compare "6-ipccmp-$IC_SIZE" \
		    "$IC_COUNT messages of $IC_SIZE bytes between two processes" \
		    bytes $((IC_SIZE * IC_COUNT)) "System V queue" "${specs[@]}"
	done
	compare 6-setup "set-up and tear-down of the channel alone (shm: each page touched once)" \
	    setups "$IC_SETUPS" "System V queue" "System V queue=su_msg" \
	    "pipe=su_pipe" "Unix socket pair=su_unix" \
	    "shm segment 4 KiB=su_shm4k" "shm segment 1 MiB=su_shm1m"
	[ -x "$RAW/ipccmp" ] && "$RAW/ipccmp" -v msg 1048576 1 2>&1 >/dev/null |
	    sed 's/^/note: /'
	# one table for the plot: size, then min/median/max MiB/s per mode
	{
		printf 'size'
		for m in $IC_MODES; do
			printf ',%s min,%s median,%s max' "$m" "$m" "$m"
		done
		printf '\n'
		for s in $IC_SIZES; do
			printf '%s' "$s"
			for m in $IC_MODES; do
				awk -F, -v l="${IC_LABEL[$m]}" '
				    $1 == l && $5 != "" {
					printf ",%.2f,%.2f,%.2f", $5 / 1048576,
					    $6 / 1048576, $7 / 1048576; f = 1
				    }
				    END { if (!f) printf ",,," }' \
				    "$RESULTS/6-ipccmp-$s.csv"
			done
			printf '\n'
		done
	} >"$RESULTS/6-ipccmp.csv"
	# where the median curves cross (interpolated on log size)
	printf 'a,b,bytes,faster_above\n' >"$RESULTS/6-crossings.csv"
	printf '\n== 6: where the curves cross (median throughput) ==\n'
	awk -F, -v modes="$IC_MODES" '
	    NR == 1 { next }
	    {
		n++; size[n] = $1
		for (j = 0; j < 5; j++) med[n, j] = $(3 + 3 * j)
	    }
	    END {
		split(modes, name, " ")
		for (a = 0; a < 5; a++) for (b = a + 1; b < 5; b++)
		for (k = 1; k < n; k++) {
			if (med[k,a] == "" || med[k,b] == "" || med[k+1,a] == "" || med[k+1,b] == "") continue
			d1 = log(med[k,a]) - log(med[k,b])
			d2 = log(med[k+1,a]) - log(med[k+1,b])
			if (d1 * d2 >= 0) continue
			ls = log(size[k]) + (log(size[k+1]) - log(size[k])) * d1 / (d1 - d2)
			x = exp(ls)
			printf("%-7s and %-7s cross at about %7.0f bytes (between %s and %s): %s is faster above\n",
			    name[a+1], name[b+1], x, size[k], size[k+1], d2 > 0 ? name[a+1] : name[b+1])
			printf("%s,%s,%.0f,%s\n", name[a+1], name[b+1], x,
			    d2 > 0 ? name[a+1] : name[b+1]) >> cross
		}
	    }' cross="$RESULTS/6-crossings.csv" "$RESULTS/6-ipccmp.csv"
}

# tables_6 CSV: the Markdown of the 6-* files; the table by size and the
# crossings have their own form.
tables_6() {
	local n m
	n=$(basename "$1" .csv)
	case $n in
	6-setup)
		printf '### %s (time per set-up)\n\n' "$n"
		md_table "$1"
		;;
	6-ipccmp)
		printf '### 6-ipccmp: median MiB/s by message size\n\n| size | %s |\n|---:|---:|---:|---:|---:|---:|\n' \
		    "$(for m in $IC_MODES; do printf '%s | ' "${IC_LABEL[$m]}"; done | sed 's/ | $//')"
		awk -F, 'NR > 1 { printf "| %s | %s | %s | %s | %s | %s |\n", $1, $3, $6, $9, $12, $15 }' "$1"
		;;
	6-crossings)
		printf '### where the curves cross\n\n| a | b | about (bytes) | faster above |\n|---|---|---:|---|\n'
		awk -F, 'NR > 1 { print "| " $1 " | " $2 " | " $3 " | " $4 " |" }' "$1"
		;;
	*) md_section "$1" ;;
	esac
}
