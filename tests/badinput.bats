#!/usr/bin/env bats
# The bad-input matrix: every command, every option given every bad value,
# every malformed OBJECT.  Each row must exit with its status and name the
# bad value on standard error as "prog: ...".  Then the faults of standard
# input and output, and signals in the middle of a stream.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper

teardown() {
	ipc_cleanup
	# A bad value that a command wrongly accepted may have made an object.
	ipcrm -M "$NOKEY" 2>/dev/null || true
	ipcrm -Q "$NOKEY" 2>/dev/null || true
	ipcrm -S "$NOKEY" 2>/dev/null || true
	if [ -n "${BGPID:-}" ]; then
		kill "$BGPID" 2>/dev/null || true
		wait "$BGPID" 2>/dev/null || true
	fi
}

# A key that no test makes: a row whose option is wrongly accepted then
# fails on the object (66) instead of passing by accident.
NOKEY=0x7ffe0b0d

# Values no option takes.  18446744073709551615 overflows every number
# but a 64-bit offset or length, 18446744073709551616 overflows that too;
# 0x1ffffffff is hex (sizes and counts are decimal) and over 32 bits.
# ' 5' and '+5': strtonum(3) takes a blank and a plus, the grammar does not.
BADVALS=('' abc -1 18446744073709551615 18446744073709551616 0x1ffffffff 4q
	' 5' '+5')

# command|option|what follows the option's value on the command line
OPTS=(
	"shmnew|-m|-x $NOKEY"
	"shmnew|-s|-x $NOKEY"
	"shmput|-o|$NOKEY"
	"shmcat|-n|$NOKEY"
	"shmcat|-o|$NOKEY"
	"mqnew|-b|-x $NOKEY"
	"mqnew|-m|-x $NOKEY"
	"mqnew|-M|-x posix:/badinput"
	"mqnew|-s|-x posix:/badinput"
	"mqsend|-t|posix:/badinput hi"
	"mqsend|-w|posix:/badinput hi"
	"mqrecv|-c|-n posix:/badinput"
	"mqrecv|-w|posix:/badinput"
	"shmnew|-s|-x posix:/badinput"
	"shmnew|-m|-x posix:/badinput"
	"shmput|-o|posix:/badinput"
	"shmcat|-n|posix:/badinput"
	"shmcat|-o|posix:/badinput"
	"semnew|-v|-x posix:/badinput"
	"semnew|-m|-x posix:/badinput"
	"semop|-w|posix:/badinput -1"
	"shmrm|-i|-a -X -n"
	"semrm|-i|-a -X -n"
	"mqsend|-t|$NOKEY hi"
	"mqsend|-w|$NOKEY hi"
	"mqrecv|-c|-n $NOKEY"
	"mqrecv|-t|-n $NOKEY"
	"mqrecv|-w|$NOKEY"
	"sockpipe|-w|127.0.0.1 9"
	"sockpipe|-q|127.0.0.1 9"
	"semnew|-m|-x $NOKEY"
	"semnew|-n|-x $NOKEY"
	"semnew|-v|-x $NOKEY"
	"semop|-w|$NOKEY -1"
	"shmrm|-i|-a -n"
	"shmrm|-r|-a -n"
	"mqrm|-i|-a -n"
	"mqrm|-r|-a -n"
	"semrm|-i|-a -n"
	"semrm|-r|-a -n"
	"shmls|-o|"
	"mqls|-o|"
	"semls|-o|"
	"shmls|-p|"
	"mqls|-p|-X"
	"semls|-p|-X"
	"shmls|-u|"
	"mqls|-u|"
	"semls|-u|"
	"shmrm|-u|-a -n"
	"mqrm|-u|-a -n"
	"semrm|-u|-a -X -n"
	"shmrm|-p|-a -n"
	"mqrm|-p|-a -X -n"
	"semrm|-p|-a -X -n"
)

