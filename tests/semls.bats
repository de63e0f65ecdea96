#!/usr/bin/env bats
# semls: the sets as a table, bare, or JSON with each set's semaphores.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load sem
load ls

@test "semls shows key, id, mode, owner, nsems, values, otime; ipcmk -S 3 sets too" {
	s=$(newsem -n 2 -m 640 0x5e4)
	run ipcmk -S 3
	assert_success
	t=id:${output##* }
	track "sem:$t"
	run --separate-stderr semls
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 --regexp '^ +key +id mode owner nsems +values +otime$'
	assert_line --regexp "^0x000005e4 +${s#id:} 0640 root +2 +1,1 +-\$"
	assert_line --regexp "^0x[0-9a-f]{8} +${t#id:} 0644 root +3 +0,0,0 +-\$"
	semop "$s" -1
	run --separate-stderr semls -H "$s"
	assert_success
	assert_output --regexp "^0x000005e4 +${s#id:} 0640 root +2 +0,1 [0-9T:-]{19}\$"
}

@test "semls -j: numbers, keys as strings, and each set's semaphores" {
	s=$(newsem -n 2 -v 3 0x5e4)
	semop "$s" 1:-2
	run --separate-stderr semls -j "$s"
	assert_success
	assert_equal "$(jq -c '.[0] | [.key, .id, .mode, .uid, .owner, .nsems]' <<<"$output")" \
	    "[\"0x000005e4\",${s#id:},384,0,\"root\",2]"
	assert_equal "$(jq -c '.[0].sems | map([.value, .ncnt, .zcnt])' <<<"$output")" \
	    '[[3,0,0],[1,0,0]]'
	assert_equal "$(jq '.[0].sems[1].pid > 0' <<<"$output")" true
	assert_equal "$(jq '.[0].otime > 0 and .[0].ctime > 0' <<<"$output")" true
}

@test "semls -j counts the waiters: ncnt for an increase, zcnt for zero" {
	s=$(newsem -n 2 -v 0)
	semop "$s" 1:+1
	semop "$s" 0:-1 &
	BG_PIDS+=("$!")
	sem_blocked "$!"
	semop "$s" 1:0 &
	BG_PIDS+=("$!")
	sem_blocked "$!"
	run --separate-stderr semls -j "$s"
	assert_success
	assert_equal "$(jq -c '.[0].sems | map([.value, .ncnt, .zcnt])' <<<"$output")" \
	    '[[0,1,0],[1,0,1]]'
}

@test "semls -j of a set nobody may read: listed, its semaphores null" {
	require_root
	s=$(newsem)
	run --separate-stderr as_nobody semls -j "$s"
	assert_success
	assert_equal "$(jq -c '.[0] | [.id, .sems]' <<<"$output")" "[${s#id:},null]"
}

@test "semls of no set exits 66 after listing the others; -H -j is a usage error" {
	s=$(newsem)
	run --separate-stderr semls -H id:999999 "$s"
	assert_failure 66
	assert_output --regexp "^0x00000000 +${s#id:} "
	assert_equal "$stderr" "semls: id:999999: no such semaphore set"
	run --separate-stderr semls -H -j
	assert_failure 64
	assert_equal "$stderr" "semls: -H and -j do not combine: a table without its header, or JSON
usage: semls [-AhVX] [-H | -j] [-o list] [-p pid] [-u user] [object ...]
       semls -g [-H | -j] [-o list]"
}

@test "semls with no sets: a header, or an empty JSON array" {
	[ "$(wc -l </proc/sysvipc/sem)" -eq 1 ] || skip "sets exist here"
	run --separate-stderr semls -j
	assert_success
	assert_output "[]"
	run --separate-stderr semls -H
	assert_success
	assert_output ""
}

@test "bash completion: live sets, id:N whole across ':', ops after the object" {
	s=$(newsem 0x5e7)
	n=${s#id:}
	for BC in 0 1; do
		[ "$BC" = 0 ] || [ -r /usr/share/bash-completion/bash_completion ] ||
		    continue
		run sem_complete "semop "
		assert_line "$s"
		assert_line 0x000005e7
		run sem_complete "semop id:"
		assert_line "$n"
		refute_line "$s"
		run sem_complete "semrm 0x00000"
		assert_output 0x000005e7
		run sem_complete "semop $s "
		assert_output "$(printf '%s\n' -1 +1 0 --)"
		run sem_complete "semop -"
		assert_line -w
		run sem_complete "semop $s -1 -- printen"
		assert_output printenv
		run sem_complete "semnew -m "
		assert_line 0600
	done
}

@test "semls -j: perms beside mode; owner and creator apart, as ipcs -c and lsipc -c show them" {
	require_root
	maker_start sem 0x5f0 0640 own 65534 65534
	run --separate-stderr semls -j "$MAKER_ID"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(jq -c '.[0] | [.mode, .perms, .uid, .owner, .gid, .group, .cuid, .cuser, .cgid, .cgroup, .nsems]' <<<"$output")" \
	    '[416,"0640",65534,"nobody",65534,"nogroup",0,"root",0,"root",1]'
	run ipcs -s -c
	assert_line --regexp "^${MAKER_ID#id:} +640 +root +root +nobody +nogroup *$"
	run lsipc -s -r --noheadings -P -o ID,PERMS,CUID,CGID,UID,GID,NSEMS
	assert_line "${MAKER_ID#id:} 0640 0 0 65534 65534 1"
	run --separate-stderr semls -H -o id,cgid,gid,cgroup "$MAKER_ID"
	assert_output --regexp "^ *${MAKER_ID#id:} +0 65534 root$"
	maker_stop
}

@test "semls -o chooses the columns; -o help names them in JSON's order" {
	s=$(newsem -n 4 -m 600 0x5f1)
	run --separate-stderr semls -o nsems,PERMS
	assert_success
	assert_output "nsems perms
    4  0600"
	assert_equal "$(ls_help_names semls | paste -sd' ') sems" \
	    "$(semls -j | jq -r '.[0] | keys_unsorted | join(" ")')"
	run --separate-stderr semls -o +group
	assert_line --index 0 --regexp ' otime group$'
	assert_line --index 1 --regexp ' root$'
}

@test "semls: bad -o lists, -o with -j, -g with an object: 64" {
	ls_bad_o semls
	ls_bad_o semls -g
	run --separate-stderr semls -o sems
	assert_failure 64
	assert_equal "$stderr" "semls: -o 'sems': no column 'sems'; the columns are object, key, id, mode, perms, uid, owner, gid, group, cuid, cuser, cgid, cgroup, nsems, values, otime, ctime"
	run --separate-stderr semls -j -o help
	assert_success
	assert_line --index 1 'key          the key, as 0x%08x (default)'
	run --separate-stderr semls -g 0x5f1
	assert_failure 64
}

@test "semls -g: each limit with its use, as ipcs -l -u and lsipc -g say" {
	newsem -n 3 >/dev/null
	newsem -n 2 >/dev/null
	read -r msl mns opm mni </proc/sys/kernel/sem
	run --separate-stderr semls -g
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(tr -s ' ' <<<"$output")" "resource limit used description
semmni $mni 2 sets in the system
semmns $mns 5 semaphores in the system
semmsl $msl - semaphores in one set
semopm $opm - operations in one semop call
semvmx 32767 - the largest semaphore value"
	run ipcs -s -u
	assert_line "used arrays = 2"
	assert_line "allocated semaphores = 5"
	run ipcs -s -l
	assert_line "semaphore max value = 32767"
	run lsipc -g -s -b -r --noheadings -o RESOURCE,LIMIT,USED
	assert_line "SEMMNI $mni 2"
	# lsipc's SEMMNS use is its own count, off by one set's worth in
	# 2.38; ipcs -u above reads the kernel's, as semls does.
	assert_line --regexp "^SEMMNS $mns [0-9]+$"
	assert_line "SEMMSL $msl -"
	assert_line "SEMOPM $opm -"
	assert_line "SEMVMX 32767 -"
	run --separate-stderr semls -g -j
	assert_equal "$(jq -c 'map([.resource, .limit, .used])' <<<"$output")" \
	    "[[\"semmni\",$mni,2],[\"semmns\",$mns,5],[\"semmsl\",$msl,null],[\"semopm\",$opm,null],[\"semvmx\",32767,null]]"
}

@test "semls -g follows kernel.sem set in this namespace" {
	require_root
	old=$(cat /proc/sys/kernel/sem)
	echo 250 32000 32 128 >/proc/sys/kernel/sem
	run --separate-stderr semls -g -H -o limit
	echo "$old" >/proc/sys/kernel/sem
	assert_success
	assert_output "$(printf '%5s\n' 128 32000 250 32 32767)"
}

@test "bash completion of semls: -g and -o, and -o's column names" {
	for BC in 0 1; do
		[ "$BC" = 0 ] || [ -r /usr/share/bash-completion/bash_completion ] ||
		    continue
		run sem_complete "semls -"
		assert_line -g
		assert_line -o
		run sem_complete "semls -o "
		assert_equal "$(sort <<<"$output")" "$( (ls_help_names semls; echo help) | sort)"
		run sem_complete "semls -o nsems,o"
		assert_output "$(printf 'nsems,%s\n' object owner otime)"
		run sem_complete "semls -g -o "
		assert_equal "$(sort <<<"$output")" "$( (ls_help_names semls -g; echo help) | sort)"
	done
}
