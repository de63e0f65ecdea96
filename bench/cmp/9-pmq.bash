# shellcheck shell=bash
# Comparison 9: mqsend | mqrecv on a POSIX queue (posix:/NAME) against a
# raw mq_send/mq_receive loop, and against the same tools on a System V
# queue (comparison 2's path).  Sourced by bench/run.
# Contenders are called through compare, which shellcheck cannot follow.
# shellcheck disable=SC2317

PMQ_NAME=/ipctools-bench

# pmq_fresh: a fresh, empty POSIX queue of the default limits.
pmq_fresh() {
	"$RAW/pmqloop" rm "$PMQ_NAME" 2>/dev/null
	"$RAW/pmqloop" new "$PMQ_NAME"
}

# pmq_round RECV SEND: as mq_round of comparison 2, on the POSIX queue.
# shellcheck disable=SC2034 # count and N: for the evaluated lines
pmq_round() {
	local lines=$PMQ_DATA count=$MQ_LINES recv=$1 send=$2 N=$PMQ_NAME \
	    pid t0
	if [ -n "${WARMUP:-}" ]; then
		lines=$PMQ_WARM count=1000
	fi
	pmq_fresh || return 1
	t0=$(now)
	eval "timeout $TMO $recv" </dev/null >/dev/null &
	pid=$!
	eval "timeout $TMO $send" <"$lines" >/dev/null
	round_end $? "$pid" "$t0"
}

# shellcheck disable=SC2016 # $N, $Q and $count are expanded by the rounds
{
pmq_tools() { need mqsend mqrecv && pmq_round 'mqrecv -c $count posix:$N' \
    'mqsend posix:$N'; }
pmq_raw() { need "$RAW/pmqloop" && pmq_round \
    '"$RAW/pmqloop" recv $N $count' '"$RAW/pmqloop" send $N'; }
pmq_sysv() { need mqsend mqrecv && mq_round "$PMQ_DATA" "$MQ_LINES" \
    'mqrecv -c $count id:$Q' 'mqsend id:$Q'; }
}

run_9() {
	PMQ_DATA=$WORK/pmq.lines
	PMQ_WARM=$WORK/pmq.warm
	# shellcheck disable=SC2034 # mq_round (comparison 2) reads it
	MQ_WARM=$PMQ_WARM
	awk -v n="$MQ_LINES" 'BEGIN {
		for (i = 0; i < n; i++) printf "%08d%056d\n", i, i * 7919
	}' >"$PMQ_DATA"
	head -n 1000 "$PMQ_DATA" >"$PMQ_WARM"
	compare 9-pmq "$MQ_LINES lines of 64 bytes: stdin -> POSIX queue (default limits) -> /dev/null" \
	    msgs "$MQ_LINES" "raw mq_send/mq_receive" \
	    "mqsend | mqrecv (POSIX)=pmq_tools" \
	    "raw mq_send/mq_receive=pmq_raw" \
	    "mqsend | mqrecv (System V)=pmq_sysv"
	"$RAW/pmqloop" rm "$PMQ_NAME" 2>/dev/null
	ipcrm -Q "$MQ_KEY" 2>/dev/null
}

targets_9() {
	target 9-pmq "mqsend | mqrecv (POSIX)" "raw mq_send/mq_receive" 0.9 "POSIX mqsend and mqrecv vs the raw loop (msg/s)"
}
