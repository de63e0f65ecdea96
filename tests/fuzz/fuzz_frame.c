/*
 * libFuzzer harness for the record framing of mqsend (lib/frame.c):
 * lines, NUL-terminated records, all of the input, and TYPE<TAB>.
 *
 * The first byte picks the mode, the limit given to frame_init(), whether
 * frame_read() runs, and whether a record longer than the reader's buffer
 * is put in the middle of the input; the rest is the input.
 * The records must be exactly those of a plain split done here: the
 * pure frame_next() over the whole input, frame_next() without end of
 * input on every prefix (it may only find records that are final), and
 * frame_read() over a file, whose over-long record must be reported with
 * its true length by frame_rest(), and after each record frame_unsent()
 * must lead back to where that record began in the file.  frame_type()
 * is compared with the grammar of TYPE<TAB>: decimal digits, 1 to
 * LONG_MAX, then a TAB.
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

#include "fuzz.h"

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
	const char *p, *q, *end = buf + len;

	s->n = 1;
	if (mode != FRAME_ALL)
		for (p = buf; (q = memchr(p, term, (size_t)(end - p))) != NULL;
		    p = q + 1)
			s->n++;
	s->off = malloc(s->n * sizeof(size_t));
	s->len = malloc(s->n * sizeof(size_t));
	if (s->off == NULL || s->len == NULL)
		abort();
	s->n = 0;
	if (mode == FRAME_ALL) {
		s->off[0] = 0;
		s->len[0] = len;
		s->n = 1;
		return;
	}
	for (p = buf; (q = memchr(p, term, (size_t)(end - p))) != NULL;
	    p = q + 1) {
		s->off[s->n] = (size_t)(p - buf);
		s->len[s->n++] = (size_t)(q - p);
	}
	if (p < end) {
		s->off[s->n] = (size_t)(p - buf);
		s->len[s->n++] = (size_t)(end - p);
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

	/*
	 * Without end of input, a record is found once its terminator is
	 * in the buffer and not a byte before.
	 */
	for (kk = 0; kk < s->n; kk++) {
		p = s->off[kk];
		cut = p + s->len[kk];
		CHECK(!frame_next(mode, buf + p, cut - p, 0, &reclen, &used),
		    "frame_next before EOF: a record without its terminator");
		if (mode == FRAME_ALL || cut == len)
			continue;
		CHECK(frame_next(mode, buf + p, cut + 1 - p, 0, &reclen, &used)
		    && reclen == s->len[kk] && used == reclen + 1,
		    "frame_next before EOF: misses a terminated record");
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
		/* What mqsend seeks back over when this one is not sent. */
		CHECK(lseek(fd, 0, SEEK_CUR) - (off_t)frame_unsent(&f) ==
		    (off_t)s->off[k], "frame_unsent: not back to the record");
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
	struct split s, big;
	size_t len, long_len, max;
	uint8_t sel;
	char *buf, *rep;

	if (size < 1)
		return 0;
	sel = data[0];
	mode = modes[(sel & 3) % 3];
	max = (size_t)(sel >> 2 & 7) * 16;
	data++;
	size--;
	if ((buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);

	split(mode, buf, size, &s);
	check_next(mode, buf, size, &s);
	/* The reads cost a file and a 64 KiB buffer: one input in four. */
	if ((sel >> 5) == 6)
		check_read(mode, buf, size, &s, max);
	/*
	 * One in eight: the input, a record longer than the reader's buffer
	 * (limit, TYPE<TAB> room and 64 KiB chunk), and the input again.
	 */
	if ((sel >> 5) == 7) {
		long_len = max + FRAME_TYPEMAX + 1 + 64 * 1024 + 1 +
		    (sel & 0x1c);
		len = 2 * size + long_len;
		if ((rep = malloc(len)) == NULL)
			abort();
		memcpy(rep, buf, size);
		memset(rep + size, 'x', long_len);
		memcpy(rep + size + long_len, buf, size);
		split(mode, rep, len, &big);
		check_read(mode, rep, len, &big, max);
		free(big.off);
		free(big.len);
		free(rep);
	}
	free(s.off);
	free(s.len);
	free(buf);
	return 0;
}
