/*
 * The datagram engine of sockpipe(1): a plain poll(2) loop over standard
 * input and the socket, one line (or NUL-ended record) one datagram, and
 * each datagram received one line.  A listener answers the peer it heard
 * last.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "frame.h"
#include "sockpriv.h"

#define UDP4_MAX	65507		/* 65535 - IPv4 header - UDP header */
#define UDP6_MAX	65527		/* 65535 - UDP header */

struct dgram {
	int			 s;
	const struct sockcfg	*c;
	struct sockaddr_storage	 peer;		/* listener: last heard */
	socklen_t		 peerlen;
	char			*in;		/* stdin, up to limit + 1 */
	size_t			 inlen;
	size_t			 limit;		/* largest line we send */
	unsigned long long	 line;
	int			 in_eof;
	size_t			 cap;		/* of in */
	int			 hdr;		/* -B: the stream header seen */
	char			*dg;		/* -B: 12 bytes; datagram, delim */
	char			*body;		/* where in dg a datagram goes */
};

/* A client's peer refused (an ICMP port unreachable, a gone socket). */
static void __attribute__((noreturn))
dg_refused(struct dgram *d, int e)
{
	char who[PEER_NAME_MAX];

	peer_name(d->s, d->c, who, sizeof(who));
	quit(EX_UNAVAILABLE, e, "%s", who);
}

static void
dg_send(struct dgram *d, const char *p, size_t len)
{
	char who[PEER_NAME_MAX];
	ssize_t n;

	d->line++;
	for (;;) {
		if (d->c->listening)
			n = sendto(d->s, p, len, 0,
			    (struct sockaddr *)&d->peer, d->peerlen);
		else
			n = send(d->s, p, len, 0);
		if (n != -1)
			break;
		if (errno == EINTR)
			continue;
		if (errno == EMSGSIZE)
			quit(EX_DATAERR, errno, "line %llu is %zu bytes",
			    d->line, len);
		if (d->c->listening && (conn_errno(errno) ||
		    errno == ENOENT)) {
			/* That peer is gone; later lines wait for another. */
			addr_name((struct sockaddr *)&d->peer, d->peerlen,
			    who, sizeof(who));
			(void)fail("line %llu not sent to %s", d->line, who);
			d->peerlen = 0;
			return;
		}
		if (!d->c->listening && conn_errno(errno))
			dg_refused(d, errno);
		die("send");
	}
}

/* A line too long for one datagram: count it whole, then refuse it. */
static void __attribute__((noreturn))
dg_too_long(struct dgram *d)
{
	char buf[8192], *p;
	size_t total = d->inlen;
	ssize_t n;

	for (;;) {
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN) {
			await(STDIN_FILENO, POLLIN);
			continue;
		}
		if (n == -1)
			quit(EX_IOERR, errno, "standard input");
		if (n == 0)
			break;
		if ((p = memchr(buf, d->c->delim, (size_t)n)) != NULL) {
			total += (size_t)(p - buf);
			break;
		}
		total += (size_t)n;
	}
	quit(EX_DATAERR, 0, "line %llu is %zu bytes; a datagram holds at "
	    "most %zu", d->line + 1, total, d->limit);
}

/*
 * Send each whole line held; at end of input the rest is a line too
 * (a last line without its newline).  A listener that lost its peer
 * keeps the rest until it hears from another.
 */
/*
 * -B: send each whole record held, its body a datagram (a datagram has no
 * type: the record's is not sent).  A stream that is not one, or a body
 * longer than a datagram holds, is 65 before anything of it is sent.
 */
