# shellcheck shell=bash
# Comparison 1: sockpipe over loopback TCP and a Unix stream socket, against
# netcat, socat, ncat and the raw splice program: from a file into /dev/null,
# and from a pipe (cat FILE | sender) into a pipe (receiver | cat), the path
# of sockpipe's relay pipe to standard output.  Sourced by bench/run.
# Contenders are called through compare, which shellcheck cannot follow.
# shellcheck disable=SC2317

if [ "$QUICK" = 1 ]; then
	SOCK_BYTES=$((64 << 20))
	SOCK_PBYTES=$((32 << 20))
else
	SOCK_BYTES=$((2 << 30))
	SOCK_PBYTES=$((1 << 30))
fi
SOCK_VIA='file'

# sock_round FAMILY RECV SEND [FILE]: one transfer of FILE (default
# $SOCK_SRC); in RECV and SEND (command lines, evaluated) $P is the port or
# the socket's path.  With SOCK_VIA=pipe the sender reads from `cat FILE`
# and the receiver writes into `cat >/dev/null`, both pipes.  Timed from
# the sender's start (or its cat's) to both ends' exit.
sock_round() {
	local fam=$1 recv=$2 send=$3 src=${4:-$SOCK_SRC} P pid t0 rs ss
	if [ "$fam" = tcp ]; then
		P=$(next_port)
	else
		P=$WORK/sock.$RANDOM
		rm -f "$P"
	fi
	if [ "$SOCK_VIA" = pipe ]; then
		# $! is the cat's; the receiver's status comes through a file
		{
			eval "timeout $TMO $recv" </dev/null
			echo $? >"$WORK/sock.rs"
		} | cat >/dev/null &
	else
		eval "timeout $TMO $recv" </dev/null >/dev/null &
	fi
	pid=$!
	wait_listen "$fam" "$P" || { kill "$pid"; return 1; }
	t0=$(now)
	# the warm-up sends a short file: it only has to load the programs
	[ -n "${WARMUP:-}" ] && src=$SOCK_WARM
	if [ "$SOCK_VIA" = pipe ]; then
		# shellcheck disable=SC2002 # the sender must read a pipe
		cat "$src" | eval "timeout $TMO $send" >/dev/null
		ss=${PIPESTATUS[1]}
		wait "$pid"
		read -r rs <"$WORK/sock.rs" || rs=1
	else
		eval "timeout $TMO $send" <"$src" >/dev/null
		ss=$?
		wait "$pid"
		rs=$?
	fi
	if [ "$ss" -ne 0 ] || [ "$rs" -ne 0 ]; then
		echo "exit $ss (sender), $rs (receiver)" >&2
		return 1
	fi
	# a quarter of the bytes: the time the whole would take at that rate
	if [ "$src" = "${SOCK_PEER:-}" ]; then
		awk -v t="$(elapsed "$t0")" 'BEGIN { printf "%.6f\n", t * 4 }'
	else
		elapsed "$t0"
	fi
}

