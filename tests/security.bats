#!/usr/bin/env bats
# Defaults that keep strangers out: new objects are 0600 unless -m, a
# listener binds loopback unless told, a -U path that is not our socket is
# never removed, and user input never reaches a format string.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper

teardown() {
	ipc_cleanup
	if [ -n "${BGPID:-}" ]; then
		kill "$BGPID" 2>/dev/null || true
		wait "$BGPID" 2>/dev/null || true
	fi
}

# perms of id:N, as the kernel shows them (octal), from /proc/sysvipc.
perms() {
	awk -v id="${2#id:}" '$2 == id { print $3 }' "/proc/sysvipc/$1"
}

@test "shmnew: a new segment is 0600 whatever the umask; nobody gets 77" {
	need shmnew shmput shmcat
	require_root
	local seg
	seg=$(umask 000 && newseg -s 64)
	assert_equal "$(perms shm "$seg")" 600
	printf secret | shmput "$seg"
	run --separate-stderr as_nobody shmcat "$seg"
	assert_equal "$status" 77
	assert_output ''
	[[ $stderr == "shmcat: "*"$seg"* ]]
	run --separate-stderr as_nobody shmput "$seg" <<<"x"
	assert_equal "$status" 77
	assert_equal "$(shmcat -z "$seg")" secret
}

@test "shmnew -m 644: the mode asked for, and nobody may read" {
	need shmnew shmput shmcat
	require_root
	local seg
	seg=$(newseg -m 644 -s 64)
	assert_equal "$(perms shm "$seg")" 644
	printf shared | shmput "$seg"
	run --separate-stderr as_nobody shmcat -z "$seg"
	assert_success
	assert_output shared
	run --separate-stderr as_nobody shmput "$seg" <<<"x"
	assert_equal "$status" 77
}

@test "mqnew: a new queue is 0600 whatever the umask; nobody gets 77" {
	need mqnew mqsend mqrecv
	require_root
	local q
	q=$(umask 000 && newq)
	assert_equal "$(perms msg "$q")" 600
	mqsend "$q" secret
	run --separate-stderr as_nobody mqrecv -n "$q"
	assert_equal "$status" 77
	assert_output ''
	[[ $stderr == "mqrecv: "*"$q"* ]]
	run --separate-stderr as_nobody mqsend "$q" intruder
	assert_equal "$status" 77
	run --separate-stderr mqrecv -n "$q"
	assert_success
	assert_output secret
}

@test "mqnew -m 622: nobody may send but not receive" {
	need mqnew mqsend mqrecv
	require_root
	local q
	q=$(newq -m 622)
	assert_equal "$(perms msg "$q")" 622
	run --separate-stderr as_nobody mqsend "$q" hello
	assert_success
	run --separate-stderr as_nobody mqrecv -n "$q"
	assert_equal "$status" 77
	run --separate-stderr mqrecv -n "$q"
	assert_output hello
}

# The local address of the one socket in ss(8)'s table on port $2.
listen_addr() {
	ss -"$1"lnH "sport = :$2" | awk '{ print $4 }'
}

@test "sockpipe -l binds loopback unless a host is given (TCP)" {
	need sockpipe
	local pf=$BATS_TEST_TMPDIR/port
	sockpipe -l -P "$pf" 0 </dev/null >/dev/null &
	BGPID=$!
	wait_file "$pf"
	run listen_addr t "$(cat "$pf")"
	assert_success
	assert_output --regexp '^(127\.0\.0\.1|\[::1\]):[0-9]+$'
}

@test "sockpipe -l -u binds loopback unless a host is given (UDP)" {
	need sockpipe
	local pf=$BATS_TEST_TMPDIR/port
	sockpipe -l -u -P "$pf" 0 </dev/null >/dev/null &
	BGPID=$!
	wait_file "$pf"
	run listen_addr u "$(cat "$pf")"
	assert_success
	assert_output --regexp '^(127\.0\.0\.1|\[::1\]):[0-9]+$'
}

@test "sockpipe -l 0.0.0.0: all addresses only when asked" {
	need sockpipe
	local pf=$BATS_TEST_TMPDIR/port
	sockpipe -l -P "$pf" 0.0.0.0 0 </dev/null >/dev/null &
	BGPID=$!
	wait_file "$pf"
	run listen_addr t "$(cat "$pf")"
	assert_output --regexp '^(0\.0\.0\.0|\*):[0-9]+$'
}

