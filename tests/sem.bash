# shellcheck shell=bash
# Helpers for the sem*.bats files (after `load helper`).

# The python3-sysv-ipc interpreter (the module is Debian's, not pyenv's).
# shellcheck disable=SC2034
SEM_PY=/usr/bin/python3

# semval SET [INDEX]: a semaphore's value, read by the textbook C peer.
semval() {
	textbook_sem get "$1" "${2:-0}"
}

# Is process PID asleep in semop(2), waiting on a semaphore?
in_semop() {
	[ "$(cat "/proc/$1/wchan" 2>/dev/null)" = __do_semtimedop ]
}

# sem_blocked PID: wait until PID waits in semop(2), or fail.
sem_blocked() {
	wait_until in_semop "$1"
}

# The sets that exist before a test: teardown removes every other one,
# so a set made in a $(...) subshell cannot leak into the next test.
sem_setup() {
	SEM_BEFORE=" $(awk 'NR > 1 { printf "%s ", $2 }' /proc/sysvipc/sem)"
	SEM_LIMITS=$(cat /proc/sys/kernel/sem)
}

sem_teardown() {
	local id
	bg_cleanup
	ipc_cleanup
	while read -r id; do
		[[ $SEM_BEFORE == *" $id "* ]] || ipcrm -s "$id" 2>/dev/null || true
	done < <(awk 'NR > 1 { print $2 }' /proc/sysvipc/sem)
	if [ "$(cat /proc/sys/kernel/sem)" != "$SEM_LIMITS" ]; then
		echo "$SEM_LIMITS" >/proc/sys/kernel/sem
	fi
}

# sem_limits MSL MNS OPM MNI: set kernel.sem, which only root may and
# only in a private IPC namespace (so the host's limits are never
# touched); teardown puts it back.
sem_limits() {
	require_root
	[ "$(readlink /proc/self/ns/ipc)" != "$(readlink /proc/1/ns/ipc)" ] ||
	    skip "needs a private IPC namespace (unshare --ipc)"
	echo "$*" >/proc/sys/kernel/sem
}

# The key of a set id:N as 0x%08x.
semkey() {
	awk -v id="${1#id:}" 'NR > 1 && $2 == id { printf "0x%08x\n",
	    $1 < 0 ? $1 + 4294967296 : $1 }' /proc/sysvipc/sem
}

# timed COMMAND...: run it; print its exit status and the milliseconds it
# took by the clock.
timed() {
	local t0 t1 st=0
	t0=$(date +%s%N)
	"$@" || st=$?
	t1=$(date +%s%N)
	echo "$st $(((t1 - t0) / 1000000))"
}

# The one child process of PID, once it has one.
child_of() {
	local c
	wait_until pgrep -P "$1" >/dev/null || return
	c=$(pgrep -P "$1")
	printf '%s\n' "$c"
}

# sem_complete LINE: the bash completion at the end of LINE, split into
# words as bash splits them (':' is a word of its own); prints COMPREPLY,
# one per line.  With BC=1, bash-completion is loaded first.
sem_complete() {
	local line=$1
	if [ "${BC:-0}" = 1 ]; then
		# shellcheck source=/dev/null
		. /usr/share/bash-completion/bash_completion
	fi
	# shellcheck source=/dev/null
	. "$BATS_TEST_DIRNAME/../completions/bash/${line%% *}"
	COMP_LINE=$line
	COMP_POINT=${#line}
	read -ra COMP_WORDS <<<"${line//:/ : }"
	[[ $line == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_ipctools_sem
	printf '%s\n' "${COMPREPLY[@]}"
}

# The default for every sem*.bats file; one that needs more defines its own.
setup() {
	sem_setup
}

teardown() {
	sem_teardown
}
