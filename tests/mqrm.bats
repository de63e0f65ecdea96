#!/usr/bin/env bats
# mqrm: remove queues; -a the caller's empty ones, -d, -i and -r narrowing
# it, -f widening it to non-empty ones.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load mq
load rm

teardown() {
	kill_alive
	bg_cleanup
	mq_teardown
}

exists() {
	[ -n "$(qnum "$1")" ]
}

gone() {
	[ -z "$(qnum "$1")" ]
}

@test "mqrm removes queues named by key, id and PATH:PROJ" {
	f=$BATS_TEST_TMPDIR/lock
	: >"$f"
	a=$(newq 0x7001)
	b=$(newq)
	c=$(newq "$f:9")
	mqsend "$a" still-there
	run --separate-stderr mqrm 0x7001 "$b" "$f:9"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	gone "$a"
	gone "$b"
	gone "$c"
}

@test "mqrm removes what ipcmk -Q made, by the key ipcmk printed" {
	id=$(ipcmk -Q | awk '{ print $NF }')
	track "msg:id:$id"
	exists "id:$id"
	run --separate-stderr mqrm "id:$id"
	assert_success
	gone "id:$id"
}

@test "mqrm: a missing queue is 66; it goes on with the rest; -f ignores it" {
	a=$(newq)
	b=$(newq)
	run --separate-stderr mqrm 0x7777 "$a" id:99999 "$b"
	assert_failure 66
	assert_output ""
	assert_equal "$stderr" "$(printf 'mqrm: 0x7777: no such queue\nmqrm: id:99999: no such queue')"
	gone "$a"
	gone "$b"
	run --separate-stderr mqrm -f 0x7777 id:99999 "$BATS_TEST_TMPDIR/none:1"
	assert_success
	assert_equal "$stderr" ""
}

@test "mqrm: another user's queue is 77 and stays; the first failure's status is the exit" {
	require_root
	a=$(newq -m 666)
	b=$(as_nobody mqnew -m 666)
	track "msg:$b"
	run --separate-stderr as_nobody mqrm "$a" 0x7778 "$b"
	assert_failure 77
	assert_equal "$stderr" "$(printf 'mqrm: %s: Operation not permitted\nmqrm: 0x7778: no such queue' "$a")"
	exists "$a"
	gone "$b"
}

@test "mqrm -n names what it would remove, one id:N a line, and removes nothing" {
	require_root
	a=$(newq 0x7002)
	b=$(newq -m 666)
	run --separate-stderr mqrm -n 0x7002 "$b"
	assert_success
	assert_output "$(printf '%s\n%s' "$a" "$b")"
	exists "$a"
	exists "$b"
	run --separate-stderr as_nobody mqrm -n "$a"
	assert_failure 77
	assert_output ""
	assert_equal "$stderr" "mqrm: $a: Operation not permitted"
	run --separate-stderr mqrm -n 0x7003
	assert_failure 66
	assert_equal "$stderr" "mqrm: 0x7003: no such queue"
	exists "$a"
}

@test "mqrm -a removes the caller's empty queues only; -n first lists them" {
	require_root
	empty1=$(newq)
	empty2=$(newq 0x7004)
	full=$(newq)
	mqsend "$full" keep
	theirs=$(as_nobody mqnew -m 666)
	track "msg:$theirs"
	run --separate-stderr mqrm -a -n
	assert_success
	assert_output "$(printf '%s\n%s' "$empty1" "$empty2")"
	exists "$empty1"
	run --separate-stderr mqrm -a
	assert_success
	assert_output ""
	gone "$empty1"
	gone "$empty2"
	exists "$full"
	exists "$theirs"
	# As nobody: nobody's empty queue goes, root's stay.
	run --separate-stderr as_nobody mqrm -a
	assert_success
	gone "$theirs"
	exists "$full"
}

@test "mqrm: no operand, -a with operands, filters without -a, bad OBJECTs exit 64" {
	q=$(newq)
	for args in "" "-a $q" "-q $q" "-d $q" "-i 1h $q" "-r 1" "-a -i"; do
		# shellcheck disable=SC2086
		run --separate-stderr mqrm $args
		assert_failure 64
		assert_output ""
		assert_equal "${stderr##*$'\n'}" "       mqrm -a -X [-fn] [-i age] [-p pid] [-u user] [posix:/pattern ...]"
	done
	run --separate-stderr mqrm -r 0x1-0x2 "$q"
	assert_equal "${stderr%%$'\n'*}" "mqrm: -d, -i, -p, -r and -u choose among the objects of -a: give -a"
	run --separate-stderr mqrm "$q" 0x1ffffffff
	assert_failure 64
	assert_equal "$stderr" "mqrm: '0x1ffffffff': key out of range (-2147483648 to 0xffffffff)"
	# A bad operand stops everything before anything is removed.
	exists "$q"
}

@test "mqrm -i and -r refuse bad values with 64, quoting them" {
	q=$(newq)
	for v in "${RM_BAD_AGES[@]}"; do
		run --separate-stderr mqrm -a -f -i "$v"
		assert_failure 64
		assert_output ""
		[[ $stderr == "mqrm: -i '$v': "* ]] || fail "-i '$v': $stderr"
	done
	for v in "${RM_BAD_KEYS[@]}"; do
		run --separate-stderr mqrm -a -f -r "$v"
		assert_failure 64
		assert_output ""
		[[ $stderr == "mqrm: -r '$v': "* ]] || fail "-r '$v': $stderr"
	done
	run --separate-stderr mqrm -a -r "$BATS_TEST_TMPDIR/none:2"
	assert_failure 66
	assert_equal "$stderr" "mqrm: -r '$BATS_TEST_TMPDIR/none:2': cannot make a key: No such file or directory"
	exists "$q"
}

