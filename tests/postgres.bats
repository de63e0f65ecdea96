#!/usr/bin/env bats
# PostgreSQL, the program whose segments DBAs look after: a throwaway
# cluster (Debian's postgresql, initdb in a directory of the test's, run
# as user postgres, no TCP listener) with both kinds of main memory
# (shared_memory_type sysv; mmap, which leaves a 56-byte System V
# segment) and both kinds of dynamic memory (posix, sysv).  Its segments
# as shmls lists them, against /proc; its header's magic; and after
# kill -9 of the postmaster, what the dry runs of shmrm -a -d and
# shmrm -a -X 'posix:/PostgreSQL.*' take: exactly its leftovers, never a
# live program's.  Then the cluster starts again.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load examples

setup() {
	require_root
	# Clean-up takes every object of user postgres: in our namespace only.
	[ "${IPCTOOLS_MNTNS-}" = 1 ] ||
	    skip "needs the private IPC namespace and /dev/shm of scripts/runtests"
	PGBIN=$(find /usr/lib/postgresql -maxdepth 2 -name bin 2>/dev/null |
	    sort -V | tail -1)
	[ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] && id postgres >/dev/null 2>&1 ||
	    skip "postgresql is not installed (scripts/deps installs it)"
	need shm_holders
	# Not under /tmp: examples.bash gives a block a /tmp of its own.
	PG=$(mktemp -d /var/tmp/ipctools-pg.XXXXXX)
	chmod 755 "$PG"
	chown postgres: "$PG"
	pg initdb -D "$PG/data" -A trust --no-sync -U postgres >/dev/null
}

teardown() {
	bg_cleanup
	if [ -n "${PG-}" ]; then
		[ -f "$PG/data/postmaster.pid" ] &&
		    pg pg_ctl -D "$PG/data" -m immediate -w stop >/dev/null 2>&1
		bg_cleanup
		shmrm -a -f -u postgres >/dev/null 2>&1
		shmrm -a -X -f -u postgres >/dev/null 2>&1
		rm -rf "$PG"
	fi
	ipc_cleanup
}

# pg PROGRAM ARGS...: one of the cluster's programs, as user postgres.
pg() {
	local p=$1
	shift
	runuser -u postgres -- "$PGBIN/$p" "$@"
}

# pg_start SETTING...: start the cluster with these postgresql.conf
# settings (and no TCP, its socket in $PG); PM is the postmaster's pid,
# SHMID the System V segment postmaster.pid records.  The postmaster is
# the test's child (setpriv execs), so that after kill -9 it stays a
# zombie until the test reaps it, as under an init that reaps late.
pg_start() {
	printf '%s\n' "listen_addresses = ''" \
	    "unix_socket_directories = '$PG'" "shared_buffers = 1MB" \
	    "max_connections = 10" "$@" >"$PG/data/postgresql.auto.conf"
	bg_start setpriv --reuid=postgres --regid=postgres --init-groups \
	    "$PGBIN/postgres" -D "$PG/data" </dev/null >>"$PG/log" 2>&1
	PM=$BG_PID
	wait_until pg_ready || { cat "$PG/log" >&2; return 1; }
	SHMID=$(sed -n 7p "$PG/data/postmaster.pid" | awk '{ print $2 }')
}

# pg_ready: the postmaster's pid file says it accepts connections.
pg_ready() {
	[ "$(sed -n 8p "$PG/data/postmaster.pid" 2>/dev/null | tr -d " ")" = ready ] &&
	    [ "$(head -1 "$PG/data/postmaster.pid")" = "$PM" ]
}

# procpids SHMID: the processes whose maps hold the segment, from /proc.
procpids() {
	grep -lE " $1 +/SYSV[0-9a-f]{8} \(deleted\)$" /proc/[0-9]*/maps \
	    2>/dev/null | cut -d/ -f3 | sort -n | paste -sd, -
}

# cluster: the postmaster and its children, sorted, comma-separated.
cluster() {
	{ echo "$PM"; pgrep -P "$PM"; } | sort -n | paste -sd, -
}

# sysv FIELD SHMID: a field of /proc/sysvipc/shm (size, nattch) of SHMID.
sysv() {
	awk -v f="$1" -v id="$2" 'NR == 1 { for (i = 1; i <= NF; i++)
	    c[$i] = i } NR > 1 && $2 == id { print $c[f] }' /proc/sysvipc/shm
}

