#!/usr/bin/env bats
# What every listing of shmls, mqls and semls promises alike: default
# tables of 80 columns whose rows stay in line, names shown safely (table)
# and losslessly (JSON, which is always UTF-8), "object" in every record,
# and -A, both families in one listing.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
bats_require_minimum_version 1.5.0
load helper
load term

LS=(shmls mqls semls)
# A name with a newline, an escape and a byte that is not UTF-8.
BAD=$'bad\n\e[7m\xff'

setup() {
	[ "${IPCTOOLS_MNTNS-}" = 1 ] || skip "no /dev/shm and /dev/mqueue of our own"
}

teardown() {
	term_end
	bg_cleanup
	ipc_cleanup
	rm -f /dev/shm/* /dev/mqueue/* 2>/dev/null || true
	return 0
}

# Typical objects of every kind: keyed and private, a few messages, sets
# of one and three, PostgreSQL's long POSIX names.
typical() {
	newseg -s 64k /tmp:1 >/dev/null
	newseg -s 1m >/dev/null
	newseg -s 149m >/dev/null
	q=$(newq /tmp:2)
	mqsend "$q" one two three
	newsem /tmp:3 >/dev/null
	newsem -n 3 -v 0 >/dev/null
	shmnew -s 1m posix:/PostgreSQL.2507591462 >/dev/null
	shmnew -s 4k posix:/a >/dev/null
	mqnew posix:/jobs.2507591462 >/dev/null
	mqsend posix:/jobs.2507591462 hello
	semnew posix:/PostgreSQL.lock >/dev/null
	semnew -v 0 posix:/b >/dev/null
}

# wide: the lines of standard input longer than 80 columns, numbered.
wide() {
	awk 'length($0) > 80 { print NR ": " length($0) ": " $0 }'
}

@test "every default table fits 80 columns: each ls, -X and -A, with and without -H, and -g" {
	typical
	local c v
	for c in "${LS[@]}"; do
		for v in "" -X -A -g; do
			run --separate-stderr "$c" $v
			assert_success
			assert_equal "$stderr" ""
			[ "${#lines[@]}" -ge 2 ] || fail "$c $v: ${lines[*]}"
			assert_equal "$(wide <<<"$output")" ""
			run --separate-stderr "$c" $v -H
			assert_equal "$(wide <<<"$output")" ""
		done
	done
}

@test "the tables on an 80-column terminal: no line wraps" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	typical
	term_bash shmls 80
	# clear leaves only what follows on the screen (30 lines).
	tm send-keys 'clear; shmls; shmls -X; semls; semls -X; echo end' Enter
	await '^end$'
	run screen
	assert_output "$(shmls; shmls -X; semls; semls -X)
end
\$"
	tm send-keys 'clear; mqls; mqls -X; shmls -A; semls -A; echo end' Enter
	await '^end$'
	run screen
	assert_output "$(mqls; mqls -X; shmls -A; semls -A)
end
\$"
}

@test "a POSIX name longer than 24 characters keeps its row in line" {
	shmnew -s 1m posix:/PostgreSQL.2507591462 >/dev/null
	shmnew posix:/a >/dev/null
	semnew posix:/PostgreSQL.2507591462 >/dev/null
	semnew posix:/a >/dev/null
	mqnew posix:/PostgreSQL.2507591462 >/dev/null
	mqnew posix:/a >/dev/null
	local c
	for c in "${LS[@]}"; do
		run --separate-stderr "$c" -X
		assert_success
		assert_equal "${#lines[@]}" 3
		# "mode" and each row's mode start in the same column.
		assert_equal "$(awk 'NR == 1 { print index($0, " mode ") }
		    NR > 1 { print index($0, " 0600 ") }' <<<"$output" | sort -u)" 29
	done
}

@test "a name with a newline, an escape and a non-UTF-8 byte: escaped in the table, exact in the JSON" {
	# Another program's names: the ls commands never make such a name.
	printf x >"/dev/shm/$BAD"
	: >"/dev/mqueue/$BAD"
	semnew posix:/t >/dev/null
	mv /dev/shm/sem.t "/dev/shm/sem.$BAD"
	local c b64
	b64=$(printf 'posix:/%s' "$BAD" | base64 -w0)
	for c in "${LS[@]}"; do
		run --separate-stderr "$c" -X
		assert_success
		assert_equal "$stderr" ""
		assert_equal "${#lines[@]}" 2
		assert_line --index 1 --regexp '^posix:/bad\\n\\033\[7m\\377 '
		run --separate-stderr "$c" -X -j
		assert_success
		# Strict UTF-8, strict JSON; the bytes back through os.fsencode.
		run /usr/bin/python3 -c '
import json, os, sys
rows = json.loads(sys.stdin.buffer.read().decode("utf-8"))
want = b"posix:/" + os.fsencode(sys.argv[1])
for r in rows:
    assert os.fsencode(r["object"]) == want, r
    assert os.fsencode(r["name"]) == want, r
print(len(rows), r["object_base64"])' "$BAD" <<<"$output"
		assert_success
		assert_output "1 $b64"
		# jq makes the lone surrogate U+FFFD; object_base64 is exact.
		run bash -c "$c -X -j | jq -r '.[].object_base64' | base64 -d |
		    xargs -0 $c -H -o name"
		assert_success
		assert_output --regexp '^posix:/bad\\n\\033\[7m\\377$'
	done
	# Passed back to the tools, the bytes name the object.
	run /usr/bin/python3 -c '
import json, subprocess, sys
for c in ("shm", "mq", "sem"):
    rows = json.loads(subprocess.run([c + "ls", "-X", "-j"],
        capture_output=True, check=True).stdout)
    subprocess.run([c + "rm", rows[0]["object"]], check=True)
print("removed")'
	assert_output removed
	run ls -A /dev/shm /dev/mqueue
	assert_output "/dev/mqueue:

/dev/shm:"
}

@test "the rm commands show such a name escaped too: one line an object, in -n's lines and in messages" {
	printf x >"/dev/shm/$BAD"
	: >"/dev/mqueue/$BAD"
	semnew posix:/t >/dev/null
	mv /dev/shm/sem.t "/dev/shm/sem.$BAD"
	local c noun
	for c in shmrm mqrm semrm; do
		case $c in
		shmrm) noun=segment ;;
		mqrm) noun=queue ;;
		semrm) noun=semaphore ;;
		esac
		run --separate-stderr "$c" -a -X -n
		assert_success
		assert_equal "$stderr" ""
		assert_equal "${#lines[@]}" 1
		assert_output 'posix:/bad\n\033[7m\377'
		run --separate-stderr "$c" -n "posix:/$BAD"
		assert_success
		assert_output 'posix:/bad\n\033[7m\377'
		# A warning names it so as well.
		run --separate-stderr "$c" -n "posix:/${BAD}x"
		assert_failure 66
		assert_output ""
		assert_equal "$stderr" "$c: posix:/bad\\n\\033[7m\\377x: no such POSIX $noun"
		run --separate-stderr "$c" "posix:/$BAD" "posix:/${BAD}x"
		assert_failure 66
		assert_equal "$stderr" "$c: posix:/bad\\n\\033[7m\\377x: no such POSIX $noun"
	done
	# A backslash is escaped as well, but shmnew's line is the operand.
	run --separate-stderr shmnew -s 1 'posix:/back\slash'
	assert_output 'posix:/back\slash'
	run --separate-stderr shmrm -n 'posix:/back\slash'
	assert_output 'posix:/back\\slash'
	shmrm 'posix:/back\slash'
	run ls -A /dev/shm /dev/mqueue
	assert_output "/dev/mqueue:

/dev/shm:"
}

made_2424() {
	[ "$(shmls -H -o key 2>/dev/null)" = 0x00002424 ]
}

@test "shmls -j: a creator named with such bytes gives UTF-8 JSON; the table escapes it" {
	require_root
	# A creator whose comm is "mk\xff\e\n": prctl(PR_SET_NAME), then shmget.
	bg_start /usr/bin/python3 -c '
import ctypes, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
libc.prctl(15, b"mk\xff\x1b\n", 0, 0, 0)
if libc.shmget(0x2424, 4096, 0o1600) == -1:
    sys.exit(os.strerror(ctypes.get_errno()))
print("made", flush=True)
time.sleep(60)'
	wait_until made_2424
	id=$(shmls -H -o object)
	track "shm:$id"
	run --separate-stderr shmls -j
	assert_success
	run /usr/bin/python3 -c '
import json, os, sys
r = json.loads(sys.stdin.buffer.read().decode("utf-8"))[0]
print(os.fsencode(r["command"]), r["object"])' <<<"$output"
	assert_output "b'mk\\xff\\x1b\\n' $id"
	run --separate-stderr shmls -H -o key,command
	assert_output '0x00002424 mk\377\033\n'
}

@test "every JSON record carries \"object\", which the rm commands take back" {
	newseg -s 4k >/dev/null
	newseg -s 4k /tmp:7 >/dev/null
	shmnew posix:/x >/dev/null
	newq >/dev/null
	mqnew posix:/x >/dev/null
	newsem >/dev/null
	semnew posix:/x >/dev/null
	local c
	for c in "${LS[@]}"; do
		run --separate-stderr "$c" -j
		assert_equal "$(jq -r '.[].object | test("^id:[0-9]+$")' <<<"$output" | sort -u)" true
		run --separate-stderr "$c" -X -j
		assert_equal "$(jq -r '.[].object' <<<"$output")" posix:/x
		run --separate-stderr "$c" -A -j
		assert_equal "$(jq -r '.[0] | keys_unsorted[0]' <<<"$output")" object
	done
	run bash -c 'shmls -A -j | jq -r ".[].object" | xargs shmrm &&
	    mqls -A -j | jq -r ".[].object" | xargs mqrm &&
	    semls -A -j | jq -r ".[].object" | xargs semrm'
	assert_success
	for c in "${LS[@]}"; do
		run --separate-stderr "$c" -A -j
		assert_output "[]"
	done
}

@test "-A: both families in one table and one JSON array, each record its family's own" {
	s=$(newseg -s 64k)
	shmnew -s 1m posix:/PostgreSQL.2507591462 >/dev/null
	run --separate-stderr shmls -A
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 --regexp '^object +mode owner +size nattch nproc$'
	assert_line --index 1 --regexp "^$s +0600 root +65536 +0 +0 *\$"
	assert_line --index 2 --regexp '^posix:/PostgreSQL.2507591462 0600 root +1048576 +- +0$'
	assert_equal "${#lines[@]}" 3
	run --separate-stderr shmls -A -j
	assert_equal "$(jq -c 'map([.object, .size, .key != null, .name])' <<<"$output")" \
	    "[[\"$s\",65536,true,null],[\"posix:/PostgreSQL.2507591462\",1048576,false,\"posix:/PostgreSQL.2507591462\"]]"
	# Each record has every field of its own listing.
	assert_equal "$(jq -c '.[0] | keys_unsorted' <<<"$output")" \
	    "$(shmls -j | jq -c '.[0] | keys_unsorted')"
	assert_equal "$(jq -c '.[1] | keys_unsorted' <<<"$output")" \
	    "$(shmls -X -j | jq -c '.[0] | keys_unsorted')"
	# Operands of both kinds, System V's first; -o from the view.
	run --separate-stderr shmls -A -H -o object,size posix:/PostgreSQL.2507591462 "$s"
	assert_success
	assert_output "$(printf '%-28s %7s\n%s %7s' "$s" 65536 posix:/PostgreSQL.2507591462 1048576)"
	run --separate-stderr shmls -A -o +cpid,mtime
	assert_line --index 0 --regexp ' nproc +cpid +mtime$'
	# The queues' and semaphores' counts under one name.
	q=$(newq)
	mqsend "$q" abc
	mqnew posix:/q >/dev/null
	mqsend posix:/q hello
	run --separate-stderr mqls -A -H -o object,msgs,bytes
	w=$(( ${#q} > 8 ? ${#q} : 8 ))
	assert_output "$(printf "%-${w}s %4s %5s\n%-${w}s %4s %5s" "$q" 1 3 posix:/q 1 5)"
	t=$(newsem -n 3 -v 2)
	semnew -v 0 posix:/l >/dev/null
	run --separate-stderr semls -A -H -o object,values
	w=$(( ${#t} > 8 ? ${#t} : 8 ))
	assert_output "$(printf "%-${w}s %6s\n%-${w}s %6s" "$t" 2,2,2 posix:/l 0)"
}

@test "-A with -X or -g, a bad -A -o: usage errors" {
	run --separate-stderr shmls -A -X
	assert_failure 64
	assert_equal "${stderr%%$'\n'*}" "shmls: -A lists both families; -X, only POSIX objects"
	run --separate-stderr semls -A -g
	assert_failure 64
	assert_equal "${stderr%%$'\n'*}" "semls: -A lists objects; -g, the System V limits"
	run --separate-stderr mqls -A -o key
	assert_failure 64
	assert_equal "$stderr" "mqls: -o 'key': no column 'key'; the columns are object, mode, perms, uid, owner, gid, group, msgs, bytes, qbytes, maxmsg, msgsize, lspid, lrpid, ctime, mtime, nproc"
	run --separate-stderr shmls id:0 posix:/a
	assert_failure 64
	assert_equal "$stderr" "shmls: POSIX and System V objects have different columns: list them together with shmls -A"
}

@test "semls: a set's values in one column, cut with ',...' past 16 characters in the default table" {
	a=$(newsem -v 1)
	b=$(newsem -n 3 -v 0)
	c=$(newsem -n 12 -v 7)
	semop "$b" 1:+2
	run --separate-stderr semls -H -o id,nsems,values
	assert_success
	assert_line --index 0 --regexp "^ *${a#id:} +1 +1\$"
	assert_line --index 1 --regexp "^ *${b#id:} +3 +0,2,0\$"
	# Chosen with -o (and -H), the list is whole; the default table cuts.
	assert_line --index 2 --regexp "^ *${c#id:} +12 7(,7){11}\$"
	run --separate-stderr semls "$c"
	assert_line --index 1 --regexp " 7,7,7,7,7,7,\\.\\.\\. "
	run --separate-stderr semls -j "$c"
	assert_equal "$(jq -c '.[0].values' <<<"$output")" '[7,7,7,7,7,7,7,7,7,7,7,7]'
}

@test "semls: values that nobody may read are '-', null in JSON" {
	require_root
	a=$(newsem -v 1)
	run --separate-stderr as_nobody semls -H -o id,values "$a"
	assert_output --regexp "^ *${a#id:} +-\$"
	run --separate-stderr as_nobody semls -j "$a"
	assert_equal "$(jq -c '.[0].values' <<<"$output")" null
}