# Every OBJECT form the grammar does not allow.
BADOBJS=('' 'id:' 'id:-1' 'id:x' '0x' '12abc' '/tmp/x:' '/tmp/x:0'
	'/tmp/x:256' '/tmp/x:ab' '0' '-0'
	'/tmp/x: 5' '/tmp/x:+5' 'x:/' '-01' '08' '0x100000000' '4294967296'
	'-2147483649' 'id:2147483648' 'id:0x1' 'app.lock:7' 'app.lock'
	'posix:' 'posix:/' 'posix://a' 'posix:/a/b' 'posix:/.' 'posix:/..'
	"posix:/$(printf 'n%.0s' {1..256})")
# What only a new object's name may not be: an existing one (another
# program's) is named whatever bytes it holds, as a listing's JSON gives
# them back.
NEWBADOBJS=('posix:/a b' $'posix:/caf\303\251' $'posix:/\xff')

# command|how the operand is given (OBJ stands for it)
OBJCMDS=(
	"shmnew|-x -- OBJ"
	"shmput|-- OBJ"
	"shmcat|-- OBJ"
	"shmrm|-- OBJ"
	"shmls|-- OBJ"
	"mqnew|-x -- OBJ"
	"mqsend|-- OBJ hi"
	"mqrecv|-n -- OBJ"
	"mqrm|-- OBJ"
	"mqls|-- OBJ"
	"semnew|-x -- OBJ"
	"semop|-- OBJ -1"
	"semrm|-- OBJ"
	"semls|-- OBJ"
)

# The table: "command|arguments (shell words)|status|stderr holds".
TABLE=()
for o in "${OPTS[@]}"; do
	IFS='|' read -r c opt rest <<<"$o"
	for v in "${BADVALS[@]}"; do
		# msgrcv(2) takes a negative type: the lowest type up to |type|.
		[[ $c$opt == mqrecv-t && $v == -1 ]] && continue
		# -r of the rm commands takes a key, and -1 is one.
		[[ $c$opt == *rm-r && $v == -1 ]] && continue
		# A 64-bit offset or length can be 2^64-1: it is checked
		# against the segment (tests/shm*.bats), which NOKEY is not.
		[[ $c$opt == shm@(put-o|cat-o|cat-n) &&
		    $v == 18446744073709551615 ]] && continue
		TABLE+=("$c|$opt ${v@Q} $rest|64|'$v'")
	done
done
for o in "${OBJCMDS[@]}"; do
	IFS='|' read -r c tmpl <<<"$o"
	for v in "${BADOBJS[@]}"; do
		TABLE+=("$c|${tmpl/OBJ/${v@Q}}|64|'$v'")
	done
	[[ $c == *new ]] || continue
	for v in "${NEWBADOBJS[@]}"; do
		TABLE+=("$c|${tmpl/OBJ/${v@Q}}|64|'$v'")
	done
done
# The port operand, connecting and listening; and the Unix socket path.
for v in "${BADVALS[@]}" 65536; do
	TABLE+=("sockpipe|-- 127.0.0.1 ${v@Q}|64|'$v'")
	TABLE+=("sockpipe|-l -- ${v@Q}|64|'$v'")
done
TABLE+=("sockpipe|-U ''|64|''")
TABLE+=("sockpipe|-s '' 127.0.0.1 9|64|''")
# -z's PORT operands: ports, service names and ranges LOW-HIGH.
for v in '' 0-1 5-3 1-65536 1- a-b 1-2-3 ' 1-2' 1-+2 65536 -5; do
	TABLE+=("sockpipe|-z -- 127.0.0.1 1 ${v@Q}|64|'$v'")
done
# semop's ops: [INDEX:]DELTA, DELTA a sign and 1 to SEMVMX, or 0.
for v in '' 1 + - +0 -0 00 ' -1' '+ 1' +1x 1.5 +32768 -32768 \
    -99999999999999999999 :-1 x:-1 -1:-1 1: 1:1 0:0:0 65536:-1 ' 1:-1'; do
	TABLE+=("semop|$NOKEY ${v@Q}|64|'$v'")
done
TABLE+=("sockpipe|-l -U ''|64|''")
# sockpipe -c: the TLS options, empty or malformed, and each without -c.
for o in C K R e; do
	TABLE+=("sockpipe|-c -$o '' 127.0.0.1 9|64|-$o ''")
	TABLE+=("sockpipe|-$o x 127.0.0.1 9|64|-$o is a TLS option")
