# shellcheck shell=bash
# Helpers for shmls.bats, mqls.bats and semls.bats (after `load helper`).
# MAKER_ID is for the tests; stderr is set by bats' run.
# shellcheck disable=SC2034,SC2154

# maker_start KIND KEY MODE [lock] [own UID GID]: the C fixture ipc_maker
# makes one object and holds it (a segment attached) until maker_stop;
# sets MAKER_ID (id:N) and MAKER_PID, and tracks the object.
maker_start() {
	local line kind=$1
	coproc MK { exec ipc_maker "$@" 3>&-; }
	# bash unsets MK_PID when the coprocess ends; the tests need it after.
	MAKER_PID=$MK_PID
	read -r line <&"${MK[0]}" || return 1
	[[ $line == id:* ]] || return 1
	MAKER_ID=$line
	track "${kind}:$line"
}

# maker_stop: end the holder (it detaches and exits, leaving the object).
maker_stop() {
	eval "exec ${MK[1]}>&-"
	wait "$MAKER_PID"
}

# The bad forms of -o, and what the message after "-o 'LIST': " says.
# shellcheck disable=SC2034
LS_BAD_O=(
	"|names no column"
	"+|names no column"
	",|an empty column name"
	"key,|an empty column name"
	"key,,id|an empty column name"
	",key|an empty column name"
	"nope|no column 'nope'; the columns are object, key, id, mode, perms,"
	"key,nope|no column 'nope'; the columns are object, key,"
	"id,id|column 'id' twice"
	"ID,id|column 'id' twice"
	"+key|column 'key' twice"
	" id|no column ' id'"
	"id |no column 'id '"
	"help,id|no column 'help'"
	"%s%n|no column '%s%n'"
)

# ls_bad_o CMD [-g]: every bad -o form exits 64, nothing on standard
# output, the whole list and the reason on standard error.
ls_bad_o() {
	local cmd=$1 row list why
	shift
	for row in "${LS_BAD_O[@]}"; do
		list=${row%%|*}
		why=${row#*|}
		# -g has its own columns: only the rows that name none.
		[[ $* == *-g* && ${row,,} == *@(key|id)* ]] && continue
		run --separate-stderr "$cmd" "$@" -o "$list"
		assert_failure 64
		assert_output ""
		[[ $stderr == "$cmd: -o '$list': $why"* ]] ||
		    fail "-o '$list': $stderr"
	done
}

# ls_help_names CMD [-g]: the column names -o help lists, one a line.
ls_help_names() {
	local cmd=$1
	shift
	"$cmd" "$@" -o help | awk '{ print $1 }'
}

# many_holders N OBJECT: shm_holders maps OBJECT (id:N, or a file from /)
# in N processes; sets MANY_PIDS, their pids sorted and comma-separated,
# and fails unless that list is longer than a table's cell (2047).
many_holders() {
	bg_start shm_holders many "$1" "$2" </dev/null >"$BATS_TEST_TMPDIR/many"
	wait_file "$BATS_TEST_TMPDIR/many" || return 1
	MANY_PIDS=$( (echo "$BG_PID"; pgrep -P "$BG_PID") | sort -n |
	    paste -sd, -)
	[ "$(tr , '\n' <<<"$MANY_PIDS" | grep -c .)" -eq "$1" ] &&
	    ((${#MANY_PIDS} > 2047))
}

# assert_pids_all LS_ARGS...: the JSON of LS_ARGS (one object) has every
# one of MANY_PIDS, and nproc counts them.
assert_pids_all() {
	local n
	n=$(tr , '\n' <<<"$MANY_PIDS" | grep -c .)
	run --separate-stderr "$@" -j
	assert_success
	assert_equal "$(jq -r '.[0] | [.nproc, (.pids | sort | join(","))] | @tsv' <<<"$output")" \
	    "$(printf '%s\t%s' "$n" "$MANY_PIDS")"
}

# assert_pids_cut LS_ARGS...: the table's pids cell of LS_ARGS (add -H -o
# pids) is cut after a whole ID with ",...", within 2047 characters, and
# every ID it shows is one of MANY_PIDS, each once.
assert_pids_cut() {
	local ids
	run --separate-stderr "$@"
	assert_success
	assert_output --regexp '^[0-9]+(,[0-9]+)*,\.\.\.$'
	((${#output} <= 2047))
	ids=$(tr , '\n' <<<"${output%,...}" | sort)
	# comm(1) wants the byte order of sort(1) without -n.
	assert_equal "$(uniq <<<"$ids" | comm -12 - <(tr , '\n' <<<"$MANY_PIDS" | sort) | wc -l)" \
	    "$(wc -l <<<"$ids")"
}
