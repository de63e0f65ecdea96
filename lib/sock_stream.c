/*
 * The stream engine of sockpipe(1): a connected stream socket joined to
 * standard input and output.
 *
 * Two threads, one per direction, each blocking in splice(2) (or read and
 * write where splice cannot go) so that no poll runs per chunk; the
 * calling thread only waits for them and keeps the -w clock.  How each
 * ends:
 *
 *  - The sender, at the end of standard input: it half-closes the socket
 *    (the peer sees our end and may still answer) and finishes with 0.
 *    When the socket refuses our data (EPIPE, a reset), it finishes with
 *    that errno.  Under -k, when the client is gone, sock_stream() asks it
 *    to let go (abandon, and SIGUSR1 to interrupt a blocking read).  A
 *    failed read of standard input ends the command (74).
 *  - The receiver, at the peer's end of stream (0) or a connection error
 *    (its errno).  Standard output's failures end the command there: a
 *    reader that left is exit 0, anything else 74.
 *  - sock_stream() returns once both are done, or as soon as the receiver
 *    ended in an error; with -w, nothing moved for that long ends the
 *    command (75).  quit() is the one exit, safe from any of the three.
 *
 * What lasts across the clients of -k (a partly sent buffer of standard
 * input, its end) is in struct stream.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sockpriv.h"

#define SPLICE_MAX	(1 << 20)	/* bytes asked of one splice(2) */
#define RW_BUF		(128 * 1024)	/* read/write fallback buffer */
#define PIPE_WANT	(1 << 20)	/* pipe size we ask for */

enum in_how { IN_SPLICE, IN_VIA_PIPE, IN_RW };
enum out_how { OUT_VIA_PIPE, OUT_RW };

struct stream {
	pthread_mutex_t	 mu;		/* guards each half's done and err */
	pthread_cond_t	 cv;		/* a half is done */
	atomic_llong	 last_move;	/* CLOCK_MONOTONIC ns, with -w */
	int		 timing;	/* -w given */
	int		 stdin_ended;	/* kept across -k clients */
	int		 stdin_tty;	/* a terminal in the foreground */
	int		 tcp;		/* the socket is TCP */
	atomic_int	 fin_sent;	/* we half-closed this connection */
	atomic_int	 heard;		/* the peer sent us something */
	enum in_how	 in_how;
	enum out_how	 out_how;
	int		 via[2];	/* private pipe to stdout */
	int		 vin[2];	/* private pipe from stdin */
	size_t		 vin_len;	/* bytes waiting in vin, across -k */
	char		*in_buf, *out_buf;
	size_t		 in_off, in_len; /* in_buf's unsent part, across -k */
};

struct half {
	struct stream	*st;
	pthread_t	 tid;
	int		 s;
	int		 done;		/* under st->mu */
	int		 err;		/* errno that ended it, 0 at the end */
	unsigned long long sent;	/* bytes the socket took (sender) */
	atomic_int	 abandon;	/* -k: the client is gone; stop */
};

static void
moved(struct stream *st)
{
	if (st->timing)
		atomic_store_explicit(&st->last_move, now_ns(),
		    memory_order_relaxed);
}

static void
finish(struct stream *st, struct half *h, int e)
{
	pthread_mutex_lock(&st->mu);
	h->done = 1;
	h->err = e;
	pthread_cond_signal(&st->cv);
	pthread_mutex_unlock(&st->mu);
}

static void
grow_pipe(int fd)
{
	static int want;
	uint64_t max;

	if (want == 0) {
		max = sysctl_num("/proc/sys/fs/pipe-max-size", PIPE_WANT);
		want = max < PIPE_WANT ? (int)max : PIPE_WANT;
	}
	/* A refusal (the user's pipe quota) only costs speed. */
	(void)fcntl(fd, F_SETPIPE_SZ, want);
}

static void
on_kick(int sig)
{
	(void)sig;
}