done
for v in "${BADVALS[@]}" SHA256: "SHA1:0000000000000000000000000000000000000000000000000000000000000000"; do
	TABLE+=("sockpipe|-c -H ${v@Q} 127.0.0.1 9|64|'$v'")
done
for v in '' abc noverif protocols= protocols=tlsv9 ciphers= ciphers=nonsense; do
	TABLE+=("sockpipe|-c -T ${v@Q} 127.0.0.1 9|64|'$v'")
done
TABLE+=("sockpipe|-H SHA256:0000000000000000000000000000000000000000000000000000000000000000 127.0.0.1 9|64|-H is a TLS option")
TABLE+=("sockpipe|-T noverify 127.0.0.1 9|64|-T is a TLS option")
TABLE+=("sockpipe|-c -C /nonexistent/c.pem -K /nonexistent/k.pem 127.0.0.1 9|66|'/nonexistent/c.pem'")
TABLE+=("sockpipe|-c -R /nonexistent/ca.pem 127.0.0.1 9|66|'/nonexistent/ca.pem'")
TABLE+=("sockpipe|-c -R /etc 127.0.0.1 9|66|'/etc'")
TABLE+=("sockpipe|-c -l 0|64|-C certfile -K keyfile")
TABLE+=("sockpipe|-c -u 127.0.0.1 9|64|-c needs a TCP stream")

# sockpipe -x [user@]proxy[:port] and -X: empty, malformed, ports out of
# range, an unknown protocol; and the combinations that are 64.
TABLE+=("sockpipe|-x '' 127.0.0.1 9|64|-x '': empty")
TABLE+=("sockpipe|-x @p 127.0.0.1 9|64|an empty user")
TABLE+=("sockpipe|-x u@ 127.0.0.1 9|64|no proxy host")
TABLE+=("sockpipe|-x u@:1080 127.0.0.1 9|64|no proxy host")
TABLE+=("sockpipe|-x '[::1' 127.0.0.1 9|64|not [address]:port")
TABLE+=("sockpipe|-x '[::1]x' 127.0.0.1 9|64|not [address]:port")
for v in '' 0 65536 x 1x -1; do
	TABLE+=("sockpipe|-x p:${v@Q} 127.0.0.1 9|64|port '$v'")
	TABLE+=("sockpipe|-x '[::1]:'${v@Q} 127.0.0.1 9|64|port '$v'")
done
for v in '' 3 4a 6 CONNECT http socks5; do
	TABLE+=("sockpipe|-x p -X ${v@Q} 127.0.0.1 9|64|-X '$v'")
done
TABLE+=("sockpipe|-X 5 127.0.0.1 9|64|-X needs -x")
TABLE+=("sockpipe|-x p -l 0|64|not with -l")
TABLE+=("sockpipe|-x p -u 127.0.0.1 9|64|not with -u")
TABLE+=("sockpipe|-x p -U /tmp/s|64|not with -U")
TABLE+=("sockpipe|-x p -X 4 ::1 9|64|SOCKS 4 carries IPv4 only")
TABLE+=("sockpipe|-F -l 0|64|-F passes a connected stream on")
TABLE+=("sockpipe|-F -u 127.0.0.1 9|64|not with -u")
TABLE+=("sockpipe|-F -z 127.0.0.1 9|64|not with -z")
TABLE+=("sockpipe|-F -c 127.0.0.1 9|64|not with -c")
TABLE+=("sockpipe|-F -q 1 127.0.0.1 9|64|not with -q")

# nc's other letters: values out of range, and where they cannot be honoured.
for v in '' 0 65536 x -1; do
	TABLE+=("sockpipe|-p ${v@Q} 127.0.0.1 9|64|'$v'")
done
for o in I O W; do
	for v in '' 0 x -1 1.5; do
		TABLE+=("sockpipe|-u -$o ${v@Q} 127.0.0.1 9|64|-$o '$v'")
	done
done
for v in '' x -1; do
	TABLE+=("sockpipe|-u -i ${v@Q} 127.0.0.1 9|64|-i '$v'")
