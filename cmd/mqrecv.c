/*
 * mqrecv: take messages from a System V message queue and write them to
 * standard output, each followed by a newline, a NUL or nothing, or as
 * the binary records of -B or the JSON Lines of -j.
 *
 * Output goes through a buffer that is flushed whenever the queue has
 * nothing more, so an interactive reader sees each message at once, and
 * at OUT_MSGS messages, which bounds what a SIGKILL can lose.  A message
 * taken from the queue but not written (the reader went away, or after a
 * terminating signal standard output stayed blocked) is put back, so none
 * is lost.  While the queue is empty, a thread watches standard output, so
 * that a reader who left (`mqrecv Q | head -1`) ends the wait.
 *
 * A POSIX queue (posix:/NAME) is read the same way, through
 * mq_timedreceive(3): the highest priority first, the priority as the
 * type; a message put back goes to the end of its priority.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipctools.h"
#include "ipcobj.h"
#include "frame.h"
#include "jsonl.h"
#include "msg.h"
#include "pmq.h"

#define OUT_SIZE	(64 * 1024)	/* bytes held before a write */
#define OUT_MSGS	256		/* messages held before a write */
#define REFIRE_NS	10000000	/* 10 ms between late timer signals */
#define STALL_NS	1000000000LL	/* after a signal, 1 s of no output */

/* What of the output buffer is which message, to put it back. */
struct pending {
	long	 type;
	size_t	 off;		/* its body in out[] */
	size_t	 len;
	size_t	 end;		/* past its separator */
};

/* -p: the queue's counters that move when another process receives. */
struct rcvmark {
	time_t		 rtime;
	pid_t		 lrpid;
	msgqnum_t	 qnum;
};

/* The signals whose default is to end the process, and can be caught. */
static const int stopsigs[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGALRM, SIGTERM, SIGUSR1, SIGUSR2,
	SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGIO, SIGPWR
};

static const char	*arg;		/* the OBJECT operand */
static int		 qid;
static int		 posix;		/* a POSIX queue, mq */
static mqd_t		 mq;
static int		 peek;		/* -p: nothing was taken */
static char		 out[OUT_SIZE];
static size_t		 outlen;
static struct pending	 pend[OUT_MSGS];
static size_t		 npend;
static struct msg	*back;		/* for putting messages back */
static const struct msg	*cur;		/* taken, not in out[] yet */
static size_t		 curlen;
static int		 json;		/* -j: out[] holds lines of JSON */
static int		 jsonend;	/* -j -e: the mark is written too */

static timer_t			 timer;
static volatile sig_atomic_t	 expired;
static volatile sig_atomic_t	 gotsig;
static atomic_int		 gone;	/* standard output's reader left */
static pthread_t		 watcher;
static int			 watching;

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [-0 | -a | -B | -j] [-ehnpTVx] [-c count] [-t type] "
	    "[-w seconds] object\n", getprogname());
	exit(status);
}

/*
 * Make the timer fire every few milliseconds from now on, so that a
 * blocking call entered just after a flag was set is interrupted too
 * (a single signal could land just before the process went to sleep).
 */
static void
kick(void)
{
	struct itimerspec it = { { 0, REFIRE_NS }, { 0, REFIRE_NS } };

	timer_settime(timer, 0, &it, NULL);
}

/*
 * At exit the timer stops and the thread that watches standard output
 * ends, so that what runs then (LeakSanitizer's stop-the-world, which
 * hung otherwise) has one quiet thread to deal with.
 */
static void
at_exit(void)
{
	struct itimerspec it;

	memset(&it, 0, sizeof(it));
	timer_settime(timer, 0, &it, NULL);
	if (watching) {
		watching = 0;
		pthread_cancel(watcher);
		pthread_join(watcher, NULL);
	}
}

static void
on_timer(int sig)
{
	(void)sig;
	expired = 1;
}

/* A terminating signal: note it; the main flow writes out and exits. */
static void
on_stop(int sig)
{
	gotsig = sig;
	kick();
}

