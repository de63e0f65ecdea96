# shellcheck shell=bash
# Comparison 4: start-up, each command's cheapest call against ipcs and
# lsipc, and sockpipe -h against nc -h.  Sourced by bench/run.
# Contenders are called through compare, which shellcheck cannot follow.
# shellcheck disable=SC2317

if [ "$QUICK" = 1 ]; then
	SU_RUNS=20
else
	SU_RUNS=200
fi

# startup CMD...: seconds per call, the median of hyperfine's runs, or
# the mean of a loop of 1000 calls without hyperfine.
startup() {
	local i t0 t
	need "$1" || return 127
	if command -v hyperfine >/dev/null; then
		hyperfine -N -i --style none --warmup 5 --runs "$SU_RUNS" \
		    --export-csv "$WORK/hf.csv" -- "$*" >/dev/null 2>&1 ||
		    return 1
		awk -F, 'NR == 2 { print $4 }' "$WORK/hf.csv"
		return
	fi
	t0=$(now)
	for ((i = 0; i < 1000; i++)); do
		"$@" </dev/null >/dev/null 2>&1
	done
	t=$(elapsed "$t0")
	awk -v t="$t" 'BEGIN { printf "%.6f\n", t / 1000 }'
}

SU_KEY=0x62656e64
# shellcheck disable=SC2016
{
su_ipcs() { startup ipcs; }
su_lsipc() { startup lsipc; }
su_shmls() { startup shmls -H; }
su_mqls() { startup mqls -H; }
su_shmnew() { startup shmnew "$SU_KEY"; }
su_shmput() { startup shmput "id:$SU_SEG"; }
su_shmcat() { startup shmcat "id:$SU_SEG"; }
su_shmrm() { startup shmrm -f 0x7ffffff1; }
su_mqnew() { startup mqnew "$SU_KEY"; }
su_mqsend() { startup mqsend "id:$SU_Q"; }
su_mqrecv() { startup mqrecv -n "id:$SU_Q"; }
su_mqrm() { startup mqrm -f 0x7ffffff1; }
su_sockpipe() { startup sockpipe -h; }
su_nc() { startup nc -h; }
}

run_4() {
	# an empty namespace but for one small segment and one empty queue
	SU_SEG=$(ipcmk -M 4096 -p 600 | awk '{ print $NF }')
	SU_Q=$(ipcmk -Q -p 600 | awk '{ print $NF }')
	# shmnew KEY and mqnew KEY create it in the warm-up, then open it
	compare 4-startup \
	    "cheapest call, median of $SU_RUNS runs per round (lower is better; ratio = speed vs ipcs)" \
	    calls 1 ipcs \
	    "ipcs=su_ipcs" "lsipc=su_lsipc" "shmls -H=su_shmls" \
	    "mqls -H=su_mqls" "shmnew KEY (exists)=su_shmnew" \
	    "shmput </dev/null=su_shmput" "shmcat 4 KiB=su_shmcat" \
	    "shmrm -f (none)=su_shmrm" "mqnew KEY (exists)=su_mqnew" \
	    "mqsend </dev/null=su_mqsend" "mqrecv -n (empty)=su_mqrecv" \
	    "mqrm -f (none)=su_mqrm" "sockpipe -h=su_sockpipe" "nc -h=su_nc"
	ipcrm -a 2>/dev/null
}

targets_4() {
	local l
	for l in "shmls -H" "mqls -H" "shmnew KEY (exists)" "shmput </dev/null" \
	    "shmcat 4 KiB" "shmrm -f (none)" "mqnew KEY (exists)" \
	    "mqsend </dev/null" "mqrecv -n (empty)" "mqrm -f (none)" \
	    "sockpipe -h"; do
		target 4-startup "$l" ipcs 1.0 "$l no slower than ipcs"
	done
	# within 1.1x of netcat's time per call
	target 4-startup "sockpipe -h" "nc -h" 0.91 "sockpipe -h within 1.1x of nc -h"
}