# ended PID...: none of them runs (gone, or a zombie nobody reaped).
ended() {
	local p
	for p; do
		[ "$(awk '{ print $3 }' "/proc/$p/stat" 2>/dev/null)" = Z ] ||
		    [ ! -e "/proc/$p" ] || return 1
	done
}

# nattch_is N: the main segment's attach count is N.
nattch_is() {
	[ "$(sysv nattch "$SHMID")" = "$1" ]
}

@test "postgres: shared_memory_type=sysv, posix dynamic memory: sizes, holders, the header's magic, and attach counts as a connection comes and goes" {
	pg_start "shared_memory_type = sysv" \
	    "dynamic_shared_memory_type = posix"
	run --separate-stderr shmls -j "id:$SHMID"
	assert_success
	assert_equal "$(jq -c '.[0] | [.size, .nattch, .owner, .cpid, .command]' <<<"$output")" \
	    "[$(sysv size "$SHMID"),$(sysv nattch "$SHMID"),\"postgres\",$PM,\"postgres\"]"
	assert_equal "$(jq -r '.[0].pids | join(",")' <<<"$output")" \
	    "$(procpids "$SHMID")"
	assert_equal "$(jq -r '.[0].pids | join(",")' <<<"$output")" "$(cluster)"
	# PGShmemHeader begins with its magic, 679834894.
	run --separate-stderr sh -c "shmcat -n 4 id:$SHMID | od -An -td4"
	assert_output --regexp '^ *679834894$'
	run --separate-stderr shmls -H -o id -p "$PM"
	assert_output --regexp "^ *$SHMID$"
	# The dynamic memory's control segment: every process maps it.
	run --separate-stderr shmls -X -j -p "$PM"
	assert_success
	assert_equal "$(jq -r '.[].name' <<<"$output")" \
	    "$(cd /dev/shm && for f in PostgreSQL.*; do
		grep -q "/dev/shm/$f" "/proc/$PM/maps" && echo "posix:/$f"; done)"
	name=$(jq -r '.[0].name' <<<"$output")
	assert_equal "$(jq -c '.[0] | [.size, (.pids | join(","))]' <<<"$output")" \
	    "[$(stat -c %s "/dev/shm/${name#posix:/}"),\"$(cluster)\"]"
	# A connection: one backend more attaches, and detaches when it ends.
	n=$(sysv nattch "$SHMID")
	coproc PSQL { pg psql -h "$PG" -U postgres -qAt 2>&1; }
	echo 'select pg_backend_pid();' >&"${PSQL[1]}"
	read -r backend <&"${PSQL[0]}"
	run --separate-stderr shmls -j "id:$SHMID"
	assert_equal "$(jq -c '.[0].nattch' <<<"$output")" $((n + 1))
	assert_equal "$(jq -r '.[0].pids | join(",")' <<<"$output")" "$(cluster)"
	assert_output --partial "$backend"
	run --separate-stderr shmls -H -o id -p "$backend"
	assert_output --regexp "^ *$SHMID$"
	run --separate-stderr shmls -X -H -o name -p "$backend"
	assert_line "$name"
	eval "exec ${PSQL[1]}>&-"
	wait_until ended "$backend"
	wait_until nattch_is "$n"
	run --separate-stderr shmls -j "id:$SHMID"
	assert_equal "$(jq ".[0].pids | index($backend)" <<<"$output")" null
	assert_equal "$(jq -r '.[0].pids | join(",")' <<<"$output")" \
	    "$(procpids "$SHMID")"
}

