# shellcheck shell=bash
# Shared by every tests/*.bats file: libraries, peers, and clean-up.

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

# Run a command as an unprivileged user, for permission tests.
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}

# Skip a test that needs root (to drop privileges or raise limits).
require_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
}

# Objects a test made, removed in teardown even when the test failed.
# Each file's teardown calls ipc_cleanup.  The list lives in a file, not a
# variable, because newseg and newq run inside $(...), a subshell.
track() {
	printf '%s\n' "$1" >>"$BATS_TEST_TMPDIR/.ipc_made"
}

ipc_cleanup() {
	local o f=$BATS_TEST_TMPDIR/.ipc_made
	[ -f "$f" ] || return 0
	while read -r o; do
		case $o in
		shm:*) ipcrm -m "${o#shm:id:}" 2>/dev/null || true ;;
		msg:*) ipcrm -q "${o#msg:id:}" 2>/dev/null || true ;;
		sem:*) ipcrm -s "${o#sem:id:}" 2>/dev/null || true ;;
		esac
	done <"$f"
	rm -f "$f"
}

# newseg [shmnew options...]: make a segment, remember it, print id:N.
newseg() {
	local id
	id=$(shmnew "$@") || return
	track "shm:$id"
	printf '%s\n' "$id"
}

# newq [mqnew options...]: make a queue, remember it, print id:N.
newq() {
	local id
	id=$(mqnew "$@") || return
	track "msg:$id"
	printf '%s\n' "$id"
}

# newsem [semnew options...]: make a semaphore set, remember it, print id:N.
newsem() {
	local id
	id=$(semnew "$@") || return
	track "sem:$id"
	printf '%s\n' "$id"
}

# Random binary data of N bytes, NULs included, in a file.
randfile() {
	head -c "$2" /dev/urandom >"$1"
}

# Skip a test whose commands are not built.
need() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || skip "$c is not built yet"
	done
}

# wait_until COMMAND...: poll a condition that cannot be awaited otherwise,
# for at most ten seconds; fails if it never holds.
wait_until() {
	local i
	for ((i = 0; i < 1000; i++)); do
		"$@" && return 0
		sleep 0.01
	done
	return 1
}

# Background jobs of a test: one list for every file, ended by bg_cleanup
# in each teardown, even when the test failed.  Start them with bg_start;
# where a job needs bash's own & (a coproc, a subshell, a pipeline), add
# its $! to BG_PIDS.
BG_PIDS=()

# bg_start command...: start a job in the background (the caller redirects
# its input and output) and remember it; its process id is in $BG_PID.
# The explicit <&0 keeps the caller's standard input (bash gives a
# background job /dev/null); bats' descriptor 3 is closed, so that a job
# cannot hold bats up.
bg_start() {
	"$@" <&0 3>&- &
	BG_PID=$!
	BG_PIDS+=("$BG_PID")
}

# bg_cleanup: end every job still running (a stopped one too), reap it.
bg_cleanup() {
	local p
	for p in ${BG_PIDS[@]+"${BG_PIDS[@]}"}; do
		kill "$p" 2>/dev/null || true
		kill -s CONT "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	BG_PIDS=()
}

# Wait until a file exists and is not empty (e.g. a -P portfile).
wait_file() {
	wait_until test -s "$1"
}

# qnum id:N: the messages on a queue, from the kernel's own table.
qnum() {
	awk -v id="${1#id:}" 'NR > 1 && $2 == id { print $5 }' /proc/sysvipc/msg
}

# synopsis CMD: the synopsis lines of CMD -h, the option lines that
# follow left out (tests/help.bats checks those); CMD -h's status.
synopsis() {
	local out
	out=$("$1" -h) || return
	sed '/^$/,$d' <<<"$out"
}