@test "sockpipe -l -U: the socket file is 0600 whatever the umask" {
	need sockpipe
	local p=$BATS_TEST_TMPDIR/s
	(umask 000 && exec sockpipe -l -U "$p" </dev/null >/dev/null) &
	BGPID=$!
	wait_until test -S "$p"
	assert_equal "$(stat -c %a "$p")" 600
}

@test "sockpipe -l -U on a regular file: 73, and the file is left alone" {
	need sockpipe
	local p=$BATS_TEST_TMPDIR/f
	printf 'precious' >"$p"
	run --separate-stderr timeout 5 sockpipe -l -U "$p" </dev/null
	assert_equal "$status" 73
	[[ $stderr == "sockpipe: $p"* ]]
	assert_equal "$(cat "$p")" precious
	run --separate-stderr timeout 5 sockpipe -U "$p" </dev/null
	assert_failure
	assert_equal "$(cat "$p")" precious
}

@test "sockpipe -l -U on a symbolic link or a directory: both left alone" {
	need sockpipe
	local d=$BATS_TEST_TMPDIR
	printf 'precious' >"$d/target"
	ln -s target "$d/link"
	mkdir "$d/dir"
	run --separate-stderr timeout 5 sockpipe -l -U "$d/link" </dev/null
	assert_failure
	[ -L "$d/link" ]
	assert_equal "$(cat "$d/target")" precious
	run --separate-stderr timeout 5 sockpipe -l -U "$d/dir" </dev/null
	assert_failure
	[ -d "$d/dir" ]
}

@test "sockpipe -l -U: a file put in place of our socket survives our exit" {
	need sockpipe
	local p=$BATS_TEST_TMPDIR/s st=0
	env --default-signal=TERM sockpipe -l -U "$p" </dev/null >/dev/null &
	BGPID=$!
	wait_until test -S "$p"
	rm "$p"
	printf 'precious' >"$p"
	kill -TERM "$BGPID"
	wait "$BGPID" || st=$?
	BGPID=
	assert_equal "$st" 143
	assert_equal "$(cat "$p")" precious
}

# Operands and option values that would do harm as a format string.
FMT='%n%n%s%s%x'

@test "format strings: every command echoes a %n operand literally" {
	local c row st
	local -a argv fails=() rows=(
		"shmnew|64|-x -- $FMT"
		"shmnew|64|-s $FMT"
		"shmnew|64|-m $FMT"
		"shmnew|66|-x -- /nonexistent/$FMT"
		"shmput|64|-- $FMT"
		"shmput|64|-o $FMT 0x1"
		"shmput|66|-- /nonexistent/$FMT:7"
		"shmcat|64|-- $FMT"
		"shmcat|64|-n $FMT 0x1"
		"shmcat|66|-- /nonexistent/$FMT"
		"shmrm|64|-- $FMT"
		"shmrm|66|-- /nonexistent/$FMT"
		"shmls|64|-- $FMT"
		"mqnew|64|-x -- $FMT"
		"mqnew|64|-b $FMT"
		"mqnew|66|-x -- /nonexistent/$FMT"
		"mqsend|64|-- $FMT hi"
		"mqsend|64|-t $FMT 0x1 hi"
		"mqsend|66|-- /nonexistent/$FMT hi"
		"mqrecv|64|-n -- $FMT"
		"mqrecv|64|-w $FMT 0x1"
		"mqrecv|66|-n -- /nonexistent/$FMT"
		"mqrm|64|-- $FMT"
		"mqrm|66|-- /nonexistent/$FMT"
		"mqls|64|-- $FMT"
		"sockpipe|64|-- 127.0.0.1 $FMT"
		"sockpipe|64|-w $FMT 127.0.0.1 9"
		"sockpipe|68|-- $FMT.invalid 9"
		"sockpipe|69|-U /nonexistent/$FMT"
	)
	local n=0
	for row in "${rows[@]}"; do
		IFS='|' read -r c st rest <<<"$row"
		command -v "$c" >/dev/null || continue
		read -ra argv <<<"$rest"
		n=$((n + 1))
		run --separate-stderr timeout 10 "$c" "${argv[@]}" </dev/null
		if [ "$status" -ne "$st" ] || [[ $stderr != "$c: "*"$FMT"* ]] ||
		    [[ $stderr == *Sanitizer* ]]; then
			fails+=("$c $rest => $status (want $st): $stderr")
		fi
	done
	[ "$n" -gt 0 ] || skip "no command is built yet"
	if [ "${#fails[@]}" -gt 0 ]; then
		printf '%s\n' "${fails[@]}"
		return 1
	fi
}
