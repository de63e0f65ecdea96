#!/usr/bin/env bats
# sockpipe -U @name: Linux's abstract Unix-socket namespace, against socat
# both ways, stream and datagram; no file is made, and ss sees the name.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load sock

setup() {
	command -v socat >/dev/null || skip "socat is not installed"
	# A name of this test's own: the abstract namespace is the network
	# namespace's, which the test files share.
	NAME=ipct.$$.$BATS_TEST_NUMBER
	cd "$BATS_TEST_TMPDIR" || return
}

teardown() {
	bg_cleanup
	ipc_cleanup
}

# abstract_listening NAME: ss lists a listening abstract socket @NAME.
abstract_listening() {
	ss -Hxl | awk -v n="@$1" '$5 == n { f = 1 } END { exit !f }'
}

# abstract_bound NAME: ss lists an abstract datagram socket @NAME.
abstract_bound() {
	ss -Hxa | awk -v n="@$1" '$5 == n { f = 1 } END { exit !f }'
}

@test "-l -U @name: socat ABSTRACT-CONNECT talks to it both ways; no file appears" {
	head -c 1M /dev/urandom >in
	bg_start sockpipe -l -U "@$NAME" <in >got
	lpid=$BG_PID
	wait_until abstract_listening "$NAME"
	run bash -c "ss -Hxl | awk '\$5 == \"@$NAME\"'"
	assert_output --partial "@$NAME"
	printf 'from socat\n' >req
	socat -t 5 - "ABSTRACT-CONNECT:$NAME" <req >out
	cmp in out
	sock_wait "$lpid"
	assert_equal "$SOCK_RC" 0
	assert_equal "$(<got)" "from socat"
	# Neither a socket file nor an '@' file anywhere we ran.
	run ls -A
	assert_output "got
in
out
req"
	run abstract_listening "$NAME"
	assert_failure
}

@test "-U @name: the client reaches socat ABSTRACT-LISTEN, and the reply after our end arrives" {
	bg_start socat "ABSTRACT-LISTEN:$NAME" SYSTEM:'cat >heard; echo late reply' \
	    </dev/null
	wait_until abstract_listening "$NAME"
	run --separate-stderr sockpipe -U "@$NAME" <<<"to socat"
	assert_success
	assert_output "late reply"
	assert_equal "$(<heard)" "to socat"
}

@test "-u -U @name: datagrams from socat ABSTRACT-SENDTO, and back to an autobound sender" {
	bg_start sockpipe -u -l -U "@$NAME" <<<"reply" >got
	wait_until abstract_bound "$NAME"
	run socat -u - "ABSTRACT-SENDTO:$NAME" <<<"one datagram"
	assert_success
	wait_until grep -qx 'one datagram' got
	# Our datagram client binds an abstract name of the kernel's choice,
	# so the listener can answer it.
	run --separate-stderr sockpipe -u -w 2 -U "@$NAME" <<<"ask"
	assert_success
	assert_output "reply"
	wait_until grep -qx 'ask' got
}

@test "-u -U @name: the client sends to socat ABSTRACT-RECV" {
	bg_start socat -u "ABSTRACT-RECV:$NAME" - >got
	wait_until abstract_bound "$NAME"
	run --separate-stderr sockpipe -u -U "@$NAME" <<<"to socat"
	assert_success
	wait_until grep -qx 'to socat' got
}

@test "-U @name: a name in use is 73; nobody there is 69; no file is looked at" {
	bg_start sockpipe -l -U "@$NAME" </dev/null >/dev/null
	wait_until abstract_listening "$NAME"
	# A file named like the socket changes nothing: it is not the socket.
	: >"@$NAME"
	run --separate-stderr sockpipe -l -U "@$NAME" </dev/null
	assert_failure 73
	assert_equal "$stderr" "sockpipe: @$NAME: Address already in use"
	run --separate-stderr sockpipe -U "@$NAME.none" </dev/null
	assert_failure 69
	assert_equal "$stderr" "sockpipe: connect to @$NAME.none: Connection refused"
	[ -f "@$NAME" ]
}

@test "-U @name: 107 bytes of name are taken, 108 are 64; '@' alone and -P are 64" {
	long=$(printf 'n%.0s' {1..107})
	[ ${#long} -eq 107 ]
	bg_start sockpipe -l -U "@$long" </dev/null >/dev/null
	wait_until abstract_listening "$long"
	run --separate-stderr sockpipe -U "@$long" </dev/null
	assert_success
	run --separate-stderr sockpipe -l -U "@${long}x" </dev/null
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -U '@${long}x': an abstract name is at most 107 bytes after '@'"
	run --separate-stderr sockpipe -l -U @ </dev/null
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -U '@': an abstract name needs a name after '@'"
	run --separate-stderr sockpipe -l -P pf -U "@$NAME" </dev/null
	assert_failure 64
	assert_equal "$stderr" "sockpipe: -P does not apply to an abstract socket: its name is known before it listens"
	[ ! -e pf ]
}
