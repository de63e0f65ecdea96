#!/usr/bin/env bats
# make install and uninstall honour DESTDIR, PREFIX and the directory variables.

# stderr is set by bats' run.
# shellcheck disable=SC2154
load helper

setup() {
	# make install needs a build tree; the installed commands have none.
	[ -n "${IPCTOOLS_BUILD-}" ] || skip "no build tree (IPCTOOLS_BUILD unset)"
	REPO=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	B=$IPCTOOLS_BUILD
	DEST=$BATS_TEST_TMPDIR/dest
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
	    BINDIR=/b MANDIR=/m BASHCOMPDIR=/cb ZSHCOMPDIR=/cz FISHCOMPDIR=/cf install
	assert_success
	[ -x "$DEST/b/shmcat" ]
	[ -f "$DEST/m/man1/shmcat.1" ]
	[ -f "$DEST/m/man7/ipctools.7" ]
	[ -f "$DEST/cb/shmcat" ]
	[ -f "$DEST/cz/_shmcat" ]
	[ -f "$DEST/cf/shmcat.fish" ]
	[ ! -e "$DEST/usr" ]
}

@test "make uninstall removes what install put there" {
	make -s -C "$REPO" B="$B" DESTDIR="$DEST" PREFIX=/usr install
	[ -x "$DEST/usr/bin/shmcat" ]
	run --separate-stderr make -s -C "$REPO" B="$B" DESTDIR="$DEST" PREFIX=/usr uninstall
	assert_success
	run find "$DEST" -type f
	assert_output ""
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
