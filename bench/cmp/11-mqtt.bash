# shellcheck shell=bash
# Comparison 11: a queue carried to another queue through an MQTT broker
# (mosquitto on loopback), with the bridge of ipctools(7) "Beyond one
# machine" (mqrecv -j | mosquitto_pub, mosquitto_sub | mqsend -j, its
# functions taken from the page), against the -B stream over sockpipe and
# against mosquitto_pub and mosquitto_sub alone with the same messages as
# JSON Lines (the broker's own ceiling).  Sourced by bench/run.
# Contenders are called through compare, which shellcheck cannot follow.
# shellcheck disable=SC2317

if [ "$QUICK" = 1 ]; then
	MQTT_MSGS=5000
else
	MQTT_MSGS=50000		# mosquitto_pub -l alone is exact to 65535
fi
MQTT_Q1=0x62656e31 MQTT_Q2=0x62656e32

# mqtt_round SENDER RECEIVER: queues 1 and 2 fresh and empty; SENDER and
# RECEIVER (shell code; $P a free port) run at once, the
# sender filling queue 1 itself (mqtt_fill) where it reads a queue, the
# receiver ending when the last message came.  Timed from the start to
# both ends' exit.
mqtt_round() {
	local send=$1 recv=$2 P t0 pid
	P=$(next_port)
	ipcrm -Q "$MQTT_Q1" 2>/dev/null
	ipcrm -Q "$MQTT_Q2" 2>/dev/null
	mqnew "$MQTT_Q1" >/dev/null && mqnew "$MQTT_Q2" >/dev/null || return 1
	# Each side is shell code: a bash of its own, bounded by timeout.
	export P MQTT_Q1 MQTT_Q2 MQTT_DATA MQTT_JSON MQTT_PORT MQTT_MSGS
	export -f mqtt_fill wait_listen
	t0=$(now)
	(cd "$WORK/mqtt" && timeout "$TMO" bash -c "$recv") </dev/null \
	    >/dev/null &
	pid=$!
	(cd "$WORK/mqtt" && timeout "$TMO" bash -c "$send") </dev/null \
	    >/dev/null
	round_end $? "$pid" "$t0"
}

# mqtt_fill: the messages and the end-of-stream mark into queue 1, by a
# producer that runs beside the sender.
mqtt_fill() {
	mqsend -e "$MQTT_Q1" <"$MQTT_DATA" &
}

# shellcheck disable=SC2016 # $P and the rest are expanded by the rounds
{
mqtt_bridge() {
	need mqsend mqrecv mosquitto_pub mosquitto_sub || return 127
	[ -s "$WORK/mqtt/recipe.bash" ] || { missing "the recipe of ipctools(7) (mandoc) is missing"; return 127; }
	[ -n "$MQTT_PORT" ] || { missing "mosquitto: not installed"; return 127; }
	mqtt_round 'mqtt_fill; . ./recipe.bash; mq2mqtt $MQTT_Q1 bench/q -p $MQTT_PORT' \
	    '. ./recipe.bash; mqrecv -e -c $MQTT_MSGS $MQTT_Q2 >/dev/null & mqtt2mq $MQTT_Q2 bench/q bench -p $MQTT_PORT && wait'
}
mqtt_sockpipe() {
	need mqsend mqrecv sockpipe || return 127
	mqtt_round 'mqtt_fill; wait_listen tcp $P && mqrecv -B -e $MQTT_Q1 | sockpipe 127.0.0.1 $P' \
	    'mqrecv -e -c $MQTT_MSGS $MQTT_Q2 >/dev/null & sockpipe -l $P </dev/null | mqsend -B -e $MQTT_Q2 && wait'
}
mqtt_alone() {
	need mosquitto_pub mosquitto_sub || return 127
	[ -n "$MQTT_PORT" ] || { missing "mosquitto: not installed"; return 127; }
	mqtt_round 'mosquitto_pub -p $MQTT_PORT -q 1 -t bench/raw -l <$MQTT_JSON' \
	    'mosquitto_sub -p $MQTT_PORT -q 1 -c -i raw -t bench/raw -C $((MQTT_MSGS + 1)) >/dev/null'
}
}

run_11() {
	local d=$WORK/mqtt m
	MQTT_BROKER=
	MQTT_DATA=$WORK/mqtt.lines MQTT_JSON=$WORK/mqtt.jsonl MQTT_PORT=
	mkdir -p "$d"
	awk -v n="$MQTT_MSGS" 'BEGIN {
		for (i = 0; i < n; i++) printf "%08d%056d\n", i, i * 7919
	}' >"$MQTT_DATA"
	# The page's functions, as a reader sees them.
	# shellcheck disable=SC2154 # top: the tree, set by bench/run
	LC_ALL=C.UTF-8 mandoc -Tutf8 -Owidth=250 "$top/man/ipctools.7" 2>/dev/null |
	    LC_ALL=C.UTF-8 col -bx |
	    awk '/^           / { b = b substr($0, 12) "\n"; next }
		/^$/ && b != "" { b = b "\n"; next }
		{ if (b ~ /mq2mqtt\(\) \{/) printf "%s", b; b = "" }' \
	    >"$d/recipe.bash"
	m=$(command -v mosquitto || echo /usr/sbin/mosquitto)
	if [ -x "$m" ]; then
		MQTT_PORT=$(next_port)
		printf '%s\n' "listener $MQTT_PORT 127.0.0.1" \
		    'allow_anonymous true' 'max_queued_messages 0' \
		    "user $(id -un)" >"$d/mosquitto.conf"
		"$m" -c "$d/mosquitto.conf" >"$d/log" 2>&1 &
		MQTT_BROKER=$!
		wait_listen tcp "$MQTT_PORT" || MQTT_PORT=
	fi
	if [ -n "$MQTT_PORT" ]; then
		# The persistent sessions, so that no round misses a start.
		mosquitto_sub -p "$MQTT_PORT" -q 1 -c -i bench -t bench/q -E
		mosquitto_sub -p "$MQTT_PORT" -q 1 -c -i raw -t bench/raw -E
		# The same messages as JSON Lines, and the end mark.
		mqnew "$MQTT_Q1" >/dev/null
		mqsend -e "$MQTT_Q1" <"$MQTT_DATA" &
		mqrecv -j -e "$MQTT_Q1" >"$MQTT_JSON"
		wait "$!"
	fi
	compare 11-mqtt "$MQTT_MSGS lines of 64 bytes: queue -> bridge -> queue on one machine (mosquitto on loopback, QoS 1)" \
	    msgs "$MQTT_MSGS" "mosquitto_pub | mosquitto_sub" \
	    "mqtt bridge (ipctools(7))=mqtt_bridge" \
	    "mqrecv -B | sockpipe=mqtt_sockpipe" \
	    "mosquitto_pub | mosquitto_sub=mqtt_alone"
	[ -z "$MQTT_BROKER" ] || kill "$MQTT_BROKER" 2>/dev/null
	ipcrm -Q "$MQTT_Q1" 2>/dev/null
	ipcrm -Q "$MQTT_Q2" 2>/dev/null
}
