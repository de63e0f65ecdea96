#!/usr/bin/env bats
# semls: the sets as a table, bare, or JSON with each set's semaphores.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load sem

@test "semls shows key, id, mode, owner, nsems, otime, ctime; ipcmk -S 3 sets too" {
	s=$(newsem -n 2 -m 640 0x5e4)
	run ipcmk -S 3
	assert_success
	t=id:${output##* }
	track "sem:$t"
	run --separate-stderr semls
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 --regexp '^ +key +id mode owner +nsems +otime +ctime$'
	assert_line --regexp "^0x000005e4 +${s#id:} 0640 root +2 +- +[0-9T:-]+\$"
	assert_line --regexp "^0x[0-9a-f]{8} +${t#id:} 0644 root +3 +- +[0-9T:-]+\$"
	semop "$s" -1
	run --separate-stderr semls -H "$s"
	assert_success
	assert_output --regexp "^0x000005e4 +${s#id:} 0640 root +2 +[0-9T:-]{19} +[0-9T:-]{19}\$"
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
usage: semls [-hV] [-H | -j] [-o list] [object ...]
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
