#!/usr/bin/env bats
# mqrecv -j and mqsend -j: queue messages as JSON Lines.  What mqrecv
# writes is checked by Python's json module against what was sent (text
# exactly when the body is UTF-8, base64 otherwise); what went through
# jq, re-escaped, reordered or spaced, goes back into a queue byte for
# byte; every line that is not a message is refused with its number and
# the count sent before it.

# status, output and stderr are set by bats' run.
# shellcheck disable=SC2154
load helper
load mq

BIN=("/usr/bin/python3" "$BATS_TEST_DIRNAME/fixtures/mq_binary.py")

# check_json SENT: mqrecv -j's lines on standard input against SENT, the
# "TYPE HEX" lines of mq_binary.py: same count, type, size and body, the
# body as "text" exactly when it is UTF-8, keys type, size, then the body.
check_json() {
	python3 -c '
import base64, json, sys
sent = [l.split() for l in open(sys.argv[1])]
got = [json.loads(l) for l in sys.stdin]
assert len(got) == len(sent), (len(got), len(sent))
for (t, h), o in zip(sent, got):
    body = b"" if h == "-" else bytes.fromhex(h)
    try:
        body.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    key = "text" if utf8 else "base64"
    assert list(o) == ["type", "size", key], o
    want = int(t) if int(t) <= 2**53 else t
    assert o["type"] == want, (o["type"], t)
    assert o["size"] == len(body)
    b = o["text"].encode("utf-8") if utf8 else base64.b64decode(
        o["base64"], validate=True)
    assert b == body, (b, body)
' "$1"
}

@test "mqrecv -j: random binary messages as JSON, checked by Python; back through jq -c . into a queue byte for byte" {
	local d=$BATS_TEST_TMPDIR q1 q2 n=300
	need jq
	mq_big_queues 8388608
	q1=$(newq 0x6a01)
	q2=$(newq 0x6a02)
	"${BIN[@]}" fill 0x6a01 "$n" 27 "$MQ_MAX" >"$d/sent"
	run --separate-stderr mqrecv -p -j "$q1"
	assert_success
	assert_equal "$stderr" ""
	check_json "$d/sent" <<<"$output"
	# Empty, the largest message, a type of 2^63-1 (as a string).
	grep -q '^9223372036854775807 ' "$d/sent"
	grep -q ' -$' "$d/sent"
	[ "$(awk '{ print length($2) }' "$d/sent" | sort -n | tail -1)" -eq $((2 * MQ_MAX)) ]
	grep -qF '"type":"9223372036854775807"' <<<"$output"
	mqrecv -n -j "$q1" | jq -c . | mqsend -j "$q2"
	assert_equal "$(qnum "$q1")" 0
	"${BIN[@]}" dump 0x6a02 "$n" >"$d/got"
	cmp "$d/sent" "$d/got"
}

@test "mqsend -j: every byte value, alone and together, and text re-escaped by jq -a, sorted by jq -S, spaced by jq ., arrive exactly" {
	local d=$BATS_TEST_TMPDIR q1 q2 filter
	need jq
	q1=$(newq)
	q2=$(newq 0x6a04)
	# "TYPE HEX" lines: each byte alone (types 1 to 256), all 256 in
	# one message, text with what JSON escapes, and an empty message.
	python3 -c '
for b in range(256):
    print(b + 1, bytes([b]).hex())
print(300, bytes(range(256)).hex())
print(301, "café 😀 \"q\" \\ \x7f \x01 tab\there".encode().hex())
print(302, "-")' >"$d/sent"
	"${BIN[@]}" stream <"$d/sent" | mqsend -B "$q1"
	mqrecv -p -j "$q1" >"$d/lines"
	check_json "$d/sent" <"$d/lines"
	# 0 to 127 are UTF-8 (text), 128 to 255 alone are not (base64).
	[ "$(grep -c '"text"' "$d/lines")" -eq $((128 + 2)) ]
	grep -qF '"text":"\u0000"' "$d/lines"
	grep -qF '"text":"\u007f"' "$d/lines"
	grep -qF '"text":"caf' "$d/lines"
	for filter in '-c .' '-a -c .' '-S -c .' '-c -a -S .'; do
		# shellcheck disable=SC2086
		jq $filter <"$d/lines" | mqsend -j "$q2"
		"${BIN[@]}" dump 0x6a04 259 >"$d/got"
		cmp "$d/sent" "$d/got" || fail "jq $filter changed a message"
	done
	# jq -a writes the emoji as a surrogate pair.
	jq -a -c . <"$d/lines" | grep -qF '\ud83d\ude00'
}

