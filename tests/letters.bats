#!/usr/bin/env bats
# The OPTION LETTERS table of ipctools(7) against the commands themselves:
# each command's getopt(3) letters (probed one by one), its usage and its
# page's SYNOPSIS must be the table's letters for it, and whether a letter
# takes an argument must match.  A new option that skips the table, or a
# table row that no command has, fails here.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper

MAN=$BATS_TEST_DIRNAME/../man
CMDS=(shmnew shmput shmcat shmrm shmls mqnew mqsend mqrecv mqrm mqls
	semnew semop semrm semls sockpipe)

# Letters the table names that other branches are adding as this is
# written: "command letter".  Tolerated while the command lacks them; once
# it has one, this test fails until the entry goes from the list, so the
# list cannot outlive its use.
PENDING=()

pending() {
	local p
	for p in "${PENDING[@]}"; do
		[ "$p" = "$1 $2" ] && return 0
	done
	return 1
}

# table: "command letter arg" lines from the OPTION LETTERS section, arg
# being 1 when the row writes an argument after the letter.
table() {
	awk -v all="${CMDS[*]}" '
	/^\.Sh / { on = ($0 == ".Sh OPTION LETTERS") }
	on && /^\.It Fl / {
		split($0, cell, / Ta /)
		n = split(cell[1], w, " ")
		letter = w[3]
		arg = (n > 3 && w[4] == "Ar")
		cmds = cell[2] == "every command" ? all : cell[2]
		m = split(cmds, c, " ")
		for (i = 1; i <= m; i++)
			print c[i], letter, arg
	}' "$MAN/ipctools.7"
}

# letters_of TEXT: the option letters a usage or SYNOPSIS text names, one
# a line, sorted: every letter of each -word, brackets and bars aside.
letters_of() {
	tr '[]|' '   ' <<<"$1" | tr -s ' \t' '\n\n' |
	    grep -E '^-[0-9A-Za-z]+$' | cut -c2- | fold -w1 | sort -u
}

# probe CMD: "letter arg" for every letter CMD's getopt takes, found by
# asking it: "-L -h" exits 0 for a flag (-h ends the parse), and a letter
# that takes an argument says so when given none.  Never "-L" alone for a
# flag: shmnew -x would make a segment.
probe() {
	local c=$1 l st err
	for l in {0..9} {A..Z} {a..z}; do
		st=0
		err=$("$c" "-$l" -h 2>&1 >/dev/null) || st=$?
		[[ $err == *"invalid option -- '$l'"* ]] && continue
		if [ "$st" -eq 0 ]; then
			echo "$l 0"
			continue
		fi
		err=$("$c" "-$l" 2>&1 >/dev/null) || true
		if [[ $err == *"option requires an argument -- '$l'"* ]]; then
			echo "$l 1"
		else
			echo "$l ?"
		fi
	done
}

# Probe every command once, all at once, and read the table once.
setup_file() {
	local c
	for c in "${CMDS[@]}"; do
		command -v "$c" >/dev/null || continue
		probe "$c" >"$BATS_FILE_TMPDIR/probe.$c" &
	done
	wait
	table >"$BATS_FILE_TMPDIR/table"
}

@test "the table has one row per command and letter" {
	run cat "$BATS_FILE_TMPDIR/table"
	assert_success
	[ "${#lines[@]}" -gt 100 ] || fail "the table has ${#lines[@]} entries"
	dups=$(printf '%s\n' "${lines[@]}" | awk '{ print $1, $2 }' | sort | uniq -d)
	assert_equal "$dups" ""
	# Every command the table names exists.
	for c in $(printf '%s\n' "${lines[@]}" | awk '{ print $1 }' | sort -u); do
		[[ " ${CMDS[*]} " == *" $c "* ]] || fail "the table names '$c'"
	done
}

