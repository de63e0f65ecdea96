/*
 * mqrecv: take messages from a System V message queue and write them to
 * standard output, each followed by a newline, a NUL or nothing.
 *
 * Output goes through a buffer that is flushed whenever the queue has
 * nothing more, so an interactive reader sees each message at once.  A
 * message taken from the queue but not written (the reader went away)
 * is put back, so none is lost.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#include <err.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipctools.h"
#include "ipcobj.h"
#include "msg.h"

#define OUT_SIZE	(64 * 1024)
#define OUT_MSGS	4096		/* messages the buffer remembers */
#define REFIRE_NS	10000000	/* 10 ms between late timer signals */

/* What of the output buffer is which message, to put it back. */
struct pending {
	long	 type;
	size_t	 off;		/* its body in out[] */
	size_t	 len;
	size_t	 end;		/* past its separator */
};

static const char	*arg;		/* the OBJECT operand */
static int		 qid;
static int		 peek;		/* -p: nothing was taken */
static char		 out[OUT_SIZE];
static size_t		 outlen;
static struct pending	 pend[OUT_MSGS];
static size_t		 npend;
static struct msg	*back;		/* for putting messages back */
static const struct msg	*cur;		/* taken, not in out[] yet */
static size_t		 curlen;

static timer_t			 timer;
static volatile sig_atomic_t	 expired;
static volatile sig_atomic_t	 gotsig;

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: mqrecv [-0 | -a] [-ehnpTVx] [-c count] [-t type] "
	    "[-w seconds] object\n");
	exit(status);
}

static void
on_alarm(int sig)
{
	(void)sig;
	expired = 1;
}

/*
 * SIGINT or SIGTERM: note it, and make the timer fire every few
 * milliseconds, so that a msgrcv(2) entered just after this handler ran
 * is interrupted too.
 */
static void
on_stop(int sig)
{
	struct itimerspec it = { { 0, REFIRE_NS }, { 0, REFIRE_NS } };

	gotsig = sig;
	timer_settime(timer, 0, &it, NULL);
}

static void
signals(void)
{
	struct sigaction sa;
	struct sigevent sev;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGALRM;
	if (timer_create(CLOCK_MONOTONIC, &sev, &timer) == -1)
		err(EX_OSERR, "timer_create");

	/* No SA_RESTART: the point is to interrupt msgrcv(2). */
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_alarm;
	if (sigaction(SIGALRM, &sa, NULL) == -1)
		err(EX_OSERR, "sigaction");
	sa.sa_handler = on_stop;
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	if (sigaction(SIGINT, &sa, NULL) == -1 ||
	    sigaction(SIGTERM, &sa, NULL) == -1)
		err(EX_OSERR, "sigaction");
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
		err(EX_OSERR, "timer_settime");
}

static void
disarm(void)
{
	struct itimerspec it;
	int e = errno;

	memset(&it, 0, sizeof(it));
	if (!gotsig)
		timer_settime(timer, 0, &it, NULL);
	errno = e;
}

