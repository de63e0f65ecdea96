# shellcheck shell=bash
# Helpers for the *rm.bats files (after `load helper`): the objects that
# programs leave when they crash, made by tests/fixtures/ipc_crash.

# crashed KIND OBJECT [abort|kill]: make a KIND (shm, msg, sem) object as
# ipc_crash does, let it die so, and print the object's id:N.  A segment
# was attached when it died, a queue holds a message, a semaphore was
# taken and never given back.
crashed() {
	local how=${3:-abort} id st=0 want=134
	[ "$how" = kill ] && want=137
	id=$(ulimit -c 0; ipc_crash "$1" "$2" "$how") || st=$?
	if [ "$st" -ne "$want" ]; then
		echo "ipc_crash $*: exit $st, not $want" >&2
		return 1
	fi
	track "$1:$id"
	printf '%s\n' "$id"
}

# alive KIND OBJECT: the same object, used then left idle by a process
# that lives on until teardown; prints its id:N.
alive() {
	local f id
	f=$(mktemp "$BATS_TEST_TMPDIR/alive.XXXXXX")
	ipc_crash "$1" "$2" live >"$f" 3>&- &
	printf '%s\n' "$!" >>"$BATS_TEST_TMPDIR/.alive_pids"
	wait_file "$f" || return
	id=$(cat "$f")
	track "$1:$id"
	printf '%s\n' "$id"
}

# kill_alive: end the processes of alive, and wait until they are gone.
kill_alive() {
	local p f=$BATS_TEST_TMPDIR/.alive_pids
	[ -f "$f" ] || return 0
	while read -r p; do
		kill "$p" 2>/dev/null || true
		wait_until proc_gone "$p"
	done <"$f"
	rm -f "$f"
}

# Is there no process PID, not even a zombie?  (alive runs in $(...), so
# its job is no child of the test's shell; init reaps it.)
proc_gone() {
	[ ! -e "/proc/$1" ]
}

# aged AGE COMMAND...: run COMMAND with the clock AGE ahead (faketime's
# +2h form), so that every object looks that much older to it.
aged() {
	local t=$1
	shift
	command -v faketime >/dev/null || skip "faketime is not installed"
	# ASan would want its runtime first, before faketime's library.
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
	    faketime -f "$t" "$@"
}

# The bad values of -i and -r, each refused with 64 and quoted.
# shellcheck disable=SC2034
RM_BAD_AGES=('' x -1 0 0s 1.5h 1w 1dd 1D ' 5' +5 36501d 3153600001
	99999999999999999999 1h1)
# shellcheck disable=SC2034
RM_BAD_KEYS=('' x 0 0x 0x1ffffffff 4294967296 -2147483649 5-3 0x10-
	-0x1 0x1-0x id:3 ' 5' +5 1-2-3 /tmp/x:0 /tmp/x:256 /tmp/x:
	/tmp/x:ab 0x7fffffff-0x80000000x)

# zombie KIND OBJECT: the same object as crashed ... kill leaves, whose
# process stays a zombie: its parent, a bash that has exec'd into sleep,
# never reaps it.  Sets ZID to the object's id:N and ZOMBIE to the
# zombie's pid; the parent is in BG_PIDS, so that bg_cleanup ends it (and
# init reaps the zombie).  Not for $(...): BG_PIDS must stay ours.
zombie() {
	local f=$BATS_TEST_TMPDIR/zombie.$RANDOM
	# shellcheck disable=SC2016 # the inner bash expands them
	bg_start bash -c 'ulimit -c 0; ipc_crash "$1" "$2" kill >"$3" &
	    exec sleep 60' zombie "$1" "$2" "$f" </dev/null >/dev/null
	wait_file "$f" || return
	# ipc_crash ends itself with SIGKILL: its process is then state Z.
	wait_until zombie_of "$BG_PID" || return
	ZID=$(cat "$f")
	track "$1:$ZID"
}

# zombie_of PID: PID has a child in state Z; its pid in $ZOMBIE.
zombie_of() {
	local c kids
	read -ra kids 2>/dev/null <"/proc/$1/task/$1/children" || true
	for c in ${kids[@]+"${kids[@]}"}; do
		if [ "$(awk '{ print $3 }' "/proc/$c/stat" 2>/dev/null)" = Z ]
		then
			# shellcheck disable=SC2034 # the tests read it
			ZOMBIE=$c
			return 0
		fi
	done
	return 1
}

# px_hold FILE...: a process that holds each FILE open (the file of a
# POSIX object, in /dev/shm or /dev/mqueue) until teardown, as a program
# using them does; BG_PID is its pid.
px_hold() {
	local r=$BATS_TEST_TMPDIR/held.$RANDOM
	# shellcheck disable=SC2016 # the inner bash expands them
	bg_start bash -c 'r=$1; shift
	    for f; do exec {fd}<"$f" || exit 1; done
	    echo held >"$r"; exec sleep 60' px_hold "$r" "$@" \
	    </dev/null >/dev/null
	wait_file "$r"
}