/* Choose each direction's path once, from what stdin and stdout are. */
static void
stream_init(struct stream *st, const struct sockcfg *c)
{
	struct sigaction sa;
	pthread_condattr_t ca;
	struct stat sb;

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&st->cv, &ca);
	pthread_condattr_destroy(&ca);
	st->timing = c->wait != NULL;

	/* SIGUSR1 interrupts a sender blocked on stdin (-k). */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_kick;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);

	st->stdin_ended = stdin_background_tty();
	st->stdin_tty = !st->stdin_ended && isatty(STDIN_FILENO);
	st->tcp = c->path == NULL;
	if (fstat(STDIN_FILENO, &sb) == 0 && S_ISFIFO(sb.st_mode)) {
		st->in_how = IN_SPLICE;
		grow_pipe(STDIN_FILENO);
	} else if (fstat(STDIN_FILENO, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    pipe2(st->vin, O_CLOEXEC) == 0) {
		/*
		 * A file goes through a pipe of our own, spliced twice: on a
		 * Unix socket that runs faster than sendfile(2), which copies
		 * into the socket's buffer, and on TCP it runs the same.
		 */
		st->in_how = IN_VIA_PIPE;
		grow_pipe(st->vin[0]);
	} else
		st->in_how = IN_RW;

	/*
	 * The socket goes to stdout through a pipe of our own, even when
	 * stdout is a pipe itself.  splice(2) straight from a socket into
	 * a pipe whose reader is already blocked in read(2) does not always
	 * wake that reader (Linux 6.18: 0 wakeups in 8 tries; ssh as the
	 * reader of a ProxyCommand then waits for a banner that arrived
	 * long ago).  From a pipe into a pipe the wakeup is never lost, and
	 * the second splice moves page references, not bytes: measured as
	 * fast as the direct splice (1 GiB: 740 against 700 MiB/s).
	 */
	if (fstat(STDOUT_FILENO, &sb) == 0 && S_ISFIFO(sb.st_mode))
		grow_pipe(STDOUT_FILENO);
	if (!isatty(STDOUT_FILENO) && pipe2(st->via, O_CLOEXEC) == 0) {
		st->out_how = OUT_VIA_PIPE;
		grow_pipe(st->via[0]);
	} else
		st->out_how = OUT_RW;

	if ((st->in_buf = malloc(RW_BUF)) == NULL ||
	    (st->out_buf = malloc(RW_BUF)) == NULL)
		die("malloc");
}

/* One step of a file on stdin to the socket through st->vin; leftovers wait. */
static ssize_t
send_via(struct stream *st, int s)
{
	ssize_t n;

	if (st->vin_len == 0) {
		if ((n = splice(STDIN_FILENO, NULL, st->vin[1], NULL, SPLICE_MAX,
		    SPLICE_F_MOVE)) <= 0)
			return n;
		st->vin_len = (size_t)n;
	}
	n = splice(st->vin[0], NULL, s, NULL, st->vin_len, SPLICE_F_MOVE);
	if (n > 0)
		st->vin_len -= (size_t)n;
	return n;
}

/* One read/write step of stdin to the socket; stdin's leftovers wait. */
static ssize_t
send_rw(struct stream *st, int s)
{
	ssize_t n;

	if (st->in_off == st->in_len) {
		st->in_off = st->in_len = 0;
		if ((n = read(STDIN_FILENO, st->in_buf, RW_BUF)) <= 0) {
			if (n == -1 && errno != EINTR && errno != EAGAIN)
				quit(EX_IOERR, errno, "standard input");
			return n;
		}
		st->in_len = (size_t)n;
	}
	n = send(s, st->in_buf + st->in_off, st->in_len - st->in_off, MSG_NOSIGNAL);
	if (n > 0)
		st->in_off += (size_t)n;
	return n;
}

static void *
sender(void *arg)
{
	struct half *h = arg;
	struct stream *st = h->st;
	ssize_t n;

	for (;;) {
		if (atomic_load(&h->abandon)) {
			finish(st, h, EINTR);
			return NULL;
		}
		switch (st->in_how) {
		case IN_SPLICE:
			n = splice(STDIN_FILENO, NULL, h->s, NULL, SPLICE_MAX,
			    SPLICE_F_MOVE);
			break;
		case IN_VIA_PIPE:
			n = send_via(st, h->s);
			break;
		default:
			n = send_rw(st, h->s);
			break;
		}
		if (n > 0) {
			h->sent += (unsigned long long)n;
			moved(st);
			continue;
		}
		if (n == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN) {
			await(STDIN_FILENO, POLLIN);
			continue;
		}
		if (errno == EPIPE || conn_errno(errno)) {
			finish(st, h, errno);
			return NULL;
		}
		if (st->in_how != IN_RW && st->vin_len == 0 &&
		    (errno == EINVAL || errno == ENOSYS)) {
			st->in_how = IN_RW;
			continue;
		}
		quit(EX_IOERR, errno, "standard input");
	}
	st->stdin_ended = 1;
	/* The half-close: the peer sees our end, and may still answer. */
	atomic_store(&st->fin_sent, 1);
	shutdown(h->s, SHUT_WR);
	finish(st, h, 0);
	return NULL;
}