/* Put back the messages whose bytes did not all reach the reader. */
static void
put_back(size_t written)
{
	size_t i, lost = 0;
	int e = 0;

	if (peek)
		return;
	for (i = 0; i < npend; i++) {
		if (pend[i].end <= written)
			continue;
		back->type = pend[i].type;
		memcpy(back->text, out + pend[i].off, pend[i].len);
		if (msgsnd(qid, back, pend[i].len, IPC_NOWAIT) == -1) {
			e = errno;
			lost++;
		}
	}
	npend = 0;
	if (cur != NULL && msgsnd(qid, cur, curlen, IPC_NOWAIT) == -1) {
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

/* Write out[]; when that fails, undo what did not get through. */
static void
flush(void)
{
	size_t done = 0;
	ssize_t w;

	while (done < outlen) {
		if ((w = write(STDOUT_FILENO, out + done, outlen - done))
		    == -1) {
			if (errno == EINTR)
				continue;
			put_back(done);
			if (errno == EPIPE)
				out_gone();
			err(EX_IOERR, "standard output");
		}
		done += (size_t)w;
	}
	outlen = 0;
	npend = 0;
}

/* A message too large for out[]: written on its own, or put back. */
static void
write_big(const char *pre, size_t prelen, const struct msg *m, size_t len,
    const char *sep, size_t seplen)
{
	if (write_full(STDOUT_FILENO, pre, prelen) == -1 ||
	    write_full(STDOUT_FILENO, m->text, len) == -1 ||
	    write_full(STDOUT_FILENO, sep, seplen) == -1) {
		if (!peek && msgsnd(qid, m, len, IPC_NOWAIT) == -1)
			die("%s: a message taken from the queue could not be "
			    "put back", arg);
		if (errno == EPIPE)
			out_gone();
		err(EX_IOERR, "standard output");
	}
}

static void
emit(const struct msg *m, size_t len, int typed, const char *sep,
    size_t seplen)
{
	char pre[32];
	size_t prelen = 0;

	if (typed)
		prelen = (size_t)snprintf(pre, sizeof(pre), "%ld\t", m->type);
	if (outlen + prelen + len + seplen > sizeof(out) || npend == OUT_MSGS) {
		/* Should the reader be gone, this one goes back too. */
		cur = m;
		curlen = len;
		flush();
		cur = NULL;
	}
	if (prelen + len + seplen > sizeof(out)) {
		write_big(pre, prelen, m, len, sep, seplen);
		return;
	}
	memcpy(out + outlen, pre, prelen);
	outlen += prelen;
	pend[npend].type = m->type;
	pend[npend].off = outlen;
	pend[npend].len = len;
	memcpy(out + outlen, m->text, len);
	outlen += len;
	memcpy(out + outlen, sep, seplen);
	outlen += seplen;
	pend[npend++].end = outlen;
}

static void __attribute__((noreturn))
stop(void)
{
	flush();
	exit(128 + gotsig);
}

/* msgrcv(2) failed with E2BIG: msgmax grew since we started. */
static struct msg *
grow(struct msg *m, size_t *cap)
{
	size_t max = msg_max();

	if (*cap >= (size_t)INT_MAX)
		errx(EX_OSERR, "%s: a message is larger than %zu bytes", arg,
		    *cap);
	*cap = max > *cap ? max : *cap * 2;
	if ((m = realloc(m, sizeof(long) + *cap)) == NULL)
		err(EX_OSERR, "a receive buffer of %zu bytes", *cap);
	return m;
}

int
main(int argc, char *argv[])
{
	static struct msg *m;	/* reachable at exit(3) */
	struct timespec wait = { 0, 0 };
	const char *sep = "\n", *wstr = NULL;
	long long count = 0, got = 0;
	long type = 0, idx = 0;
	size_t cap, seplen = 1;
	ssize_t r;
	int ch, end = 0, nowait = 0, typed = 0, except = 0, tset = 0,
	    framed = 0, flags, sawend = 0;

	io_init(argv);
	while ((ch = getopt(argc, argv, "0ac:ehnpTt:Vw:x")) != -1) {
		switch (ch) {
		case '0':
		case 'a':
			if (framed != 0 && framed != ch)
				errx(EX_USAGE, "-0 and -a cannot be used "
				    "together");
			framed = ch;
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
	if (argc != 1)
		usage(EX_USAGE);
	if (framed == '0')
		sep = "";		/* its NUL */
	else if (framed == 'a')
		seplen = 0;
	if (except && (peek || type <= 0))
		errx(EX_USAGE, "-x needs -t with a type above 0");
	if (peek && tset)
		errx(EX_USAGE, "-p shows every message in order; it takes "
		    "no -t");

	arg = argv[0];
	qid = ipc_open(&msg_kind, argv[0], MSG_READ);
	cap = msg_max();
	if ((m = malloc(sizeof(long) + cap)) == NULL ||
	    (back = malloc(sizeof(long) + OUT_SIZE)) == NULL)
		err(EX_OSERR, "a receive buffer of %zu bytes", cap);
	signals();
	flags = except ? MSG_EXCEPT : 0;
	if (peek) {
		/* MSG_COPY takes the index of a message instead of a type. */
		flags = MSG_COPY;
		nowait = 1;
	}

	for (;;) {
		if (count > 0 && got >= count)
			break;
		if (gotsig)
			stop();
		r = msgrcv(qid, m, cap, peek ? idx : type, flags | IPC_NOWAIT);
		if (r == -1 && errno == ENOMSG && !nowait) {
			/* Nothing more for now: out with what we have. */
			flush();
			if (gotsig)
				stop();
			if (wstr != NULL)
				arm(&wait);
			r = msgrcv(qid, m, cap, type, flags);
			if (wstr != NULL)
				disarm();
		}
		if (r == -1) {
			if (errno == ENOMSG)
				break;
			if (errno == EINTR) {
				if (gotsig)
					stop();
				if (expired)
					break;
				continue;
			}
			if (errno == E2BIG) {
				m = grow(m, &cap);
				continue;
			}
			flush();
			if (errno == ENOSYS && peek)
				errx(EX_OSERR, "%s: -p: this kernel has no "
				    "MSG_COPY (it needs "
				    "CONFIG_CHECKPOINT_RESTORE)", arg);
			if ((errno == EIDRM || errno == EINVAL) &&
			    msg_gone(qid))
				errx(EX_NOINPUT, "%s: queue removed while "
				    "waiting", arg);
			die("%s", arg);
		}
		idx++;
		if (end && msg_is_end(m->text, (size_t)r)) {
			sawend = 1;
			break;
		}
		emit(m, (size_t)r, typed, sep, seplen);
		got++;
	}
	flush();
	if (got == 0 && !sawend) {
		if (peek)
			errx(EX_TEMPFAIL, "%s: the queue is empty", arg);
		if (nowait)
			errx(EX_TEMPFAIL, "%s: no message is queued", arg);
		errx(EX_TEMPFAIL, "%s: no message came in %s second%s", arg,
		    wstr, wstr != NULL && strcmp(wstr, "1") == 0 ? "" : "s");
	}
	free(m);
	free(back);
	return EX_OK;
}
