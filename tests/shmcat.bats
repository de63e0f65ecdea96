#!/usr/bin/env bats
# shmcat: segment bytes to standard output.

# $stderr is set by run --separate-stderr.
# shellcheck disable=SC2154
load helper
load shm

teardown() {
	shm_teardown
}

@test "shmcat writes the whole segment, NULs included" {
	seg=$(newseg -s 8)
	printf 'hi' | shmput "$seg"
	run --separate-stderr shmcat "$seg"
	assert_success
	assert_equal "$stderr" ""
	shmcat "$seg" | cmp - <(printf 'hi\0\0\0\0\0\0')
}

@test "shmcat -o and -n select a range" {
	seg=$(newseg -s 16)
	printf '0123456789abcdef' | shmput "$seg"
	run --separate-stderr shmcat -o 10 "$seg"
	assert_success
	assert_output "abcdef"
	run --separate-stderr shmcat -o 2 -n 3 "$seg"
	assert_output "234"
	run --separate-stderr shmcat -n 4 "$seg"
	assert_output "0123"
	run --separate-stderr shmcat -o 16 "$seg"
	assert_success
	assert_output ""
	run --separate-stderr shmcat -o 12 -n 4 "$seg"
	assert_success
	assert_output "cdef"
	run --separate-stderr shmcat -n 0 "$seg"
	assert_success
	assert_output ""
}

@test "shmcat -o and -n past the end exit 64 naming the size, without wrapping" {
	seg=$(newseg -s 16)
	run --separate-stderr shmcat -o 17 "$seg"
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "shmcat: $seg: -o 17 is past the end of the 16-byte segment"
	run --separate-stderr shmcat -o 12 -n 5 "$seg"
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "shmcat: $seg: -o 12 -n 5 is past the end of the 16-byte segment"
	# -o + -n would wrap to 0 in 64 bits.
	run --separate-stderr shmcat -o 1 -n 18446744073709551615 "$seg"
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "shmcat: $seg: -o 1 -n 18446744073709551615 is past the end of the 16-byte segment"
	run --separate-stderr shmcat -n 17 "$seg"
	assert_failure 64
	assert_equal "$stderr" "shmcat: $seg: -o 0 -n 17 is past the end of the 16-byte segment"
}

@test "shmcat -o and -n refuse bad numbers with 64" {
	seg=$(newseg)
	for opt in -o -n; do
		for v in "${SHM_BAD_SIZES[@]}"; do
			[ "$v" = 18446744073709551615 ] && continue
			run --separate-stderr shmcat "$opt" "$v" "$seg"
			assert_failure 64
			assert_output ""
			[[ $stderr == "shmcat: $opt '$v': "* ]] ||
			    fail "$opt '$v': $stderr"
		done
	done
}

@test "shmcat -z stops at the first NUL and reads what the textbook peer wrote" {
	newseg 0x00c0ffee >/dev/null
	textbook_shm write 0x00c0ffee 'from the peer'
	run --separate-stderr shmcat -z 0x00c0ffee
	assert_success
	assert_output "from the peer"
	assert_equal "$(shmcat -z 0x00c0ffee | wc -c)" 13
	run --separate-stderr shmcat -z -o 5 0x00c0ffee
	assert_output "the peer"
	# -z within -n: the NUL beyond -n does not count.
	run --separate-stderr shmcat -z -n 4 0x00c0ffee
	assert_output "from"
	# No NUL at all: the whole range.
	seg=$(newseg -s 3)
	printf 'abc' | shmput "$seg"
	run --separate-stderr shmcat -z "$seg"
	assert_output "abc"
}

@test "several objects are concatenated, each with the same -o and -n" {
	a=$(newseg -s 4)
	b=$(newseg -s 4 0x1234)
	printf 'AAAA' | shmput "$a"
	printf 'BBBB' | shmput "$b"
	run --separate-stderr shmcat "$a" 0x1234 "$a"
	assert_success
	assert_output "AAAABBBBAAAA"
	run --separate-stderr shmcat -o 1 -n 2 "$a" "$b"
	assert_output "AABB"
}