static char *
dg_records(struct dgram *d)
{
	static const char *const why[] = {
		[FB_MAGIC] = "does not begin with the header of -B records",
		[FB_VERSION] = "is of a version of -B records not known here",
		[FB_CUT] = "ends inside a header or record",
		[FB_TYPE] = "has a negative type",
	};
	struct frame_rec rec;
	enum frame_bin r;
	char *start = d->in;

	while (!d->c->listening || d->peerlen > 0) {
		r = frame_bin_next(start, d->inlen - (size_t)(start - d->in),
		    d->in_eof, !d->hdr, d->limit, &rec);
		if (r == FB_HEADER)
			d->hdr = 1;
		else if (r == FB_RECORD)
			dg_send(d, start + FRAME_RECLEN, rec.len);
		else if (r == FB_LONG)
			quit(EX_DATAERR, 0, "record %llu is %lu bytes; a "
			    "datagram holds at most %zu", d->line + 1,
			    (unsigned long)rec.len, d->limit);
		else if (r == FB_EMPTY && !d->c->listening)
			/* A listener's empty input: it only receives. */
			quit(EX_DATAERR, 0, "standard input: empty, not a "
			    "stream of -B records (mqrecv -B writes them)");
		else if (r == FB_MORE || r == FB_END || r == FB_EMPTY)
			break;
		else
			quit(EX_DATAERR, 0, "standard input, at record %llu, "
			    "%s", d->line + 1, why[r]);
		start += rec.used;
	}
	return start;
}

static void
dg_lines(struct dgram *d)
{
	char *p, *start = d->in;
	size_t left;

	if (d->c->binary) {
		start = dg_records(d);
		d->inlen -= (size_t)(start - d->in);
		memmove(d->in, start, d->inlen);
		return;
	}
	while (!d->c->listening || d->peerlen > 0) {
		left = d->inlen - (size_t)(start - d->in);
		if ((p = memchr(start, d->c->delim, left)) != NULL) {
			dg_send(d, start, (size_t)(p - start));
			start = p + 1;
		} else {
			if (d->in_eof && left > 0) {
				dg_send(d, start, left);
				start += left;
			}
			break;
		}
	}
	d->inlen -= (size_t)(start - d->in);
	memmove(d->in, start, d->inlen);
	if (d->inlen == d->limit + 1 && memchr(d->in, d->c->delim,
	    d->inlen) == NULL)
		dg_too_long(d);
}

/* Read stdin and send its lines; returns 0 once all of it is sent. */
static int
dg_input(struct dgram *d)
{
	ssize_t n;

	if (!d->in_eof && d->inlen < d->cap) {
		n = read(STDIN_FILENO, d->in + d->inlen, d->cap - d->inlen);
		if (n == -1 && errno != EINTR && errno != EAGAIN)
			quit(EX_IOERR, errno, "standard input");
		if (n == 0)
			d->in_eof = 1;
		if (n > 0)
			d->inlen += (size_t)n;
	}
	dg_lines(d);
	return !(d->in_eof && d->inlen == 0);
}

/* Print the datagrams waiting on the socket, each whole, or fail. */
static void
dg_output(struct dgram *d)
{
	struct sockaddr_storage from;
	socklen_t fromlen;
	char who[PEER_NAME_MAX];
	ssize_t n;

	memset(&from, 0, sizeof(from));
	for (;;) {
		fromlen = sizeof(from);
		n = recvfrom(d->s, d->body, DGRAM_MAX + 1,
		    MSG_TRUNC | MSG_DONTWAIT, (struct sockaddr *)&from,
		    &fromlen);
		if (n == -1) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			if (conn_errno(errno) && d->c->listening)
				continue;
			if (conn_errno(errno))
				dg_refused(d, errno);
			die("recv");
		}
		/* An unbound Unix sender has no address at all. */
		if (fromlen < sizeof(sa_family_t))
			from.ss_family = AF_UNIX;
		if (n > DGRAM_MAX) {
			addr_name((struct sockaddr *)&from, fromlen, who,
			    sizeof(who));
			quit(EX_DATAERR, 0, "a datagram of %zd bytes from %s "
			    "is more than the %d bytes taken", n, who,
			    DGRAM_MAX);
		}
		if (d->c->binary) {
			/* Type 1, as mqsend's default; one write a record. */
			frame_bin_rec(d->dg, 1, (size_t)n);
			if (write_full(STDOUT_FILENO, d->dg, FRAME_RECLEN +
			    (size_t)n) == -1)
				out_fail(errno);
		} else {
			d->body[n] = d->c->delim;
			if (write_full(STDOUT_FILENO, d->body, (size_t)n + 1)
			    == -1)
				out_fail(errno);
		}
		/* Answer the peer heard last, if it has an address. */
		if (d->c->listening && (from.ss_family != AF_UNIX ||
		    fromlen > offsetof(struct sockaddr_un, sun_path))) {
			memcpy(&d->peer, &from, fromlen);
			d->peerlen = fromlen;
		}
	}
}

