/*
 * libFuzzer harness for the record framing of mqsend (lib/frame.c):
 * lines, NUL-terminated records, all of the input, and TYPE<TAB>.
 *
 * The first byte picks the mode, the limit given to frame_init() and how
 * often the rest is repeated (so that some inputs outgrow the reader's
 * buffer); the rest is the input.
 * The records must be exactly those of a plain split done here: the
 * pure frame_next() over the whole input, frame_next() without end of
 * input on every prefix (it may only find records that are final), and
 * frame_read() over a file, whose over-long record must be reported with
 * its true length by frame_rest().  frame_type() is compared with the
 * grammar of TYPE<TAB>: decimal digits, 1 to LONG_MAX, then a TAB.
 */
#include <sys/mman.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "frame.h"

#define CHECK(cond, what) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "property failed: %s\n", (what));	\
		abort();						\
	}								\
} while (0)

/* The reference: where record i starts and how long it is. */
struct split {
	size_t	 n;
	size_t	*off;
	size_t	*len;
};

static void
split(enum frame_mode mode, const char *buf, size_t len, struct split *s)
{
	char term = mode == FRAME_LINE ? '\n' : '\0';
	size_t i, start = 0;

	s->n = 0;
	s->off = calloc(len + 1, sizeof(size_t));
	s->len = calloc(len + 1, sizeof(size_t));
	if (s->off == NULL || s->len == NULL)
		abort();
	if (mode == FRAME_ALL) {
		s->off[0] = 0;
		s->len[0] = len;
		s->n = 1;
		return;
	}
	for (i = 0; i < len; i++) {
		if (buf[i] == term) {
			s->off[s->n] = start;
			s->len[s->n++] = i - start;
			start = i + 1;
		}
	}
	if (start < len) {
		s->off[s->n] = start;
		s->len[s->n++] = len - start;
	}
}

static void
check_type(const char *rec, size_t len)
{
	const char *why;
	unsigned long long v = 0;
	size_t i, skip = 0;
	long type = 0;
	int ok, over = 0;

	for (i = 0; i < len && rec[i] >= '0' && rec[i] <= '9'; i++) {
		if (v > ((unsigned long long)LONG_MAX - (unsigned)(rec[i] - '0'))
		    / 10)
			over = 1;
		else
			v = v * 10 + (unsigned)(rec[i] - '0');
	}
	/* At most 19 digits, zeros in front included: FRAME_TYPEMAX. */
	ok = i > 0 && i < FRAME_TYPEMAX && i < len && rec[i] == '\t' &&
	    !over && v >= 1;
	why = frame_type(rec, len, &type, &skip);
	if (why != NULL) {
		CHECK(*why != '\0', "frame_type: empty reason");
		CHECK(!ok, "frame_type rejects a valid TYPE<TAB>");
		return;
	}
	CHECK(ok, "frame_type accepts what is not TYPE<TAB>");
	CHECK((unsigned long long)type == v, "frame_type: wrong type");
	CHECK(skip == i + 1 && skip <= len, "frame_type: wrong skip");
	CHECK(skip <= FRAME_TYPEMAX + 1, "frame_type: prefix over FRAME_TYPEMAX");
}

/* The whole input at once, and every prefix of it still being read. */
static void
check_next(enum frame_mode mode, const char *buf, size_t len,
    const struct split *s)
{
	size_t pos = 0, k = 0, reclen, used, cut, p, kk;

	while (frame_next(mode, buf + pos, len - pos, 1, &reclen, &used)) {
		CHECK(k < s->n, "frame_next: more records than the input has");
		CHECK(pos == s->off[k] && reclen == s->len[k],
		    "frame_next: a record differs from the split");
		CHECK(used == reclen + 1 || (used == reclen &&
		    pos + used == len), "frame_next: wrong used");
		CHECK(used > 0 || (mode == FRAME_ALL && len == 0),
		    "frame_next: a record that uses no input");
		check_type(buf + pos, reclen);
		k++;
		pos += used;
		if (mode == FRAME_ALL)
			break;
	}
	CHECK(k == s->n, "frame_next: fewer records than the input has");

	/* Without end of input, only records whose terminator was seen. */
	for (cut = 0; cut <= len && len <= 256; cut++) {
		for (p = 0, kk = 0; frame_next(mode, buf + p, cut - p, 0,
		    &reclen, &used); kk++) {
			CHECK(mode != FRAME_ALL, "FRAME_ALL record before EOF");
			CHECK(kk < s->n && p == s->off[kk] &&
			    reclen == s->len[kk] && used == reclen + 1,
			    "frame_next before EOF differs from the split");
			p += used;
		}
	}
}

/* Through frame_read() from a file, with a buffer it may outgrow. */
static void
check_read(enum frame_mode mode, const char *buf, size_t len,
    const struct split *s, size_t max)
{
	struct frame_in f;
	const char *rec;
	unsigned long long total;
	size_t reclen, k = 0;
	int fd, r;

	if ((fd = memfd_create("fuzz_frame", 0)) == -1)
		return;
	if (write_full(fd, buf, len) == -1 || lseek(fd, 0, SEEK_SET) != 0)
		abort();
	frame_init(&f, fd, mode, max);
	while ((r = frame_read(&f, &rec, &reclen)) == 1) {
		CHECK(k < s->n, "frame_read: more records than the input has");
		CHECK(reclen == s->len[k] &&
		    memcmp(rec, buf + s->off[k], reclen) == 0,
		    "frame_read: a record differs from the split");
		CHECK(reclen <= f.cap, "frame_read: record over the buffer");
		k++;
	}
	if (r == -1) {
		CHECK(k < s->n && s->len[k] >= reclen && reclen == f.cap,
		    "frame_read: -1 but the record fits");
		CHECK(memcmp(rec, buf + s->off[k], reclen) == 0,
		    "frame_read: the start of a long record differs");
		r = frame_rest(&f, SIZE_MAX / 2, &total);
		CHECK(r == 1 && total == s->len[k],
		    "frame_rest: wrong length of the long record");
	} else {
		CHECK(r == 0 && k == s->n,
		    "frame_read: fewer records than the input has");
	}
	frame_free(&f);
	close(fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum frame_mode modes[] = {
		FRAME_LINE, FRAME_NUL, FRAME_ALL
	};
	enum frame_mode mode;
	struct split s;
	size_t len, reps, i, max;
	char *buf;

	if (size < 1)
		return 0;
	mode = modes[(data[0] & 3) % 3];
	max = (size_t)(data[0] >> 2 & 7) * 16;
	/* One time in eight, enough copies to outgrow the 64 KiB chunk. */
	reps = (data[0] >> 5) == 7 && size > 1 ? 70000 / (size - 1) + 1 : 1;
	data++;
	size--;
	len = size * reps;
	if ((buf = malloc(len + 1)) == NULL)
		return 0;
	for (i = 0; i < reps; i++)
		memcpy(buf + i * size, data, size);

	split(mode, buf, len, &s);
	check_next(mode, buf, len, &s);
	check_read(mode, buf, len, &s, max);

	free(s.off);
	free(s.len);
	free(buf);
	return 0;
}
