#!/usr/bin/env bats
# Completion as a user meets it: an interactive bash (zsh, fish) in tmux,
# keys typed with send-keys, the screen read with capture-pane.  Calling
# the completion function by hand missed what bash does to the line
# (':' splits words, a space after a path), so these type at a real shell.

load helper
load term

setup() {
	command -v tmux >/dev/null || skip "tmux is not installed"
	need shmnew shmcat mqnew mqrecv
	COMP=$(cd "$BATS_TEST_DIRNAME/../completions" && pwd)
	# shellcheck disable=SC2034 # term.bash's term() reads it
	BIN=$(dirname "$(command -v shmcat)")
	TERMSOCK=$BATS_TEST_TMPDIR/tmux
	HOMEDIR=$BATS_TEST_TMPDIR/home
	WORK=$BATS_TEST_TMPDIR/work
	mkdir -p "$HOMEDIR" "$WORK"
	# sockpipe's letters list wider than 100 columns.
	# shellcheck disable=SC2034 # term.bash's term() reads it
	TERMCOLS=160
}

teardown() {
	tmux -S "$TERMSOCK" kill-server 2>/dev/null || true
	bg_cleanup
	ipc_cleanup
	# POSIX objects: this file's own /dev/shm and /dev/mqueue.
	if [ "${IPCTOOLS_MNTNS-}" = 1 ]; then
		rm -f /dev/shm/* /dev/mqueue/* 2>/dev/null || true
	fi
}

# bash_term [plain]: an interactive bash with bash-completion (unless
# plain) and every file of completions/bash sourced.
bash_term() {
	local bc=/usr/share/bash-completion/bash_completion
	if [ "${1-}" != plain ]; then
		[ -r "$bc" ] || skip "bash-completion is not installed"
	fi
	{
		echo "PS1='\$ '"
		[ "${1-}" = plain ] || printf '. %s\n' "$bc"
		# shellcheck disable=SC2016 # $f is the rc file's own
		printf 'for f in %s/bash/*; do . "$f"; done\n' "$COMP"
	} >"$HOMEDIR/bashrc"
	term bash --noprofile --rcfile "$HOMEDIR/bashrc"
}

# zsh_term: an interactive zsh with completions/zsh first in fpath.
zsh_term() {
	cat >"$HOMEDIR/.zshrc" <<-EOF
		PS1='\$ '
		fpath=('$COMP/zsh' \$fpath)
		autoload -Uz compinit && compinit -u -D
	EOF
	term env ZDOTDIR="$HOMEDIR" zsh -i
}

# fish_term: an interactive fish with completions/fish first.
fish_term() {
	mkdir -p "$HOMEDIR/.config/fish"
	cat >"$HOMEDIR/.config/fish/config.fish" <<-EOF
		function fish_prompt; echo -n '\$ '; end
		function fish_greeting; end
		set fish_complete_path '$COMP/fish' \$fish_complete_path
	EOF
	term fish -i
}

# The prompt line last on screen.
last_prompt() {
	screen | grep '^\$ ' | tail -n 1
}

@test "bash: shmcat i<TAB><TAB> inserts id: and lists the live ids" {
	local a b c
	a=$(newseg -s 16)
	b=$(newseg -s 16)
	c=$(newseg -s 16 0x00c0ffee)
	bash_term
	tm send-keys 'shmcat i' Tab
	await '^\$ shmcat id:[0-9]*$'
	tm send-keys Tab Tab
	# the list comes, then the prompt again with the line as it was
	await_that screen_count 2 '^\$ shmcat id:[0-9]*$'
	run screen
	assert_line --index 0 --regexp '^\$ shmcat id:[0-9]*$'
	assert_equal "$(tr -s ' ' <<<"${lines[1]}")" "$(printf '%s\n' \
	    "${a#id:}" "${b#id:}" "${c#id:}" | LC_ALL=C sort | paste -sd ' ')"
	assert_line --index 2 "${lines[0]}"
	assert_equal "${#lines[@]}" 3
}

@test "bash: shmcat id:<TAB> completes to the live id, then a space" {
	local seg
	seg=$(newseg -s 16)
	bash_term
	tm send-keys 'shmcat id:' Tab X
	await "^\\\$ shmcat $seg X\$"
	tm send-keys C-u "shmcat id:${seg#id:}" Tab X
	await "^\\\$ shmcat $seg X\$"
}

@test "bash: a key completes whole; an option's value is not an object" {
	newseg -s 16 0x00c0ffee >/dev/null
	bash_term
	tm send-keys 'shmcat -n 3 0x00c' Tab X
	await '^\$ shmcat -n 3 0x00c0ffee X$'
	tm send-keys C-u 'shmcat -n ' Tab Tab X
	await '^\$ shmcat -n X$'
	run screen
	assert_output '$ shmcat -n X'
}

@test "bash: a directory completes with its '/' and no space, a file takes :PROJ" {
	local seg
	mkdir -p "$WORK/dir/sub"
	: >"$WORK/dir/app.lock"
	seg=$(newseg -s 3 "$WORK/dir/app.lock:7")
	printf 'hi\n' | shmput "$seg"
	bash_term
	tm send-keys 'shmcat ./d' Tab X
	await '^\$ shmcat \./dir/X$'
	tm send-keys BSpace 's' Tab X
	await '^\$ shmcat \./dir/sub/X$'
	# the file's name with no space, so :7 joins it; and the line works
	tm send-keys C-u 'shmcat ./dir/a' Tab ':7' Enter
	await '^\$ shmcat \./dir/app\.lock:7$'
	await '^hi$'
}

@test "bash: mqrecv -<TAB><TAB> offers its options; id:<TAB> a live queue" {
	local q
	q=$(newq)
	bash_term
	tm send-keys 'mqrecv -' Tab Tab
	await '^-0  -B  -T  -V  -a  -c  -e  -h  -j  -n  -p  -t  -w  -x$'
	tm send-keys C-u 'mqrecv -n id:' Tab X
	await "^\\\$ mqrecv -n $q X\$"
}

@test "bash: sockpipe -<TAB><TAB> offers netcat's letters; -z takes port after port" {
	bash_term
	tm send-keys 'sockpipe -' Tab Tab
	await '^-0  -4  -6  -B  -C  -F  -H  -I  -K  -N  -O  -P  -R  -T  -U  -V  -W  -X  -b  -c  -d  -e  -h  -i  -k  -l  -n  -p  -q  -s  -u  -v  -w  -x  -z$'
	tm send-keys C-u 'sockpipe -x proxy -X ' Tab Tab
	await '^4 +5 +connect$'
	tm send-keys C-u 'sockpipe -z 127.0.0.1 22 ftp-dat' Tab X
	await '^\$ sockpipe -z 127\.0\.0\.1 22 ftp-data X$'
	tm send-keys C-u 'sockpipe 127.0.0.1 22 ftp-dat' Tab X
	await '^\$ sockpipe 127\.0\.0\.1 22 ftp-datX$'
	# -U @: the abstract sockets listening now.
	bg_start sockpipe -l -U "@ipct.comp.$$" </dev/null >/dev/null
	wait_until eval "ss -Hxl | grep -q '@ipct.comp.$$ '"
	tm send-keys C-u 'sockpipe -U @ipct.comp.' Tab X
	await "^\\\$ sockpipe -U @ipct\\.comp\\.$$ X\$"
}

@test "bash, zsh and fish: sockpipe -c -T<TAB> offers libtls's keywords; -C, -K and -R take files" {
	: >"$WORK/srv.pem"
	: >"$WORK/srv.key"
	bash_term
	tm send-keys 'sockpipe -c -T ' Tab Tab
	await '^ciphers=  +clientcert  +muststaple  +noname  +noverify  +protocols=  +tlsall  +tlscompat$'
	tm send-keys C-u 'sockpipe -c -T cl' Tab X
	await '^\$ sockpipe -c -T clientcert X$'
	tm send-keys C-u 'sockpipe -c -T pro' Tab X
	await '^\$ sockpipe -c -T protocols=X$'
	tm send-keys C-u 'sockpipe -c -C srv.p' Tab '-K srv.k' Tab X
	await '^\$ sockpipe -c -C srv\.pem -K srv\.key X$'
	tm kill-server
	command -v zsh >/dev/null || skip "zsh is not installed"
	zsh_term
	tm send-keys 'sockpipe -c -T nov' Tab X
	await '^\$ sockpipe -c -T noverify X$'
	tm send-keys C-u 'sockpipe -c -R srv.p' Tab X
	await '^\$ sockpipe -c -R srv\.pem X$'
	tm kill-server
	command -v fish >/dev/null || skip "fish is not installed"
	fish_term
	tm send-keys 'sockpipe -c -T tlsc' Tab X
	await '^\$ sockpipe -c -T tlscompat X$'
	tm send-keys C-u 'sockpipe -x p -X con' Tab X
	await '^\$ sockpipe -x p -X connect X$'
	tm send-keys C-u 'sockpipe -c -K srv.k' Tab X
	await '^\$ sockpipe -c -K srv\.key X$'
}

@test "bash without bash-completion: id:N and paths still complete" {
	local a b
	a=$(newseg -s 16)
	b=$(newq)
	mkdir -p "$WORK/dir/sub"
	bash_term plain
	tm send-keys 'shmcat id:' Tab X
	await "^\\\$ shmcat $a X\$"
	tm send-keys C-u 'mqrecv -w 1 id:' Tab X
	await "^\\\$ mqrecv -w 1 $b X\$"
	tm send-keys C-u 'shmcat ./d' Tab X
	await '^\$ shmcat \./dir/X$'
}

@test "zsh: id:<TAB> completes to the live id; ':' replaces a path's space" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	local seg
	seg=$(newseg -s 16)
	mkdir -p "$WORK/dir/sub"
	: >"$WORK/dir/app.lock"
	zsh_term
	tm send-keys 'shmcat id:' Tab X
	await "^\\\$ shmcat $seg X\$"
	tm send-keys C-u 'shmcat ./d' Tab X
	await '^\$ shmcat \./dir/X$'
	tm send-keys C-u 'shmcat ./dir/a' Tab ':7'
	await '^\$ shmcat \./dir/app\.lock:7$'
}

@test "fish: id:<TAB> completes to the live id; a directory to its '/'" {
	command -v fish >/dev/null || skip "fish is not installed"
	local q
	q=$(newq)
	mkdir -p "$WORK/dir/sub"
	fish_term
	tm send-keys 'mqrecv id:' Tab X
	await "^\\\$ mqrecv $q X\$"
	tm send-keys C-u 'mqrecv ./d' Tab X
	await '^\$ mqrecv \./dir/X$'
}

@test "bash: posix:<TAB> completes live POSIX segments, semaphores and queues; a semaphore is not a segment" {
	[ "${IPCTOOLS_MNTNS-}" = 1 ] || skip "no /dev/shm of our own"
	shmnew -s 16 posix:/frames >/dev/null
	semnew posix:/lock >/dev/null
	mqnew posix:/jobs >/dev/null
	bash_term
	tm send-keys 'shmcat posix:' Tab X
	await '^\$ shmcat posix:/frames X$'
	tm send-keys C-u 'semop posix:/l' Tab X
	await '^\$ semop posix:/lock X$'
	tm send-keys C-u 'semop posix:/lock ' Tab Tab
	await '^\+1  --  -1$'
	tm send-keys C-u 'mqrecv posix:' Tab X
	await '^\$ mqrecv posix:/jobs X$'
	tm send-keys C-u 'shmls -X -o n' Tab Tab
	await '^name   nproc$'
}

@test "zsh and fish: posix:<TAB> completes a live POSIX segment, semaphore and queue; -o +COL and -A -o" {
	[ "${IPCTOOLS_MNTNS-}" = 1 ] || skip "no /dev/shm of our own"
	command -v zsh >/dev/null || skip "zsh is not installed"
	command -v fish >/dev/null || skip "fish is not installed"
	shmnew -s 16 posix:/frames >/dev/null
	semnew posix:/lock >/dev/null
	mqnew posix:/jobs >/dev/null
	zsh_term
	tm send-keys 'shmcat posix:' Tab X
	await '^\$ shmcat posix:/frames X$'
	tm send-keys C-u 'semop posix:' Tab X
	await '^\$ semop posix:/lock X$'
	# "$k:P..." would be zsh's :P modifier, a path: the name is ${k}.
	tm send-keys C-u 'mqrecv posix:' Tab X
	await '^\$ mqrecv posix:/jobs X$'
	# -o +COL: a name added to the default ones; -A's own (mtime is
	# only POSIX segments').
	# (_values leaves its ',' for the next name, removed by a blank.)
	tm send-keys C-u 'shmls -o +loc' Tab X
	await '^\$ shmls -o \+locked,X$'
	tm send-keys C-u 'shmls -A -o mti' Tab X
	await '^\$ shmls -A -o mtime,X$'
	tm kill-server
	fish_term
	tm send-keys 'shmls -o +loc' Tab X
	await '^\$ shmls -o \+locked X$'
	tm send-keys C-u 'shmls -A -o mti' Tab X
	await '^\$ shmls -A -o mtime X$'
	tm send-keys C-u 'shmcat posix:' Tab X
	await '^\$ shmcat posix:/frames X$'
	tm send-keys C-u 'semop posix:' Tab X
	await '^\$ semop posix:/lock X$'
	tm send-keys C-u 'mqrecv posix:' Tab X
	await '^\$ mqrecv posix:/jobs X$'
}
