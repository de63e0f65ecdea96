#!/usr/bin/env bats
# make install and uninstall honour DESTDIR, PREFIX and the directory variables.

# stderr is set by bats' run.
# shellcheck disable=SC2154
load helper
load term

setup() {
	# make install needs a build tree; the installed commands have none.
	[ -n "${IPCTOOLS_BUILD-}" ] || skip "no build tree (IPCTOOLS_BUILD unset)"
	REPO=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	B=$IPCTOOLS_BUILD
	DEST=$BATS_TEST_TMPDIR/dest
}

teardown() {
	[ -z "${TERMSOCK-}" ] || tmux -S "$TERMSOCK" kill-server 2>/dev/null ||
	    true
	ipc_cleanup
}

@test "make install puts commands, pages and completions under DESTDIR and PREFIX" {
	run --separate-stderr make -s -C "$REPO" B="$B" DESTDIR="$DEST" PREFIX=/opt/ipc install
	assert_success
	local c
	for c in "$REPO"/cmd/*.c; do
		c=$(basename "$c" .c)
		[ -x "$DEST/opt/ipc/bin/$c" ]
		[ -f "$DEST/opt/ipc/share/man/man1/$c.1" ]
		[ -f "$DEST/opt/ipc/share/bash-completion/completions/$c" ]
		[ -f "$DEST/opt/ipc/share/zsh/site-functions/_$c" ]
		[ -f "$DEST/opt/ipc/share/fish/vendor_completions.d/$c.fish" ]
	done
	[ -f "$DEST/opt/ipc/share/man/man7/ipctools.7" ]
	run "$DEST/opt/ipc/bin/shmls" -V
	assert_success
	assert_output --partial "ipctools"
}

@test "BINDIR, MANDIR and the completion directories can each be moved" {
	run --separate-stderr make -s -C "$REPO" B="$B" DESTDIR="$DEST" \
	    BINDIR=/b MANDIR=/m BASHCOMPDIR=/cb ZSHCOMPDIR=/cz FISHCOMPDIR=/cf \
	    COMPLIBDIR=/cl install
	assert_success
	[ -x "$DEST/b/shmcat" ]
	[ -f "$DEST/m/man1/shmcat.1" ]
	[ -f "$DEST/m/man7/ipctools.7" ]
	[ -f "$DEST/cb/shmcat" ]
	[ -f "$DEST/cz/_shmcat" ]
	[ -f "$DEST/cf/shmcat.fish" ]
	[ -f "$DEST/cl/bash/ipc-common" ]
	grep -qx '\. "/cl/bash/shm-common"' "$DEST/cb/shmcat"
	[ ! -e "$DEST/usr" ]
}

@test "make install: every file where the shells look for completions names a command; the helpers are apart" {
	run --separate-stderr make -s -C "$REPO" B="$B" DESTDIR="$DEST" PREFIX=/opt/ipc install
	assert_success
	local s=$DEST/opt/ipc/share f c n=0
	for f in "$s"/bash-completion/completions/* "$s"/zsh/site-functions/* \
	    "$s"/fish/vendor_completions.d/*; do
		c=${f##*/}
		c=${c#_}
		c=${c%.fish}
		[ -x "$DEST/opt/ipc/bin/$c" ] || fail "$f names no command"
		n=$((n + 1))
	done
	assert_equal "$n" $((3 * $(ls "$REPO"/cmd/*.c | wc -l)))
	# The helpers, each found at its installed path (DESTDIR aside).
	for f in bash/ipc-common bash/mq-common bash/shm-common bash/sem-common \
	    zsh/_mq_objects zsh/_shm_objects zsh/_sem_objects \
	    fish/ipc-common.fish fish/mq-common.fish fish/shm-common.fish \
	    fish/sem-common.fish; do
		[ -f "$s/ipctools/completions/$f" ] || fail "$f is not installed"
	done
	grep -qx '\. "/opt/ipc/share/ipctools/completions/bash/mq-common"' \
	    "$s/bash-completion/completions/mqrecv"
	grep -qx '(( $+functions\[_mq_objects\] )) || autoload -Uz /opt/ipc/share/ipctools/completions/zsh/_mq_objects' \
	    "$s/zsh/site-functions/_mqrecv"
	grep -qx 'source /opt/ipc/share/ipctools/completions/fish/mq-common.fish' \
	    "$s/fish/vendor_completions.d/mqrecv.fish"
}

# The installed tree as a user has it: PREFIX alone, found through PATH
# and XDG_DATA_DIRS, as README.md says.
@test "installed completions work in an interactive bash: bash-completion loads mqrecv's, which finds its helpers" {
	local bc=/usr/share/bash-completion/bash_completion p=$BATS_TEST_TMPDIR/pfx q
	command -v tmux >/dev/null || skip "tmux is not installed"
	[ -r "$bc" ] || skip "bash-completion is not installed"
	run --separate-stderr make -s -C "$REPO" B="$B" PREFIX="$p" install
	assert_success
	q=$("$p/bin/mqnew")
	track "msg:$q"
	# shellcheck disable=SC2034 # term.bash's term() reads them
	TERMSOCK=$BATS_TEST_TMPDIR/tmux BIN=$p/bin TERMCOLS=160 \
	    HOMEDIR=$BATS_TEST_TMPDIR/home WORK=$BATS_TEST_TMPDIR
	mkdir -p "$HOMEDIR"
	printf '%s\n' "PS1='\$ '" ". $bc" >"$HOMEDIR/bashrc"
	term env XDG_DATA_DIRS="$p/share:/usr/share" \
	    bash --noprofile --rcfile "$HOMEDIR/bashrc"
	tm send-keys 'mqrecv -' Tab Tab
	await '^-0  -B  -T  -V  -a  -c  -e  -h  -j  -n  -p  -t  -w  -x$'
	tm send-keys C-u 'mqrecv -n id:' Tab X
	await "^\\\$ mqrecv -n $q X\$"
	# Defined by the installed helper, not one of another install.
	tm send-keys C-u 'shopt -s extdebug; declare -F _ipctools_sysv_objects' \
	    Enter
	await "^_ipctools_sysv_objects [0-9]+ $p/share/ipctools/completions/bash/ipc-common\$"
	tm send-keys C-u 'complete -p mqrecv' Enter
	await '^complete -F _ipctools_mq mqrecv$'
}

@test "make uninstall removes what install put there" {
	make -s -C "$REPO" B="$B" DESTDIR="$DEST" PREFIX=/usr install
	[ -x "$DEST/usr/bin/shmcat" ]
	run --separate-stderr make -s -C "$REPO" B="$B" DESTDIR="$DEST" PREFIX=/usr uninstall
	assert_success
	run find "$DEST" -type f
	assert_output ""
	[ ! -e "$DEST/usr/share/ipctools" ]
}

@test "make without libbsd-dev or libtls-dev names the packages and scripts/deps, compiling nothing" {
	# pkg-config that finds no .pc file is a machine without either.
	run --separate-stderr env PKG_CONFIG_LIBDIR=/nonexistent \
	    make -s -C "$REPO" B="$BATS_TEST_TMPDIR/b" all
	assert_failure 2
	assert_output ""
	assert_equal "${stderr%%$'\n'*}" "make: libbsd-dev libtls-dev missing (pkg-config knows no libbsd-overlay libtls): scripts/deps installs what the build needs, or: apt-get install libbsd-dev libtls-dev"
	[ ! -e "$BATS_TEST_TMPDIR/b" ]
}