/* Move n bytes from the private pipe to stdout. */
static void
drain_via(struct stream *st, size_t n)
{
	ssize_t m;

	while (n > 0) {
		if (st->out_how == OUT_VIA_PIPE)
			m = splice(st->via[0], NULL, STDOUT_FILENO, NULL, n,
			    SPLICE_F_MOVE);
		else if ((m = read(st->via[0], st->out_buf, n < RW_BUF ? n :
		    RW_BUF)) > 0 && write_full(STDOUT_FILENO, st->out_buf,
		    (size_t)m) == -1)
			out_fail(errno);
		if (m > 0) {
			n -= (size_t)m;
			continue;
		}
		if (m == -1 && errno == EINTR)
			continue;
		if (m == -1 && errno == EAGAIN) {
			await(STDOUT_FILENO, POLLOUT);
			continue;
		}
		/* Terminals, O_APPEND files: the rest by read and write. */
		if (m == -1 && st->out_how == OUT_VIA_PIPE && errno == EINVAL) {
			st->out_how = OUT_RW;
			continue;
		}
		out_fail(m == 0 ? EIO : errno);
	}
}

/*
 * Whether the end of stream the receiver just read was a reset.  The
 * kernel tells the reset's error to one reader only, and that may be
 * the sender (which then sees EPIPE) or a splice(2) that returns 0
 * instead; so ask the connection's state.  An orderly end (FIN) while
 * our side is still open leaves the socket in CLOSE_WAIT; a reset
 * leaves it CLOSE.  Once we have half-closed, an orderly end too ends
 * in CLOSE, so then the error reported, if any, is all there is.  The
 * state is read before fin_sent: if that is still 0, our FIN was not
 * sent when the state was read.
 */
static int
reset_seen(struct stream *st, int s)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	if (!st->tcp)
		return 0;
	memset(&ti, 0, sizeof(ti));
	if (getsockopt(s, IPPROTO_TCP, TCP_INFO, &ti, &len) == -1)
		return 0;
	return ti.tcpi_state == TCP_CLOSE && !atomic_load(&st->fin_sent);
}

static void *
receiver(void *arg)
{
	struct half *h = arg;
	struct stream *st = h->st;
	ssize_t n;

	for (;;) {
		switch (st->out_how) {
		case OUT_VIA_PIPE:
			n = splice(h->s, NULL, st->via[1], NULL, SPLICE_MAX,
			    SPLICE_F_MOVE);
			if (n > 0)
				drain_via(st, (size_t)n);
			break;
		default:
			n = recv(h->s, st->out_buf, RW_BUF, 0);
			if (n > 0 && write_full(STDOUT_FILENO, st->out_buf,
			    (size_t)n) == -1)
				out_fail(errno);
			break;
		}
		if (n > 0) {
			atomic_store_explicit(&st->heard, 1,
			    memory_order_relaxed);
			moved(st);
			continue;
		}
		if (n == 0) {
			finish(st, h, reset_seen(st, h->s) ? ECONNRESET : 0);
			return NULL;
		}
		if (errno == EINTR)
			continue;
		if (conn_errno(errno)) {
			finish(st, h, errno);
			return NULL;
		}
		if (errno == EINVAL && st->out_how != OUT_RW) {
			st->out_how = OUT_RW;
			continue;
		}
		out_fail(errno);
	}
}


/*
 * -w ran out with nothing moving, and it is no end (see sock_stream()): a
 * timeout, 75.  A connect that timed out is 75 too, with its own message.
 */
static void __attribute__((noreturn))
idle(const struct half *in, int closing, const struct sockcfg *c,
    const char *who)
{
	if (in->done && in->err == 0 && !closing)
		quit(EX_TEMPFAIL, 0, "%s: no answer in %s seconds after our "
		    "input ended", who, c->waitarg);
	quit(EX_TEMPFAIL, 0, "%s: nothing moved for %s seconds", who,
	    c->waitarg);
}

/*
 * Join the connected stream socket s to stdin and stdout until both
 * directions are done.  Returns 0; a reset exits 69, except under -k
 * where it is reported and the next client is served.
 */
