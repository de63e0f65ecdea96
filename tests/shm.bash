# shellcheck shell=bash
# Helpers for the shm*.bats files (after `load helper`).

# The bad forms every size or offset option must refuse with 64.
# shellcheck disable=SC2034
SHM_BAD_SIZES=('' 'x' '-1' '0x1ffffffff' '18446744073709551615' '4q')
# The bad forms of an OBJECT operand (64, quoted in the message).
# shellcheck disable=SC2034
SHM_BAD_OBJECTS=('' 'x' '0x1ffffffff' '18446744073709551615' '0' 'id:'
	'id:x' 'id:-1' '4q' '/tmp/x:0' '/tmp/x:256')

# shm_track_key KEY: remember, for teardown, the segment that a peer made
# under KEY (written 0x%08x).
shm_track_key() {
	local id
	id=$(awk -v k="$1" 'NR > 1 && sprintf("0x%08x",
	    $1 < 0 ? $1 + 4294967296 : $1) == k { print $2 }' /proc/sysvipc/shm)
	[ -n "$id" ] || return 1
	track "shm:id:$id"
}

# shm_hold id:N: keep the segment attached by a python3 process until
# shm_release; returns once the attach is done.
shm_hold() {
	local line
	coproc SHM_HOLDER {
		/usr/bin/python3 -c 'import sys, sysv_ipc
m = sysv_ipc.attach(int(sys.argv[1]))
print("attached", flush=True)
sys.stdin.read()' "${1#id:}" 3>&-
	}
	read -r line <&"${SHM_HOLDER[0]}"
	[ "$line" = attached ]
}

shm_release() {
	local pid=$SHM_HOLDER_PID
	eval "exec ${SHM_HOLDER[1]}>&-"
	wait "$pid"
}

# shm_complete CMD WORD...: the bash completion of CMD for the words, the
# last being the one under the cursor; prints COMPREPLY, one per line.
shm_complete() {
	local cmd=$1
	shift
	# shellcheck source=/dev/null
	. "$BATS_TEST_DIRNAME/../completions/bash/$cmd"
	COMP_WORDS=("$cmd" "$@")
	COMP_CWORD=$#
	COMPREPLY=()
	_ipctools_shm
	printf '%s\n' "${COMPREPLY[@]}"
}

# shm_size id:N: the segment's size from /proc, as ipcs(1) sees it.
shm_size() {
	awk -v id="${1#id:}" 'NR > 1 && $2 == id { print $4 }' /proc/sysvipc/shm
}

# shm_rss id:N: the segment's resident bytes, from /proc/sysvipc/shm (its
# column found by the header's name).
shm_rss() {
	awk -v id="${1#id:}" 'NR == 1 { for (i = 1; i <= NF; i++)
	    if ($i == "rss") c = i; next } $2 == id { print $c }' \
	    /proc/sysvipc/shm
}

# shm_sparse FILE: the 64 MiB that shm_sparse_fill writes into a segment,
# as a sparse file to cmp against.
shm_sparse() {
	truncate -s 64m "$1"
	printf head | dd of="$1" conv=notrunc status=none
	printf middle | dd of="$1" bs=1 seek=33554430 conv=notrunc status=none
	printf tail | dd of="$1" bs=1 seek=67108860 conv=notrunc status=none
}

# shm_sparse_fill OBJECT: write four bytes at the start, six across the
# middle page boundary and four at the end of a 64 MiB segment: four
# pages of 4 KiB written, the rest never.
shm_sparse_fill() {
	printf head | shmput "$1"
	printf middle | shmput -o 33554430 "$1"
	printf tail | shmput -o 67108860 "$1"
}

shm_teardown() {
	ipc_cleanup
}
