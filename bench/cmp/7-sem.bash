# shellcheck shell=bash
# Comparison 7: semaphore lock round trips, semop against flock, an
# ipcmk/ipcrm pair, a raw semop(2) loop and python3-sysv-ipc.  Sourced by
# bench/run.
# Contenders are called through compare, which shellcheck cannot follow.
# shellcheck disable=SC2317

if [ "$QUICK" = 1 ]; then
	SEM_N=200
else
	SEM_N=2000
fi

# sem_loop N CMD...: seconds for N runs of CMD (evaluated; $L is the set).
sem_loop() {
	local n=$1 i t0
	shift
	t0=$(now)
	for ((i = 0; i < n; i++)); do
		eval "$*" || return 1
	done
	elapsed "$t0"
}

# The C loop and python are 100 times faster: run them 100 times as long.
sem_fast() {	# seconds for 100 x SEM_N, printed per SEM_N
	local t
	t=$("$@") || return 1
	awk -v t="$t" 'BEGIN { printf "%.9f\n", t / 100 }'
}

# shellcheck disable=SC2016 # $L and $SEM_LOCK are expanded by sem_loop's eval
{
sem_cmd() { need semop && sem_loop "$SEM_N" 'semop "$L" -1 -- true'; }
sem_flock() { need flock && sem_loop "$SEM_N" 'flock "$SEM_LOCK" true'; }
sem_pair() { need semop && sem_loop "$SEM_N" 'semop "$L" -1 && semop "$L" +1'; }
sem_ipcmk() { need ipcmk ipcrm && sem_loop "$SEM_N" \
    'ipcmk -S 1 | { read -r _ _ s && ipcrm -s "$s"; }'; }
sem_raw() { need "$RAW/semloop" && sem_fast sem_loop 1 \
    '"$RAW/semloop" "$L" $((SEM_N * 100))'; }
sem_python() {
	need "$PY" || return 127
	"$PY" -c 'import sysv_ipc' 2>/dev/null || missing python3-sysv-ipc ||
	    return
	sem_fast sem_loop 1 '"$PY" -c "import sys, sysv_ipc
s = sysv_ipc.Semaphore(int(sys.argv[1], 0))
for i in range(int(sys.argv[2])):
    s.acquire()
    s.release()" "$SEM_KEY" $((SEM_N * 100))'
}
}

run_7() {
	SEM_LOCK=$WORK/flock.lock
	: >"$SEM_LOCK"
	# one free lock for all of them (semnew's default value is 1); python
	# names a set by its key only
	SEM_KEY=0x62656e73
	L=$(semnew "$SEM_KEY") || L=id:-1
	compare 7-sem \
	    "lock round trips: take, run or nothing, give back (lower is better; ratio = speed vs flock)" \
	    calls "$SEM_N" "flock FILE true" \
	    "flock FILE true=sem_flock" "semop L -1 -- true=sem_cmd" \
	    "semop L -1; semop L +1=sem_pair" \
	    "ipcmk -S 1; ipcrm -s=sem_ipcmk" "raw semop(2) loop=sem_raw" \
	    "python3-sysv-ipc=sem_python"
	ipcrm -s "${L#id:}" 2>/dev/null
}

targets_7() {
	target 7-sem "semop L -1 -- true" "flock FILE true" 0.91 "semop with a command within 1.1x of flock"
	target 7-sem "semop L -1; semop L +1" "ipcmk -S 1; ipcrm -s" 1.0 "a semop pair no slower than an ipcmk/ipcrm pair"
}