@test "a failing operand is reported and the rest still written; first failure's code" {
	a=$(newseg -s 4)
	printf 'AAAA' | shmput "$a"
	small=$(newseg -s 2)
	run --separate-stderr shmcat -n 3 "$a" 0x4321 "$small" "$a"
	assert_failure 66
	assert_output "AAAAAA"
	assert_equal "$stderr" "shmcat: 0x4321: no such segment
shmcat: $small: -o 0 -n 3 is past the end of the 2-byte segment"
	run --separate-stderr shmcat -n 3 "$small" 0x4321 "$a"
	assert_failure 64
	assert_output "AAA"
}

@test "a reader that leaves early: status 0 and no message (64 MiB segment)" {
	seg=$(newseg -s 64m)
	run --separate-stderr bash -c 'set -o pipefail
	    shmcat "$1" | head -c1 >/dev/null' _ "$seg"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
}

@test "a failing standard output exits 74" {
	seg=$(newseg -s 64k)
	run --separate-stderr bash -c 'shmcat "$1" >/dev/full' _ "$seg"
	assert_failure 74
	assert_equal "$stderr" "shmcat: standard output: No space left on device"
}

@test "shmcat refuses bad objects with 64 and a missing one with 66" {
	for v in "${SHM_BAD_OBJECTS[@]}"; do
		run --separate-stderr shmcat "$v"
		assert_failure 64
		assert_output ""
		[[ $stderr == "shmcat: '$v': "* ]] || fail "'$v': $stderr"
	done
	run --separate-stderr shmcat 0x1234
	assert_failure 66
	assert_output ""
	assert_equal "$stderr" "shmcat: 0x1234: no such segment"
	seg=$(newseg)
	shmrm "$seg"
	run --separate-stderr shmcat "$seg"
	assert_failure 66
	assert_equal "$stderr" "shmcat: $seg: no such segment"
	run --separate-stderr shmcat id:2147483647
	assert_failure 66
	assert_equal "$stderr" "shmcat: id:2147483647: no such segment"
}

@test "as nobody: 77 on a 0600 segment, read access to a 0644 one" {
	require_root
	seg=$(newseg -s 4 -m 600)
	run --separate-stderr as_nobody shmcat "$seg"
	assert_failure 77
	assert_output ""
	assert_equal "$stderr" "shmcat: $seg: cannot attach: Permission denied"
	seg=$(newseg -s 4 -m 644)
	printf 'open' | shmput "$seg"
	run --separate-stderr as_nobody shmcat "$seg"
	assert_success
	assert_output "open"
	assert_equal "$stderr" ""
}

