#!/usr/bin/env bats
# shmls: list segments as a table, bare (-H) or JSON (-j).

# $stderr is set by run --separate-stderr.
# shellcheck disable=SC2154
load helper
load shm

teardown() {
	shm_teardown
}

header='       key         id mode owner            size nattch    cpid    lpid               atime               dtime               ctime removed'

@test "shmls prints a header and a row per segment" {
	a=$(newseg -s 64k -m 640 0x1234)
	b=$(newseg)
	run --separate-stderr shmls
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 "$header"
	assert_line --index 1 --regexp "^0x00001234 +${a#id:} 0640 root +65536 +0 +[0-9]+ +0 +- +- +[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8} +no$"
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
usage: shmls [-hV] [-H | -j] [object ...]"
	# A hex id is not out of range: it is not a number id:N takes.
	run --separate-stderr shmls id:0x0
	assert_failure 64
	assert_equal "$stderr" "shmls: 'id:0x0': id:N takes a decimal number"
	run --separate-stderr shmls -jH
	assert_failure 64
	run --separate-stderr shmls -q
	assert_failure 64
	assert_equal "${stderr#*shmls: }" "invalid option -- 'q'
usage: shmls [-hV] [-H | -j] [object ...]"
}

@test "shmls with a failing standard output exits 74" {
	newseg >/dev/null
	run --separate-stderr bash -c 'shmls >/dev/full' 
	assert_failure 74
	assert_equal "$stderr" "shmls: standard output: No space left on device"
}

@test "shmls -h and -V" {
	run --separate-stderr shmls -h
	assert_success
	assert_output "usage: shmls [-hV] [-H | -j] [object ...]"
	run --separate-stderr shmls -V
	assert_success
	assert_output --regexp '^shmls \(ipctools\) [0-9.]+$'
}

@test "bash completion of shmls offers options and live segments" {
	newseg -- -559038737 >/dev/null
	run shm_complete shmls -
	assert_output "$(printf '%s\n' -H -h -j -V)"
	run shm_complete shmls -j 0xdead
	assert_output 0xdeadbeef
}
