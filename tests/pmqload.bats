#!/usr/bin/env bats
# No loss under load through one POSIX queue: 4 producers at 4
# priorities and 4 consumers, every message received exactly once.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper

setup() {
	mountpoint -q /dev/mqueue || skip "no mqueue mount of our own"
}

teardown() {
	local f
	bg_cleanup
	for f in /dev/mqueue/*; do
		[ -e "$f" ] && rm -f "$f"
	done
	return 0
}

@test "POSIX: 4 producers x 4 consumers x 100000 messages: each received once" {
	local n=100000 p c d=$BATS_TEST_TMPDIR
	local -a pids=()
	mqnew -M 10 posix:/load >/dev/null
	for c in 1 2 3 4; do
		mqrecv -e posix:/load >"$d/c$c" 2>"$d/c$c.err" &
		pids+=($!)
	done
	# Each producer ends with a mark at priority 0, below its messages':
	# the last mark comes out after every message, and each consumer
	# stops at one mark.
	for p in 1 2 3 4; do
		seq -f "P$p-%.0f" 1 "$n" |
		    mqsend -t "$p" -e posix:/load 2>"$d/p$p.err" &
		pids+=($!)
	done
	BG_PIDS+=("${pids[@]}")
	for p in "${pids[@]}"; do
		wait "$p"
	done
	BG_PIDS=()
	cat "$d"/p?.err "$d"/c?.err
	assert_equal "$(cat "$d"/p?.err "$d"/c?.err)" ""
	for p in 1 2 3 4; do
		seq -f "P$p-%.0f" 1 "$n"
	done | sort | cksum >"$d/want"
	cat "$d"/c? | sort >"$d/got"
	assert_equal "$(wc -l <"$d/got")" $((4 * n))
	assert_equal "$(uniq -d "$d/got" | head -3)" ""
	assert_equal "$(cksum <"$d/got")" "$(cat "$d/want")"
	run mqls -X -H -o msgs posix:/load
	assert_output "   0"
	# Each consumer's share is in the order of its priority's producer.
	for c in 1 2 3 4; do
		for p in 1 2 3 4; do
			grep "^P$p-" "$d/c$c" | cut -d- -f2 | sort -nc
		done
	done
}
