#!/usr/bin/env bats
# shmls: list segments as a table, bare (-H) or JSON (-j).

# $stderr is set by run --separate-stderr.
# shellcheck disable=SC2154
load helper
load shm
load ls

teardown() {
	bg_cleanup
	shm_teardown
}

# The default columns; each is as wide as its header or widest cell.
columns='key id mode owner size nattch cpid lpid removed'
header="^ *${columns// / +}\$"

@test "shmls prints a header and a row per segment" {
	a=$(newseg -s 64k -m 640 0x1234)
	b=$(newseg)
	run --separate-stderr shmls
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 --regexp "$header"
	assert_line --index 1 --regexp "^0x00001234 +${a#id:} 0640 root +65536 +0 +[0-9]+ +0 +no$"
	assert_line --index 2 --regexp "^0x00000000 +${b#id:} 0600 root +4096 +0 "
	assert_equal "${#lines[@]}" 3
}

@test "shmls -H leaves the header out, for awk" {
	a=$(newseg -s 100)
	run --separate-stderr shmls -H
	assert_success
	assert_equal "${#lines[@]}" 1
	assert_equal "$(shmls -H | awk '{ print $2, $5 }')" "${a#id:} 100"
}

@test "shmls -j prints typed JSON" {
	a=$(newseg -s 8k -m 644 0x1234)
	printf x | shmput "$a"
	run --separate-stderr shmls -j
	assert_success
	assert_equal "$stderr" ""
	run /usr/bin/python3 -c '
import json, sys, time
rows = json.loads(sys.stdin.read())
assert isinstance(rows, list) and len(rows) == 1, rows
r = rows[0]
assert r["key"] == "0x00001234", r
assert r["id"] == int(sys.argv[1]), r
assert r["mode"] == 0o644 and r["uid"] == 0 and r["owner"] == "root", r
assert r["size"] == 8192 and r["nattch"] == 0, r
assert r["cpid"] > 0 and r["lpid"] > 0, r
for t in ("atime", "dtime", "ctime"):
    assert isinstance(r[t], int) and abs(r[t] - time.time()) < 600, r
assert r["removed"] is False, r
print("ok")' "${a#id:}" <<<"$output"
	assert_success
	assert_output ok
}

@test "shmls -j with nothing to list is an empty array" {
	run --separate-stderr shmls -j
	assert_success
	assert_output "[]"
	run /usr/bin/python3 -c 'import json, sys; assert json.load(sys.stdin) == []' <<<"$output"
	assert_success
}