done
TABLE+=("sockpipe|-p 5000 -l 0|64|not with -l")
TABLE+=("sockpipe|-p 5000 -U /tmp/s|64|not with -U")
TABLE+=("sockpipe|-b 127.0.0.1 9|64|-b is for UDP")
TABLE+=("sockpipe|-u -b -U /tmp/s|64|-b is for UDP")
TABLE+=("sockpipe|-W 1 127.0.0.1 9|64|-W counts datagrams")
TABLE+=("sockpipe|-i 1 127.0.0.1 9|64|-i spaces datagrams")
TABLE+=("sockpipe|-d -c 127.0.0.1 9|64|-d: not with -c")
TABLE+=("sockpipe|-d -F 127.0.0.1 9|64|-d: not with -F")
TABLE+=("sockpipe|-n localhost 9|64|not a numeric address")

# mqsend -S cuts standard input: not with another framing, -T or operands.
for v in -a -0 -B -j; do
	TABLE+=("mqsend|-S $v $NOKEY|64|cannot be used together")
done
TABLE+=("mqsend|-S -T $NOKEY|64|-S cuts standard input anywhere")
TABLE+=("mqsend|-S $NOKEY hi|64|-S cuts standard input into messages")

# -p: no process 0, a pid past any pid_max is no process (66); System V
# queues and sets are held by no process.  -u: a name that is no user;
# both choose objects, which -g and rm without -a do not list.
for c in shmls mqls semls; do
	TABLE+=("$c|-X -p 0|64|-p '0': not a process ID")
	TABLE+=("$c|-X -p 2147483647|66|-p '2147483647': no such process")
	TABLE+=("$c|-X -p 2147483648|64|-p '2147483648': not a process ID")
	TABLE+=("$c|-u nosuchuser|64|-u 'nosuchuser': no such user")
	TABLE+=("$c|-g -u root|64|-g shows the system's limits: -p and -u choose objects")
done
TABLE+=("mqls|-p 1|64|-p: no process maps or holds a System V queue or semaphore set")
TABLE+=("semls|-p 1|64|-p: no process maps or holds a System V queue or semaphore set")
# rm -a -p: the same PID as the ls commands' -p; System V queues and sets,
# again, are held by no process; -d's ended processes are never -p's
# running one.
for c in shmrm mqrm semrm; do
	TABLE+=("$c|-a -X -n -p ''|64|-p '': not a process ID")
	TABLE+=("$c|-a -X -n -p 0|64|-p '0': not a process ID")
	TABLE+=("$c|-a -X -n -p x1|64|-p 'x1': not a process ID")
	TABLE+=("$c|-a -X -n -p 2147483647|66|-p '2147483647': no such process")
	TABLE+=("$c|-a -X -n -p 2147483648|64|-p '2147483648': not a process ID")
	TABLE+=("$c|-p 1 id:1|64|-d, -i, -p, -r and -u choose among the objects of -a")
done
TABLE+=("shmrm|-a -n -p 0|64|-p '0': not a process ID")
TABLE+=("shmrm|-a -n -p 2147483647|66|-p '2147483647': no such process")
TABLE+=("shmrm|-a -d -n -p 1|64|-d takes objects whose processes have all ended, -p those a running process maps")
TABLE+=("mqrm|-a -n -p 1|64|-p: no process maps or holds a System V queue or semaphore set")
TABLE+=("semrm|-a -n -p 1|64|-p: no process maps or holds a System V queue or semaphore set")
for c in shmrm mqrm semrm; do
	TABLE+=("$c|-a -u nosuchuser -n|64|-u 'nosuchuser': no such user")
	TABLE+=("$c|-u root id:1|64|-d, -i, -p, -r and -u choose among the objects of -a")
done

# Habits of other tools, answered with what to type instead.
TABLE+=("shmcat|ID:12|64|'ID:12': an identifier is written in lowercase: 'id:12'")
TABLE+=("shmcat|id 12|64|'id': an identifier is one word: id:N, with no space")
TABLE+=("shmcat|x1234|64|'x1234': a hexadecimal key begins with 0x: '0x1234'")
TABLE+=("semop|$NOKEY -- -1|64|no op given: the ops go before --")
TABLE+=("sockpipe|localhost|64|'localhost': the port is missing: sockpipe host port")
TABLE+=("shmnew|-s 1mb -x $NOKEY|64|-s '1mb': the suffixes are k, m, g and t")

