# shellcheck shell=bash
# A terminal for the tests that look at what a user sees (after `load
# helper`): a shell in tmux, keys typed with send-keys, the screen read
# with capture-pane.  The caller sets TERMSOCK (tmux's socket), WORK, HOMEDIR
# and BIN, and kills the server in its teardown.

tm() {
	tmux -S "$TERMSOCK" "$@"
}

# The screen's non-empty lines, trailing blanks dropped.
screen() {
	tm capture-pane -p | sed -e 's/[[:space:]]*$//' -e '/^$/d'
}

# screen_has REGEX: some line of the screen matches.
screen_has() {
	screen | grep -Eq -- "$1"
}

# screen_count N REGEX: exactly N lines of the screen match.
screen_count() {
	[ "$(screen | grep -Ec -- "$2")" -eq "$1" ]
}

# await_that COMMAND...: the screen satisfies COMMAND within ten seconds;
# else fail, printing the screen.  Not wait_until: it counts 1000 tries,
# and a try here runs tmux, so a screen that never comes would cost
# minutes, not seconds.
await_that() {
	local end=$((${EPOCHREALTIME/./} + 10000000))
	while ((${EPOCHREALTIME/./} < end)); do
		"$@" && return 0
		sleep 0.01
	done
	echo "the screen never held: $*" >&2
	screen >&2
	return 1
}

# await REGEX: a line of the screen matches within ten seconds.
await() {
	await_that screen_has "$1"
}

# term SHELL-COMMAND: run it in a new terminal of TERMCOLS (100) by 30,
# in $WORK, with a clean environment and PATH holding the built tools
# first; wait for the prompt '$ ' (every shell here is given that one).
term() {
	tm -f /dev/null new-session -d -x "${TERMCOLS:-100}" -y 30 -c "$WORK" \
	    env -i TERM=screen HOME="$HOMEDIR" LC_ALL=C INPUTRC=/dev/null \
	    PATH="$BIN:/usr/bin:/bin" "$@"
	await '^\$$'
}

# term_bash COMMAND [COLS]: an interactive bash without start-up files, in
# a new terminal of COLS (100) columns, PATH holding COMMAND's directory
# first; the terminal's files under $BATS_TEST_TMPDIR, its working
# directory $WORK.  term_end in the teardown ends it.
term_bash() {
	BIN=$(dirname "$(command -v "$1")")
	TERMSOCK=$BATS_TEST_TMPDIR/tmux
	HOMEDIR=$BATS_TEST_TMPDIR/home
	WORK=$BATS_TEST_TMPDIR/work
	mkdir -p "$HOMEDIR" "$WORK"
	TERMCOLS=${2:-100} term env PS1='$ ' bash --norc --noprofile
}

# term_end: the terminal's tmux server, if one was started, ends.
term_end() {
	[ -z "${TERMSOCK-}" ] || tmux -S "$TERMSOCK" kill-server 2>/dev/null ||
	    true
}
