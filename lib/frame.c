/*
 * Framing: which bytes make one message.  mqsend and mqrecv both take -0
 * (NUL-terminated records), -a (all of it, one message), -B (binary
 * records that carry any message exactly, with its type) and -j (JSON
 * Lines, whose lines jsonl.c reads) over the default of lines, decoded
 * here once; mqsend's -S cuts a stream into pieces of the longest message
 * the queue takes, which mqrecv -a joins again.  For mqsend, records come from
 * standard input, read in large reads into one buffer whose size is set
 * by the longest message the queue takes, so memory stays bounded however
 * long the stream or a record is.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "frame.h"

/* What one read asks for at least, once the buffer is compacted. */
#define FRAME_CHUNK	(64 * 1024)

/* The option letter of a framing other than lines. */
static char
frame_letter(enum frame_mode mode)
{
	switch (mode) {
	case FRAME_NUL:
		return '0';
	case FRAME_ALL:
		return 'a';
	case FRAME_BIN:
		return 'B';
	case FRAME_JSON:
		return 'j';
	case FRAME_CUT:
		return 'S';
	case FRAME_LINE:
		break;
	}
	return '?';
}

/*
 * Option -0, -a, -B, -j or -S (ch) given: set *mode, refusing another one
 * of them, which would frame the same stream two ways.
 */
void
frame_opt(int ch, enum frame_mode *mode)
{
	enum frame_mode m = ch == '0' ? FRAME_NUL : ch == 'a' ? FRAME_ALL :
	    ch == 'j' ? FRAME_JSON : ch == 'S' ? FRAME_CUT : FRAME_BIN;

	if (*mode != FRAME_LINE && *mode != m)
		diex(EX_USAGE, "-%c and -%c cannot be used together",
		    frame_letter(*mode < m ? *mode : m),
		    frame_letter(*mode < m ? m : *mode));
	*mode = m;
}

/* What follows each message in a stream of this framing (*len bytes). */
const char *
frame_sep(enum frame_mode mode, size_t *len)
{
	switch (mode) {
	case FRAME_NUL:
		*len = 1;
		return "";		/* its terminating NUL */
	case FRAME_ALL:
	case FRAME_BIN:			/* a record says its length */
	case FRAME_CUT:
		*len = 0;
		return "";
	case FRAME_LINE:
	case FRAME_JSON:
		break;
	}
	*len = 1;
	return "\n";
}

/*
 * The first record of buf[0..len): returns 1 with *reclen (the record
 * without its terminator) and *used (with it), or 0 when there is none
 * yet.  At end of input (eof) a last record without a terminator counts;
 * FRAME_ALL finds its one record only then, empty or not.
 */
int
frame_next(enum frame_mode mode, const char *buf, size_t len, int eof,
    size_t *reclen, size_t *used)
{
	const char *p = NULL;

	switch (mode) {
	case FRAME_LINE:
	case FRAME_JSON:
		p = memchr(buf, '\n', len);
		break;
	case FRAME_NUL:
		p = memchr(buf, '\0', len);
		break;
	case FRAME_ALL:
	case FRAME_BIN:			/* frame_bin_next() reads these */
	case FRAME_CUT:			/* frame_read() cuts these */
		break;
	}
	if (p != NULL) {
		*reclen = (size_t)(p - buf);
		*used = *reclen + 1;
		return 1;
	}
	if (!eof || (len == 0 && mode != FRAME_ALL))
		return 0;
	*reclen = *used = len;
	return 1;
}

/*
 * The TYPE<TAB> at the start of a record of mqsend -T: a decimal from 1
 * to LONG_MAX, digits only, 19 at most.  Returns NULL with *type and
 * *skip (where the text begins), or the reason it is not one.
 */
const char *
frame_type(const char *rec, size_t len, long *type, size_t *skip)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; i < len && rec[i] >= '0' && rec[i] <= '9'; i++) {
		/* 19 digits at most, zeros too: it fits FRAME_TYPEMAX. */
		if (i == FRAME_TYPEMAX - 1 ||
		    v > (unsigned long)(LONG_MAX - (rec[i] - '0')) / 10)
			return "its TYPE is out of range (1 to "
			    "9223372036854775807)";
		v = v * 10 + (unsigned long)(rec[i] - '0');
	}
	if (i == len || rec[i] != '\t')
		return i == 0 ? "it does not begin with TYPE<TAB>" :
		    "its TYPE is not followed by a TAB";
	if (i == 0)
		return "its TYPE is empty";
	if (v == 0)
		return "its TYPE is out of range (1 to 9223372036854775807)";
	*type = (long)v;
	*skip = i + 1;
	return NULL;
}