# shellcheck disable=SC2016 # $P is expanded by sock_round's eval
{
tcp_nc() { need nc && sock_round tcp 'nc -l 127.0.0.1 $P' 'nc -N 127.0.0.1 $P'; }
tcp_socat() { need socat && sock_round tcp \
    'socat -u TCP-LISTEN:$P,bind=127.0.0.1,reuseaddr STDOUT' \
    'socat -u STDIN TCP:127.0.0.1:$P' "$SOCK_PEER"; }
tcp_socatb() { need socat && sock_round tcp \
    'socat -b131072 -u TCP-LISTEN:$P,bind=127.0.0.1,reuseaddr STDOUT' \
    'socat -b131072 -u STDIN TCP:127.0.0.1:$P'; }
tcp_ncat() { need ncat && sock_round tcp \
    'ncat -l --recv-only 127.0.0.1 $P' 'ncat --send-only 127.0.0.1 $P' \
    "$SOCK_PEER"; }
tcp_sockpipe() { need sockpipe && sock_round tcp 'sockpipe -l $P' \
    'sockpipe 127.0.0.1 $P'; }
tcp_raw() { need "$RAW/splicecat" && sock_round tcp \
    '"$RAW/splicecat" -l tcp $P' '"$RAW/splicecat" tcp $P'; }
unix_nc() { need nc && sock_round unix 'nc -lU $P' 'nc -N -U $P'; }
unix_socat() { need socat && sock_round unix \
    'socat -u UNIX-LISTEN:$P STDOUT' 'socat -u STDIN UNIX-CONNECT:$P' \
    "$SOCK_PEER"; }
unix_socatb() { need socat && sock_round unix \
    'socat -b131072 -u UNIX-LISTEN:$P STDOUT' \
    'socat -b131072 -u STDIN UNIX-CONNECT:$P'; }
unix_ncat() { need ncat && sock_round unix \
    'ncat -lU --recv-only $P' 'ncat -U --send-only $P' "$SOCK_PEER"; }
unix_sockpipe() { need sockpipe && sock_round unix 'sockpipe -l -U $P' \
    'sockpipe -U $P'; }
unix_raw() { need "$RAW/splicecat" && sock_round unix \
    '"$RAW/splicecat" -l unix $P' '"$RAW/splicecat" unix $P'; }
}

run_1() {
	local fam mib pmib file=$WORK/sock.data
	SOCK_WARM=$WORK/sock.warm SOCK_PEER=$WORK/sock.peer
	make_data "$file" "$SOCK_BYTES"
	make_data "$SOCK_WARM" $((16 << 20))
	# The slowest peers, in no target, send a quarter: their rate is
	# steady long before that, and the run keeps to its ten minutes.
	head -c $((SOCK_BYTES / 4)) "$file" >"$SOCK_PEER"
	mib=$((SOCK_BYTES >> 20))
	SOCK_SRC=$file SOCK_VIA='file'
	for fam in tcp unix; do
		compare "1-sockpipe-$fam" \
		    "$mib MiB file in tmpfs -> $fam stream socket -> /dev/null (socat, ncat: $((mib / 4)) MiB)" \
		    bytes "$SOCK_BYTES" "nc -N" \
		    "nc -N=${fam}_nc" "socat=${fam}_socat" \
		    "socat -b131072=${fam}_socatb" "ncat=${fam}_ncat" \
		    "sockpipe=${fam}_sockpipe" "raw splice=${fam}_raw"
	done
	# From a pipe into a pipe: the receiver's socket-to-stdout path
	# (sockpipe's relay pipe), with the contenders of the targets.
	SOCK_SRC=$WORK/sock.pdata SOCK_VIA='pipe'
	head -c "$SOCK_PBYTES" "$file" >"$SOCK_SRC"
	rm -f "$file" "$SOCK_PEER"
	pmib=$((SOCK_PBYTES >> 20))
	for fam in tcp unix; do
		compare "1-sockpipe-$fam-pipe" \
		    "cat $pmib MiB file | sender -> $fam stream socket -> receiver | cat >/dev/null" \
		    bytes "$SOCK_PBYTES" "nc -N" \
		    "nc -N=${fam}_nc" "socat -b131072=${fam}_socatb" \
		    "sockpipe=${fam}_sockpipe" "raw splice=${fam}_raw"
	done
	SOCK_VIA='file'
	rm -f "$SOCK_SRC" "$SOCK_WARM" "$WORK/sock.rs"
}

targets_1() {
	local fam
	for fam in tcp unix; do
		target "1-sockpipe-$fam" sockpipe "nc -N" 1.5 "sockpipe vs nc -N ($fam; from a file)"
		target "1-sockpipe-$fam" sockpipe "raw splice" 0.85 "sockpipe vs raw splice ($fam; from a file)"
		target "1-sockpipe-$fam-pipe" sockpipe "nc -N" 1.1 "sockpipe vs nc -N ($fam; pipe to pipe)"
		target "1-sockpipe-$fam-pipe" sockpipe "raw splice" 0.9 "sockpipe vs raw splice ($fam; pipe to pipe)"
	done
}