@test "mqrm -a -f takes queues that hold messages too: the crashed program's" {
	full=$(crashed msg 0x7300)
	empty=$(newq)
	run --separate-stderr mqrm -a -n
	assert_output "$empty"
	run --separate-stderr mqrm -a -f -n
	assert_success
	assert_output "$(printf '%s\n' "$full" "$empty")"
	run --separate-stderr mqrm -a -f
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	gone "$full"
	gone "$empty"
}

@test "mqrm -a -d takes queues whose last sender and receiver are gone" {
	a=$(crashed msg 0x7301)
	b=$(crashed msg 0 kill)
	live=$(alive msg 0x7302)
	# mqnew has exited and nobody used the queue: no live process either.
	unused=$(newq)
	run --separate-stderr mqrm -a -d -n
	assert_success
	assert_output "$unused"
	run --separate-stderr mqrm -a -d -f -n
	assert_output "$(printf '%s\n' "$a" "$b" "$unused")"
	run --separate-stderr mqrm -a -d -f
	assert_success
	gone "$a"
	gone "$b"
	gone "$unused"
	exists "$live"
	kill_alive
	run --separate-stderr mqrm -a -d -n
	assert_output "$live"
}

@test "mqrm -a -d takes a zombie's queue: a process in state Z has ended" {
	zombie msg 0x7303
	live=$(alive msg 0x7304)
	assert_equal "$(awk '{ print $3 }' "/proc/$ZOMBIE/stat")" Z
	run --separate-stderr mqrm -a -d -f -n
	assert_success
	assert_equal "$stderr" ""
	assert_output "$ZID"
	run --separate-stderr mqrm -a -d -f
	assert_success
	assert_output ""
	gone "$ZID"
	exists "$live"
	# It was a zombie still while mqrm looked.
	assert_equal "$(awk '{ print $3 }' "/proc/$ZOMBIE/stat")" Z
}

@test "mqrm -a -u USER: root takes another user's empty queues, not its own" {
	require_root
	mine=$(newq)
	theirs=$(as_nobody mqnew)
	track "msg:$theirs"
	run --separate-stderr mqrm -a -u nobody -n
	assert_success
	assert_output "$theirs"
	run --separate-stderr mqrm -a -u nobody
	assert_success
	gone "$theirs"
	exists "$mine"
}

@test "mqrm -a -i takes queues unused for that long; -r by keys" {
	f=$BATS_TEST_TMPDIR/app.lock
	: >"$f"
	a=$(crashed msg 0x7310)
	b=$(crashed msg "$f:3")
	c=$(crashed msg 0x7320)
	run --separate-stderr mqrm -a -f -n -i 1d
	assert_output ""
	run --separate-stderr aged +25h mqrm -a -f -n -i 1d
	assert_success
	assert_output "$(printf '%s\n' "$a" "$b" "$c")"
	run --separate-stderr aged +25h mqrm -a -f -n -i 2d
	assert_output ""
	run --separate-stderr aged +25h mqrm -a -f -n -i 1d -r 0x7310-0x7319
	assert_output "$a"
	run --separate-stderr mqrm -a -f -n -r "$f"
	assert_output "$b"
	run --separate-stderr mqrm -a -f -r "$f:3"
	assert_success
	gone "$b"
	exists "$a"
	exists "$c"
}

@test "mqrm -a -f as nobody leaves root's crashed queues alone" {
	require_root
	a=$(crashed msg 0x7330)
	run --separate-stderr as_nobody mqrm -a -f -d
	assert_success
	assert_output ""
	exists "$a"
}

@test "mqrm -a -X -p PID: the POSIX queues that process holds open, kept as in use; -f removes exactly them" {
	mqnew posix:/a >/dev/null
	mqnew posix:/b >/dev/null
	mqnew posix:/other >/dev/null
	px_hold /dev/mqueue/a /dev/mqueue/b
	p=$BG_PID
	px_hold /dev/mqueue/other
	run --separate-stderr mqrm -a -X -n -p "$p"
	assert_success
	assert_output ""
	assert_equal "$stderr" "mqrm: kept 2 POSIX queues that process $p maps or holds open: in use (-f takes them)"
	run --separate-stderr mqrm -a -X -f -n -p "$p"
	assert_success
	assert_output "posix:/a
posix:/b"
	assert_equal "$stderr" ""
	run --separate-stderr mqrm -a -X -f -p "$p"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	run ls /dev/mqueue
	assert_output other
	# No process holds a System V queue or set: -p needs -X.
	run --separate-stderr mqrm -a -f -p "$p"
	assert_failure 64
	assert_equal "${stderr%%$'\n'*}" "mqrm: -p: no process maps or holds a System V queue or semaphore set (-X: the POSIX ones)"
	mqrm posix:/other
}

@test "mqrm -h and -V" {
	run --separate-stderr synopsis mqrm
	assert_success
	assert_output "$(printf 'usage: mqrm [-fhnV] object ...\n       mqrm -a [-dfn] [-i age] [-r keys] [-u user]\n       mqrm -a -X [-fn] [-i age] [-p pid] [-u user] [posix:/pattern ...]')"
	run --separate-stderr mqrm -V
	assert_success
	assert_output --regexp '^mqrm \(ipctools\) [0-9.]+$'
}

@test "bash completion of mqrm offers its options and live queues" {
	q=$(newq 0x7a11)
	run mq_complete mqrm -
	assert_output "$(printf '%s\n' -a -d -f -h -i -n -p -r -u -V -X)"
	run mq_complete mqrm -f "id:${q#id:}"
	assert_output "$q"
}
