/*
 * libFuzzer harness for the binary records of mqsend -B (lib/frame.c):
 * frame_bin_next(), frame_bin_read() and the writers mqrecv -B uses.
 *
 * The first byte picks the limit on a body, whether a stream header is
 * put before the rest of the input (so that mutations reach the records
 * more often), and whether the reads run; the rest is the input.
 * Everything is compared with a reference reader written here from the
 * format of ipctools(7): the headers and records found, and how the
 * stream ends (cleanly, or cut short, with a bad magic, version, type or
 * length).  Without end of input, frame_bin_next() on any prefix must
 * ask for more or agree with the whole input.  What was accepted, written
 * again by frame_bin_header() and frame_bin_rec(), gives the same bytes.
 * frame_bin_read() over a file must give the same records, lead back to
 * each with frame_unsent(), and go on from the middle of a stream the way
 * a retry of mqsend -B does.
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

/* One header or record the reference found. */
struct item {
	int		 hdr;
	size_t		 off;
	size_t		 size;		/* its bytes, header or record */
	long		 type;
	size_t		 len;		/* of the body */
};

struct ref {
	struct item	*it;
	size_t		 n;
	size_t		 nrec;
	enum frame_bin	 end;		/* how the stream ends */
	size_t		 endoff;	/* where */
};

static const unsigned char magic[6] = { 0x89, 'I', 'P', 'C', 'M', 'Q' };

/*
 * The reference, from the page: an 8-byte header (the 6 bytes of magic,
 * a 16-bit version that is 1); then records of an 8-byte type, a 32-bit
 * length and the body; big-endian.  The type is signed and 0 to LONG_MAX;
 * the length at most max.  A header may come again between records.
 */
static void
reference(const unsigned char *b, size_t len, size_t max, struct ref *r)
{
	size_t pos = 0, rem, m, i;
	uint64_t t;
	uint32_t n;
	int first = 1;

	r->n = r->nrec = 0;
	/* At most one item per 8 bytes. */
	if ((r->it = calloc(len / 8 + 1, sizeof(*r->it))) == NULL)
		abort();
	for (;;) {
		rem = len - pos;
		r->endoff = pos;
		if (rem == 0) {
			r->end = first ? FB_EMPTY : FB_END;
			return;
		}
		m = rem < 6 ? rem : 6;
		if (memcmp(b + pos, magic, m) == 0) {
			if (rem < 8) {
				r->end = FB_CUT;
				return;
			}
			if (b[pos + 6] != 0 || b[pos + 7] != 1) {
				r->end = FB_VERSION;
				return;
			}
			r->it[r->n].hdr = 1;
			r->it[r->n].off = pos;
			r->it[r->n++].size = 8;
			pos += 8;
			first = 0;
			continue;
		}
		if (first) {
			r->end = FB_MAGIC;
			return;
		}
		if (rem < 12) {
			r->end = FB_CUT;
			return;
		}
		t = 0;
		for (i = 0; i < 8; i++)
			t = t << 8 | b[pos + i];
		n = (uint32_t)b[pos + 8] << 24 | (uint32_t)b[pos + 9] << 16 |
		    (uint32_t)b[pos + 10] << 8 | b[pos + 11];
		/* Bit 63 set is a negative type. */
		if ((t >> 63) != 0 || t > (uint64_t)LONG_MAX) {
			r->end = FB_TYPE;
			return;
		}
		if (n > max) {
			r->end = FB_LONG;
			return;
		}
		if (rem - 12 < n) {
			r->end = FB_CUT;
			return;
		}
		r->it[r->n].hdr = 0;
		r->it[r->n].off = pos;
		r->it[r->n].size = 12 + (size_t)n;
		r->it[r->n].type = (long)t;
		r->it[r->n++].len = n;
		r->nrec++;
		pos += 12 + (size_t)n;
	}
}

