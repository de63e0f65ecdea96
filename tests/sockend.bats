#!/usr/bin/env bats
# How a stream connection ends, and the status that says so: an orderly
# end is 0; a reset, or input the peer would not take, is 69 with a
# message, every time; on a terminal the peer's end ends the session.

load helper
load sock

setup() {
	need sockpipe sock_peer
	d=$BATS_TEST_TMPDIR
	pf=$d/pf
	head -c 50000000 /dev/zero >"$d/big"
}

teardown() {
	tmux -S "$d/tmux" kill-server 2>/dev/null || true
	bg_cleanup
	ipc_cleanup
}

# trial MODE N [sockpipe input file]: a sock_peer MODE with argument N
# accepts one sockpipe client; the client's status, output size and
# message go to $d/rc, $d/out and $d/err.
trial() {
	rm -f "$pf"
	bg_start sock_peer "$1" "$pf" "$2"
	wait_file "$pf"
	local rc=0
	sockpipe 127.0.0.1 "$(cat "$pf")" <"${3:-$d/big}" >"$d/out" \
	    2>"$d/err" || rc=$?
	echo "$rc" >"$d/rc"
	sock_wait "$BG_PID"
}

@test "a peer that resets mid-upload: 69 and a message, every time" {
	for i in $(seq 20); do
		trial readreset 1000000
		assert_equal "run $i: $(cat "$d/rc")" "run $i: 69"
		run cat "$d/err"
		assert_output --regexp "^sockpipe: 127\.0\.0\.1 port [0-9]+: "
	done
}

# pipe_trial: trial readreset, with pipes for sockpipe's input and output.
pipe_trial() {
	rm -f "$pf"
	bg_start sock_peer readreset "$pf" 1000000
	wait_file "$pf"
	cat "$d/big" | sockpipe 127.0.0.1 "$(cat "$pf")" 2>"$d/err" |
	    cat >"$d/out"
	echo "${PIPESTATUS[1]}" >"$d/rc"
	sock_wait "$BG_PID"
}

@test "the same through pipes on both sides: 69 every time" {
	for i in $(seq 10); do
		pipe_trial
		assert_equal "run $i: $(cat "$d/rc")" "run $i: 69"
	done
}

@test "a peer that sends 3 MB and resets while we send: 69, never 0" {
	for i in $(seq 15); do
		trial sendreset 3000000
		assert_equal "run $i: $(cat "$d/rc")" "run $i: 69"
	done
}

@test "a peer that sends 3 MB and resets after our input ended: 69" {
	for i in $(seq 10); do
		trial sendreset 3000000 /dev/null
		assert_equal "run $i: $(cat "$d/rc")" "run $i: 69"
		run cat "$d/err"
		assert_output --regexp ": Connection reset by peer$"
	done
}

@test "a peer that ends after 10 bytes of our 50 MB: 69, bytes sent said" {
	trial readfin 10
	assert_equal "$(cat "$d/rc")" 69
	run cat "$d/err"
	assert_output --regexp "^sockpipe: 127\.0\.0\.1 port [0-9]+: .* after [0-9]+ bytes sent; input remained unsent$"
}

@test "request and response: our input ended, the peer's orderly end is 0" {
	printf 'abc' >"$d/req"
	trial readfin 3 "$d/req"
	assert_equal "$(cat "$d/rc")" 0
	run cat "$d/err"
	assert_output ""
}

@test "the page's receiver recipe killed mid-transfer: the sender exits 69" {
	# A receiver that stops reading after 1 MB, then is killed.
	bg_start sh -c "sockpipe -l -P '$pf' 0 | { head -c 1000000 >/dev/null;
	    sleep 60; }"
	recv=$BG_PID
	wait_file "$pf"
	bg_start sockpipe 127.0.0.1 "$(cat "$pf")" <"$d/big" 2>"$d/err"
	send=$BG_PID
	sleep 0.5
	pkill -TERM -P "$recv" sockpipe
	sock_wait "$send"
	assert_equal "$SOCK_RC" 69
	run cat "$d/err"
	assert_output --regexp "after [0-9]+ bytes sent; input remained unsent$"
}

@test "a listener whose client resets: 69, naming the client" {
	bg_start sockpipe -l -P "$pf" 0 <"$d/big" >/dev/null 2>"$d/err"
	l=$BG_PID
	wait_file "$pf"
	cport=$(sock_peer connreset "$(cat "$pf")")
	sock_wait "$l"
	assert_equal "$SOCK_RC" 69
	run cat "$d/err"
	assert_output --regexp "^sockpipe: 127\.0\.0\.1 port $cport: "
}

tm() {
	tmux -S "$d/tmux" "$@"
}

screen_has() {
	tm capture-pane -p | grep -Eq -- "$1"
}

# screen_within REGEX: a line of the screen matches within ten seconds.
screen_within() {
	local end=$((${EPOCHREALTIME/./} + 10000000))
	while ((${EPOCHREALTIME/./} < end)); do
		screen_has "$1" && return 0
		sleep 0.05
	done
	tm capture-pane -p >&2
	return 1
}

@test "on a terminal, the peer's end ends a listener: 0, output whole" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	tm -f /dev/null new-session -d -x 100 -y 20 -c "$d" \
	    env -i TERM=screen PATH="$PATH" bash --norc --noprofile
	tm send-keys "sockpipe -l -P pf 0 > got; echo rc=\$?" Enter
	wait_file "$pf"
	run timeout 10 sockpipe 127.0.0.1 "$(cat "$pf")" < <(printf 'one\ntwo\n')
	assert_success
	screen_within '^rc=0$'
	run cat "$d/got"
	assert_output "$(printf 'one\ntwo')"
}

@test "on a terminal, the peer's end ends a client: 0" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	bg_start sockpipe -l -P "$pf" 0 < <(echo answer) >/dev/null
	wait_file "$pf"
	tm -f /dev/null new-session -d -x 100 -y 20 -c "$d" \
	    env -i TERM=screen PATH="$PATH" bash --norc --noprofile
	tm send-keys "sockpipe 127.0.0.1 $(cat "$pf") > got; echo rc=\$?" Enter
	screen_within '^rc=0$'
	run cat "$d/got"
	assert_output answer
}