# load: T["cmd letter"]=arg from the table, P["cmd letter"]=arg from the
# probes (associative arrays the caller declares).
load_maps() {
	local c l a
	while read -r c l a; do
		T["$c $l"]=$a
	done <"$BATS_FILE_TMPDIR/table"
	for c in "${CMDS[@]}"; do
		[ -f "$BATS_FILE_TMPDIR/probe.$c" ] || fail "$c is not built"
		while read -r l a; do
			P["$c $l"]=$a
		done <"$BATS_FILE_TMPDIR/probe.$c"
	done
}

@test "each command's getopt letters are the table's, with the same arguments" {
	local -A T P
	local k fails=()
	load_maps
	for k in "${!P[@]}"; do
		if [[ ${P[$k]} == '?' ]]; then
			fails+=("${k% *} -${k#* }: neither a flag nor asks for an argument")
		elif [[ ${T[$k]-} != "${P[$k]}" ]]; then
			fails+=("getopt has ${k% *} -${k#* } (argument: ${P[$k]}); the table has not")
		elif pending $k; then
			fails+=("${k% *} -${k#* } has landed: take '$k' out of PENDING")
		fi
	done
	for k in "${!T[@]}"; do
		[[ -n ${P[$k]-} ]] || pending $k ||
		    fails+=("the table has ${k% *} -${k#* } (argument: ${T[$k]}); getopt has not")
	done
	((${#fails[@]} == 0)) || fail "$(printf '%s\n' "${fails[@]}" | sort)"
}

@test "each command's usage and SYNOPSIS name exactly the table's letters" {
	local -A T P U S
	local c k l fails=()
	load_maps
	for c in "${CMDS[@]}"; do
		for l in $(letters_of "$("$c" -h)"); do
			U["$c $l"]=1
		done
		for l in $(letters_of "$(mandoc -Tascii "$MAN/$c.1" | col -b |
		    awk '/^SYNOPSIS/ { on = 1; next } /^[A-Z]/ { on = 0 } on')"); do
			S["$c $l"]=1
		done
	done
	for k in "${!T[@]}"; do
		pending $k && continue
		# Every command has -h and -V (the probe checks); a synopsis
		# may leave them out, as sockpipe's three do.
		[[ ${k#* } == [hV] ]] && continue
		[[ -n ${U[$k]-} ]] || fails+=("${k% *} -h lacks -${k#* }")
		[[ -n ${S[$k]-} ]] || fails+=("${k% *}.1 SYNOPSIS lacks -${k#* }")
	done
	for k in "${!U[@]}"; do
		[[ -n ${T[$k]-} ]] || fails+=("${k% *} -h has -${k#* }; the table has not")
	done
	for k in "${!S[@]}"; do
		[[ -n ${T[$k]-} ]] || fails+=("${k% *}.1 SYNOPSIS has -${k#* }; the table has not")
	done
	((${#fails[@]} == 0)) || fail "$(printf '%s\n' "${fails[@]}" | sort)"
}

@test "the probe tells flags, letters with arguments and unknown letters apart" {
	# The check above is only as good as this: known answers of getopt.
	run cat "$BATS_FILE_TMPDIR/probe.shmcat"
	assert_success
	assert_output "$(printf '%s\n' 'V 0' 'h 0' 'n 1' 'o 1' 'z 0')"
	run letters_of "usage: x [-0 | -a] [-ehnTV] [-t type] -U path -- op ..."
	assert_output "$(printf '%s\n' 0 T U V a e h n t)"
}

@test "each page's EXIT STATUS lists its codes in increasing order" {
	local c fails=()
	for c in "${CMDS[@]}"; do
		awk '/^\.Sh /{ on = ($0 == ".Sh EXIT STATUS") } on && /^\.It [0-9]+$/ { print $2 }' \
		    "$MAN/$c.1" | sort -nc 2>/dev/null || fails+=("$c.1")
	done
	((${#fails[@]} == 0)) || fail "out of order: ${fails[*]}"
}