@test "shmcat reads a segment that ipcmk made" {
	run ipcmk -M 64 -p 0600
	assert_success
	id=${output##*: }
	track "shm:id:$id"
	printf 'made by ipcmk' | shmput "id:$id"
	run --separate-stderr shmcat -z "id:$id"
	assert_success
	assert_output "made by ipcmk"
}

@test "shmcat -h, -V, a bad option and no operand" {
	run --separate-stderr synopsis shmcat
	assert_success
	assert_output "usage: shmcat [-hVz] [-o offset] [-n length] object ..."
	run --separate-stderr shmcat -V
	assert_success
	assert_output --regexp '^shmcat \(ipctools\) [0-9.]+$'
	run --separate-stderr shmcat -q id:0
	assert_failure 64
	assert_equal "${stderr#*shmcat: }" "invalid option -- 'q'
usage: shmcat [-hVz] [-o offset] [-n length] object ..."
	run --separate-stderr shmcat
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "shmcat: no object to read"
}

@test "bash completion of shmcat offers options, keys and ids, and files after a /" {
	seg=$(newseg 0x00abcdef)
	run shm_complete shmcat -
	assert_output "$(printf '%s\n' -h -n -o -V -z)"
	run shm_complete shmcat -n 4 ''
	assert_output "$(printf '%s\n' 0x00abcdef "$seg")"
	: >"$BATS_TEST_TMPDIR/lockfile"
	run shm_complete shmcat "$BATS_TEST_TMPDIR/lock"
	assert_output "$BATS_TEST_TMPDIR/lockfile"
}

@test "fish completion of shmcat offers options and live segments" {
	command -v fish >/dev/null || skip "fish is not installed"
	seg=$(newseg 0x00abcdef)
	run fish -c "set fish_complete_path '$BATS_TEST_DIRNAME/../completions/fish' \$fish_complete_path
	    complete -C 'shmcat -z '; complete -C 'shmcat -'"
	assert_success
	assert_line --index 0 "$(printf '0x00abcdef\tkey')"
	assert_line --index 1 "$(printf '%s\tidentifier' "$seg")"
	assert_line "$(printf -- '-n\twrite this many bytes')"
}

@test "zsh completion lists the keys and id:N of live segments" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	seg=$(newseg 0x00abcdef)
	run zsh -fc "fpath=('$BATS_TEST_DIRNAME/../completions/zsh' \$fpath)
	    autoload -Uz _shm_objects
	    _describe() { print -rl -- \"\${(@P)4}\"; }
	    PREFIX=''; _shm_objects"
	assert_success
	assert_output "0x00abcdef:key
id\\:${seg#id:}:identifier"
}

@test "shmcat N, no key N but id N (the ipcs habit): says id:N is one" {
	local seg n
	newseg -s 4 >/dev/null
	seg=$(newseg -s 4)
	n=${seg#id:}
	[ "$n" -gt 0 ]	# key 0 is IPC_PRIVATE, a usage error
	run --separate-stderr shmcat "$n"
	assert_failure 66
	assert_output ""
	assert_equal "$stderr" "shmcat: $n: no such segment, but id:$n is one (an identifier is written id:N)"
	run --separate-stderr shmcat 0x7ffe0b0d
	assert_failure 66
	assert_equal "$stderr" "shmcat: 0x7ffe0b0d: no such segment"
}

@test "reading a 64 MiB segment with four pages written makes no other page resident; the bytes are exact" {
	[ "$(getconf PAGESIZE)" = 4096 ] || skip "pages of $(getconf PAGESIZE) bytes"
	seg=$(newseg -s 64m)
	shm_sparse_fill "$seg"
	shm_sparse "$BATS_TEST_TMPDIR/expected"
	assert_equal "$(shm_rss "$seg")" 16384
	shmcat "$seg" | cat >"$BATS_TEST_TMPDIR/out"
	cmp "$BATS_TEST_TMPDIR/expected" "$BATS_TEST_TMPDIR/out"
	assert_equal "$(shm_rss "$seg")" 16384
	shmcat "$seg" >"$BATS_TEST_TMPDIR/out"
	cmp "$BATS_TEST_TMPDIR/expected" "$BATS_TEST_TMPDIR/out"
	shmcat "$seg" >/dev/null
	assert_equal "$(shm_rss "$seg")" 16384
	run bash -c 'shmcat -o 33554420 -n 20 "$1" | od -An -c -w20 | tr -s " "' _ \
	    "$seg"
	assert_success
	assert_output " \\0 \\0 \\0 \\0 \\0 \\0 \\0 \\0 \\0 \\0 m i d d l e \\0 \\0 \\0 \\0"
	# -z stops at a hole without reading it.
	run --separate-stderr shmcat -z -o 33554430 "$seg"
	assert_output middle
	run --separate-stderr shmcat -z -o 4096 "$seg"
	assert_success
	assert_output ""
	assert_equal "$(shm_rss "$seg")" 16384
}

@test "as nobody (no /proc/self/map_files: mincore), reading a sparse segment makes nothing resident" {
	require_root
	[ "$(getconf PAGESIZE)" = 4096 ] || skip "pages of $(getconf PAGESIZE) bytes"
	seg=$(newseg -s 64m -m 644)
	shm_sparse_fill "$seg"
	shm_sparse "$BATS_TEST_TMPDIR/expected"
	as_nobody shmcat "$seg" | cat >"$BATS_TEST_TMPDIR/out"
	cmp "$BATS_TEST_TMPDIR/expected" "$BATS_TEST_TMPDIR/out"
	assert_equal "$(shm_rss "$seg")" 16384
	run --separate-stderr as_nobody shmcat -z -o 33554430 "$seg"
	assert_success
	assert_output middle
	assert_equal "$stderr" ""
	assert_equal "$(shm_rss "$seg")" 16384
	# A segment with every page written reads the same, page for page.
	seg=$(newseg -s 3m -m 644)
	randfile "$BATS_TEST_TMPDIR/in" 3145728
	shmput "$seg" <"$BATS_TEST_TMPDIR/in"
	as_nobody shmcat "$seg" | cmp - "$BATS_TEST_TMPDIR/in"
}
