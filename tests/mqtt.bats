#!/usr/bin/env bats
# The MQTT bridge of ipctools(7), "Beyond one machine", run as the page
# prints it: its mq2mqtt and mqtt2mq functions are taken from the
# rendered page, each machine is an IPC namespace of its own (unshare
# --ipc), and the broker is a real mosquitto that each test starts on a
# free loopback port, with its configuration and persistence in the
# test's directory.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load mq

MAN=$BATS_TEST_DIRNAME/../man
export MQ_FIX=$BATS_TEST_DIRNAME/fixtures/mq_binary.py

setup() {
	mq_setup
	need mqnew mqsend mqrecv mandoc col ss python3 jq
	MOSQUITTO=$(command -v mosquitto || echo /usr/sbin/mosquitto)
	[ -x "$MOSQUITTO" ] || skip "mosquitto (the broker) is not installed"
	command -v mosquitto_pub >/dev/null && command -v mosquitto_sub \
	    >/dev/null || skip "mosquitto-clients is not installed"
	[ "$(id -u)" -eq 0 ] || skip "two IPC namespaces (unshare --ipc) need root"
	recipe
}

teardown() {
	mq_teardown
}

# recipe: the literal block of ipctools(7) that defines mq2mqtt, as a
# reader sees it, into $RECIPE.
recipe() {
	RECIPE=$BATS_TEST_TMPDIR/recipe.bash
	LC_ALL=C.UTF-8 mandoc -Tutf8 -Owidth=250 "$MAN/ipctools.7" |
	    LC_ALL=C.UTF-8 col -bx |
	    awk '/^           / { b = b substr($0, 12) "\n"; next }
		/^$/ && b != "" { b = b "\n"; next }
		{ if (b ~ /mq2mqtt\(\) \{/) printf "%s", b; b = "" }' >"$RECIPE"
	grep -q '^mq2mqtt() {' "$RECIPE"
	grep -q '^mqtt2mq() {' "$RECIPE"
}

listening() {
	ss -Hltn "sport = :$1" | grep -q .
}

# broker_start: a mosquitto of the test's own on a free loopback port;
# sets PORT and BROKER (its pid).
broker_start() {
	local d=$BATS_TEST_TMPDIR/broker
	mkdir -p "$d"
	PORT=$(python3 -c 'import socket; s = socket.socket()
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	cat >"$d/mosquitto.conf" <<EOF
listener $PORT 127.0.0.1
allow_anonymous true
persistence true
persistence_location $d/
max_queued_messages 200000
user $(id -un)
EOF
	bg_start "$MOSQUITTO" -c "$d/mosquitto.conf" >"$d/log" 2>&1
	BROKER=$BG_PID
	wait_until listening "$PORT"
}

# side NAME SCRIPT: run SCRIPT with bash, the page's functions loaded, in
# an IPC namespace of its own (a machine) and the directory NAME.
side() {
	local d=$BATS_TEST_TMPDIR/$1
	mkdir -p "$d"
	printf '%s\n' ". '$RECIPE'" "$2" >"$d/run.bash"
	(cd "$d" && PORT=$PORT timeout 120 unshare --ipc bash run.bash)
}

# messages N SEED: N messages as "TYPE HEX" lines: types 1 to 5 and
# 2^63-1, random binary bodies of 0 to 40 bytes, one in four UTF-8 text.
messages() {
	python3 -c '
import random, sys
n, rnd = int(sys.argv[1]), random.Random(int(sys.argv[2]))
types = [1, 2, 3, 4, 5, 2**63 - 1]
for i in range(n):
    if rnd.random() < 0.25:
        body = ("m%d é \"%d\"\n" % (i, rnd.randrange(99))).encode()
    else:
        body = bytes(rnd.randrange(256) for _ in range(rnd.randrange(41)))
    print(rnd.choice(types), body.hex() or "-")' "$1" "$2"
}

# as_sent JSONL: mqrecv -j's lines back into "TYPE HEX" lines.
as_sent() {
	python3 -c '
import base64, json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if "end" in o:
        continue
    b = o["text"].encode() if "text" in o else base64.b64decode(o["base64"])
    print(int(o["type"]), b.hex() or "-")' "$1"
}

# The two sides of the page: here, a producer fills the queue (a -B
# stream of the messages, then the end-of-stream mark) while mq2mqtt
# publishes it; there, mqtt2mq fills the queue from the topic while a
# consumer takes it as JSON until the mark.
SENDER='q=$(mqnew 0x5150)
python3 "$MQ_FIX" stream <../sent | mqsend -B -e "$q" &
p=$!
mq2mqtt "$q" ipc/jobs -p "$PORT"; st=$?
[ "$st" -eq 0 ] || kill "$p"
wait "$p"
mqrm "$q"
exit "$st"'
RECEIVER='q=$(mqnew 0x5150)
mqrecv -j -e "$q" >got.jsonl &
p=$!
mqtt2mq "$q" ipc/jobs there -p "$PORT"; st=$?
wait "$p" || st=$?
mqrm "$q"
exit "$st"'

@test "MQTT bridge: 100,000 messages of mixed types and binary bodies cross between two IPC namespaces exactly once, in order" {
	local d=$BATS_TEST_TMPDIR rpid st=0
	broker_start
	messages 100000 1 >"$d/sent"
	# The subscriber's session first, so that nothing published is missed.
	mosquitto_sub -p "$PORT" -q 1 -c -i there -t ipc/jobs -E
	side there "$RECEIVER" 3>&- &
	rpid=$!
	BG_PIDS+=("$rpid")
	run --separate-stderr side here "$SENDER"
	assert_success
	assert_equal "$stderr" ""
	wait "$rpid" || st=$?
	assert_equal "$st" 0
	as_sent "$d/there/got.jsonl" >"$d/got"
	echo "sent: $(cksum <"$d/sent"); got: $(cksum <"$d/got")"
	cmp "$d/sent" "$d/got"
	assert_equal "$(wc -l <"$d/got")" 100000
	# Both forms of body and the largest type made the trip.
	grep -q '"base64"' "$d/there/got.jsonl"
	grep -q '"text"' "$d/there/got.jsonl"
	grep -q '"type":"9223372036854775807"' "$d/there/got.jsonl"
}

@test "MQTT bridge: a subscriber started after the publisher ended misses nothing (QoS 1, persistent session)" {
	local d=$BATS_TEST_TMPDIR
	broker_start
	messages 3000 2 >"$d/sent"
	mosquitto_sub -p "$PORT" -q 1 -c -i there -t ipc/jobs -E
	# The whole stream is published and acknowledged, the mark last,
	# before the receiving side exists.
	run --separate-stderr side here "$SENDER"
	assert_success
	assert_equal "$stderr" ""
	run --separate-stderr side there "$RECEIVER"
	assert_success
	assert_equal "$stderr" ""
	as_sent "$d/there/got.jsonl" >"$d/got"
	cmp "$d/sent" "$d/got"
}

@test "MQTT bridge: the broker stopped mid-stream makes the sending side fail; every message is delivered, in the batch file or still queued" {
	local d=$BATS_TEST_TMPDIR hpid st=0 n=100000
	broker_start
	mkdir -p "$d/here"
	bg_start mosquitto_sub -p "$PORT" -q 1 -t ipc/jobs >"$d/sub" 2>/dev/null </dev/null
	# The queue holds every message before the bridge starts, so that
	# what is not delivered can be counted afterwards.
	side here 'echo 8388608 >/proc/sys/kernel/msgmnb
q=$(mqnew 0x5150)
seq -f "m%.0f" 1 '"$n"' | mqsend "$q"
MQ2MQTT_WAIT=3 mq2mqtt "$q" ipc/jobs -p "$PORT"; st=$?
mqrecv -n "$q" >rest
mqrm "$q"
exit "$st"' >"$d/here.out" 2>&1 3>&- &
	hpid=$!
	BG_PIDS+=("$hpid")
	wait_until test -s "$d/sub"
	kill -s TERM "$BROKER"
	wait "$hpid" || st=$?
	cat "$d/here.out"
	[ "$st" -ne 0 ] || fail "the sending side exited 0 with the broker gone"
	# Nothing was dropped in silence: each message reached the
	# subscriber, or is in the batch left for a retry, or still queued.
	{
		jq -r .text <"$d/sub"
		[ ! -s "$d/here/batch.jsonl" ] || jq -r '.text // empty' <"$d/here/batch.jsonl"
		cat "$d/here/rest"
	} | sort -u >"$d/accounted"
	seq -f "m%.0f" 1 "$n" | sort | cmp - "$d/accounted"
	# The broker did stop it mid-stream.
	[ "$(wc -l <"$d/sub")" -lt "$n" ]
}