@test "shmls lists what ipcmk -M made, with its size and mode" {
	run ipcmk -M 12345 -p 0604
	assert_success
	id=${output##*: }
	track "shm:id:$id"
	run --separate-stderr shmls -H
	assert_success
	assert_output --regexp "^0x[0-9a-f]{8} +$id 0604 root +12345 +0 "
	key=$(ipcs -m | awk -v id="$id" '$2 == id { print $1 }')
	run --separate-stderr shmls -H "$key"
	assert_output --regexp "^$key +$id 0604 "
}

@test "shmls OBJECT lists the named ones; a missing one is 66 after the others" {
	a=$(newseg 0x1234)
	b=$(newseg)
	c=$(newseg)
	run --separate-stderr shmls -H "$c" 0x1234
	assert_success
	assert_line --index 0 --regexp "^0x00000000 +${c#id:} "
	assert_line --index 1 --regexp "^0x00001234 +${a#id:} "
	assert_equal "${#lines[@]}" 2
	run --separate-stderr shmls -H 0x4321 "$b"
	assert_failure 66
	assert_output --regexp "^0x00000000 +${b#id:} "
	assert_equal "$stderr" "shmls: 0x4321: no such segment"
	run --separate-stderr shmls -j "$b" id:99999
	assert_failure 66
	assert_equal "$stderr" "shmls: id:99999: no such segment"
	run /usr/bin/python3 -c 'import json, sys; print(len(json.load(sys.stdin)))' <<<"$output"
	assert_output 1
}

@test "shmls shows the removed mark of an attached segment after shmrm" {
	seg=$(newseg)
	shm_hold "$seg"
	run shmls -H "$seg"
	assert_output --regexp " 1 +[0-9]+ +[0-9]+ .* no$"
	shmrm "$seg"
	run --separate-stderr shmls -H "$seg"
	assert_success
	assert_output --regexp "^0x00000000 +${seg#id:} .* yes$"
	run shmls -j "$seg"
	assert_output --partial '"removed": true'
	shm_release
}

@test "nobody sees root's 0600 segment in the list and by id" {
	require_root
	seg=$(newseg -s 4k)
	run --separate-stderr as_nobody shmls -H
	assert_success
	assert_output --regexp "^0x00000000 +${seg#id:} 0600 root +4096 "
	run --separate-stderr as_nobody shmls -H "$seg"
	assert_success
	assert_output --regexp "^0x00000000 +${seg#id:} 0600 root +4096 "
}

@test "shmls refuses bad objects, -H with -j, and bad options with 64" {
	for v in "${SHM_BAD_OBJECTS[@]}"; do
		run --separate-stderr shmls "$v"
		assert_failure 64
		assert_output ""
		[[ $stderr == "shmls: '$v': "* ]] || fail "'$v': $stderr"
	done
	run --separate-stderr shmls -H -j
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "shmls: -H and -j do not combine: a table without its header, or JSON
usage: shmls [-AhVX] [-H | -j] [-o list] [-p pid] [-u user] [object ...]
       shmls -g [-H | -j] [-o list]"
	# A hex id is not out of range: it is not a number id:N takes.
	run --separate-stderr shmls id:0x0
	assert_failure 64
	assert_equal "$stderr" "shmls: 'id:0x0': id:N takes a decimal number"
	run --separate-stderr shmls -jH
	assert_failure 64
	run --separate-stderr shmls -q
	assert_failure 64
	assert_equal "${stderr#*shmls: }" "invalid option -- 'q'
usage: shmls [-AhVX] [-H | -j] [-o list] [-p pid] [-u user] [object ...]
       shmls -g [-H | -j] [-o list]"
}

@test "shmls with a failing standard output exits 74" {
	newseg >/dev/null
	run --separate-stderr bash -c 'shmls >/dev/full' 
	assert_failure 74
	assert_equal "$stderr" "shmls: standard output: No space left on device"
}

@test "shmls -h and -V" {
	run --separate-stderr synopsis shmls
	assert_success
	assert_output "usage: shmls [-AhVX] [-H | -j] [-o list] [-p pid] [-u user] [object ...]
       shmls -g [-H | -j] [-o list]"
	run --separate-stderr shmls -V
	assert_success
	assert_output --regexp '^shmls \(ipctools\) [0-9.]+$'
}

@test "bash completion of shmls offers options and live segments" {
	newseg -- -559038737 >/dev/null
	run shm_complete shmls -
	assert_output "$(printf '%s\n' -A -g -H -h -j -o -p -u -V -X)"
	run shm_complete shmls -j 0xdead
	assert_output 0xdeadbeef
}

@test "shmls -j: perms beside mode, owner and creator apart, cuid/cgid as ipcs -c shows them" {
	require_root
	maker_start shm 0x1235 0604 own 65534 65534
	run --separate-stderr shmls -j "$MAKER_ID"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(jq -c '.[0] | [.mode, .perms, .uid, .owner, .gid, .group, .cuid, .cuser, .cgid, .cgroup]' <<<"$output")" \
	    '[388,"0604",65534,"nobody",65534,"nogroup",0,"root",0,"root"]'
	# ipcs -c: shmid perms cuid cgid uid gid, by name.
	run ipcs -m -c
	assert_line --regexp "^${MAKER_ID#id:} +604 +root +root +nobody +nogroup *$"
	run lsipc -m -r --noheadings -o ID,PERMS,CUID,CGID,UID,GID -P
	assert_line "${MAKER_ID#id:} 0604 0 0 65534 65534"
	run --separate-stderr shmls -H -o id,perms,cuid,cgid,uid,gid "$MAKER_ID"
	assert_output --regexp "^ *${MAKER_ID#id:}  0604 +0 +0 65534 65534$"
	run --separate-stderr shmls -H -o cuser,cgroup,owner,group "$MAKER_ID"
	assert_output "root  root   nobody nogroup"
	maker_stop
}

@test "shmls: the creator's command while it runs, its pid as lsipc and ipcs -p show, null once gone" {
	maker_start shm 0x1236 0600
	run --separate-stderr shmls -j "$MAKER_ID"
	assert_success
	assert_equal "$(jq -c '.[0] | [.cpid, .command, .nattch, .locked, .removed]' <<<"$output")" \
	    "[$MAKER_PID,\"ipc_maker\",1,false,false]"
	run --separate-stderr shmls -H -o cpid,command "$MAKER_ID"
	assert_output --regexp "^ *$MAKER_PID ipc_maker$"
	run lsipc -m -r --noheadings -o ID,CPID,COMMAND
	assert_line --regexp "^${MAKER_ID#id:} $MAKER_PID .*ipc_maker\\\\x20shm\\\\x200x1236\\\\x200600$"
	run ipcs -m -p
	assert_line --regexp "^${MAKER_ID#id:} +root +$MAKER_PID +$MAKER_PID *$"
	maker_stop
	run --separate-stderr shmls -j "$MAKER_ID"
	assert_equal "$(jq -c '.[0] | [.cpid, .command, .nattch]' <<<"$output")" \
	    "[$MAKER_PID,null,0]"
	run --separate-stderr shmls -H -o command,nattch "$MAKER_ID"
	assert_output --regexp '^- +0$'
}

@test "shmls: a pid reused by a later process is not the creator: command null" {
	require_root
	unshare --pid --fork --mount-proc true 2>/dev/null ||
	    skip "no pid namespace here"
	run unshare --pid --fork --mount-proc bash -c '
		seg=$(shmnew) || exit 1
		pid=$(shmls -H -o cpid "$seg") || exit 1
		# The clock must pass the second after ctime and the next.
		sleep 2.1
		echo $((pid - 1)) >/proc/sys/kernel/ns_last_pid
		sh -c "shmls -H -o cpid,command $seg; echo \$\$"
		shmrm "$seg"'
	assert_success
	# The reused pid runs sh, not shmnew; listing it would mislead.
	assert_equal "${lines[0]// /}" "${lines[1]}-"
	assert_equal "${#lines[@]}" 2
}

# clock_past T: the clock is past second T.
clock_past() {
	[ "$(date +%s)" -gt "$1" ]
}

@test "shmls: after an IPC_SET the creator is not known: command null, even while it runs" {
	maker_start shm 0x1240 0600
	run --separate-stderr shmls -H -o command "$MAKER_ID"
	assert_output ipc_maker
	# A mode change after the last attach moves ctime past it.
	atime=$(shmls -j "$MAKER_ID" | jq '.[0].atime')
	wait_until clock_past "$atime"
	shm_holders mode "$MAKER_ID" 640
	run --separate-stderr shmls -j "$MAKER_ID"
	assert_success
	assert_equal "$(jq -c '.[0] | [.cpid, .command, .mode]' <<<"$output")" \
	    "[$MAKER_PID,null,416]"
	maker_stop
	# An owner that is not the creator says an IPC_SET too.
	maker_start shm 0x1241 0600 own 65534 65534
	run --separate-stderr shmls -H -o cpid,command "$MAKER_ID"
	assert_output --regexp "^ *$MAKER_PID -$"
	maker_stop
}

@test "shmls: a process that took the creator's pid before an IPC_SET is never named" {
	require_root
	unshare --pid --fork --mount-proc true 2>/dev/null ||
	    skip "no pid namespace here"
	# Each segment's pid goes to a sleep started 2.1 s after the making
	# (the rounding's window), then an IPC_SET moves ctime past that
	# start: an owner change, or a mode change after an attach.
	run unshare --pid --fork --mount-proc bash -c '
		reuse() {
			sleep 2.1
			echo $(($1 - 1)) >/proc/sys/kernel/ns_last_pid
			sleep 60 &
			[ "$!" -eq "$1" ] || exit 3
		}
		a=$(shmnew) && b=$(shmnew) || exit 1
		pa=$(shmls -H -o cpid "$a" | tr -d " ") &&
		    pb=$(shmls -H -o cpid "$b" | tr -d " ") || exit 1
		printf x | shmput "$b" || exit 1
		reuse "$pa"
		reuse "$pb"
		shm_holders own "$a" 65534 && shm_holders mode "$b" 644 || exit 1
		shmls -H -o cpid,command "$a" "$b"
		ps -o comm= -p "$pa,$pb"
		shmrm "$a" "$b"'
	assert_success
	assert_equal "$(echo "${lines[0]}" | awk '{ print $2 }')" -
	assert_equal "$(echo "${lines[1]}" | awk '{ print $2 }')" -
	assert_equal "${lines[2]}" sleep
	assert_equal "${lines[3]}" sleep
}

@test "shmls: nproc, pids, -p and -u agree with /proc over segments several users hold" {
	require_root
	a=$(newseg -m 666)
	b=$(as_nobody shmnew -m 666)
	track "shm:$b"
	c=$(newseg -m 666)
	bg_start shm_holders attach "$a" "$b" </dev/null >"$BATS_TEST_TMPDIR/r1"
	p1=$BG_PID
	bg_start setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    shm_holders attach "$a" "$b" </dev/null \
	    >"$BATS_TEST_TMPDIR/r2"
	p2=$BG_PID
	bg_start setpriv --reuid=daemon --regid=daemon --clear-groups \
	    shm_holders attach "$a" </dev/null >"$BATS_TEST_TMPDIR/r3"
	p3=$BG_PID
	wait_file "$BATS_TEST_TMPDIR/r1"
	wait_file "$BATS_TEST_TMPDIR/r2"
	wait_file "$BATS_TEST_TMPDIR/r3"
	# What /proc says: the processes whose maps hold /SYSV with the shmid.
	procpids() {
		grep -lE "^[^ ]+ [^ ]+ [^ ]+ [^ ]+ $1 +/SYSV[0-9a-f]{8} \(deleted\)$" \
		    /proc/[0-9]*/maps 2>/dev/null | cut -d/ -f3 | sort -n |
		    paste -sd, -
	}
	for s in "$a" "$b" "$c"; do
		run --separate-stderr shmls -j "$s"
		assert_success
		assert_equal "$(jq -r '.[0] | [.nproc, (.pids | join(","))] | @tsv' <<<"$output")" \
		    "$(printf '%s\t%s' "$(procpids "${s#id:}" | tr , '\n' | grep -c .)" "$(procpids "${s#id:}")")"
	done
	run --separate-stderr shmls -H -o nproc,pids "$a"
	assert_output --regexp "^ *3 [0-9]+,[0-9]+,[0-9]+$"
	assert_equal "$(shmls -j "$a" | jq -c '.[0].pids | sort')" \
	    "$(printf '%s\n' "$p1" "$p2" "$p3" | sort -n | jq -sc .)"
	assert_equal "$(shmls -j "$c" | jq -c '.[0] | [.nproc, .pids]')" '[0,[]]'
	run --separate-stderr shmls -H -o id -p "$p3"
	assert_success
	assert_output --regexp "^ *${a#id:}$"
	run --separate-stderr shmls -H -o id -p "$p2"
	assert_equal "$(tr -d ' ' <<<"$output" | sort -n | paste -sd, -)" \
	    "$(printf '%s\n' "${a#id:}" "${b#id:}" | sort -n | paste -sd, -)"
	run --separate-stderr shmls -H -o id -u nobody
	assert_output --regexp "^ *${b#id:}$"
	run --separate-stderr shmls -H -o id -u 65534
	assert_output --regexp "^ *${b#id:}$"
	run --separate-stderr shmls -H -o id -u daemon
	assert_output ""
	# -u and -p together: both must hold.
	run --separate-stderr shmls -H -o id -u root -p "$p2"
	assert_output --regexp "^ *${a#id:}$"
	# Our own shell maps none.
	run --separate-stderr shmls -H -p "$$"
	assert_success
	assert_output ""
}

@test "shmls: a segment 600 processes map: JSON has every pid; a table cuts the list at 2 KiB with ',...', never silently" {
	need shm_holders
	a=$(newseg)
	many_holders 600 "$a"
	assert_pids_all shmls "$a"
	assert_pids_cut shmls -H -o pids "$a"
}

@test "shmls: SHM_LOCK shows as locked; lsipc's STATUS agrees" {
	require_root
	maker_start shm 0x1237 0600 lock
	run --separate-stderr shmls -j "$MAKER_ID"
	assert_success
	assert_equal "$(jq -c '.[0] | [.locked, .removed]' <<<"$output")" '[true,false]'
	run --separate-stderr shmls -H -o id,locked,removed "$MAKER_ID"
	assert_output --regexp "^ *${MAKER_ID#id:} +yes +no$"
	run lsipc -m -r --noheadings -o ID,STATUS
	assert_line "${MAKER_ID#id:} locked"
	maker_stop
}

@test "shmls: SHM_DEST after IPC_RMID while attached; lsipc says dest" {
	maker_start shm 0x1238 0600
	shmrm "$MAKER_ID"
	run --separate-stderr shmls -j "$MAKER_ID"
	assert_success
	assert_equal "$(jq -c '.[0] | [.key, .removed, .locked, .nattch, .command]' <<<"$output")" \
	    '["0x00000000",true,false,1,"ipc_maker"]'
	run lsipc -m -r --noheadings -o ID,STATUS
	assert_line "${MAKER_ID#id:} dest"
	maker_stop
	run --separate-stderr shmls "$MAKER_ID"
	assert_failure 66
}

@test "shmls: rss and swap in bytes, as /proc/sysvipc/shm has them" {
	maker_start shm 0x1239 0600
	a=$(newseg -s 1m)
	printf x | shmput "$a"
	run --separate-stderr shmls -j
	assert_success
	got=$(jq -r '.[] | "\(.id) \(.rss) \(.swap)"' <<<"$output" | sort)
	want=$(awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    { print $c["shmid"], $c["rss"], $c["swap"] }' /proc/sysvipc/shm | sort)
	assert_equal "$got" "$want"
	assert_equal "$(jq ".[] | select(.id == ${MAKER_ID#id:}) | .rss" <<<"$output")" 4096
	run --separate-stderr shmls -H -o rss,swap "$a"
	assert_output --regexp '^ *[1-9][0-9]* +0$'
	maker_stop
}

@test "shmls -o chooses the table's columns, in its order; + adds to the default" {
	a=$(newseg -s 100 -m 640 0x123a)
	run --separate-stderr shmls -o size,ID,perms,key
	assert_success
	assert_equal "$stderr" ""
	w=$(( ${#a} - 3 > 2 ? ${#a} - 3 : 2 ))
	assert_line --index 0 "size $(printf "%${w}s" id) perms        key"
	assert_line --index 1 " 100 $(printf "%${w}s" "${a#id:}")  0640 0x0000123a"
	assert_equal "${#lines[@]}" 2
	run --separate-stderr shmls -o +perms
	assert_line --index 0 --regexp "${header%?} perms\$"
	run --separate-stderr shmls -H -o key,size -o id
	assert_output "${a#id:}"
	# Every column by name, the last one unpadded.
	run --separate-stderr shmls -o "$(ls_help_names shmls | paste -sd,)"
	assert_success
	assert_line --index 0 --regexp ' cgroup +size nattch .* swap command +nproc pids$'
	assert_line --index 1 --regexp ' root +100 +0 .* no +0 +0 - +0 -$'
}

@test "shmls -o help lists every column, in JSON's order, the default ones marked" {
	newseg >/dev/null
	run --separate-stderr shmls -o help
	assert_success
	assert_line --index 0 'object       the OBJECT operand that names it: id:N'
	assert_line --index 1 'key          the key, as 0x%08x (default)'
	assert_line 'command      the creator'"'"'s command, while it runs'
	assert_equal "$(ls_help_names shmls | paste -sd' ')" \
	    "$(shmls -j | jq -r '.[0] | keys_unsorted | join(" ")')"
	assert_equal "$(shmls -o help | awk '/\(default\)$/ { print $1 }' | paste -sd' ')" \
	    "$columns"
}

@test "shmls: bad -o lists, -o with -j, -g with an object: 64" {
	ls_bad_o shmls
	ls_bad_o shmls -g
	run --separate-stderr shmls -o nope
	assert_equal "$stderr" "shmls: -o 'nope': no column 'nope'; the columns are object, key, id, mode, perms, uid, owner, gid, group, cuid, cuser, cgid, cgroup, size, nattch, cpid, lpid, atime, dtime, ctime, removed, locked, rss, swap, command, nproc, pids"
	run --separate-stderr shmls -g -o size
	assert_failure 64
	assert_equal "$stderr" "shmls: -o 'size': no column 'size'; the columns are resource, limit, used, description"
	run --separate-stderr shmls -j -o id
	assert_failure 64
	assert_output ""
	assert_equal "$stderr" "shmls: -o and -j do not combine: -o chooses the table's columns, and JSON has every field
usage: shmls [-AhVX] [-H | -j] [-o list] [-p pid] [-u user] [object ...]
       shmls -g [-H | -j] [-o list]"
	run --separate-stderr shmls -g 0x1234
	assert_failure 64
	assert_output ""
	assert_equal "$(head -1 <<<"$stderr")" "shmls: -g shows the system's limits: it takes no object"
	run --separate-stderr shmls -o
	assert_failure 64
	assert_equal "${stderr%%$'\n'*}" "shmls: option requires an argument -- 'o'"
}

@test "shmls -g: each limit from the kernel with its use, as ipcs -l -u and lsipc -g say" {
	a=$(newseg -s 8k)
	b=$(newseg -s 4k)
	printf x | shmput "$a"
	run --separate-stderr shmls -g
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 --regexp '^resource +limit +used description$'
	assert_line --index 1 --regexp "^shmmni +$(cat /proc/sys/kernel/shmmni) +2 segments in the system$"
	assert_line --index 2 --regexp "^shmall +$(cat /proc/sys/kernel/shmall) +3 pages in all segments$"
	assert_line --index 3 --regexp "^shmmax +$(cat /proc/sys/kernel/shmmax) +- bytes in one segment, at most$"
	assert_line --index 4 --regexp '^shmmin +1 +- bytes in one segment, at least$'
	assert_line --index 5 --regexp '^rss +- +[0-9]+ pages resident in memory$'
	assert_line --index 6 --regexp '^swap +- +[0-9]+ pages swapped out$'
	assert_equal "${#lines[@]}" 7
	run --separate-stderr shmls -g -j
	assert_success
	json=$output
	assert_equal "$(jq -c 'map(.resource)' <<<"$json")" '["shmmni","shmall","shmmax","shmmin","rss","swap"]'
	# jq reads numbers as doubles; python keeps all 64 bits.
	run /usr/bin/python3 -c 'import json, sys
print(json.dumps([[r["limit"], r["used"]] for r in json.load(sys.stdin)]))' <<<"$json"
	assert_output "[[$(cat /proc/sys/kernel/shmmni), 2], [$(cat /proc/sys/kernel/shmall), 3], [$(cat /proc/sys/kernel/shmmax), null], [1, null], [null, $(jq '.[4].used' <<<"$json")], [null, $(jq '.[5].used' <<<"$json")]]"
	assert_equal "$(jq -c '.[4:] | map(.limit)' <<<"$json")" '[null,null]'
	# ipcs -u counts the same pages; ipcs -l and lsipc -g the same limits.
	run ipcs -m -u
	assert_line "segments allocated 2"
	assert_line "pages allocated 3"
	assert_line "pages resident  $(jq '.[4].used' <<<"$json")"
	assert_line "pages swapped   $(jq '.[5].used' <<<"$json")"
	run lsipc -g -m -b -r --noheadings -o RESOURCE,LIMIT,USED
	assert_line "SHMMNI $(cat /proc/sys/kernel/shmmni) 2"
	assert_line "SHMALL $(cat /proc/sys/kernel/shmall) 3"
	assert_line "SHMMAX $(cat /proc/sys/kernel/shmmax) -"
	assert_line "SHMMIN 1 -"
	run --separate-stderr shmls -g -H -o used,resource
	assert_line --index 0 --regexp '^ +2 shmmni$'
	assert_line --index 4 --regexp '^ +[0-9]+ rss$'
}

@test "shmls -g follows a limit lowered in this namespace" {
	require_root
	old=$(cat /proc/sys/kernel/shmmni)
	echo 7 >/proc/sys/kernel/shmmni
	run --separate-stderr shmls -g -j
	echo "$old" >/proc/sys/kernel/shmmni
	assert_success
	assert_equal "$(jq -c '.[0] | [.resource, .limit]' <<<"$output")" '["shmmni",7]'
	run --separate-stderr shmls -g -o help
	assert_success
	assert_output "resource     the limit: its sysctl's name, or what is counted (default)
limit        the system's limit (default)
used         how much of it is in use now (default)
description  what the limit counts (default)"
}

@test "bash completion of shmls -o: the column names after the last ',', none twice" {
	run shm_complete shmls -o ''
	assert_equal "$(sort <<<"$output")" "$( (ls_help_names shmls; echo help) | sort)"
	run shm_complete shmls -o key,c
	assert_output "$(printf 'key,%s\n' cuid cuser cgid cgroup cpid ctime command)"
	run shm_complete shmls -o key,id,
	refute_line key,id,key
	assert_line key,id,rss
	run shm_complete shmls -H -o +lo
	assert_output +locked
	# -A: its view's columns, which mix both families'.
	run shm_complete shmls -A -o ''
	assert_equal "$(sort <<<"$output")" "$( (ls_help_names shmls -A; echo help) | sort)"
	run shm_complete shmls -A -o +object,m
	assert_output "$(printf '+object,%s\n' mode mtime)"
	run shm_complete shmls -g -o ''
	assert_equal "$(sort <<<"$output")" "$( (ls_help_names shmls -g; echo help) | sort)"
	run shm_complete shmput -o ''
	assert_output ""
}
