#!/usr/bin/env bats
# Every built command carries the hardening of Debian's flags, checked in
# the ELF file itself with readelf(1): position independent (PIE), full
# RELRO (read-only relocations, bound at start), a stack that is not
# executable, and the stack protector.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper

# The commands of the build tree, or without one (IPCTOOLS_BUILD unset,
# as under autopkgtest) the ones on PATH: a package's binaries, built with
# dpkg-buildflags, must pass the same checks.
setup() {
	local repo f c
	repo=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	BINS=()
	if [ -n "${IPCTOOLS_BUILD-}" ]; then
		for f in "$IPCTOOLS_BUILD"/bin/*; do
			[ -x "$f" ] && BINS+=("$f")
		done
	else
		for c in "$repo"/cmd/*.c; do
			f=$(command -v "$(basename "$c" .c)") ||
			    fail "$(basename "$c" .c) is not on PATH"
			BINS+=("$f")
		done
	fi
	[ "${#BINS[@]}" -gt 0 ] || fail "no commands in ${IPCTOOLS_BUILD:-PATH}"
}

teardown() {
	ipc_cleanup
}

# Run a check on every binary, and name every one that fails it.
each() {
	local f bad=()
	for f in "${BINS[@]}"; do
		"$@" "$f" || bad+=("${f##*/}")
	done
	[ "${#bad[@]}" -eq 0 ] || fail "fails '$*': ${bad[*]}"
}

is_pie() {
	LC_ALL=C readelf -hW "$1" | grep -Eq '^ +Type: +DYN ' &&
	    LC_ALL=C readelf -dW "$1" | grep -Eq 'FLAGS_1.*Flags:.* PIE'
}

is_relro() {
	LC_ALL=C readelf -lW "$1" | grep -q GNU_RELRO
}

is_bind_now() {
	LC_ALL=C readelf -dW "$1" |
	    grep -Eq '\(FLAGS\).*BIND_NOW|\(FLAGS_1\).*Flags:.* NOW|\(BIND_NOW\)'
}

# GNU_STACK must be there (without it the kernel may make the stack
# executable) and its flags must lack E.
stack_nx() {
	local flags
	flags=$(LC_ALL=C readelf -lW "$1" | awk '$1 == "GNU_STACK" { print $(NF - 1) }')
	[ -n "$flags" ] && [[ $flags != *E* ]]
}

has_ssp() {
	LC_ALL=C readelf --dyn-syms -W "$1" | grep -q ' __stack_chk_fail'
}

@test "every command is a position-independent executable" {
	each is_pie
}

@test "every command has full RELRO: GNU_RELRO and BIND_NOW" {
	each is_relro
	each is_bind_now
}

@test "every command has a non-executable stack" {
	each stack_nx
}

# -fstack-protector-strong guards each function with a local array or an
# address-taken local; every command has some (buffers for input, output
# and messages, and va_list in the shared die()), so every binary must
# reference __stack_chk_fail.  Under ASan the check is replaced by ASan's
# own stack redzones, which detect the same overflows.
@test "every command is built with the stack protector" {
	[[ $B == */asan ]] && skip "ASan instruments the stack itself"
	each has_ssp
}

@test "the checks tell a hardened binary from a plain one" {
	local plain=$BATS_TEST_TMPDIR/plain
	printf 'int main(void) { char b[64]; return b[0] = 0; }\n' |
	    cc -x c -o "$plain" -fno-pie -no-pie -Wl,-z,norelro -Wl,-z,lazy \
	    -Wl,-z,execstack -fno-stack-protector - 2>/dev/null ||
	    skip "cannot build the plain binary"
	run is_pie "$plain"
	assert_failure
	run is_relro "$plain"
	assert_failure
	run is_bind_now "$plain"
	assert_failure
	run stack_nx "$plain"
	assert_failure
	run has_ssp "$plain"
	assert_failure
}
