#!/usr/bin/env bats
# No loss under load: many writers and readers on one queue, a reader
# killed in the middle, a full queue under -n, a gigabyte through sockpipe
# into a slow reader, and shmput racing shmcat.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper

teardown() {
	bg_cleanup
	ipc_cleanup
}

# Lines "PREFIX1" to "PREFIXn".
lines() {
	seq -f "$1%.0f" 1 "$2"
}

@test "4 producers x 4 consumers x 250000 messages: each received once" {
	need mqnew mqsend mqrecv
	local q n=250000 p c d=$BATS_TEST_TMPDIR
	local -a prod=() cons=()
	q=$(newq)
	for c in 1 2 3 4; do
		mqrecv -e "$q" >"$d/c$c" 2>"$d/c$c.err" &
		cons+=($!)
	done
	BG_PIDS+=("${cons[@]}")
	# Each producer ends with a mark; FIFO order puts the last mark after
	# every message, and each consumer stops at one mark.
	for p in 1 2 3 4; do
		lines "P$p-" "$n" | mqsend -e "$q" 2>"$d/p$p.err" &
		prod+=($!)
	done
	BG_PIDS+=("${prod[@]}")
	for p in "${prod[@]}" "${cons[@]}"; do
		wait "$p"
	done
	BG_PIDS=()
	cat "$d"/p?.err "$d"/c?.err
	[ ! -s "$d/p1.err" ] && [ ! -s "$d/c1.err" ]
	for p in 1 2 3 4; do
		lines "P$p-" "$n"
	done | sort >"$d/want"
	cat "$d"/c? | sort >"$d/got"
	assert_equal "$(wc -l <"$d/got")" $((4 * n))
	assert_equal "$(uniq -d "$d/got" | head -3)" ''
	cmp "$d/want" "$d/got"
	assert_equal "$(qnum "$q")" 0
	# Every consumer did some of the work: they really ran together.
	for c in 1 2 3 4; do
		[ -s "$d/c$c" ]
	done
}