/*
 * Catch every terminating signal that can be caught, so that none ends
 * us holding messages (SIGHUP as much as SIGINT), but leave one that was
 * ignored when we started ignored (nohup, a shell's background job).
 * The timer uses a real-time signal, so that SIGALRM is one of them.
 */
static void
signals(void)
{
	struct sigaction sa, old;
	struct sigevent sev;
	size_t i;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGRTMIN;
	if (timer_create(CLOCK_MONOTONIC, &sev, &timer) == -1)
		die("timer_create");
	if (atexit(at_exit) != 0)
		die("atexit");

	/* No SA_RESTART: the point is to interrupt msgrcv(2) and write(2). */
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_timer;
	if (sigaction(SIGRTMIN, &sa, NULL) == -1)
		die("sigaction");
	sa.sa_handler = on_stop;
	for (i = 0; i < sizeof(stopsigs) / sizeof(stopsigs[0]); i++)
		sigaddset(&sa.sa_mask, stopsigs[i]);
	for (i = 0; i < sizeof(stopsigs) / sizeof(stopsigs[0]); i++) {
		if (sigaction(stopsigs[i], NULL, &old) == -1)
			die("sigaction");
		if (old.sa_handler == SIG_IGN)
			continue;
		if (sigaction(stopsigs[i], &sa, NULL) == -1)
			die("sigaction");
	}
}

/*
 * The wait for one message: the first signal at the deadline, then more
 * every few milliseconds, in case the first one landed just before the
 * process went to sleep in msgrcv(2).
 */
static void
arm(const struct timespec *wait)
{
	struct itimerspec it;

	expired = 0;
	it.it_value = *wait;
	it.it_interval.tv_sec = 0;
	it.it_interval.tv_nsec = REFIRE_NS;
	if (timer_settime(timer, 0, &it, NULL) == -1)
		die("timer_settime");
}

static void
disarm(void)
{
	struct itimerspec it;
	int e = errno;

	memset(&it, 0, sizeof(it));
	if (!gotsig && !atomic_load(&gone))
		timer_settime(timer, 0, &it, NULL);
	errno = e;
}

/*
 * While we wait on an empty queue, nothing is written, so a reader who
 * left would be noticed only at the next message.  A pipe's write end
 * reports POLLERR once its reader is gone (POLLHUP: a socket shut down);
 * asking poll(2) for no event waits for exactly that.
 */
static void *
watch_out(void *unused)
{
	struct pollfd pfd;

	(void)unused;
	pfd.fd = STDOUT_FILENO;
	pfd.events = 0;
	for (;;) {
		if (poll(&pfd, 1, -1) == -1) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		if (pfd.revents & (POLLERR | POLLHUP)) {
			atomic_store(&gone, 1);
			kick();
			return NULL;
		}
		if (pfd.revents & POLLNVAL)
			return NULL;
	}
}