# Run every row of one command; report all failing rows at once.
run_rows() {
	local cmd=$1 row c args st sub n=0
	local -a argv fails=()

	command -v "$cmd" >/dev/null || skip "$cmd is not built yet"
	for row in "${TABLE[@]}"; do
		IFS='|' read -r c args st sub <<<"$row"
		[ "$c" = "$cmd" ] || continue
		eval "argv=($args)"
		n=$((n + 1))
		run --separate-stderr timeout 5 "$cmd" "${argv[@]}" </dev/null
		if [[ $status -eq 0 && $output =~ ^id:[0-9]+$ ]]; then
			case $cmd in
			shm*) track "shm:$output" ;;
			mq*) track "msg:$output" ;;
			sem*) track "sem:$output" ;;
			esac
		fi
		if [ "$status" -ne "$st" ] || [[ $stderr != "$cmd: "* ]] ||
		    [[ $stderr != *"$sub"* ]]; then
			fails+=("$cmd $args => status $status (want $st), stderr: $stderr")
		fi
	done
	[ "$n" -gt 0 ]
	if [ "${#fails[@]}" -gt 0 ]; then
		printf '%s\n' "${fails[@]}"
		return 1
	fi
}

@test "the table covers every command" {
	local c
	for c in shmnew shmput shmcat shmrm shmls mqnew mqsend mqrecv mqrm \
	    mqls sockpipe semnew semop semrm semls; do
		printf '%s\n' "${TABLE[@]}" | grep -q "^$c|"
	done
}

@test "bad input: shmnew" { run_rows shmnew; }
@test "bad input: shmput" { run_rows shmput; }
@test "bad input: shmcat" { run_rows shmcat; }
@test "bad input: shmrm" { run_rows shmrm; }
@test "bad input: shmls" { run_rows shmls; }
@test "bad input: mqnew" { run_rows mqnew; }
@test "bad input: mqsend" { run_rows mqsend; }
@test "bad input: mqrecv" { run_rows mqrecv; }
@test "bad input: mqrm" { run_rows mqrm; }
@test "bad input: mqls" { run_rows mqls; }
@test "bad input: sockpipe" { run_rows sockpipe; }
@test "bad input: semnew" { run_rows semnew; }
@test "bad input: semop" { run_rows semop; }
@test "bad input: semrm" { run_rows semrm; }
@test "bad input: semls" { run_rows semls; }

@test "a bad suffix names the suffixes, not the largest size" {
	run --separate-stderr shmnew -s 1mb -x "$NOKEY"
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "shmnew: -s '1mb': the suffixes are k, m, g and t (KiB to TiB), one letter"
}

queue_drained() {
	[ "$(qnum "$1")" = 0 ]
}

wait_socket() {
	wait_until test -S "$1"
}

@test "shmput: standard input that is a directory is an I/O error (74)" {
	need shmnew shmput
	local seg
	seg=$(newseg -s 64)
	run --separate-stderr shmput "$seg" </
	assert_equal "$status" 74
	assert_output ''
	[[ $stderr == "shmput: "*"standard input"* ]]
}

@test "mqsend: standard input that is a directory is an I/O error (74), nothing sent" {
	need mqnew mqsend
	local q
	q=$(newq)
	run --separate-stderr mqsend "$q" </
	assert_equal "$status" 74
	assert_output ''
	[[ $stderr == "mqsend: "*"standard input"* ]]
	assert_equal "$(qnum "$q")" 0
	run --separate-stderr mqsend -j "$q" </
	assert_equal "$status" 74
	[[ $stderr == "mqsend: "*"standard input"* ]]
	assert_equal "$(qnum "$q")" 0
}

@test "sockpipe: standard input that is a directory is an I/O error (74)" {
	need sockpipe
	local sock=$BATS_TEST_TMPDIR/s
	socat -u "UNIX-LISTEN:$sock" /dev/null &
	BGPID=$!
	wait_socket "$sock"
	run --separate-stderr timeout 10 sockpipe -U "$sock" </
	assert_equal "$status" 74
	[[ $stderr == "sockpipe: "*"standard input"* ]]
}