# What a killed reader printed must be the first k messages, and what is
# left in the queue the last ones, in order: the queue loses nothing.
# Only what mqrecv had taken into its output buffer (64 KiB, at most 256
# messages) and not yet written may be gone, and only under SIGKILL.
kill_reader() {
	local sig=$1 maxlost=$2 q n=200000 d=$BATS_TEST_TMPDIR k j rpid ppid
	need mqnew mqsend mqrecv
	command -v pv >/dev/null || skip "pv is not installed"
	q=$(newq)
	lines m "$n" | mqsend -e "$q" &
	ppid=$!
	BG_PIDS+=("$ppid")
	mkfifo "$d/fifo"
	env --default-signal=TERM mqrecv -e "$q" >"$d/fifo" &
	rpid=$!
	BG_PIDS+=("$rpid")
	# A slow reader: mqrecv's buffer fills and it waits on the pipe.  A
	# small -B, or pv would read the whole stream ahead and mqrecv end.
	pv -qL 20k -B 4096 <"$d/fifo" >"$d/out" &
	BG_PIDS+=($!)
	wait_until test -s "$d/out"
	# Its buffer is full when it waits on the pipe: the most it can lose.
	wait_until grep -qs pipe_write "/proc/$rpid/wchan"
	kill -s "$sig" "$rpid"
	wait "$rpid" || true
	wait "${BG_PIDS[2]}"
	mqrecv -e "$q" >"$d/rest"
	wait "$ppid"
	BG_PIDS=()
	k=$(wc -l <"$d/out")
	[ "$k" -gt 0 ]
	lines m "$k" | cmp - "$d/out"
	j=$(head -n 1 "$d/rest")
	j=${j#m}
	lines m "$n" | tail -n +"$j" | cmp - "$d/rest"
	echo "printed $k, lost $((j - 1 - k)), left $((n - j + 1))"
	[ $((j - 1 - k)) -ge 0 ] && [ $((j - 1 - k)) -le "$maxlost" ]
	assert_equal "$(qnum "$q")" 0
}

@test "a reader killed with SIGKILL loses nothing that was still queued" {
	kill_reader KILL 256
}

@test "a reader ended with SIGTERM loses nothing at all" {
	kill_reader TERM 0
}

@test "a reader ended with SIGHUP loses nothing at all" {
	kill_reader HUP 0
}

@test "a full queue under -n loses nothing: resend from where it stopped" {
	need mqnew mqsend mqrecv
	local q n=6000 d=$BATS_TEST_TMPDIR sent=0 k rounds=0 st
	q=$(newq)
	lines line "$n" >"$d/all"
	: >"$d/got"
	while [ "$sent" -lt "$n" ]; do
		st=0
		tail -n +$((sent + 1)) "$d/all" | mqsend -n "$q" 2>"$d/err" ||
		    st=$?
		if [ "$st" -eq 0 ]; then
			k=$((n - sent))
		else
			assert_equal "$st" 75
			k=$(sed -n 's/.*; \([0-9]*\) messages\{0,1\} w[ae][sr]e\{0,1\} sent$/\1/p' "$d/err")
			[ -n "$k" ] || fail "no count of sent messages: $(cat "$d/err")"
			assert_equal "$(qnum "$q")" "$k"
		fi
		sent=$((sent + k))
		mqrecv -n "$q" >>"$d/got" || [ "$k" -eq 0 ]
		rounds=$((rounds + 1))
		[ "$rounds" -lt 1000 ] || fail "no progress"
	done
	# The queue really was full at least once.
	[ "$rounds" -gt 1 ]
	cmp "$d/all" "$d/got"
}

@test "sockpipe: 1 GiB of random data into a slow reader, checksum intact" {
	need sockpipe
	command -v pv >/dev/null || skip "pv is not installed"
	command -v openssl >/dev/null || skip "openssl is not installed"
	local d=$BATS_TEST_TMPDIR st=0
	mkfifo "$d/sent"
	cksum <"$d/sent" >"$d/sent.sum" &
	BG_PIDS+=($!)
	sockpipe -l -P "$d/port" 0 </dev/null 2>"$d/l.err" |
	    pv -qL 200m | cksum >"$d/recv.sum" &
	BG_PIDS+=($!)
	wait_file "$d/port"
	# A fast pseudo-random stream: AES-CTR of zeros.
	openssl enc -aes-128-ctr -nosalt -pbkdf2 -pass pass:ipctools \
	    </dev/zero 2>/dev/null | head -c 1073741824 | tee "$d/sent" |
	    sockpipe 127.0.0.1 "$(cat "$d/port")" >/dev/null 2>"$d/c.err" ||
	    st=$?
	wait "${BG_PIDS[1]}"
	wait "${BG_PIDS[0]}"
	BG_PIDS=()
	assert_equal "$st" 0
	assert_equal "$(cat "$d/c.err" "$d/l.err")" ''
	assert_equal "$(cut -d' ' -f2 "$d/recv.sum")" 1073741824
	assert_equal "$(cat "$d/recv.sum")" "$(cat "$d/sent.sum")"
}

@test "shmput racing shmcat for three seconds: neither ever fails" {
	need shmnew shmput shmcat
	local seg d=$BATS_TEST_TMPDIR end
	seg=$(newseg -s 64k)
	randfile "$d/a" 65536
	end=$((SECONDS + 3))
	(
		n=0
		while [ "$SECONDS" -lt "$end" ]; do
			shmput "$seg" <"$d/a" || exit "$?"
			n=$((n + 1))
		done
		echo "$n" >"$d/writes"
	) &
	BG_PIDS+=($!)
	(
		n=0
		while [ "$SECONDS" -lt "$end" ]; do
			shmcat "$seg" >"$d/read" || exit "$?"
			[ "$(wc -c <"$d/read")" -eq 65536 ] || exit 99
			n=$((n + 1))
		done
		echo "$n" >"$d/reads"
	) &
	BG_PIDS+=($!)
	wait "${BG_PIDS[0]}"
	wait "${BG_PIDS[1]}"
	BG_PIDS=()
	[ "$(cat "$d/writes")" -gt 0 ] && [ "$(cat "$d/reads")" -gt 0 ]
	# Once the writers stop, the segment holds the last write whole.
	shmcat "$seg" | cmp - "$d/a"
}
