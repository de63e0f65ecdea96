# shellcheck shell=bash
# Comparison 3: shmput and shmcat, from a file or a pipe and into /dev/null
# or a pipe, against the raw mapping program and dd through /dev/shm.
# Sourced by bench/run.
# Contenders are called through compare, which shellcheck cannot follow.
# shellcheck disable=SC2317

if [ "$QUICK" = 1 ]; then
	SHM_BYTES=$((64 << 20))
else
	SHM_BYTES=$((1 << 30))
fi

shm_round() {	# command line, evaluated; $S is the segment's id
	local t0
	t0=$(now)
	eval "timeout $TMO $1" || return 1
	elapsed "$t0"
}

# shellcheck disable=SC2016 # $S and $SHM_SRC are expanded by shm_round
{
put_tool() { need shmput && shm_round 'shmput id:$S <"$SHM_SRC"'; }
put_raw() { shm_round '"$RAW/shmcopy" put $S <"$SHM_SRC"'; }
put_dd() { shm_round 'dd if="$SHM_SRC" of="$WORK/dd.shm" bs=1M conv=notrunc status=none'; }
putp_tool() { need shmput && shm_round 'cat "$SHM_SRC" | shmput id:$S'; }
putp_raw() { shm_round 'cat "$SHM_SRC" | "$RAW/shmcopy" put $S'; }
putp_dd() { shm_round 'cat "$SHM_SRC" | dd of="$WORK/dd.shm" bs=1M iflag=fullblock conv=notrunc status=none'; }
cat_tool() { need shmcat && shm_round 'shmcat id:$S >/dev/null'; }
cat_raw() { shm_round '"$RAW/shmcopy" cat $S >/dev/null'; }
cat_dd() { shm_round 'dd if="$WORK/dd.shm" of=/dev/null bs=1M status=none'; }
catp_tool() { need shmcat && shm_round 'shmcat id:$S | cat >/dev/null'; }
catp_raw() { shm_round '"$RAW/shmcopy" cat $S | cat >/dev/null'; }
catp_dd() { shm_round 'dd if="$WORK/dd.shm" bs=1M status=none | cat >/dev/null'; }
}

run_3() {
	local mib
	SHM_SRC=$WORK/shm.data
	make_data "$SHM_SRC" "$SHM_BYTES"
	S=$(ipcmk -M "$SHM_BYTES" -p 600 | awk '{ print $NF }')
	mib="$((SHM_BYTES >> 20)) MiB"
	compare 3-shmput-file "$mib file in tmpfs -> segment" bytes \
	    "$SHM_BYTES" "raw read into mapping" \
	    "shmput=put_tool" "raw read into mapping=put_raw" \
	    "dd to /dev/shm file=put_dd"
	compare 3-shmput-pipe "$mib through a pipe (cat) -> segment" bytes \
	    "$SHM_BYTES" "raw read into mapping" \
	    "shmput=putp_tool" "raw read into mapping=putp_raw" \
	    "dd to /dev/shm file=putp_dd"
	compare 3-shmcat-null "segment of $mib -> /dev/null" bytes \
	    "$SHM_BYTES" "raw write from mapping" \
	    "shmcat=cat_tool" "raw write from mapping=cat_raw" \
	    "dd from /dev/shm file=cat_dd"
	compare 3-shmcat-pipe "segment of $mib -> pipe (cat >/dev/null)" \
	    bytes "$SHM_BYTES" "raw write from mapping" \
	    "shmcat=catp_tool" "raw write from mapping=catp_raw" \
	    "dd from /dev/shm file=catp_dd"
	ipcrm -m "$S" 2>/dev/null
	rm -f "$SHM_SRC" "$WORK/dd.shm"
}

targets_3() {
	target 3-shmput-file shmput "raw read into mapping" 0.9 "shmput vs raw (input from a file)"
	target 3-shmput-pipe shmput "raw read into mapping" 0.9 "shmput vs raw (input from a pipe)"
	target 3-shmcat-null shmcat "raw write from mapping" 0.9 "shmcat vs raw (into /dev/null)"
	target 3-shmcat-pipe shmcat "raw write from mapping" 0.9 "shmcat vs raw (into a pipe)"
}