static void
watch_start(void)
{
	sigset_t all, old;
	int e;

	/* Signals go to the main thread, which is the one they interrupt. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if ((e = pthread_create(&watcher, NULL, watch_out, NULL)) != 0) {
		errno = e;
		die("pthread_create");
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	watching = 1;
}

/* Put one message back, without waiting for room. */
static int
put_back(const struct msg *m, size_t len)
{
	static const struct timespec now = { 0, 0 };

	if (posix)
		return mq_timedsend(mq, m->text, len, (unsigned int)m->type,
		    &now);
	return msgsnd(qid, m, len, IPC_NOWAIT);
}

/*
 * Take a message into m: without waiting (-1 and ENOMSG when there is
 * none), or waiting until the absolute CLOCK_REALTIME time at (-1 and
 * EINTR with expired set when it passes), or for as long as it takes.
 */
static ssize_t
take(struct msg *m, size_t cap, long type, int flags, int nowait,
    const struct timespec *at)
{
	static const struct timespec now = { 0, 0 };
	unsigned int prio;
	ssize_t r;

	if (!posix)
		return msgrcv(qid, m, cap, type, flags |
		    (nowait ? IPC_NOWAIT : 0));
	if (nowait)
		at = &now;
	if (at != NULL)
		r = mq_timedreceive(mq, m->text, cap, &prio, at);
	else
		r = mq_receive(mq, m->text, cap, &prio);
	if (r >= 0)
		m->type = (long)prio;
	else if (errno == ETIMEDOUT && nowait)
		errno = ENOMSG;
	else if (errno == ETIMEDOUT) {
		expired = 1;
		errno = EINTR;
	}
	return r;
}

/*
 * -j: a message as its line of JSON (the end mark under -e as its own),
 * in a buffer that grows with the largest message.
 */
static const char *
json_line(const struct msg *m, size_t len, size_t *linelen)
{
	static char *buf;	/* reachable at exit(3) */
	static size_t cap;
	char *p;

	if (jsonend && msg_is_end(m->text, len)) {
		*linelen = JSONL_ENDLEN;
		return JSONL_END;
	}
	if (jsonl_max(len) > cap) {
		if ((p = realloc(buf, jsonl_max(len))) == NULL)
			die("a line buffer of %zu bytes", jsonl_max(len));
		buf = p;
		cap = jsonl_max(len);
	}
	*linelen = jsonl_encode(buf, m->type, m->text, len);
	return buf;
}

/* -j: the body of one of our lines, into dst, to put it back. */
static size_t
json_body(const char *line, size_t len, char *dst)
{
	struct jsonl_msg jm;

	(void)jsonl_parse(line, len, dst, OUT_SIZE, &jm);
	if (jm.end) {
		memcpy(dst, msg_endmark, MSG_ENDLEN);
		return MSG_ENDLEN;
	}
	return jm.len;
}

/*
 * Put back on the queue the messages whose bytes did not all reach the
 * reader (written of out[] did), and the one in hand.  They go to the end
 * of the queue: that is the only place msgsnd(2) can put them.
 */
static void
requeue(size_t written)
{
	size_t i, lost = 0;
	int e = 0;

	if (peek)
		return;
	for (i = 0; i < npend; i++) {
		if (pend[i].end <= written)
			continue;
		back->type = pend[i].type;
		if (put_back(back, json ? json_body(out + pend[i].off,
		    pend[i].len, back->text) : (memcpy(back->text, out +
		    pend[i].off, pend[i].len), pend[i].len)) == -1) {
			e = errno;
			lost++;
		}
	}
	npend = 0;
	if (cur != NULL && put_back(cur, curlen) == -1) {
		e = errno;
		lost++;
	}
	cur = NULL;
	if (lost > 0) {
		errno = e;
		die("%s: %zu message%s taken from the queue could not be put "
		    "back", arg, lost, lost == 1 ? "" : "s");
	}
}

/*
 * Writing stopped (errno says why) and what was not written went back:
 * end as the cause says.  A signal that interrupted a blocked write ends
 * with its status; a reader who left is no error.
 */
static void __attribute__((noreturn))
write_stopped(void)
{
	if (errno == EINTR && gotsig)
		quit(128 + gotsig, 0, NULL);
	if (errno == EPIPE || (errno == EINTR && atomic_load(&gone)))
		out_gone();
	quit(EX_IOERR, errno, "standard output");
}

/*
 * Write n bytes of p; *done counts what got through.  Returns -1 when
 * standard output failed, or when after a terminating signal it accepted
 * nothing for STALL_NS: a slow reader still gets everything, a stalled
 * one does not hold us (the timer's signals wake the blocked write).
 */
static int
out_part(const char *p, size_t n, size_t *done)
{
	static long long since;		/* the last progress after a signal */
	ssize_t w;

	while (n > 0) {
		if ((w = write(STDOUT_FILENO, p, n)) == -1) {
			if (errno != EINTR || atomic_load(&gone))
				return -1;
			if (!gotsig)
				continue;
			if (since == 0)
				since = now_ns();
			else if (now_ns() - since > STALL_NS)
				return -1;
			continue;
		}
		if (gotsig)
			since = now_ns();
		p += w;
		n -= (size_t)w;
		*done += (size_t)w;
	}
	return 0;
}

/* Write out[]; when that fails, put back what did not get through. */
static void
flush(void)
{
	size_t done = 0;
	int e;

	if (out_part(out, outlen, &done) == -1) {
		e = errno;
		requeue(done);
		errno = e;
		write_stopped();
	}
	outlen = 0;
	npend = 0;
}

/*
 * A message too large for out[]: written on its own (body, blen: as it
 * is written), or put back.
 */
static void
write_big(const char *pre, size_t prelen, const struct msg *m, size_t len,
    const char *body, size_t blen, const char *sep, size_t seplen)
{
	size_t done = 0;

	if (out_part(pre, prelen, &done) == -1 ||
	    out_part(body, blen, &done) == -1 ||
	    out_part(sep, seplen, &done) == -1) {
		if (!peek && put_back(m, len) == -1)
			die("%s: a message taken from the queue could not be "
			    "put back", arg);
		write_stopped();
	}
}

/*
 * Into out[]: the message, after its TYPE<TAB> (-T) or its record header
 * (-B), or as its line of JSON (-j), and before the separator.
 */
static void
emit(const struct msg *m, size_t len, enum frame_mode mode, int typed,
    const char *sep, size_t seplen)
{
	char pre[32];
	size_t prelen = 0, blen = len;
	const char *body = m->text;

	if (mode == FRAME_BIN) {
		frame_bin_rec(pre, m->type, len);
		prelen = FRAME_RECLEN;
	} else if (mode == FRAME_JSON)
		body = json_line(m, len, &blen);
	else if (typed)
		prelen = (size_t)snprintf(pre, sizeof(pre), "%ld\t", m->type);
	if (outlen + prelen + blen + seplen > sizeof(out)) {
		/* Should the reader be gone, this one goes back too. */
		cur = m;
		curlen = len;
		flush();
		cur = NULL;
	}
	if (prelen + blen + seplen > sizeof(out)) {
		write_big(pre, prelen, m, len, body, blen, sep, seplen);
		return;
	}
	memcpy(out + outlen, pre, prelen);
	outlen += prelen;
	pend[npend].type = m->type;
	pend[npend].off = outlen;
	pend[npend].len = blen;
	memcpy(out + outlen, body, blen);
	outlen += blen;
	memcpy(out + outlen, sep, seplen);
	outlen += seplen;
	pend[npend++].end = outlen;
	/* Written now, so that no more than OUT_MSGS are ever held. */
	if (npend == OUT_MSGS)
		flush();
}

/* A terminating signal: write out what we hold, then end with its status. */
static void __attribute__((noreturn))
stop(void)
{
	flush();
	quit(128 + gotsig, 0, NULL);
}

/* msgrcv(2) failed with E2BIG: msgmax grew since we started. */
static struct msg *
grow(struct msg *m, size_t *cap)
{
	size_t max = msg_max();

	if (*cap >= (size_t)INT_MAX)
		diex(EX_OSERR, "%s: a message is larger than %zu bytes", arg,
		    *cap);
	*cap = max > *cap ? max : *cap * 2;
	if ((m = realloc(m, sizeof(long) + *cap)) == NULL)
		die("a receive buffer of %zu bytes", *cap);
	return m;
}

/*
 * -p numbers messages by position, and another process's receive shifts
 * every position after it: has one received since *was?  The kernel
 * keeps the last receiver's pid and time (to the second); a smaller count
 * of messages tells too.
 */
static int
received(struct rcvmark *was)
{
	struct msqid_ds ds;
	int moved;

	if (msgctl(qid, IPC_STAT, &ds) == -1)
		return 0;	/* a removal: msgrcv(2) will say so */
	moved = ds.msg_rtime != was->rtime || ds.msg_lrpid != was->lrpid ||
	    ds.msg_qnum < was->qnum;
	was->rtime = ds.msg_rtime;
	was->lrpid = ds.msg_lrpid;
	was->qnum = ds.msg_qnum;
	return moved;
}

int
main(int argc, char *argv[])
{
	static struct msg *m;	/* reachable at exit(3) */
	struct timespec wait = { 0, 0 };
	struct rcvmark mark = { 0, 0, 0 };
	struct mq_attr attr;
	struct timespec at;
	long long ns;
	enum frame_mode mode = FRAME_LINE;
	const char *sep, *wstr = NULL;
	long long count = 0, got = 0;
	long type = 0, idx = 0;
	size_t cap, seplen;
	ssize_t r;
	int ch, end = 0, nowait = 0, typed = 0, except = 0, tset = 0,
	    flags, sawend = 0, shifted = 0;

	io_init(argv);
	while ((ch = getopt(argc, argv, "0aBc:ehjnpTt:Vw:x")) != -1) {
		switch (ch) {
		case '0':
		case 'a':
		case 'B':
		case 'j':
			frame_opt(ch, &mode);
			break;
		case 'c':
			count = num_arg("-c", optarg, 1, LLONG_MAX);
			break;
		case 'e':
			end = 1;
			break;
		case 'h':
			usage(EX_OK);
		case 'n':
			nowait = 1;
			break;
		case 'p':
			peek = 1;
			break;
		case 'T':
			typed = 1;
			break;
		case 't':
			type = (long)num_arg("-t", optarg, LONG_MIN + 1,
			    LONG_MAX);
			tset = 1;
			break;
		case 'V':
			version();
		case 'w':
			wait = secs_arg("-w", optarg);
			wstr = optarg;
			break;
		case 'x':
			except = 1;
			break;
		default:
			usage(EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		failx(EX_USAGE, "the queue to receive from is missing");
		usage(EX_USAGE);
	}
	if (argc > 1)
		diex(EX_USAGE, "'%s': one queue only; messages are not "
		    "operands", argv[1]);
	sep = frame_sep(mode, &seplen);
	if (mode == FRAME_BIN && typed)
		diex(EX_USAGE, "-B records carry each message's type; they "
		    "take no -T");
	if (mode == FRAME_JSON && typed)
		diex(EX_USAGE, "-j objects carry each message's type; they "
		    "take no -T");
	json = mode == FRAME_JSON;
	jsonend = json && end;
	if (peek && tset)
		diex(EX_USAGE, "-p shows every message in order; it takes "
		    "no -t");
	if (except && peek)
		diex(EX_USAGE, "-p shows every message in order; it takes "
		    "no -x");
	if (except && type <= 0 && !pmq_is(argv[0]))
		diex(EX_USAGE, "-x needs -t with a type above 0");

	arg = argv[0];
	if (pmq_is(arg)) {
		if (tset)
			diex(EX_USAGE, "-t: a POSIX queue gives the highest "
			    "priority first; it cannot choose a type");
		if (peek)
			diex(EX_USAGE, "-p: a POSIX queue cannot be read "
			    "without taking");
		if (except)
			diex(EX_USAGE, "-x: a POSIX queue gives the highest "
			    "priority first; it cannot skip a type");
		posix = 1;
		mq = pmq_open(arg, O_RDONLY, &attr);
		cap = (size_t)attr.mq_msgsize;
	} else {
		qid = ipc_open(&msg_kind, argv[0], MSG_READ);
		if ((cap = msg_max()) == 0)
			cap = MSG_GUESS;	/* grow() takes it from there */
	}
	if ((m = malloc(sizeof(long) + cap)) == NULL ||
	    (back = malloc(sizeof(long) + OUT_SIZE)) == NULL)
		die("a receive buffer of %zu bytes", cap);
	signals();
	flags = except ? MSG_EXCEPT : 0;
	if (peek) {
		/* MSG_COPY takes the index of a message instead of a type. */
		flags = MSG_COPY;
		nowait = 1;
		(void)received(&mark);
	}
	if (!nowait)
		watch_start();
	/* Out with the first flush, so the output is a stream however few. */
	if (mode == FRAME_BIN) {
		frame_bin_header(out);
		outlen = FRAME_HDRLEN;
	}

	for (;;) {
		if (count > 0 && got >= count)
			break;
		if (gotsig)
			stop();
		r = take(m, cap, peek ? idx : type, flags, 1, NULL);
		if (r == -1 && errno == ENOMSG && !nowait) {
			/* Nothing more for now: out with what we have. */
			flush();
			/* POSIX: mq_timedreceive(3) keeps the time. */
			if (wstr != NULL && posix) {
				clock_gettime(CLOCK_REALTIME, &at);
				ns = at.tv_nsec + wait.tv_nsec;
				at.tv_sec += wait.tv_sec + ns / 1000000000;
				at.tv_nsec = ns % 1000000000;
				expired = 0;
			} else if (wstr != NULL)
				arm(&wait);
			/* After arm(), which would undo an earlier kick(). */
			if (gotsig)
				stop();
			if (atomic_load(&gone))
				out_gone();
			r = take(m, cap, type, flags, 0, wstr != NULL &&
			    posix ? &at : NULL);
			if (wstr != NULL && !posix)
				disarm();
		}
		if (peek && received(&mark)) {
			shifted = 1;
			break;
		}
		if (r == -1) {
			if (errno == ENOMSG)
				break;
			if (errno == EINTR) {
				if (gotsig)
					stop();
				if (atomic_load(&gone))
					out_gone();	/* out[] is empty */
				if (expired)
					break;
				continue;
			}
			if (errno == E2BIG && !posix) {
				m = grow(m, &cap);
				continue;
			}
			flush();
			if (errno == ENOSYS && peek)
				diex(EX_OSERR, "%s: -p: this kernel has no "
				    "MSG_COPY (it needs "
				    "CONFIG_CHECKPOINT_RESTORE)", arg);
			if (!posix && (errno == EIDRM || errno == EINVAL) &&
			    msg_gone(qid))
				diex(EX_NOINPUT, "%s: queue removed while "
				    "waiting", arg);
			if (errno == EINVAL && peek)
				diex(EX_OSERR, "%s: -p: message %ld is larger "
				    "than kernel.msgmax (%zu bytes), the most "
				    "MSG_COPY can copy", arg, idx + 1,
				    msg_max());
			die("%s", arg);
		}
		idx++;
		if (end && msg_is_end(m->text, (size_t)r)) {
			sawend = 1;
			/* -j: the mark goes on, as {"end":true}. */
			if (json)
				emit(m, (size_t)r, mode, typed, sep, seplen);
			break;
		}
		emit(m, (size_t)r, mode, typed, sep, seplen);
		got++;
	}
	flush();
	if (shifted)
		diex(EX_TEMPFAIL, "%s: -p: another process received from the "
		    "queue meanwhile, so the %lld message%s shown may skip "
		    "some; run it again", arg, got, got == 1 ? "" : "s");
	if (got == 0 && !sawend) {
		if (peek)
			diex(EX_TEMPFAIL, "%s: the queue is empty", arg);
		/* Quiet: the end of a drain loop, not a failure. */
		if (nowait)
			quit(EX_TEMPFAIL, 0, NULL);
		diex(EX_TEMPFAIL, "%s: no message came in %s second%s", arg,
		    wstr, wait.tv_sec == 1 && wait.tv_nsec == 0 ? "" : "s");
	}
	/*
	 * -c not reached: the queue had no more (-n, -p), quietly as above,
	 * or -w ran out; a script must not take a short count for a whole.
	 */
	if (count > 0 && got < count && !sawend) {
		if (nowait)
			quit(EX_TEMPFAIL, 0, NULL);
		diex(EX_TEMPFAIL, "%s: %lld of the %lld messages of -c came, "
		    "then none in %s second%s", arg, got, count, wstr,
		    wait.tv_sec == 1 && wait.tv_nsec == 0 ? "" : "s");
	}
	free(m);
	free(back);
	return EX_OK;
}