/* FRAME_MAGIC as bytes, without the string's NUL. */
static const char frame_magic[FRAME_MAGICLEN] = {
	'\211', 'I', 'P', 'C', 'M', 'Q'
};

static uint64_t
get_be(const unsigned char *p, size_t n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | *p++;
	return v;
}

static void
put_be(char *p, uint64_t v, size_t n)
{
	while (n-- > 0) {
		p[n] = (char)(v & 0xff);
		v >>= 8;
	}
}

/*
 * The first header or record of a -B stream in buf[0..len), eof when
 * no more input follows, first when the stream header must come now, max
 * the longest body allowed.  FB_RECORD and FB_HEADER fill *r (r->used is
 * what to skip); FB_MORE asks for more input; the rest end the stream,
 * FB_END cleanly.  A record is refused as soon as its 12 bytes show a bad
 * type or length, so no more than max bytes of body are ever needed.
 */
enum frame_bin
frame_bin_next(const char *buf, size_t len, int eof, int first, size_t max,
    struct frame_rec *r)
{
	const unsigned char *p = (const unsigned char *)buf;
	uint64_t t;

	memset(r, 0, sizeof(*r));
	r->used = len;
	if (len == 0)
		return !eof ? FB_MORE : first ? FB_EMPTY : FB_END;
	/* A header, or what there is of one. */
	if (memcmp(buf, frame_magic, len < FRAME_MAGICLEN ? len :
	    FRAME_MAGICLEN) == 0) {
		r->need = FRAME_HDRLEN;
		if (len < FRAME_HDRLEN)
			return eof ? FB_CUT : FB_MORE;
		r->version = (unsigned int)get_be(p + FRAME_MAGICLEN, 2);
		if (r->version != FRAME_VERSION)
			return FB_VERSION;
		r->used = FRAME_HDRLEN;
		return FB_HEADER;
	}
	if (first)
		return FB_MAGIC;
	r->need = FRAME_RECLEN;
	if (len < FRAME_RECLEN)
		return eof ? FB_CUT : FB_MORE;
	/* Two's complement, without an implementation-defined cast. */
	t = get_be(p, 8);
	r->type = t > INT64_MAX ? -(int64_t)(~t) - 1 : (int64_t)t;
	r->len = (uint32_t)get_be(p + 8, 4);
	/* 0 is a POSIX queue's lowest priority; mqsend refuses it otherwise. */
	if (r->type < 0 || r->type > LONG_MAX)
		return FB_TYPE;
	if (r->len > max)
		return FB_LONG;
	r->need = FRAME_RECLEN + (size_t)r->len;
	if (len < r->need)
		return eof ? FB_CUT : FB_MORE;
	r->used = r->need;
	return FB_RECORD;
}

/* The stream header that mqrecv -B writes first. */
void
frame_bin_header(char h[FRAME_HDRLEN])
{
	memcpy(h, frame_magic, sizeof(frame_magic));
	put_be(h + FRAME_MAGICLEN, FRAME_VERSION, 2);
}

/* The 12 bytes before a body of len bytes and this type (0 or above). */
void
frame_bin_rec(char h[FRAME_RECLEN], long type, size_t len)
{
	put_be(h, (uint64_t)type, 8);
	put_be(h + 8, (uint64_t)len, 4);
}

/*
 * A stream that an mqsend -B before us read in part: it leaves the offset
 * of a file just after the last message it sent, for a retry, so that the
 * header is behind us, at offset 0.  Then reading goes on from a record.
 */
static int
frame_resumed(int fd)
{
	char h[FRAME_HDRLEN];
	struct frame_rec r;

	if (lseek(fd, 0, SEEK_CUR) < FRAME_HDRLEN ||
	    pread(fd, h, sizeof(h), 0) != (ssize_t)sizeof(h))
		return 0;
	return frame_bin_next(h, sizeof(h), 0, 1, 0, &r) == FB_HEADER;
}

/*
 * Records of up to max bytes (plus a TYPE<TAB> prefix, or the 12 bytes
 * of a -B record) always fit; one that does not fit is longer than any
 * message the queue takes.
 */
void
frame_init(struct frame_in *f, int fd, enum frame_mode mode, size_t max)
{
	memset(f, 0, sizeof(*f));
	f->fd = fd;
	f->mode = mode;
	f->max = max;
	if (max > SIZE_MAX - FRAME_TYPEMAX - 1 - FRAME_CHUNK)
		diex(EX_OSERR, "a limit of %zu bytes is too large", max);
	f->cap = max + FRAME_TYPEMAX + 1 + FRAME_CHUNK;
	if ((f->buf = malloc(f->cap)) == NULL)
		die("a buffer of %zu bytes", f->cap);
	if (mode == FRAME_BIN)
		f->hdr = !frame_resumed(fd);
}