/*
 * Lines to datagrams and back, until stdin ends (a client without -w or
 * -q), -w of silence, -q after the end of stdin, or a signal.  Silence
 * while stdin is still open is a timeout (75); after it ended, it is the
 * normal end (0).
 */
void
sock_dgram(int s, const struct sockcfg *c)
{
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof(ss);
	struct pollfd pfd[2];
	struct dgram d;
	struct timespec ts;
	char hdr[FRAME_HDRLEN];
	long long deadline = 0, eof_end = 0, left, wait_ns = 0;
	int in_open = 1, r;

	memset(&ss, 0, sizeof(ss));
	memset(&d, 0, sizeof(d));
	d.s = s;
	d.c = c;
	d.limit = DGRAM_MAX;
	if (getsockname(s, (struct sockaddr *)&ss, &sslen) == 0)
		d.limit = ss.ss_family == AF_INET ? UDP4_MAX :
		    ss.ss_family == AF_INET6 ? UDP6_MAX : DGRAM_MAX;
	/* A line and one byte more shows a line too long; a record, its 12. */
	d.cap = d.limit + (c->binary ? FRAME_RECLEN : 1);
	if ((d.in = malloc(d.cap)) == NULL ||
	    (d.dg = malloc(FRAME_RECLEN + DGRAM_MAX + 2)) == NULL)
		die("malloc");
	d.body = d.dg + (c->binary ? FRAME_RECLEN : 0);
	if (c->binary) {
		/* The header first, so that even no datagram is a stream. */
		frame_bin_header(hdr);
		if (write_full(STDOUT_FILENO, hdr, sizeof(hdr)) == -1)
			out_fail(errno);
	}
	if (stdin_background_tty()) {
		d.in_eof = 1;
		in_open = 0;
	}
	if (c->wait != NULL) {
		wait_ns = c->wait->tv_sec * 1000000000LL + c->wait->tv_nsec;
		deadline = now_ns() + wait_ns;
	}

	for (;;) {
		if (!in_open && !c->listening && c->wait == NULL &&
		    c->linger == NULL)
			quit(EX_OK, 0, NULL);
		/* -q: the end comes that long after the end of input. */
		if (!in_open && c->linger != NULL && eof_end == 0)
			eof_end = now_ns() + c->linger->tv_sec * 1000000000LL +
			    c->linger->tv_nsec;
		if (eof_end != 0 && (c->wait == NULL || eof_end < deadline))
			deadline = eof_end;
		pfd[0].fd = in_open && (!c->listening || d.peerlen > 0) ?
		    STDIN_FILENO : -1;
		pfd[0].events = POLLIN;
		pfd[1].fd = s;
		pfd[1].events = POLLIN;
		if (c->wait != NULL || eof_end != 0) {
			if ((left = deadline - now_ns()) <= 0) {
				if (!in_open)
					quit(EX_OK, 0, NULL);
				quit(EX_TEMPFAIL, 0, "nothing moved for %s "
				    "seconds", c->waitarg);
			}
			ts.tv_sec = left / 1000000000LL;
			ts.tv_nsec = left % 1000000000LL;
		}
		r = ppoll(pfd, 2, c->wait != NULL || eof_end != 0 ? &ts : NULL,
		    NULL);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			die("poll");
		if (r == 0)
			continue;
		if (pfd[1].revents != 0)
			dg_output(&d);
		if (pfd[0].revents != 0)
			in_open = dg_input(&d);
		if (c->wait != NULL)
			deadline = now_ns() + wait_ns;
	}
}
