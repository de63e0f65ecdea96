#!/usr/bin/env bats
# mqls: list queues as a table, without header, or as JSON.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load mq
load ls

HEADER_RE='^ +key +id mode owner +qnum +cbytes +qbytes +lspid +lrpid$'

@test "mqls: a table with a header, one row a queue, as ipcs counts them" {
	q=$(newq -m 640 0x8001)
	mqsend "$q" abc de
	run --separate-stderr mqls
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 --regexp "$HEADER_RE"
	assert_line --regexp "^0x00008001 +${q#id:} 0640 root +2 +5 +16384 +[0-9]+ +0$"
	run ipcs -q
	assert_line --regexp "^0x00008001 +${q#id:} +root +640 +5 +2 *$"
}

@test "mqls -H: the same rows without the header, for awk" {
	q=$(newq 0x8002)
	run --separate-stderr mqls -H
	assert_success
	refute_line --regexp "$HEADER_RE"
	assert_line --regexp "^0x00008002 +${q#id:} 0600 root +0 +0 "
	assert_equal "$(mqls -H | awk -v id="${q#id:}" '$2 == id { print $5 }')" 0
}

@test "mqls -j: typed JSON that python parses, with every field" {
	q=$(newq -b 1000 0x8003)
	mqsend "$q" hello
	mqrecv -c 1 "$q" >/dev/null
	mqsend "$q" again
	run --separate-stderr mqls -j "$q"
	assert_success
	run /usr/bin/python3 -c 'import json, sys
rows = json.loads(sys.stdin.read())
assert isinstance(rows, list) and len(rows) == 1
r = rows[0]
assert r["key"] == "0x00008003", r
assert r["id"] == int(sys.argv[1]) and r["mode"] == 0o600
assert r["uid"] == 0 and r["owner"] == "root"
assert (r["qnum"], r["cbytes"], r["qbytes"]) == (1, 5, 1000), r
assert r["lspid"] > 0 and r["lrpid"] > 0
for t in ("stime", "rtime", "ctime"):
    assert isinstance(r[t], int) and r[t] > 1000000000, r
print("ok")' "${q#id:}" <<<"$output"
	assert_output ok
}

@test "mqls -j of no queue is an empty array" {
	for id in $(awk 'NR > 1 { print $2 }' /proc/sysvipc/msg); do
		skip "other queues exist (id $id): not a private namespace"
	done
	run --separate-stderr mqls -j
	assert_success
	assert_output "[]"
}

@test "mqls OBJECT...: the named rows; a missing one is 66 after the others" {
	a=$(newq 0x8004)
	b=$(newq 0x8005)
	run --separate-stderr mqls -H "$b" 0x8009 "$a"
	assert_failure 66
	assert_equal "$stderr" "mqls: 0x8009: no such queue"
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 --regexp "^0x00008005 +${b#id:} "
	assert_line --index 1 --regexp "^0x00008004 +${a#id:} "
}

@test "mqls lists a queue its user may not read (MSG_STAT_ANY)" {
	require_root
	q=$(newq 0x8006)
	run --separate-stderr as_nobody mqls -H
	assert_success
	assert_line --regexp "^0x00008006 +${q#id:} 0600 root "
	run --separate-stderr as_nobody mqls -H "$q" 0x8006
	assert_success
	assert_equal "${#lines[@]}" 2
}

@test "mqls and lsipc -q agree on what mqnew made" {
	q=$(newq -m 604 0x8007)
	mqsend "$q" x yz
	run lsipc -q -b -r --noheadings -o KEY,ID,PERMS,USEDBYTES,MSGS
	assert_line "0x00008007 ${q#id:} rw----r-- 3 2"
	assert_equal "$(mqls -H "$q" | awk '{ print $1, $2, $3, $6, $5 }')" "0x00008007 ${q#id:} 0604 3 2"
}

@test "mqls: -H with -j, a bad option or OBJECT exits 64" {
	run --separate-stderr mqls -H -j
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "mqls: -H and -j do not combine: a table without its header, or JSON
usage: mqls [-AhVX] [-H | -j] [-o list] [-p pid] [-u user] [object ...]
       mqls -g [-H | -j] [-o list]"
	run --separate-stderr mqls -j -H
	assert_failure 64
	run --separate-stderr mqls -- id:x
	assert_failure 64
	assert_equal "$stderr" "mqls: 'id:x': id:N takes a decimal number"
}

@test "mqls -h and -V" {
	run --separate-stderr synopsis mqls
	assert_success
	assert_output "usage: mqls [-AhVX] [-H | -j] [-o list] [-p pid] [-u user] [object ...]
       mqls -g [-H | -j] [-o list]"
	run --separate-stderr mqls -V
	assert_success
	assert_output --regexp '^mqls \(ipctools\) [0-9.]+$'
}

@test "bash completion of mqls offers its options and live queues" {
	newq 0x15a5 >/dev/null
	run mq_complete mqls -
	assert_output "$(printf '%s\n' -A -g -H -h -j -o -p -u -V -X)"
	run mq_complete mqls -j 0x000015
	assert_output "0x000015a5"
}

@test "mqls -j: perms beside mode; owner and creator apart, as ipcs -c and lsipc -c show them" {
	require_root
	maker_start msg 0x8010 0620 own 65534 65534
	run --separate-stderr mqls -j "$MAKER_ID"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(jq -c '.[0] | [.mode, .perms, .uid, .owner, .gid, .group, .cuid, .cuser, .cgid, .cgroup]' <<<"$output")" \
	    '[400,"0620",65534,"nobody",65534,"nogroup",0,"root",0,"root"]'
	run ipcs -q -c
	assert_line --regexp "^${MAKER_ID#id:} +620 +root +root +nobody +nogroup *$"
	# (lsipc 2.38 leaves PERMS of queues empty; the rest it has.)
	run lsipc -q -r --noheadings -o ID,CUID,CGID,UID,GID
	assert_line "${MAKER_ID#id:} 0 0 65534 65534"
	run --separate-stderr mqls -H -o id,perms,cuid,cgid,uid,gid,cuser,group "$MAKER_ID"
	assert_output --regexp "^ *${MAKER_ID#id:}  0620 +0 +0 65534 65534 root  nogroup$"
	maker_stop
}

@test "mqls -o chooses the columns; -o help names them in JSON's order" {
	q=$(newq 0x8011)
	mqsend "$q" abc
	run --separate-stderr mqls -o qnum,cbytes,key
	assert_success
	assert_output "qnum cbytes        key
   1      3 0x00008011"
	run --separate-stderr mqls -H -o +cuid
	assert_output --regexp "^0x00008011 .* +0$"
	assert_equal "$(ls_help_names mqls | paste -sd' ')" \
	    "$(mqls -j | jq -r '.[0] | keys_unsorted | join(" ")')"
	run --separate-stderr mqls -o help
	assert_line 'qbytes       the most bytes the queue holds (msg_qbytes) (default)'
	assert_line 'cgid         the creator'"'"'s group ID'
}

@test "mqls: bad -o lists, -o with -j, -g with an object: 64" {
	ls_bad_o mqls
	ls_bad_o mqls -g
	run --separate-stderr mqls -o rss
	assert_failure 64
	assert_equal "$stderr" "mqls: -o 'rss': no column 'rss'; the columns are object, key, id, mode, perms, uid, owner, gid, group, cuid, cuser, cgid, cgroup, qnum, cbytes, qbytes, lspid, lrpid, stime, rtime, ctime"
	run --separate-stderr mqls -o id -j
	assert_failure 64
	assert_equal "${stderr%%$'\n'*}" "mqls: -o and -j do not combine: -o chooses the table's columns, and JSON has every field"
	run --separate-stderr mqls -g -- id:1
	assert_failure 64
	assert_equal "${stderr%%$'\n'*}" "mqls: -g shows the system's limits: it takes no object"
}

@test "mqls -g: each limit with its use, as ipcs -l -u and lsipc -g say" {
	a=$(newq)
	b=$(newq)
	mqsend "$a" one two
	mqsend "$b" three
	run --separate-stderr mqls -g
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(tr -s ' ' <<<"$output")" "resource limit used description
msgmni $(cat /proc/sys/kernel/msgmni) 2 queues in the system
msgmax $(cat /proc/sys/kernel/msgmax) - bytes in one message
msgmnb $(cat /proc/sys/kernel/msgmnb) - bytes a new queue holds (its qbytes)
messages - 3 messages in all queues
bytes - 11 bytes in all queues"
	run ipcs -q -u
	assert_line "allocated queues = 2"
	assert_line "used headers = 3"
	assert_line "used space = 11 bytes"
	run lsipc -g -q -b -r --noheadings -o RESOURCE,LIMIT,USED
	assert_line "MSGMNI $(cat /proc/sys/kernel/msgmni) 2"
	assert_line "MSGMAX $(cat /proc/sys/kernel/msgmax) -"
	assert_line "MSGMNB $(cat /proc/sys/kernel/msgmnb) -"
	run --separate-stderr mqls -g -j
	assert_success
	assert_equal "$(jq -c 'map([.resource, .limit, .used])' <<<"$output")" \
	    "[[\"msgmni\",$(cat /proc/sys/kernel/msgmni),2],[\"msgmax\",$(cat /proc/sys/kernel/msgmax),null],[\"msgmnb\",$(cat /proc/sys/kernel/msgmnb),null],[\"messages\",null,3],[\"bytes\",null,11]]"
}

@test "mqls -g follows a limit raised in this namespace" {
	require_root
	old=$(cat /proc/sys/kernel/msgmnb)
	echo 65536 >/proc/sys/kernel/msgmnb
	run --separate-stderr mqls -g -H -o resource,limit
	echo "$old" >/proc/sys/kernel/msgmnb
	assert_success
	assert_line --regexp '^msgmnb +65536$'
}

@test "bash completion of mqls -o: its column names; after -g, the limits view's" {
	run mq_complete mqls -o ''
	assert_equal "$(sort <<<"$output")" "$( (ls_help_names mqls; echo help) | sort)"
	run mq_complete mqls -o qnum,q
	assert_output qnum,qbytes
	run mq_complete mqls -g -o used,
	assert_equal "$(sort <<<"$output")" "$(printf 'used,%s\n' description limit resource)"
}
