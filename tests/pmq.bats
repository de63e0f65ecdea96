#!/usr/bin/env bats
# POSIX message queues (posix:/NAME) through the mq* commands: mqnew's
# limits, mqsend and mqrecv with priorities as types, mqrm, mqls -X;
# the textbook C peer (tests/fixtures/textbook_pmq.c) on the other end;
# /dev/mqueue (this file's own mount, see scripts/runtests) as the
# kernel's word.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper

setup() {
	mountpoint -q /dev/mqueue || skip "no mqueue mount of our own"
}

# Every queue a test made goes, failed or not: the file checks for leaks.
teardown() {
	local f
	bg_cleanup
	for f in /dev/mqueue/*; do
		[ -e "$f" ] && rm -f "$f"
	done
	return 0
}

# field QUEUE KEY: a field of /dev/mqueue/QUEUE ("QSIZE:10 NOTIFY:0 ...").
field() {
	tr -s ' ' '\n' </dev/mqueue/"$1" | sed -n "s/^$2://p"
}

@test "mqnew posix:/NAME creates a queue 0600 and prints posix:/NAME; posix:NAME is the same" {
	run --separate-stderr mqnew posix:jobs
	assert_success
	assert_output posix:/jobs
	assert_equal "$stderr" ""
	run stat -c %a /dev/mqueue/jobs
	assert_output 600
	run --separate-stderr mqnew posix:/jobs
	assert_success
	assert_output posix:/jobs
	run --separate-stderr mqnew -x posix:/jobs
	assert_failure 73
	assert_output ""
	assert_equal "$stderr" "mqnew: posix:/jobs: a POSIX queue with this name exists"
}

@test "mqnew -M -s set the limits; /dev/mqueue and mqls -X say the same" {
	run mqnew -M 5 -s 1k posix:/lim
	assert_success
	run --separate-stderr mqls -X -H -o name,mode,msgs,qsize,maxmsg,msgsize
	assert_success
	assert_output "posix:/lim 0600    0     0      5    1024"
	mqsend posix:/lim abc defgh
	assert_equal "$(field lim QSIZE)" 8
	run --separate-stderr mqls -X -j posix:/lim
	assert_success
	assert_output --partial '"name": "posix:/lim", "mode": 384,'
	assert_output --partial '"msgs": 2, "qsize": 8, "maxmsg": 5, "msgsize": 1024, "notifypid": null,'
	run --separate-stderr mqnew -M 6 posix:/lim
	assert_failure 73
	assert_equal "$stderr" "mqnew: posix:/lim: exists already with -M 5 -s 1024; a POSIX queue's limits cannot change"
}

@test "mqnew: modes honoured under umask 000 and 077" {
	(umask 000 && mqnew posix:/a >/dev/null && mqnew -m 0664 posix:/b >/dev/null)
	(umask 077 && mqnew -m 0644 posix:/c >/dev/null)
	run stat -c '%n %a' /dev/mqueue/a /dev/mqueue/b /dev/mqueue/c
	assert_output "$(printf '/dev/mqueue/a 600\n/dev/mqueue/b 664\n/dev/mqueue/c 644')"
	run mqls -X -H -o name,mode
	assert_output "$(printf '%s %s\n' posix:/a 0600 posix:/b 0664 posix:/c 0644)"
}

@test "mqnew past fs.mqueue.msg_max and msgsize_max as nobody: 77 naming the limit; nothing made" {
	require_root
	max=$(cat /proc/sys/fs/mqueue/msg_max)
	smax=$(cat /proc/sys/fs/mqueue/msgsize_max)
	run --separate-stderr as_nobody mqnew -M $((max + 1)) posix:/big
	assert_failure 77
	assert_equal "$stderr" "mqnew: posix:/big: $((max + 1)) messages: more than the system's fs.mqueue.msg_max ($max) needs privilege"
	run --separate-stderr as_nobody mqnew -s $((smax + 1)) posix:/big
	assert_failure 77
	assert_equal "$stderr" "mqnew: posix:/big: messages of $((smax + 1)) bytes: more than the system's fs.mqueue.msgsize_max ($smax) needs privilege"
	run ls -A /dev/mqueue
	assert_output ""
}

@test "mqnew with RLIMIT_MSGQUEUE used up: 71 naming the limit and its value" {
	run --separate-stderr prlimit --msgqueue=1000 mqnew -M 10 -s 1k posix:/r
	assert_failure 71
	assert_equal "$stderr" "mqnew: posix:/r: RLIMIT_MSGQUEUE (1000 bytes) is used up by this user's queues"
	run ls -A /dev/mqueue
	assert_output ""
}

@test "names at the edges: 255 bytes works; 256, a '/' inside, . .., empty, non-ASCII exit 64, nothing made" {
	n255=$(printf 'q%.0s' $(seq 255))
	run --separate-stderr mqnew "posix:/$n255"
	assert_success
	assert_output "posix:/$n255"
	mqrm "posix:$n255"
	for bad in "posix:/${n255}q" posix:/a/b posix:/. posix:.. posix:/ posix:; do
		run --separate-stderr mqnew "$bad"
		assert_failure 64
		assert_output ""
		[[ $stderr == "mqnew: '$bad': "* ]]
		run --separate-stderr mqsend "$bad" x
		assert_failure 64
		run --separate-stderr mqrecv -n "$bad"
		assert_failure 64
		run --separate-stderr mqrm "$bad"
		assert_failure 64
	done
	run --separate-stderr mqnew posix:/a/b
	assert_equal "$stderr" "mqnew: 'posix:/a/b': a POSIX name holds no '/' after its first"
	# Only a new name must be printable ASCII: another program's is named.
	bad="posix:/caf$(printf '\303\251')"
	run --separate-stderr mqnew "$bad"
	assert_failure 64
	assert_equal "$stderr" "mqnew: '$bad': a POSIX name is printable ASCII without spaces"
	run --separate-stderr mqsend "$bad" x
	assert_failure 66
	assert_equal "$stderr" "mqsend: $bad: no such POSIX queue"
	run ls -A /dev/mqueue
	assert_output ""
}

@test "mqsend -t/-T are priorities; mqrecv -T gives the highest first, FIFO within one" {
	mqnew posix:/p >/dev/null
	mqsend -t 3 posix:/p three-a three-b
	printf '0\tzero\n7\tseven\n3\tthree-c\n' | mqsend -T posix:/p
	mqsend posix:/p default
	assert_equal "$(field p QSIZE)" 37
	run --separate-stderr mqrecv -n -T posix:/p
	assert_success
	assert_output "$(printf '7\tseven\n3\tthree-a\n3\tthree-b\n3\tthree-c\n0\tzero\n0\tdefault')"
}

@test "mqsend -e: the mark goes at priority 0, after every message; mqrecv -e stops there" {
	mqnew posix:/e >/dev/null
	printf '5\tfive\n0\tlow\n' | mqsend -T -e posix:/e
	mqsend -t 9 posix:/e late
	run --separate-stderr mqrecv -e -T posix:/e
	assert_success
	assert_output "$(printf '9\tlate\n5\tfive\n0\tlow')"
	assert_equal "$(field e QSIZE)" 0
}

@test "a C sender's priorities come out of mqrecv -T highest first" {
	textbook_pmq send /c 2 two
	textbook_pmq send /c 31 thirty-one
	textbook_pmq send /c 0 zero
	textbook_pmq send /c 2 two-again
	run --separate-stderr mqrecv -n -T posix:/c
	assert_success
	assert_output "$(printf '31\tthirty-one\n2\ttwo\n2\ttwo-again\n0\tzero')"
}

@test "a C receiver gets mqsend -T lines with their priorities" {
	mqnew posix:/c >/dev/null
	printf '4\tfour\n1\tone\n9\tnine\n' | mqsend -T posix:/c
	run textbook_pmq recv /c 3
	assert_success
	assert_output "$(printf '9 nine\n4 four\n1 one')"
}

@test "mqsend: a message over mq_msgsize is 65 with both numbers; a priority out of range 64/65" {
	mqnew -s 8 posix:/s >/dev/null
	run --separate-stderr mqsend posix:/s 12345678 123456789
	assert_failure 65
	assert_equal "$stderr" "mqsend: posix:/s: message 2 is 9 bytes; the queue's limit is 8 (mq_msgsize); 1 message was sent"
	max=$(($(getconf MQ_PRIO_MAX) - 1))
	run --separate-stderr mqsend -t $((max + 1)) posix:/s x
	assert_failure 64
	assert_equal "$stderr" "mqsend: -t '$((max + 1))': too large (0 to $max)"
	run --separate-stderr mqsend -t -1 posix:/s x
	assert_failure 64
	run --separate-stderr mqsend -T posix:/s <<<"$((max + 1))	x"
	assert_failure 65
	assert_equal "$stderr" "mqsend: posix:/s: message 1: its priority is out of range (0 to $max); 0 messages were sent"
	run mqrecv -n posix:/s
	assert_output 12345678
}

@test "mqsend -n on a full queue: 75; -w: 75 after the time; mqrecv -n/-w on an empty one: 75" {
	mqnew -M 2 posix:/f >/dev/null
	run --separate-stderr mqsend -n posix:/f a b c
	assert_failure 75
	assert_equal "$stderr" "mqsend: posix:/f: the queue is full; 2 messages were sent"
	run --separate-stderr mqsend -w 0.1 posix:/f c
	assert_failure 75
	assert_equal "$stderr" "mqsend: posix:/f: the queue stayed full for 0.1 seconds; 0 messages were sent"
	run --separate-stderr mqrecv -c 2 posix:/f
	assert_success
	assert_output "$(printf 'a\nb')"
	run --separate-stderr mqrecv -n posix:/f
	assert_failure 75
	assert_equal "$stderr" ""
	run --separate-stderr mqrecv -w 0.1 posix:/f
	assert_failure 75
	assert_equal "$stderr" "mqrecv: posix:/f: no message came in 0.1 seconds"
}

@test "mqrecv -w waits in mq_timedreceive and takes what comes" {
	mqnew posix:/w >/dev/null
	mqrecv -w 30 -c 1 posix:/w >"$BATS_TEST_TMPDIR/out" &
	pid=$!
	mqsend posix:/w hello
	wait "$pid"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" hello
}

@test "mqsend/mqrecv -0, -a and -B carry any bytes; -B keeps the priority" {
	mqnew posix:/b >/dev/null
	printf 'a\nb\0c\0' | mqsend -0 posix:/b
	run mqrecv -n -0 posix:/b
	assert_output "$(printf 'a\nb\0c\0')"
	head -c 100 /dev/urandom >"$BATS_TEST_TMPDIR/r"
	mqsend -a -t 4 posix:/b <"$BATS_TEST_TMPDIR/r"
	mqrecv -n -a posix:/b >"$BATS_TEST_TMPDIR/r2"
	cmp "$BATS_TEST_TMPDIR/r" "$BATS_TEST_TMPDIR/r2"
	printf '0\tzero\n6\tsix\n' | mqsend -T posix:/b
	mqrecv -n -B posix:/b >"$BATS_TEST_TMPDIR/bin"
	mqsend -B posix:/b <"$BATS_TEST_TMPDIR/bin"
	run mqrecv -n -T posix:/b
	assert_output "$(printf '6\tsix\n0\tzero')"
}

@test "mqrecv: -t, -p and -x on a POSIX queue are usage errors that say why" {
	mqnew posix:/u >/dev/null
	run --separate-stderr mqrecv -t 1 posix:/u
	assert_failure 64
	assert_equal "$stderr" "mqrecv: -t: a POSIX queue gives the highest priority first; it cannot choose a type"
	run --separate-stderr mqrecv -p posix:/u
	assert_failure 64
	assert_equal "$stderr" "mqrecv: -p: a POSIX queue cannot be read without taking"
	run --separate-stderr mqrecv -x -t 2 posix:/u
	assert_failure 64
	run --separate-stderr mqnew -b 1k posix:/u
	assert_failure 64
	assert_equal "$stderr" "mqnew: -b sets a System V queue's bytes; a POSIX queue has -M maxmsg and -s msgsize"
	run --separate-stderr mqnew -M 2 id:0
	assert_failure 64
}

@test "bad forms of -M and -s: empty, 0, negative, huge, suffix" {
	for v in "" 0 -1 2147483648 99999999999999999999 5x 1k; do
		run --separate-stderr mqnew -M "$v" posix:/m
		assert_failure 64
		[[ $stderr == "mqnew: -M '$v': "* ]]
	done
	for v in "" 0 -1 2g 5x 1q; do
		run --separate-stderr mqnew -s "$v" posix:/m
		assert_failure 64
		[[ $stderr == "mqnew: -s '$v': "* ]]
	done
	run ls -A /dev/mqueue
	assert_output ""
}

@test "missing queues: 66 from every command; mqrm -f is quiet" {
	run --separate-stderr mqsend posix:/none x
	assert_failure 66
	assert_equal "$stderr" "mqsend: posix:/none: no such POSIX queue"
	run --separate-stderr mqrecv -n posix:/none
	assert_failure 66
	run --separate-stderr mqrm posix:/none
	assert_failure 66
	assert_equal "$stderr" "mqrm: posix:/none: no such POSIX queue"
	run --separate-stderr mqrm -f posix:/none
	assert_success
	assert_equal "$stderr" ""
	run --separate-stderr mqls -X posix:/none
	assert_failure 66
}

@test "permissions as nobody: 77 on root's 0600 queue; 0666 works" {
	require_root
	mqnew posix:/root >/dev/null
	run --separate-stderr as_nobody mqsend posix:/root x
	assert_failure 77
	run --separate-stderr as_nobody mqrecv -n posix:/root
	assert_failure 77
	run --separate-stderr as_nobody mqnew posix:/root
	assert_failure 77
	run --separate-stderr as_nobody mqrm posix:/root
	assert_failure 77
	mqnew -m 0666 posix:/open >/dev/null
	as_nobody mqsend posix:/open hi
	run as_nobody mqrecv -n posix:/open
	assert_output hi
	run bash -c 'mqls -X -H -o owner,name | tr -s " "'
	assert_output "$(printf 'root posix:/open\nroot posix:/root')"
}

@test "mqrm removes; -n says what it would; mixed System V and POSIX operands" {
	mqnew posix:/x >/dev/null
	q=$(newq)
	run --separate-stderr mqrm -n posix:/x
	assert_success
	assert_output posix:/x
	[ -e /dev/mqueue/x ]
	run --separate-stderr mqrm posix:/x "$q"
	assert_success
	[ ! -e /dev/mqueue/x ]
	run mqls -H
	assert_output ""
}

@test "mqls -X: empty, a mix of kinds refused, -g refused; -o help names the columns" {
	run --separate-stderr mqls -X
	assert_success
	assert_output "name mode owner msgs qsize maxmsg msgsize"
	run --separate-stderr mqls -X -j
	assert_output "[]"
	run --separate-stderr mqls posix:/a 0x1
	assert_failure 64
	run --separate-stderr mqls -X -g
	assert_failure 64
	run mqls -X -o help
	assert_success
	assert_line --partial "notifypid"
}

@test "mqls -X without an mqueue mount says how to mount it, exits 69, mounts nothing" {
	require_root
	run --separate-stderr unshare --mount --propagation private sh -c \
	    'umount /dev/mqueue && mqls -X; s=$?; mountpoint -q /dev/mqueue && echo mounted; exit $s'
	assert_failure 69
	assert_output ""
	assert_equal "$stderr" "mqls: /dev/mqueue: the mqueue file system is not mounted there, so POSIX queues cannot be listed; mount it as root: mkdir -p /dev/mqueue && mount -t mqueue none /dev/mqueue"
}

# complete CMD WORD...: bash's completions of the last word, one a line.
complete_mq() {
	local cmd=$1
	shift
	# shellcheck source=/dev/null
	. "$BATS_TEST_DIRNAME/../completions/bash/$cmd"
	COMP_WORDS=("$cmd" "$@")
	COMP_CWORD=$#
	COMPREPLY=()
	_ipctools_mq
	printf '%s\n' "${COMPREPLY[@]}"
}

@test "bash completion offers live POSIX queues as posix:/NAME, and -M, -s, -X" {
	mqnew posix:/jobs >/dev/null
	mqnew posix:/mail >/dev/null
	run complete_mq mqrecv posix:/j
	assert_output posix:/jobs
	run complete_mq mqsend posix:
	assert_output "$(printf 'posix:/jobs\nposix:/mail')"
	run complete_mq mqnew -
	assert_output "$(printf '%s\n' -b -h -M -m -s -V -x)"
	run complete_mq mqls -
	assert_output "$(printf '%s\n' -A -g -H -h -j -o -p -u -V -X)"
	run complete_mq mqls -X -o ms
	assert_output "$(printf 'msgs\nmsgsize')"
}

@test "completion takes mqls -X's columns from mqls -o help: perms, nproc and pids too" {
	run complete_mq mqls -X -o p
	assert_output "$(printf 'perms\npids')"
	run complete_mq mqls -X -o name,n
	assert_output "$(printf 'name,notifypid\nname,nproc')"
}

# holds_q PID NAME: whether process PID holds the queue /NAME open.
holds_q() {
	local f
	for f in /proc/"$1"/fd/*; do
		[ "$(readlink "$f")" = "/$2" ] && return 0
	done
	return 1
}

@test "mqls -X has shmls -X's perms, nproc and pids: the processes that hold a queue open" {
	mqnew -m 0640 posix:/held >/dev/null
	mqnew posix:/idle >/dev/null
	bg_start mqrecv posix:/held >/dev/null
	wait_until holds_q "$BG_PID" held
	run --separate-stderr mqls -X -H -o name,perms,nproc,pids
	assert_success
	assert_equal "$stderr" ""
	assert_output "$(printf '%-11s %5s %5d %s\n%-11s %5s %5d %s' posix:/held 0640 1 "$BG_PID" posix:/idle 0600 0 -)"
	run --separate-stderr mqls -X -j posix:/held posix:/idle
	assert_success
	assert_line --partial '"name": "posix:/held", "mode": 416, "perms": "0640",'
	assert_line --partial "\"nproc\": 1, \"pids\": [$BG_PID]}"
	assert_line --partial '"nproc": 0, "pids": []}'
	run mqls -X -o help
	assert_line --regexp '^perms '
	assert_line --regexp '^nproc '
	assert_line --regexp '^pids '
	# The default table still fits 80 columns.
	run --separate-stderr mqls -X
	assert_output "name        mode owner msgs qsize maxmsg msgsize
posix:/held 0640 root     0     0     10    8192
posix:/idle 0600 root     0     0     10    8192"
}

@test "mqrm -a -X in a PID namespace of its own keeps the queues it cannot know are unused, and says why" {
	require_root
	unshare --pid --fork --mount-proc true 2>/dev/null ||
	    skip "no pid namespace here"
	mqnew posix:/open >/dev/null
	bg_start mqrecv posix:/open >/dev/null
	wait_until holds_q "$BG_PID" open
	run --separate-stderr unshare --pid --fork --mount-proc mqrm -a -X
	assert_failure 69
	assert_equal "$stderr" "mqrm: kept 1 POSIX queue whose users cannot be known: this process runs in a PID namespace of its own: /proc does not show the processes outside it (-f takes them)"
	[ -e /dev/mqueue/open ]
	run --separate-stderr unshare --pid --fork --mount-proc mqls -X -H -o name,nproc,pids
	assert_output --regexp '^posix:/open +- -$'
}

@test "mqrm -a -X removes the caller's empty queues no process holds open, and keeps the rest" {
	require_root
	mqnew posix:/free >/dev/null
	mqnew posix:/full >/dev/null
	mqsend posix:/full x
	mqnew posix:/open >/dev/null
	mqnew -m 0666 posix:/rootfree >/dev/null
	bg_start mqrecv posix:/open >/dev/null
	wait_until holds_q "$BG_PID" open
	run --separate-stderr mqrm -a -X -n
	assert_success
	assert_equal "$stderr" ""
	assert_output $'posix:/free\nposix:/rootfree'
	[ -e /dev/mqueue/free ]
	run --separate-stderr as_nobody mqrm -a -X
	assert_success
	[ -e /dev/mqueue/rootfree ]
	run --separate-stderr mqrm -a -X
	assert_success
	assert_output ""
	run ls /dev/mqueue
	assert_output $'full\nopen'
	run --separate-stderr mqrm -a -X -f -n
	assert_output $'posix:/full\nposix:/open'
	run --separate-stderr mqrm -a -X -r 0x1
	assert_failure 64
	run --separate-stderr mqrm -X posix:/full
	assert_failure 64
}
