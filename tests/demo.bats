#!/usr/bin/env bats
# The README's `make demo`: it runs to the end, shows each family at work,
# and writes no terminal escapes into a pipe or a log.

# shellcheck disable=SC2154
load helper

@test "scripts/demo runs to its end and its output into a pipe is plain text" {
	run --separate-stderr sh "$BATS_TEST_DIRNAME/../scripts/demo"
	assert_success
	assert_output --partial "hello from "
	assert_output --partial "100000 lines, sum 5000050000"
	refute_output --partial $'\033'
}
