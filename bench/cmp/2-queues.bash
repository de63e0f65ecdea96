# shellcheck shell=bash
# Comparison 2: mqsend | mqrecv against a raw msgsnd/msgrcv loop,
# python3-sysv-ipc and one mqsend process per line.  Sourced by bench/run.
# Contenders are called through compare, which shellcheck cannot follow.
# shellcheck disable=SC2317

if [ "$QUICK" = 1 ]; then
	MQ_LINES=20000 MQ_SHELL=200
else
	MQ_LINES=1000000 MQ_SHELL=2000
fi

# mq_round LINES COUNT RECV SEND: $Q is the identifier, $K the key.
# shellcheck disable=SC2034 # Q, count and K: for the evaluated lines
mq_round() {
	local lines=$1 count=$2 recv=$3 send=$4 Q K=$MQ_KEY pid t0
	if [ -n "${WARMUP:-}" ] && [ "$count" -gt 1000 ]; then
		lines=$MQ_WARM count=1000	# loads the programs, no more
	fi
	Q=$(mq_fresh) || return 1
	t0=$(now)
	eval "timeout $TMO $recv" </dev/null >/dev/null &
	pid=$!
	eval "timeout $TMO $send" <"$lines" >/dev/null
	round_end $? "$pid" "$t0"
}

# shellcheck disable=SC2016 # $Q, $K and $count are expanded by mq_round
{
mq_tools() { need mqsend mqrecv && mq_round "$MQ_DATA" "$MQ_LINES" \
    'mqrecv -c $count id:$Q' 'mqsend id:$Q'; }
mq_raw() { need "$RAW/msgloop" && mq_round "$MQ_DATA" "$MQ_LINES" \
    '"$RAW/msgloop" recv $Q $count' '"$RAW/msgloop" send $Q'; }
mq_python() {
	need "$PY" || return 127
	"$PY" -c 'import sysv_ipc' 2>/dev/null ||
	    { missing "python3-sysv-ipc: not installed"; return 127; }
	mq_round "$MQ_DATA" "$MQ_LINES" \
	    '"$PY" "$WORK/pyrecv.py" $K $count' '"$PY" "$WORK/pysend.py" $K'
}
# One mqsend process per line, as older shell tools are used: MQ_SHELL
# lines, the time scaled up to MQ_LINES.
mq_shell() {
	local t
	need mqsend mqrecv || return 127
	t=$(mq_round "$MQ_SHELL_DATA" "$MQ_SHELL" 'mqrecv -c $count id:$Q' \
	    'bash "$WORK/perline.sh" $Q') || return
	awk -v t="$t" -v k=$((MQ_LINES / MQ_SHELL)) 'BEGIN { printf "%.6f\n", t * k }'
}
}

run_2() {
	MQ_DATA=$WORK/lines
	MQ_SHELL_DATA=$WORK/lines.shell
	awk -v n="$MQ_LINES" 'BEGIN {
		for (i = 0; i < n; i++) printf "%08d%056d\n", i, i * 7919
	}' >"$MQ_DATA"
	head -n "$MQ_SHELL" "$MQ_DATA" >"$MQ_SHELL_DATA"
	MQ_WARM=$WORK/lines.warm
	head -n 1000 "$MQ_DATA" >"$MQ_WARM"
	cat >"$WORK/perline.sh" <<'EOS'
while IFS= read -r l; do mqsend "id:$1" "$l" || exit; done
EOS
	cat >"$WORK/pysend.py" <<'EOS'
import sys, sysv_ipc
q = sysv_ipc.MessageQueue(int(sys.argv[1], 0))
for line in sys.stdin.buffer:
    q.send(line[:-1] if line.endswith(b"\n") else line, type=1)
EOS
	cat >"$WORK/pyrecv.py" <<'EOS'
import sys, sysv_ipc
q = sysv_ipc.MessageQueue(int(sys.argv[1], 0))
w = sys.stdout.buffer.write
for _ in range(int(sys.argv[2])):
    w(q.receive()[0] + b"\n")
EOS
	compare 2-mq "$MQ_LINES lines of 64 bytes: stdin -> queue (default limits) -> /dev/null" \
	    msgs "$MQ_LINES" "raw msgsnd/msgrcv" \
	    "mqsend | mqrecv=mq_tools" "raw msgsnd/msgrcv=mq_raw" \
	    "python3-sysv-ipc=mq_python" \
	    "mqsend per line (x$((MQ_LINES / MQ_SHELL)))=mq_shell"
	ipcrm -Q "$MQ_KEY" 2>/dev/null
}

targets_2() {
	target 2-mq "mqsend | mqrecv" "raw msgsnd/msgrcv" 0.8 "mqsend and mqrecv vs the raw loop (msg/s)"
	target 2-mq "mqsend | mqrecv" python3-sysv-ipc 1.3 "mqsend and mqrecv vs python3-sysv-ipc"
}
