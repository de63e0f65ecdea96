# shellcheck shell=bash
# Helpers for the mq*.bats files (after `load helper`).

# Values no numeric option takes.
# shellcheck disable=SC2034
MQ_BAD_NUMS=('' 'x' '0x1ffffffff' '18446744073709551615' '4q' '1.5')

# The python3-sysv-ipc peer and the end-of-stream mark's 24 bytes, for
# printf(1).
MQ_PEER=("/usr/bin/python3" "$BATS_TEST_DIRNAME/fixtures/sysv_peer.py")
# shellcheck disable=SC2034
MQ_MARK='\0ipctools:end-of-stream\0'

# cbytes id:N: from the kernel's own table, as ipcs sees it.
cbytes() {
	awk -v id="${1#id:}" 'NR > 1 && $2 == id { print $4 }' /proc/sysvipc/msg
}

# The key of a queue id:N as 0x%08x.
qkey() {
	awk -v id="${1#id:}" 'NR > 1 && $2 == id { printf "0x%08x\n",
	    $1 < 0 ? $1 + 4294967296 : $1 }' /proc/sysvipc/msg
}

# Is process PID asleep in the kernel function NAME (do_msgrcv, do_msgsnd)?
in_kernel() {
	[ "$(cat "/proc/$1/wchan" 2>/dev/null)" = "$2" ]
}

# mq_blocked PID NAME: wait until PID sleeps in NAME, or fail.
mq_blocked() {
	wait_until in_kernel "$1" "$2"
}

# Is PID asleep writing into a full pipe (the name varies by kernel)?
in_pipe_write() {
	case $(cat "/proc/$1/wchan" 2>/dev/null) in
	pipe_write | anon_pipe_write) return 0 ;;
	esac
	return 1
}

# mq_blocked_write PID: wait until PID sleeps writing into a full pipe.
mq_blocked_write() {
	wait_until in_pipe_write "$1"
}

# Has PID, a child of this shell, ended (gone, or a zombie not yet waited)?
ended() {
	[ ! -e "/proc/$1" ] || [ "$(awk '{ print $3 }' "/proc/$1/stat")" = Z ]
}

# complete_lines FILE: FILE without a last line that has no newline.
complete_lines() {
	head -n "$(tr -cd '\n' <"$1" | wc -c)" "$1"
}

# The queues that exist before a test: teardown removes every other one,
# so a queue made in a $(...) subshell, where track() cannot record it,
# does not leak into the next test.
mq_setup() {
	MQ_BEFORE=" $(awk 'NR > 1 { printf "%s ", $2 }' /proc/sysvipc/msg)"
	MQ_MNB=$(cat /proc/sys/kernel/msgmnb)
	MQ_MAX=$(cat /proc/sys/kernel/msgmax)
}

mq_teardown() {
	local id
	bg_cleanup
	ipc_cleanup
	while read -r id; do
		[[ $MQ_BEFORE == *" $id "* ]] || ipcrm -q "$id" 2>/dev/null || true
	done < <(awk 'NR > 1 { print $2 }' /proc/sysvipc/msg)
	if [ "$(cat /proc/sys/kernel/msgmnb)" != "$MQ_MNB" ]; then
		echo "$MQ_MNB" >/proc/sys/kernel/msgmnb
	fi
	if [ "$(cat /proc/sys/kernel/msgmax)" != "$MQ_MAX" ]; then
		echo "$MQ_MAX" >/proc/sys/kernel/msgmax
	fi
}

# Every mq*.bats file starts and ends each test this way; a file that
# needs more defines its own and calls these.
setup() {
	mq_setup
}

teardown() {
	mq_teardown
}

# mq_sysctl NAME VALUE: set kernel.NAME (msgmnb, msgmax), which only root
# may and only in a private IPC namespace (so the host's limit is never
# touched); teardown puts it back.
mq_sysctl() {
	require_root
	[ "$(readlink /proc/self/ns/ipc)" != "$(readlink /proc/1/ns/ipc)" ] ||
	    skip "needs a private IPC namespace (unshare --ipc)"
	echo "$2" >"/proc/sys/kernel/$1"
}

# mq_big_queues BYTES: let queues hold BYTES, raising kernel.msgmnb.
mq_big_queues() {
	mq_sysctl msgmnb "$1"
}

# Does this process have CAP_SYS_RESOURCE (raising msg_qbytes past msgmnb)?
has_sys_resource() {
	local cap
	cap=$(awk '/^CapEff/ { print $2 }' /proc/self/status)
	(((0x$cap >> 24) & 1))
}

# mq_complete CMD WORD...: the bash completion of CMD for the words, the
# last being the one under the cursor; prints COMPREPLY, one per line.
mq_complete() {
	local cmd=$1
	shift
	# shellcheck source=/dev/null
	. "$BATS_TEST_DIRNAME/../completions/bash/$cmd"
	COMP_WORDS=("$cmd" "$@")
	COMP_CWORD=$#
	COMPREPLY=()
	_ipctools_mq
	printf '%s\n' "${COMPREPLY[@]}"
}

# stalled_signal SIG [-j]: mqrecv (-j: writing JSON Lines) writing into a
# pipe whose reader stopped reading is sent SIG.  It must end at once with
# 128+SIG; what it wrote and what is left on the queue are every message
# exactly once (a message the signal cut in two is put back whole).
stalled_signal() {
	local sig=$1 q d=$BATS_TEST_TMPDIR n=40000 rpid cpid st=0
	mq_big_queues 1048576
	q=$(newq -b 1m)
	rm -f "$d/fifo" "$d/out"
	seq -f 'm%.0f' 1 "$n" >"$d/all"
	mqsend "$q" <"$d/all"
	mkfifo "$d/fifo"
	cat "$d/fifo" >"$d/out" &
	cpid=$!
	BG_PIDS+=("$cpid")
	env --default-signal mqrecv ${2:+"$2"} "$q" >"$d/fifo" 2>"$d/err" &
	rpid=$!
	BG_PIDS+=("$rpid")
	wait_until test -s "$d/out"
	kill -s STOP "$cpid"
	mq_blocked_write "$rpid"
	kill -s "$sig" "$rpid"
	wait_until ended "$rpid" || fail "mqrecv did not end on SIG$sig"
	wait "$rpid" || st=$?
	kill -s CONT "$cpid"
	wait "$cpid"
	BG_PIDS=()
	assert_equal "$st" $((128 + $(kill -l "$sig")))
	assert_equal "$(cat "$d/err")" ""
	if [ "${2:-}" = -j ]; then
		# The lines go back to the queue, which then holds them all.
		complete_lines "$d/out" | mqsend -j "$q"
		mqrecv -n "$q" >"$d/got"
	else
		complete_lines "$d/out" >"$d/got"
		mqrecv -n "$q" >>"$d/got"
	fi
	# Some stayed behind: the test did stop a writer in the middle.
	[ "$(wc -l <"$d/out")" -lt "$n" ]
	assert_equal "$(sort "$d/got" | uniq -d | head -3)" ""
	sort "$d/all" | cmp - <(sort "$d/got")
	mqrm "$q"
}
