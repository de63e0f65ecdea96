#!/usr/bin/env bats
# mqnew: create or open a queue, print id:N.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load mq

@test "mqnew makes a private 0600 queue that ipcs and lsipc see" {
	run --separate-stderr mqnew
	assert_success
	assert_output --regexp '^id:[0-9]+$'
	assert_equal "$stderr" ""
	track "msg:$output"
	id=${output#id:}
	run ipcs -q
	assert_line --regexp "^0x00000000 +$id +root +600 +0 +0 *$"
	run lsipc -q -b -r --noheadings -o ID,PERMS,USEDBYTES,MSGS
	assert_line "$id rw------- 0 0"
}

@test "mqnew KEY makes the queue once and opens it after" {
	run --separate-stderr mqnew 0x1234
	assert_success
	q=$output
	track "msg:$q"
	assert_equal "$(qkey "$q")" 0x00001234
	run --separate-stderr mqnew 4660
	assert_success
	assert_output "$q"
	assert_equal "$stderr" ""
	run --separate-stderr mqnew "$q"
	assert_success
	assert_output "$q"
}

@test "mqnew -x on an existing key or id exits 73" {
	q=$(newq 0x1234)
	run --separate-stderr mqnew -x 0x1234
	assert_failure 73
	assert_output ""
	assert_equal "$stderr" "mqnew: 0x1234: a queue with this key exists"
	run --separate-stderr mqnew -x "$q"
	assert_failure 73
	assert_equal "$stderr" "mqnew: $q: a queue with this id exists"
	run --separate-stderr mqnew -x 0x1235
	assert_success
	track "msg:$output"
	[ "$output" != "$q" ]
}

@test "mqnew -m sets the mode ipcs reports; an existing queue keeps its own" {
	q=$(newq -m 640 0x5eed)
	run ipcs -q
	assert_line --regexp "^0x00005eed +${q#id:} +root +640 "
	run --separate-stderr mqnew -m 666 0x5eed
	assert_success
	assert_output "$q"
	run ipcs -q
	assert_line --regexp "^0x00005eed +${q#id:} +root +640 "
}

@test "mqnew -b sets msg_qbytes, with size suffixes, on a new or an open queue" {
	q=$(newq -b 1k)
	run ipcs -q -i "${q#id:}"
	assert_output --regexp "qbytes=1024[[:space:]]"
	q2=$(newq 0x77)
	run --separate-stderr mqnew -b 100 0x77
	assert_success
	assert_output "$q2"
	run ipcs -q -i "${q2#id:}"
	assert_output --regexp "qbytes=100[[:space:]]"
}

@test "mqnew -b above msgmnb without privilege exits 77 naming the limit, leaving nothing" {
	require_root
	mnb=$(cat /proc/sys/kernel/msgmnb)
	run --separate-stderr as_nobody mqnew -b $((mnb + 1)) 0x4321
	assert_failure 77
	assert_output ""
	assert_equal "$stderr" "mqnew: 0x4321: -b $((mnb + 1)): more than the system's msgmnb ($mnb) needs privilege"
	run ipcs -q
	refute_output --partial 0x00004321
	# With CAP_SYS_RESOURCE one may: that is what the privilege is.
	if has_sys_resource; then
		q=$(newq -b $((mnb * 2)))
		run ipcs -q -i "${q#id:}"
		assert_output --regexp "qbytes=$((mnb * 2))[[:space:]]"
	fi
}

@test "a creator who is not root: -b with a mode it cannot read (200, 000) sets qbytes first, then the mode" {
	require_root
	for m in 200 000 444; do
		run --separate-stderr as_nobody mqnew -m "$m" -b 1000
		assert_success
		assert_equal "$stderr" ""
		q=$output
		track "msg:$q"
		run ipcs -q -i "${q#id:}"
		assert_output --regexp "qbytes=1000[[:space:]]"
		run awk -v id="${q#id:}" 'NR > 1 && $2 == id { print $3, $8 }' \
		    /proc/sysvipc/msg
		assert_output "$(printf %o $((8#$m))) $(id -u nobody)"
	done
}

@test "mqnew -b on another user's queue exits 77" {
	require_root
	newq -m 666 0x4322 >/dev/null
	run --separate-stderr as_nobody mqnew -b 100 0x4322
	assert_failure 77
	assert_output ""
	assert_equal "$stderr" "mqnew: 0x4322: -b 100: Operation not permitted"
}

@test "mqnew: bad -b values exit 64 quoting them" {
	for v in "${MQ_BAD_NUMS[@]}" -1 0 3g 1p; do
		run --separate-stderr mqnew -b "$v" 0x4323
		assert_failure 64
		assert_output ""
		[[ $stderr == "mqnew: -b '$v': "* ]] || fail "-b '$v': $stderr"
	done
	run ipcs -q
	refute_output --partial 0x00004323
}

@test "mqnew: bad -m values and OBJECT operands exit 64" {
	before=$(grep -c . /proc/sysvipc/msg)
	for v in '' 8 1000 rw 0x1ff; do
		run --separate-stderr mqnew -m "$v"
		assert_failure 64
		[[ $stderr == "mqnew: -m '$v': "* ]] || fail "-m '$v': $stderr"
	done
	for v in '' x id: id:x 0 0x1ffffffff /tmp/x:0; do
		run --separate-stderr mqnew -- "$v"
		assert_failure 64
		[[ $stderr == "mqnew: '$v': "* ]] || fail "'$v': $stderr"
	done
	assert_equal "$(grep -c . /proc/sysvipc/msg)" "$before"
}

@test "mqnew id:N of no queue exits 66; a PATH whose file is missing exits 66" {
	run --separate-stderr mqnew id:123456
	assert_failure 66
	assert_equal "$stderr" "mqnew: id:123456: no such queue"
	run --separate-stderr mqnew "$BATS_TEST_TMPDIR/none:3"
	assert_failure 66
	[[ $stderr == "mqnew: $BATS_TEST_TMPDIR/none:3: cannot make a key: "* ]]
}

@test "mqnew PATH:PROJ makes the key ftok(3) makes, as python3-sysv-ipc computes it" {
	f=$BATS_TEST_TMPDIR/app.lock
	: >"$f"
	q=$(newq "$f:7")
	want=$("${MQ_PEER[@]}" ftok "$f" 7)
	assert_equal "$(qkey "$q")" "$want"
	q2=$(newq "$f:q")
	assert_equal "$(qkey "$q2")" "$("${MQ_PEER[@]}" ftok "$f" 113)"
}

@test "mqnew: a queue it made is one python3-sysv-ipc and the textbook peer use" {
	q=$(newq -m 666 0x2468)
	"${MQ_PEER[@]}" send 0x2468 3 "from python"
	run textbook_mq recv 0x2468 3
	assert_success
	assert_output "3 from python"
	assert_equal "$(qnum "$q")" 0
}

@test "mqnew -h, -V, a bad option and an extra operand" {
	run --separate-stderr synopsis mqnew
	assert_success
	assert_output "usage: mqnew [-hVx] [-b qbytes | -M maxmsg -s msgsize] [-m mode] [object]"
	assert_equal "$stderr" ""
	run --separate-stderr mqnew -V
	assert_success
	assert_output --regexp '^mqnew \(ipctools\) [0-9.]+$'
	run --separate-stderr mqnew -q
	assert_failure 64
	assert_output ""
	assert_equal "${stderr##*$'\n'}" "usage: mqnew [-hVx] [-b qbytes | -M maxmsg -s msgsize] [-m mode] [object]"
	run --separate-stderr mqnew 0x1 0x2
	assert_failure 64
	assert_equal "$stderr" "mqnew: one object at most; '0x2' is one too many"
	run ipcs -q
	refute_output --partial 0x00000001
}

@test "bash completion of mqnew offers options, modes and live keys and ids" {
	q=$(newq 0xbeef)
	run mq_complete mqnew -
	assert_output "$(printf '%s\n' -b -h -M -m -s -V -x)"
	run mq_complete mqnew -m 064
	assert_output "0640"
	run mq_complete mqnew 0x0000be
	assert_output "0x0000beef"
	run mq_complete mqnew id:
	assert_line "$q"
	run mq_complete mqnew -b ''
	assert_line "4k"
}

@test "mqnew whose id cannot be written removes the new queue and exits 74" {
	run --separate-stderr sh -c 'mqnew >/dev/full'
	assert_failure 74
	[[ $stderr == "mqnew: standard output: id:"*" could not be written, so the new queue was removed: No space left on device" ]] || fail "$stderr"
	run --separate-stderr sh -c '(sleep 0.3; exec mqnew) | true'
	[ "$(tail -n +2 /proc/sysvipc/msg | wc -l)" -eq 0 ] || fail "$(cat /proc/sysvipc/msg)"
	run --separate-stderr bash -c '(sleep 0.3; exec mqnew) | true; exit ${PIPESTATUS[0]}'
	assert_failure 74
	[[ $stderr == *"so the new queue was removed: Broken pipe" ]] || fail "$stderr"
	[ "$(tail -n +2 /proc/sysvipc/msg | wc -l)" -eq 0 ] || fail "$(cat /proc/sysvipc/msg)"
}