int
sock_stream(int s, const struct sockcfg *c)
{
	static struct stream stream = {
		.mu = PTHREAD_MUTEX_INITIALIZER,
		.via = { -1, -1 },
		.vin = { -1, -1 },
	};
	static int ready;
	struct stream *st = &stream;
	struct half in, out;
	struct timespec ts;
	char who[PEER_NAME_MAX];
	long long deadline, eof_ns = 0, linger_ns = 0, wait_ns = 0;
	int closing = 0, e, ended;

	if (!ready) {
		stream_init(st, c);
		ready = 1;
	}
	peer_name(s, c, who, sizeof(who));
	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	in.st = out.st = st;
	in.s = out.s = s;
	atomic_init(&in.abandon, 0);
	atomic_init(&out.abandon, 0);
	if (st->timing) {
		wait_ns = c->wait->tv_sec * 1000000000LL + c->wait->tv_nsec;
		atomic_store(&st->last_move, now_ns());
	}
	if (c->linger != NULL)
		linger_ns = c->linger->tv_sec * 1000000000LL +
		    c->linger->tv_nsec;
	atomic_store(&st->heard, 0);

	atomic_store(&st->fin_sent, st->stdin_ended);
	if (st->stdin_ended) {
		shutdown(s, SHUT_WR);
		in.done = 1;
	} else if ((e = pthread_create(&in.tid, NULL, sender, &in)) != 0)
		quit(EX_OSERR, e, "pthread_create");
	if ((e = pthread_create(&out.tid, NULL, receiver, &out)) != 0)
		quit(EX_OSERR, e, "pthread_create");

	/*
	 * Done when both directions are; a reset ends it at once; and on a
	 * terminal the peer's end ends the session, as in nc(1), since no
	 * ^D is coming from a user who waits for the command to end.
	 */
	pthread_mutex_lock(&st->mu);
	while (!(in.done && out.done) &&
	    !(out.done && (out.err != 0 || st->stdin_tty))) {
		ended = in.done && in.err == 0;
		if (ended && c->linger != NULL && eof_ns == 0 && !closing)
			eof_ns = now_ns();
		deadline = LLONG_MAX;
		if (st->timing)
			deadline = atomic_load(&st->last_move) + wait_ns;
		if (eof_ns != 0 && eof_ns + linger_ns < deadline)
			deadline = eof_ns + linger_ns;
		if (deadline == LLONG_MAX) {
			pthread_cond_wait(&st->cv, &st->mu);
			continue;
		}
		if (now_ns() >= deadline) {
			/*
			 * -q ran out, or -w once our input ended and the peer
			 * answered (a banner, a reply) but did not end: that
			 * is the end, as in nc(1), and exit 0.  Shutting our
			 * reading side ends the receiver once what it holds
			 * is out, so nothing read is lost.
			 */
			if (closing || !((eof_ns != 0 && now_ns() >= eof_ns +
			    linger_ns) || (ended && atomic_load(&st->heard))))
				idle(&in, closing, c, who);
			shutdown(s, SHUT_RD);
			closing = 1;
			eof_ns = 0;
			atomic_store(&st->last_move, now_ns());
			continue;
		}
		ts.tv_sec = deadline / 1000000000LL;
		ts.tv_nsec = deadline % 1000000000LL;
		pthread_cond_timedwait(&st->cv, &st->mu, &ts);
	}
	pthread_mutex_unlock(&st->mu);

	/*
	 * Input the peer would not take (EPIPE: it closed; or a reset)
	 * fails the connection, saying how much went: a truncated upload
	 * is no success.  So does a reset seen by the receiver.  Under -k
	 * it is said, and the next client is served.
	 */
	if (in.done && in.err != 0)
		e = failx(EX_UNAVAILABLE, "%s: %s after %llu bytes sent; "
		    "input remained unsent", who, in.err != EPIPE ?
		    strerror(in.err) : out.err != 0 ? strerror(out.err) :
		    "the peer stopped reading", in.sent);
	else if (out.err != 0) {
		errno = out.err;
		e = fail("%s", who);
	} else
		e = 0;
	if (e != 0 && !c->keep)
		quit(EX_UNAVAILABLE, 0, NULL);

	/*
	 * A sender still waiting on stdin lets go of this client.  The
	 * signal can come between its look at abandon and its read, and
	 * then the read would block for good; so it is sent again every
	 * 50 ms until the sender says it is done (mqrecv.c has the twin).
	 */
	pthread_mutex_lock(&st->mu);
	while (!in.done) {
		atomic_store(&in.abandon, 1);
		pthread_kill(in.tid, SIGUSR1);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += 50000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&st->cv, &st->mu, &ts);
	}
	pthread_mutex_unlock(&st->mu);
	if (in.tid != 0)
		pthread_join(in.tid, NULL);
	pthread_join(out.tid, NULL);
	return 0;
}