# The leftovers of a cluster killed with -9 beside a live program's
# objects of the same user: a segment attached, a POSIX segment with the
# cluster's kind of name held open, another not named so and not used.
crash_and_clean() {
	local pids seg ours sysv
	seg=$(runuser -u postgres -- shmnew)
	track "shm:$seg"
	bg_start setpriv --reuid=postgres --regid=postgres --clear-groups \
	    shm_holders attach "$seg" >"$BATS_TEST_TMPDIR/held"
	wait_file "$BATS_TEST_TMPDIR/held"
	runuser -u postgres -- shmnew -s 1k posix:/PostgreSQL.1 >/dev/null
	bg_start sleep 60 </dev/shm/PostgreSQL.1
	runuser -u postgres -- shmnew -s 1k posix:/app >/dev/null
	pids=$(cluster)
	kill -9 "$PM"
	# The backends notice and exit; nobody may reap them, and the
	# postmaster stays a zombie until the test reaps it below.
	wait_until ended ${pids//,/ }
	# Its leftovers: in this namespace, every object of user postgres
	# but the test's (some made by processes that ended before the kill).
	sysv=$(shmls -H -o id -u postgres | awk -v s="${seg#id:}" \
	    '$1 != s { print "id:" $1 }')
	[ -n "$sysv" ]
	ours=$(find /dev/shm -name 'PostgreSQL.*' ! -name PostgreSQL.1 \
	    -printf 'posix:/%f\n' | sort)
	run --separate-stderr shmrm -a -d -n -u postgres
	assert_success
	assert_equal "$stderr" ""
	assert_output "$sysv"
	run --separate-stderr shmrm -a -X -n -u postgres 'posix:/PostgreSQL.*'
	assert_success
	assert_equal "$stderr" ""
	assert_output "$ours"
	run --separate-stderr shmrm -a -d -u postgres
	assert_success
	run --separate-stderr shmrm -a -X -u postgres 'posix:/PostgreSQL.*'
	assert_success
	run --separate-stderr shmls -H -o id "$seg"
	assert_success
	run ls /dev/shm
	assert_output $'PostgreSQL.1\napp'
	# Reaped, and started again, it makes its segments anew.
	wait "$PM" || true
	pg_start "$@"
	run --separate-stderr shmls -H -o id -p "$PM"
	assert_success
	assert_output --regexp "^ *[0-9]+"
}

@test "postgres: kill -9 with sysv main and posix dynamic memory: the dry runs list exactly its leftovers; cleaned, it starts again" {
	pg_start "shared_memory_type = sysv" \
	    "dynamic_shared_memory_type = posix"
	crash_and_clean "shared_memory_type = sysv" \
	    "dynamic_shared_memory_type = posix"
}

@test "postgres: kill -9 with mmap main memory (a 56-byte System V segment) and sysv dynamic memory" {
	pg_start "dynamic_shared_memory_type = sysv"
	run --separate-stderr shmls -j -p "$PM"
	assert_success
	# The interlock segment of postmaster.pid, and the dynamic memory's.
	assert_equal "$(jq -r '.[] | select(.id == '"$SHMID"') | .size' <<<"$output")" 56
	assert_equal "$(jq length <<<"$output")" 2
	ids=$(jq -r '.[].id' <<<"$output")
	for id in $ids; do
		assert_equal "$(jq -r ".[] | select(.id == $id) | [.size, (.pids | join(\",\"))] | @tsv" <<<"$output")" \
		    "$(printf '%s\t%s' "$(sysv size "$id")" "$(procpids "$id")")"
	done
	crash_and_clean "dynamic_shared_memory_type = sysv"
}

# shmls(1)'s "Working with PostgreSQL" block (examples.bats leaves it to
# this file), with PGDATA the running cluster's: its segments and the
# holders; the dry runs find nothing to take while it runs.
@test "postgres: shmls(1) EXAMPLES, working with PostgreSQL" {
	pg_start "shared_memory_type = sysv" \
	    "dynamic_shared_memory_type = posix"
	ex_blocks shmls.1
	b=$(grep -l PGDATA "$BATS_TEST_TMPDIR"/blk.*)
	[ -n "$b" ]
	mkdir "$BATS_TEST_TMPDIR/d"
	ex_run "$BATS_TEST_TMPDIR/d" \
	    "$(printf 'PGDATA=%q\n' "$PG/data"; ex_script "$b")"
	echo "exit $EX_STATUS: $EX_OUT"
	[ "$EX_STATUS" -eq 0 ]
	grep -qE "^0x[0-9a-f]{8} +$SHMID +[0-9]+ +[0-9]+ +[0-9]+ $(cluster)$" \
	    <<<"$EX_OUT"
	grep -qE "^posix:/PostgreSQL\.[0-9]+ +[0-9]+ +[0-9]+ $(cluster)$" \
	    <<<"$EX_OUT"
	[ "$(wc -l <<<"$EX_OUT")" -eq 4 ]
}
