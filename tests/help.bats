#!/usr/bin/env bats
# The first minute with a command: -h and --help print the synopsis and a
# line of meaning for each option, on standard output, status 0; -V and
# --version the version.  What -h prints fits an 80-column terminal.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load term

CMDS=(shmnew shmput shmcat shmrm shmls mqnew mqsend mqrecv mqrm mqls
	semnew semop semrm semls sockpipe)

teardown() {
	term_end
}

@test "--help is -h and --version is -V, for every command" {
	local c
	for c in "${CMDS[@]}"; do
		run --separate-stderr "$c" -h
		assert_success
		local short=$output
		run --separate-stderr "$c" --help
		assert_success
		assert_output "$short"
		assert_equal "$stderr" ""
		run --separate-stderr "$c" --version
		assert_success
		assert_output --regexp "^$c \\(ipctools\\) [0-9.]+\$"
		assert_equal "$stderr" ""
	done
}

# opt_letters CMD: the letters -h gives a line of meaning, one a line.
opt_letters() {
	"$1" -h | sed -n 's/^  -\([0-9A-Za-z]\)[ ,].*/\1/p' | sort
}

# usage_letters CMD: the letters of CMD's synopsis, -h and -V included.
usage_letters() {
	{ "$1" -h | sed '/^$/q' | tr '[]|' '   ' | tr -s ' \t' '\n\n' |
	    grep -E '^-[0-9A-Za-z]+$' | cut -c2- | fold -w1; echo h; echo V; } |
	    sort -u
}

@test "-h gives each option of the synopsis one line of meaning, once" {
	local c
	for c in "${CMDS[@]}"; do
		run opt_letters "$c"
		assert_success
		assert_output "$(usage_letters "$c")"
	done
}

@test "-h fits 80 columns, synopsis first; a usage error prints only the synopsis" {
	local c
	for c in "${CMDS[@]}"; do
		run --separate-stderr "$c" -h
		assert_line --index 0 --regexp "^usage: $c "
		run awk -v c="$c" 'length > 80 { print c ": " $0 }' <<<"$output"
		assert_output ""
	done
	run --separate-stderr shmcat -q id:0
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "shmcat: invalid option -- 'q'
usage: shmcat [-hVz] [-o offset] [-n length] object ..."
}

@test "after --, --help is an operand" {
	run --separate-stderr shmcat -- --help
	assert_failure 64
	assert_output ""
	assert_equal "${stderr%%: a *}" "shmcat: '--help'"
}

@test "shmls --help on an 80-column terminal: no line wraps" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	need shmls
	term_bash shmls 80
	tm send-keys 'shmls --help' Enter
	await '^  -X '
	run screen
	assert_output "\$ shmls --help
$(shmls --help | sed '/^$/d')
\$"
}