@test "mqsend -j: the forms any JSON writer may use; types as numbers or strings; no type is -t's" {
	local q
	q=$(newq)
	run --separate-stderr mqsend -j -t 9 "$q" <<'EOF'
 { "base64" : "AP8K" ,	"size" : 3 , "type" : "7" } 
{"\u0074ype":9007199254740992,"text":"\ud83d\ude00\u00e9\/\b\f\n\r\t\"\\"}
{"text":"no type"}
{"type":9223372036854775807,"size":0,"text":""}
{"type":"9223372036854775807","base64":""}
EOF
	assert_success
	assert_equal "$stderr" ""
	run --separate-stderr mqrecv -n -j "$q"
	assert_success
	assert_output "$(cat <<'EOF'
{"type":7,"size":3,"base64":"AP8K"}
{"type":9007199254740992,"size":14,"text":"😀é/\b\f\n\r\t\"\\"}
{"type":9,"size":7,"text":"no type"}
{"type":"9223372036854775807","size":0,"text":""}
{"type":"9223372036854775807","size":0,"text":""}
EOF
)"
}

@test "mqsend -j: a line that is not a message exits 65 naming it and the count sent; those before it are sent" {
	local q line why
	q=$(newq)
	while IFS='|' read -r line why; do
		ipcrm -q "${q#id:}"
		q=$(newq)
		run --separate-stderr mqsend -j "$q" < <(printf '%s\n' \
		    '{"type":1,"text":"a"}' '{"type":2,"base64":"Yg=="}' "$line" \
		    '{"type":1,"text":"never"}')
		assert_failure 65
		assert_equal "$stderr" "mqsend: standard input: line 3 is not a message of -j: $why; 2 messages were sent"
		assert_equal "$(qnum "$q")" 2
	done <<'EOF'
|not a JSON object (at byte 1)
[1]|not a JSON object (at byte 1)
text|not a JSON object (at byte 1)
{}|it has neither "text" nor "base64"
{"type":1}|it has neither "text" nor "base64"
{"text":"a","base64":"YQ=="}|it has both "text" and "base64"
{"text":"a","text":"a"}|a key comes twice (at byte 13)
{"Text":"a"}|a key other than type, size, text, base64 and end (at byte 2)
{"text":"a","x":1}|a key other than type, size, text, base64 and end (at byte 13)
{"text":"a"} {}|more follows the object on its line (at byte 14)
{"text":"a"|a ',' or '}' was expected (at byte 12)
{"text":"a}|the line ends inside a string (at byte 12)
{"text":"\ud800"}|a high surrogate without a low one after it (at byte 16)
{"text":"\udc00"}|a low surrogate without a high one before it (at byte 16)
{"text":"\x"}|an escape that JSON does not have (at byte 12)
{"text":"\u12"}|a \u escape needs four hex digits (at byte 15)
{"base64":"YQ="}|its base64 is not a whole number of 4-character groups (at byte 16)
{"base64":"YR=="}|its base64 is not canonical (bits set past the last byte) (at byte 17)
{"base64":"Y Q=="}|its base64 holds a character outside A-Z, a-z, 0-9, + and / (at byte 14)
{"base64":"YQ==YQ=="}|its base64 goes on after '=' (at byte 17)
{"text":"ab","size":3}|its "size" is not the length of its body
{"type":1.0,"text":"a"}|a whole number from 0 to 9223372036854775807 was expected (at byte 12)
{"type":1e3,"text":"a"}|a whole number from 0 to 9223372036854775807 was expected (at byte 12)
{"type":-1,"text":"a"}|a whole number from 0 to 9223372036854775807 was expected (at byte 11)
{"type":01,"text":"a"}|a whole number from 0 to 9223372036854775807 was expected (at byte 11)
{"type":9223372036854775808,"text":"a"}|a number above 9223372036854775807 (at byte 28)
{"type":"x","text":"a"}|a whole number from 0 to 9223372036854775807 was expected (at byte 12)
{"type":null,"text":"a"}|a whole number from 0 to 9223372036854775807 was expected (at byte 9)
{"end":false}|"end" is true or absent (at byte 8)
{"end":true,"type":1}|the end mark {"end":true} has no other key
EOF
	# Bytes that are not UTF-8, and a raw control character.
	ipcrm -q "${q#id:}"
	q=$(newq)
	run --separate-stderr mqsend -j "$q" < <(printf '{"text":"a"}\n{"text":"\377"}\n')
	assert_failure 65
	assert_equal "$stderr" "mqsend: standard input: line 2 is not a message of -j: bytes that are not UTF-8 (at byte 10); 1 message was sent"
	run --separate-stderr mqsend -j "$q" < <(printf '{"text":"\001"}\n')
	assert_failure 65
	assert_equal "$stderr" "mqsend: standard input: line 1 is not a message of -j: a control character inside a string (JSON has it escaped) (at byte 10); 0 messages were sent"
}

@test "mqsend -j: a type the queue does not take, a body over its limit, the end mark's bytes as data: 65" {
	local q
	q=$(newq)
	run --separate-stderr mqsend -j "$q" <<<'{"type":0,"text":"a"}'
	assert_failure 65
	assert_equal "$stderr" "mqsend: $q: message 1: its type is 0; a type is 1 to 9223372036854775807; 0 messages were sent"
	run --separate-stderr mqsend -j "$q" < <(printf '{"text":"ok"}\n{"base64":"%s"}\n' \
	    "$(head -c $((MQ_MAX + 1)) /dev/zero | base64 -w0)")
	assert_failure 65
	assert_equal "$stderr" "mqsend: $q: message 2 is $((MQ_MAX + 1)) bytes; the queue's limit is $MQ_MAX (msgmax); 1 message was sent"
	run --separate-stderr mqsend -j "$q" <<<'{"text":"\u0000ipctools:end-of-stream\u0000"}'
	assert_failure 65
	assert_equal "$stderr" "mqsend: $q: message 1 is the end-of-stream mark (its JSON form is {\"end\":true}); 0 messages were sent"
	# A line longer than any message of the limit can be is cut short.
	run --separate-stderr mqsend -j "$q" < <(printf '{"text":"'; head -c $((7 * MQ_MAX + 70000)) /dev/zero | tr '\0' x; printf '"}\n')
	assert_failure 65
	[[ $stderr == "mqsend: standard input: line 1 is more than "*" bytes, longer than a message of the queue's limit ($MQ_MAX, msgmax) can be in JSON; 0 messages were sent" ]]
	assert_equal "$(qnum "$q")" 1
}

@test "mqrecv -j -e writes {\"end\":true} last; mqsend -j stops there, leaving a file after it; -e sends a mark on" {
	local d=$BATS_TEST_TMPDIR q1 q2
	q1=$(newq)
	q2=$(newq)
	mqsend -e "$q1" one two
	run --separate-stderr mqrecv -j -e "$q1"
	assert_success
	assert_output "$(printf '%s\n' '{"type":1,"size":3,"text":"one"}' \
	    '{"type":1,"size":3,"text":"two"}' '{"end":true}')"
	printf '%s\n' "$output" '{"text":"after"}' >"$d/in"
	{
		mqsend -j -e "$q2"
		cat >"$d/rest"
	} <"$d/in"
	assert_equal "$(cat "$d/rest")" '{"text":"after"}'
	run --separate-stderr mqrecv -e "$q2"
	assert_success
	assert_output "$(printf 'one\ntwo')"
	# Without -e, the mark is data, as with the other framings.
	mqsend -e "$q1" </dev/null
	run --separate-stderr mqrecv -n -j "$q1"
	assert_output '{"type":1,"size":24,"text":"\u0000ipctools:end-of-stream\u0000"}'
	# mqsend -j -e: input that ends before the mark was cut short; the
	# messages go, the mark does not.
	run --separate-stderr mqsend -j -e "$q2" <<<'{"text":"x"}'
	assert_failure 65
	assert_equal "$stderr" 'mqsend: standard input: it ended before the end mark {"end":true}; 1 message was sent, the end-of-stream mark was not'
	run --separate-stderr mqrecv -n "$q2"
	assert_output x
}

@test "-j with -0, -a or -B, with -T, or mqsend -j with message operands: 64" {
	local q c o
	q=$(newq)
	for c in mqsend mqrecv; do
		for o in 0 a B; do
			run --separate-stderr "$c" -j "-$o" "$q"
			assert_failure 64
			if [ "$o" = B ]; then
				assert_equal "$stderr" "$c: -B and -j cannot be used together"
			else
				assert_equal "$stderr" "$c: -$o and -j cannot be used together"
			fi
		done
		run --separate-stderr "$c" -j -T "$q"
		assert_failure 64
		assert_equal "$stderr" "$c: -j objects carry each message's type; they take no -T"
	done
	run --separate-stderr mqsend -j "$q" '{"text":"a"}'
	assert_failure 64
	assert_equal "$stderr" "mqsend: -j reads objects from standard input; it takes no message operands"
	assert_equal "$(qnum "$q")" 0
}

@test "-j on a POSIX queue: priorities as types, both ways; one out of range is 65" {
	need jq
	mqnew -M 10 posix:/json
	printf '%s\n' '{"type":3,"text":"three"}' '{"type":0,"base64":"/w=="}' \
	    '{"type":7,"text":"seven"}' '{"end":true}' | mqsend -j -e posix:/json
	run --separate-stderr mqrecv -n -j -e posix:/json
	assert_success
	assert_output "$(printf '%s\n' '{"type":7,"size":5,"text":"seven"}' \
	    '{"type":3,"size":5,"text":"three"}' '{"type":0,"size":1,"base64":"/w=="}' \
	    '{"end":true}')"
	run --separate-stderr mqsend -j posix:/json <<<'{"type":32768,"text":"x"}'
	assert_failure 65
	assert_equal "$stderr" "mqsend: posix:/json: message 1: its priority is 32768; a priority is 0 to 32767; 0 messages were sent"
	mqrm posix:/json
}

@test "mqrecv -j: a signal with standard output stalled puts back what was not written, decoded; nothing lost" {
	stalled_signal TERM -j
}
