# shellcheck shell=bash
# Shell code for bash to run is written in single quotes on purpose.
# shellcheck disable=SC2016
# For tests/examples.bats: the EXAMPLES blocks of a man page, as man shows
# them, run by bash in a scratch directory, and what they leave removed.

EX_MAN=$BATS_TEST_DIRNAME/../man

# ex_blocks PAGE: split the literal blocks of PAGE's EXAMPLES section, as
# mandoc renders them for a UTF-8 terminal (escapes such as \e, \en, \&
# resolved exactly as a reader sees them), into $BATS_TEST_TMPDIR/blk.N;
# set EX_N to their number.  The literal blocks are the lines indented
# past the section's prose; their number must match the .Bd -literal
# blocks of the source, or the split went wrong.
ex_blocks() {
	local page=$EX_MAN/$1 src
	src=$(awk '/^\.Sh /{p = ($2 == "EXAMPLES")} p && /^\.Bd -literal/{n++}
	    END{print n + 0}' "$page")
	LC_ALL=C.UTF-8 mandoc -Tutf8 -Owidth=250 "$page" |
	    LC_ALL=C.UTF-8 col -bx |
	    awk -v dir="$BATS_TEST_TMPDIR" '
		/^[^ ]/ { p = ($0 == "EXAMPLES"); inb = 0; next }
		!p { next }
		/^           / {
			if (!inb) { n++; inb = 1 }
			print substr($0, 12) >(dir "/blk." n)
			next
		}
		{ inb = 0 }
		END { print n + 0 >(dir "/blk.count") }'
	EX_N=$(cat "$BATS_TEST_TMPDIR/blk.count")
	if [ "$EX_N" -ne "$src" ] || [ "$EX_N" -eq 0 ]; then
		echo "$1: $EX_N blocks rendered, $src in the source" >&2
		return 1
	fi
}

# ex_script FILE...: the blocks, pasted one after the other into one
# shell.  A command whose failure nothing handles (the cases where set -e
# would stop) is reported with its status and makes the session fail,
# as an error message would tell the reader; so does a last command that
# fails (the end of an && list).  Background jobs are waited for.
ex_script() {
	printf '%s\n' \
	    'trap '\''ex_s=$?; echo "EXAMPLE FAILED: status $ex_s: $BASH_COMMAND" >&2; : "${ex_st:=$ex_s}"'\'' ERR'
	cat "$@"
	printf '%s\n' 'ex_last=$?' 'wait' 'exit "${ex_st:-$ex_last}"'
}

# ex_run DIR SCRIPT [MOUNT...]: run SCRIPT with bash in DIR, at most 20 s,
# standard input /dev/null, in a mount namespace of its own where /tmp
# (and each MOUNT) is an empty tmpfs but for DIR, so that a block's
# /tmp/app.lock or /tmp/port touches nothing of the host's.  Sets
# EX_STATUS, EX_OUT.
ex_run() {
	local dir=$1 script=$2
	shift 2
	EX_OUT=$(timeout 20 unshare --mount bash -c '
		cd "$1" || exit 99
		s=$2; shift 2
		# Directories of PATH under /tmp (a build in a clone there)
		# are held open, to be bound back over the empty /tmp.
		keep=()
		IFS=: read -ra dirs <<<"$PATH"
		for d in "${dirs[@]}"; do
			case $d/ in
			/tmp/* | /run/*)
				[ -d "$d" ] || continue
				exec {fd}<"$d" || exit 99
				keep+=("$fd:$d")
				;;
			esac
		done
		for m in /tmp "$@"; do
			mount -t tmpfs tmpfs "$m" || exit 99
		done
		for k in "${keep[@]}"; do
			mkdir -p "${k#*:}" &&
			    mount -c --bind "/proc/self/fd/${k%%:*}" "${k#*:}" ||
			    exit 99
			eval "exec ${k%%:*}<&-"
		done
		# The scratch directory, if under /tmp, back in its place.
		case $PWD/ in
		/tmp/* | /run/*)
			mkdir -p "$PWD" && mount -c --bind /proc/self/cwd "$PWD" &&
			    cd "$PWD" || exit 99
			;;
		esac
		exec bash -c "$s"' ex "$dir" "$script" "$@" </dev/null 2>&1 3>&-) &&
	    EX_STATUS=0 || EX_STATUS=$?
}

# Objects of the namespace before a test, so that teardown removes what
# the blocks made and did not remove.
ex_ipc_snapshot() {
	cat /proc/sysvipc/shm /proc/sysvipc/msg /proc/sysvipc/sem \
	    >"$BATS_TEST_TMPDIR/ipc.before"
}

ex_ipc_cleanup() {
	local f t id
	for t in shm:m msg:q sem:s; do
		f=/proc/sysvipc/${t%:*}
		awk 'NR > 1 { print $2 }' "$f" | while read -r id; do
			if ! awk -v id="$id" 'NR > 1 && $2 == id { f = 1 }
			    END { exit !f }' "$BATS_TEST_TMPDIR/ipc.before" \
			    2>/dev/null; then
				ipcrm "-${t#*:}" "$id" 2>/dev/null || true
			fi
		done
	done
}

# ex_uses_outside FILE: true when the block expands a shell variable that
# it does not set itself (awk's $1 inside quotes does not count): it goes
# on from the block before it, as the page's reader types them in turn.
ex_uses_outside() {
	local code v
	code=$(sed "s/'[^']*'//g" "$1")
	for v in $(grep -oE '\$\{?[A-Za-z_][A-Za-z0-9_]*' <<<"$code" |
	    tr -d '${' | sort -u); do
		grep -qE "(^|[[:space:];&|(])$v=" <<<"$code" || return 0
	done
	return 1
}

# ex_page PAGE [REGEX]: run every block of PAGE; a block that goes on from
# the one before is run after it in the same shell.  Blocks matching REGEX
# (another machine) are not run but listed in EX_SPECIAL for the caller.
# Fails naming every session that did not exit 0, with its output.
ex_page() {
	local page=$1 re=${2:-'^$ never'} i s sessions=() fails=
	EX_SPECIAL=()
	ex_blocks "$page" || return 1
	for ((i = 1; i <= EX_N; i++)); do
		s=$BATS_TEST_TMPDIR/blk.$i
		if grep -qE "$re" "$s"; then
			EX_SPECIAL+=("$s")
		elif [ ${#sessions[@]} -gt 0 ] && ex_uses_outside "$s"; then
			sessions[-1]+=" $i"
		else
			sessions+=("$i")
		fi
	done
	for s in "${sessions[@]}"; do
		local d=$BATS_TEST_TMPDIR/run.${s// /_} files=()
		mkdir "$d"
		for i in $s; do
			files+=("$BATS_TEST_TMPDIR/blk.$i")
		done
		ex_run "$d" "$(ex_script "${files[@]}")"
		if [ "$EX_STATUS" -ne 0 ]; then
			fails+="--- $page, block(s) $s: exit $EX_STATUS"$'\n'
			fails+="$(cat "${files[@]}")"$'\n'"--- output:"$'\n'
			fails+="$EX_OUT"$'\n'
		fi
	done
	if [ -n "$fails" ]; then
		printf '%s' "$fails" >&2
		return 1
	fi
}

# ex_listening PROTO PORT: something listens on PORT (tcp or udp).
ex_listening() {
	local o
	case $1 in
	tcp) o=-ltnH ;;
	udp) o=-lunH ;;
	esac
	[ -n "$(ss "$o" "sport = :$2")" ]
}

# ex_lines FILE N: FILE has N lines (a function, so that wait_until counts
# them again each turn).
ex_lines() {
	[ "$(wc -l <"$1")" -eq "$2" ]
}
