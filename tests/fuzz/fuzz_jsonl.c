/*
 * libFuzzer harness for the JSON Lines of mqrecv -j and mqsend -j
 * (lib/jsonl.c).
 *
 * The input is read two ways.  As a line: jsonl_parse() must not fault,
 * and a message it accepts must encode back (jsonl_encode()) to a line
 * that reads as the same type and body.  As a message: the first 8 bytes
 * give the type, the rest the body; its line must be one line of valid
 * UTF-8 with no control character, hold "text" exactly when the body is
 * UTF-8, read back to the same type and body, and no proper prefix of it
 * may read as anything.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

#include "fuzz.h"

/* A line of ours reads back as this message; its prefixes as nothing. */
static void
round_trip(long type, const char *body, size_t len)
{
	struct jsonl_msg m;
	char *line, *back;
	size_t n, i;

	if ((line = malloc(jsonl_max(len))) == NULL ||
	    (back = malloc(len + 1)) == NULL)
		abort();
	n = jsonl_encode(line, type, body, len);
	CHECK(n <= jsonl_max(len), "the line fits jsonl_max()");
	CHECK(jsonl_utf8(line, n), "the line is UTF-8");
	for (i = 0; i < n; i++)
		CHECK((unsigned char)line[i] >= 0x20 && line[i] != 0x7f,
		    "no control character in the line");
	CHECK(jsonl_parse(line, n, back, len + 1, &m) == NULL,
	    "our line reads");
	CHECK(!m.end && m.typed && m.type == type, "the type comes back");
	CHECK(m.sized && m.size == len && m.len == len, "the size comes back");
	CHECK(memcmp(back, body, len) == 0, "the body comes back");
	/* The body's key tells the form; look after the type and size. */
	CHECK((memmem(line, n, ",\"text\":\"", 9) != NULL) ==
	    jsonl_utf8(body, len), "\"text\" exactly when UTF-8");
	for (i = 0; i < n; i++)
		CHECK(jsonl_parse(line, i, back, len + 1, &m) != NULL,
		    "a cut line is refused");
	free(line);
	free(back);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	struct jsonl_msg m;
	uint64_t t = 0;
	size_t i, cap;
	char *body;

	/* As a line, into a buffer that may be too small. */
	cap = size > 0 ? data[0] % 64 : 0;
	if ((body = malloc(size + 1)) == NULL)
		abort();
	if (jsonl_parse(in, size, body, cap, &m) == NULL) {
		CHECK(m.len <= size, "a body is no longer than its line");
		CHECK(!m.end || (!m.typed && !m.sized && m.len == 0),
		    "the end mark holds nothing else");
		CHECK(m.type >= 0, "a type is not negative");
		if (!m.end && m.len <= cap)
			round_trip(m.typed ? m.type : 1, body, m.len);
	} else
		CHECK(m.at <= size + 1, "an error lies within the line");
	free(body);

	/* As a message. */
	for (i = 0; i < 8 && i < size; i++)
		t = t << 8 | data[i];
	round_trip((long)(t & LONG_MAX), in + i, size - i);
	return 0;
}