# Each of these prints something when it works: its output closed (EBADF)
# or full (ENOSPC) must be an error, 74, never a silent success.
out_cases() {
	local seg q qj
	seg=$(newseg -s 64)
	printf 'data' | shmput "$seg"
	q=$(newq)
	mqsend "$q" m1
	qj=$(newq)
	mqsend "$qj" m2
	OUTCMDS=("shmcat $seg" "mqrecv -n $q" "mqrecv -n -j $qj" "shmls" "mqls")
}

@test "closed standard output is an I/O error (74)" {
	need shmnew shmput shmcat shmls mqnew mqsend mqrecv mqls
	local c
	out_cases
	for c in "${OUTCMDS[@]}"; do
		# shellcheck disable=SC2086
		run --separate-stderr sh -c 'exec "$@" >&-' sh $c
		[ "$status" -eq 74 ] || fail "$c >&-: status $status: $stderr"
		[[ $stderr == "${c%% *}: "*"standard output"* ]] ||
		    fail "$c >&-: stderr: $stderr"
	done
}

@test "/dev/full as standard output is an I/O error (74)" {
	need shmnew shmput shmcat shmls mqnew mqsend mqrecv mqls
	local c
	out_cases
	for c in "${OUTCMDS[@]}"; do
		# shellcheck disable=SC2086
		run --separate-stderr sh -c 'exec "$@" >/dev/full' sh $c
		[ "$status" -eq 74 ] || fail "$c >/dev/full: status $status: $stderr"
		[[ $stderr == "${c%% *}: "*"standard output"* ]] ||
		    fail "$c >/dev/full: stderr: $stderr"
	done
}

# mqrecv waits for more; a signal then must write out every message it
# already took off the queue, and end with the signal's status.
mqrecv_signal() {
	local sig=$1 code=$2 q out=$BATS_TEST_TMPDIR/out st=0
	need mqnew mqsend mqrecv
	q=$(newq)
	# A background job of a script starts with SIGINT ignored; undo that.
	env --default-signal=INT,TERM mqrecv "$q" >"$out" 2>"$out.err" &
	BGPID=$!
	mqsend "$q" m1 m2 m3
	wait_until queue_drained "$q"
	kill -s "$sig" "$BGPID"
	wait "$BGPID" || st=$?
	BGPID=
	assert_equal "$st" "$code"
	assert_equal "$(cat "$out")" "$(printf 'm1\nm2\nm3')"
	assert_equal "$(wc -c <"$out")" 9
	assert_equal "$(cat "$out.err")" ''
}

@test "mqrecv: SIGINT mid-stream writes what it took and exits 130" {
	mqrecv_signal INT 130
}

@test "mqrecv: SIGTERM mid-stream writes what it took and exits 143" {
	mqrecv_signal TERM 143
}

sockpipe_signal() {
	local sig=$1 code=$2 sock=$BATS_TEST_TMPDIR/s st=0
	need sockpipe
	env --default-signal=INT,TERM sockpipe -l -U "$sock" </dev/null \
	    >/dev/null &
	BGPID=$!
	wait_socket "$sock"
	kill -s "$sig" "$BGPID"
	wait "$BGPID" || st=$?
	BGPID=
	assert_equal "$st" "$code"
	[ ! -e "$sock" ]
}

@test "sockpipe -l -U: SIGINT removes the socket file" {
	sockpipe_signal INT 130
}

@test "sockpipe -l -U: SIGTERM removes the socket file" {
	sockpipe_signal TERM 143
}

# Found by tests/fuzz/fuzz_numbers: expand_number(3) reads "010" as octal.
@test "sizes are decimal: shmnew -s 010 makes a 10-byte segment" {
	need shmnew
	local seg
	seg=$(newseg -s 010)
	assert_equal "$(awk -v id="${seg#id:}" '$2 == id { print $4 }' \
	    /proc/sysvipc/shm)" 10
	run --separate-stderr shmnew -s 09
	assert_success
	track "shm:$output"
}
