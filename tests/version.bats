#!/usr/bin/env bats
# One version, held in VERSION: every command's -V, the pages' footer once
# installed, NEWS, debian/changelog and the tarball's name say the same.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper

setup() {
	REPO=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	V=$(<"$REPO/VERSION")
}

@test "VERSION is one line, MAJOR.MINOR.PATCH" {
	run cat "$REPO/VERSION"
	assert_output --regexp '^[0-9]+\.[0-9]+\.[0-9]+$'
	assert_equal "${#lines[@]}" 1
}

@test "every command's -V prints VERSION" {
	local c n=0
	for c in "$REPO"/cmd/*.c; do
		c=$(basename "$c" .c)
		run --separate-stderr "$c" -V
		assert_success
		assert_output "$c (ipctools) $V"
		n=$((n + 1))
	done
	[ "$n" -ge 15 ]
}

@test "debian/changelog's newest entry and NEWS's newest heading are VERSION" {
	run sed -n '1s/^ipctools (\([^)]*\)).*/\1/p' "$REPO/debian/changelog"
	assert_output "$V"
	run grep -m 1 -E '^## ' "$REPO/NEWS.md"
	assert_output --regexp "^## $V \\([0-9]{4}-[0-9]{2}-[0-9]{2}\\)\$"
}

@test "the pages as installed carry the version in their footer" {
	local dest=$BATS_TEST_TMPDIR/dest page
	if [ -n "${IPCTOOLS_BUILD-}" ]; then
		make -s -C "$REPO" B="$IPCTOOLS_BUILD" DESTDIR="$dest" \
		    PREFIX=/usr install >/dev/null
		page=$dest/usr/share/man/man1/shmcat.1
		run grep -c '^\.Os ipctools '"$V"'$' "$page" \
		    "$dest"/usr/share/man/man7/ipctools.7
		assert_output "$page:1
$dest/usr/share/man/man7/ipctools.7:1"
		run mandoc -Tascii "$page"
	else
		# Installed by the package: compressed, as Debian does.
		page=/usr/share/man/man1/shmcat.1.gz
		[ -f "$page" ] || skip "no installed page"
		run mandoc -Tascii "$page"
	fi
	assert_success
	assert_line --regexp "^ipctools $V +[A-Z][a-z]+ [0-9]+, [0-9]{4} +ipctools $V\$"
}