/* The whole input, every prefix without end of input, and the writers. */
static void
check_next(const char *buf, size_t len, size_t max, const struct ref *r)
{
	struct frame_rec fr, pr;
	enum frame_bin res, pres;
	char h[FRAME_RECLEN];
	size_t pos = 0, k = 0, j, stop;
	int first = 1;

	for (;;) {
		res = frame_bin_next(buf + pos, len - pos, 1, first, max, &fr);
		CHECK(res != FB_MORE, "frame_bin_next: more, at end of input");
		/* Every prefix of what is left, up to the item and a byte. */
		stop = k < r->n ? r->it[k].size + 1 : len - pos;
		if (stop > len - pos)
			stop = len - pos;
		for (j = 0; j <= stop; j++) {
			pres = frame_bin_next(buf + pos, j, 0, first, max, &pr);
			CHECK(pres != FB_END && pres != FB_EMPTY &&
			    pres != FB_CUT,
			    "frame_bin_next: an end, before end of input");
			if (pres == FB_MORE) {
				CHECK(k >= r->n || j < r->it[k].size,
				    "frame_bin_next: more, with a whole item");
				continue;
			}
			CHECK(pres == res, "frame_bin_next: a prefix differs");
			if (res == FB_RECORD || res == FB_HEADER)
				CHECK(pr.used == fr.used && pr.type == fr.type &&
				    pr.len == fr.len,
				    "frame_bin_next: a prefix's item differs");
		}
		if (res != FB_RECORD && res != FB_HEADER)
			break;
		CHECK(k < r->n, "frame_bin_next: more items than the input");
		CHECK(r->it[k].off == pos && r->it[k].size == fr.used &&
		    r->it[k].hdr == (res == FB_HEADER),
		    "frame_bin_next: an item differs from the reference");
		if (res == FB_HEADER) {
			CHECK(fr.version == FRAME_VERSION,
			    "frame_bin_next: a header of another version");
			frame_bin_header(h);
			CHECK(memcmp(h, buf + pos, FRAME_HDRLEN) == 0,
			    "frame_bin_header: not the header read");
			first = 0;
		} else {
			CHECK(fr.type == r->it[k].type &&
			    fr.len == r->it[k].len,
			    "frame_bin_next: a record differs");
			frame_bin_rec(h, (long)fr.type, fr.len);
			CHECK(memcmp(h, buf + pos, FRAME_RECLEN) == 0,
			    "frame_bin_rec: not the record read");
		}
		pos += fr.used;
		k++;
	}
	CHECK(k == r->n, "frame_bin_next: fewer items than the input");
	CHECK(res == r->end && pos == r->endoff,
	    "frame_bin_next: the stream ends otherwise");
	if (res == FB_TYPE)
		CHECK(fr.type < 0 || fr.type > LONG_MAX,
		    "frame_bin_next: FB_TYPE for a good type");
	if (res == FB_LONG)
		CHECK(fr.len > max, "frame_bin_next: FB_LONG within the limit");
	if (res == FB_CUT)
		CHECK(fr.used == len - pos && fr.need > fr.used,
		    "frame_bin_next: FB_CUT with what there is");
}

/*
 * Through frame_bin_read() from a file, from its start or, as a retry of
 * mqsend -B does, from the record at rank from (the header at offset 0).
 */
static void
check_read(const char *buf, size_t len, size_t max, const struct ref *r,
    size_t from)
{
	struct frame_in f;
	enum frame_bin res;
	const char *body;
	size_t blen, k, rank = 0;
	long type;
	int fd;

	if ((fd = memfd_create("fuzz_frame_bin", 0)) == -1)
		return;
	if (write_full(fd, buf, len) == -1)
		abort();
	for (k = 0; k < r->n && (r->it[k].hdr || rank < from); k++)
		if (!r->it[k].hdr)
			rank++;
	if (lseek(fd, from == 0 ? 0 : (off_t)r->it[k].off, SEEK_SET) == -1)
		abort();
	if (from == 0)
		k = 0;
	frame_init(&f, fd, FRAME_BIN, max);
	while ((res = frame_bin_read(&f, &type, &body, &blen)) ==
	    FB_RECORD) {
		while (k < r->n && r->it[k].hdr)
			k++;
		CHECK(k < r->n, "frame_bin_read: more records than the input");
		CHECK(type == r->it[k].type && blen == r->it[k].len &&
		    memcmp(body, buf + r->it[k].off + FRAME_RECLEN, blen) == 0,
		    "frame_bin_read: a record differs from the reference");
		CHECK(lseek(fd, 0, SEEK_CUR) - (off_t)frame_unsent(&f) ==
		    (off_t)r->it[k].off, "frame_unsent: not back to the record");
		k++;
	}
	CHECK(res == r->end, "frame_bin_read: the stream ends otherwise");
	frame_free(&f);
	close(fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t maxes[] = { 0, 1, 5, 16, 100, 4096, 8192, 65536 };
	struct ref r;
	size_t max, len, from;
	uint8_t sel;
	char *buf;

	if (size < 1)
		return 0;
	sel = data[0];
	max = maxes[sel & 7];
	data++;
	size--;
	/* One in two: a stream header first. */
	len = size + ((sel & 8) ? FRAME_HDRLEN : 0);
	if ((buf = malloc(len + 1)) == NULL)
		return 0;
	if (sel & 8)
		frame_bin_header(buf);
	memcpy(buf + len - size, data, size);

	reference((const unsigned char *)buf, len, max, &r);
	check_next(buf, len, max, &r);
	/* The reads cost a file and a 64 KiB buffer: one input in four. */
	if ((sel >> 4 & 3) == 3) {
		check_read(buf, len, max, &r, 0);
		from = (size_t)(sel >> 6);
		if (from > 0 && from < r.nrec)
			check_read(buf, len, max, &r, from);
	}
	free(r.it);
	free(buf);
	return 0;
}
