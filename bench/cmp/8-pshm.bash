# shellcheck shell=bash
# Comparison 8: shmput and shmcat on a POSIX segment (posix:/NAME, a file
# of /dev/shm) against the raw mapping program on the same segment, and
# against the tools on a System V segment of the same size (comparison
# 3's path).  Sourced by bench/run; uses comparison 3's SHM_BYTES and
# shm_round.
# Contenders are called through compare, which shellcheck cannot follow.
# shellcheck disable=SC2317

PSHM_NAME=/ipctools-bench

# shellcheck disable=SC2016 # $P, $S and $SHM_SRC are expanded by shm_round
{
pput_tool() { need shmput && shm_round 'shmput posix:$P <"$SHM_SRC"'; }
pput_raw() { shm_round '"$RAW/shmcopy" put $P <"$SHM_SRC"'; }
pput_sysv() { need shmput && shm_round 'shmput id:$S <"$SHM_SRC"'; }
pcat_tool() { need shmcat && shm_round 'shmcat posix:$P >/dev/null'; }
pcat_raw() { shm_round '"$RAW/shmcopy" cat $P >/dev/null'; }
pcat_sysv() { need shmcat && shm_round 'shmcat id:$S >/dev/null'; }
pcatp_tool() { need shmcat && shm_round 'shmcat posix:$P | cat >/dev/null'; }
pcatp_raw() { shm_round '"$RAW/shmcopy" cat $P | cat >/dev/null'; }
pcatp_sysv() { need shmcat && shm_round 'shmcat id:$S | cat >/dev/null'; }
}

run_8() {
	local mib
	SHM_SRC=$WORK/pshm.data
	P=$PSHM_NAME
	make_data "$SHM_SRC" "$SHM_BYTES"
	rm -f "/dev/shm${P}"
	need shmnew || return 0
	shmnew -s "$SHM_BYTES" "posix:$P" >/dev/null || return 1
	S=$(ipcmk -M "$SHM_BYTES" -p 600 | awk '{ print $NF }')
	mib="$((SHM_BYTES >> 20)) MiB"
	compare 8-pshmput "$mib file in tmpfs -> POSIX segment" bytes \
	    "$SHM_BYTES" "raw read into mapping" \
	    "shmput (POSIX)=pput_tool" "raw read into mapping=pput_raw" \
	    "shmput (System V)=pput_sysv"
	compare 8-pshmcat "POSIX segment of $mib -> /dev/null" bytes \
	    "$SHM_BYTES" "raw write from mapping" \
	    "shmcat (POSIX)=pcat_tool" "raw write from mapping=pcat_raw" \
	    "shmcat (System V)=pcat_sysv"
	compare 8-pshmcat-pipe "POSIX segment of $mib -> pipe (cat >/dev/null)" \
	    bytes "$SHM_BYTES" "raw write from mapping" \
	    "shmcat (POSIX)=pcatp_tool" "raw write from mapping=pcatp_raw" \
	    "shmcat (System V)=pcatp_sysv"
	ipcrm -m "$S" 2>/dev/null
	rm -f "/dev/shm${P}" "$SHM_SRC"
}

targets_8() {
	target 8-pshmput "shmput (POSIX)" "raw read into mapping" 0.9 "POSIX shmput vs raw (input from a file)"
	target 8-pshmcat "shmcat (POSIX)" "raw write from mapping" 0.9 "POSIX shmcat vs raw (into /dev/null)"
	target 8-pshmcat-pipe "shmcat (POSIX)" "raw write from mapping" 0.9 "POSIX shmcat vs raw (into a pipe)"
}