/*
 * One read of standard input into the free end of the buffer, after
 * moving the unsent bytes (from the last record returned) to its start.
 */
static void
read_more(struct frame_in *f)
{
	ssize_t n;

	if (f->last > 0) {
		memmove(f->buf, f->buf + f->last, f->end - f->last);
		f->end -= f->last;
		f->start -= f->last;
		f->last = 0;
	}
	do
		n = read(f->fd, f->buf + f->end, f->cap - f->end);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		in_fail();
	if (n == 0)
		f->eof = 1;
	f->end += (size_t)n;
}

/*
 * FRAME_CUT: the next f->max bytes, or the last ones at the end of input;
 * none there gives no piece, so empty input is no message.
 */
static int
frame_cut(const struct frame_in *f, size_t *len, size_t *used)
{
	size_t n = f->end - f->start;

	if (n < f->max && (!f->eof || n == 0))
		return 0;
	*len = *used = n < f->max ? n : f->max;
	return 1;
}

/*
 * The next record: 1 with *rec and *len, 0 at the end of input, or -1
 * when the buffer is full and holds no whole record: the record is longer
 * than f->cap, and *rec and *len give what of it was read.
 */
int
frame_read(struct frame_in *f, const char **rec, size_t *len)
{
	size_t used;

	/* Called again: the record returned last was sent. */
	f->last = f->start;
	for (;;) {
		if (f->done)
			return 0;
		if (f->mode == FRAME_CUT ? frame_cut(f, len, &used) :
		    frame_next(f->mode, f->buf + f->start, f->end - f->start,
		    f->eof, len, &used)) {
			*rec = f->buf + f->start;
			f->last = f->start;
			f->start += used;
			if (f->mode == FRAME_ALL)
				f->done = 1;
			return 1;
		}
		if (f->eof)
			return 0;
		if (f->start == 0 && f->end == f->cap) {
			*rec = f->buf;
			*len = f->end;
			return -1;
		}
		read_more(f);
	}
}

/*
 * After frame_read() returned -1: read on through the rest of that
 * record, counting, for at most limit more bytes.  Returns 1 with the
 * whole record's length in *total when its end was found, or 0 with
 * what was counted.
 */
int
frame_rest(struct frame_in *f, size_t limit, unsigned long long *total)
{
	unsigned long long n = f->end;
	const char *p = NULL;

	for (;;) {
		f->last = f->start = f->end = 0;
		if (n - (unsigned long long)f->cap > limit) {
			*total = n;
			return 0;
		}
		read_more(f);
		if (f->mode != FRAME_ALL)
			p = memchr(f->buf, f->mode == FRAME_NUL ? '\0' : '\n',
			    f->end);
		if (p != NULL) {
			*total = n + (unsigned long long)(p - f->buf);
			return 1;
		}
		n += f->end;
		if (f->eof) {
			*total = n;
			return 1;
		}
	}
}

/*
 * The next record of a -B stream: FB_RECORD with *type, *body and *len,
 * FB_END at its clean end, or what is wrong, with f->rec telling more.
 */
enum frame_bin
frame_bin_read(struct frame_in *f, long *type, const char **body,
    size_t *len)
{
	enum frame_bin r;

	/* Called again: the record returned last was sent. */
	f->last = f->start;
	for (;;) {
		r = frame_bin_next(f->buf + f->start, f->end - f->start,
		    f->eof, f->hdr, f->max, &f->rec);
		switch (r) {
		case FB_HEADER:
			f->hdr = 0;
			f->last = f->start += f->rec.used;
			continue;
		case FB_RECORD:
			*type = (long)f->rec.type;
			*body = f->buf + f->start + FRAME_RECLEN;
			*len = f->rec.len;
			f->last = f->start;
			f->start += f->rec.used;
			return r;
		case FB_MORE:
			/* Cannot be: a record of max bytes fits (FB_LONG). */
			if (f->start == 0 && f->end == f->cap)
				return FB_LONG;
			read_more(f);
			continue;
		default:
			return r;
		}
	}
}

/*
 * The bytes read from the descriptor but not sent: the last record that
 * frame_read() returned (the caller failed to send it) and all after it.
 */
size_t
frame_unsent(const struct frame_in *f)
{
	return f->end - f->last;
}

void
frame_free(struct frame_in *f)
{
	free(f->buf);
	f->buf = NULL;
}
