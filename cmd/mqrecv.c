/*
 * mqrecv: take messages from a message queue and write them to standard
 * output, each followed by a newline, a NUL or nothing, or as the binary
 * records of -B or the JSON Lines of -j.  The queue is
 * System V's or POSIX's (posix:/NAME; the highest priority first, the
 * priority as the type), through lib/queue.c; how messages are written
 * and put back when writing fails is lib/recvout.c.  Here: the options,
 * the framing of each message, and the loop.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipctools.h"
#include "frame.h"
#include "jsonl.h"
#include "msg.h"
#include "queue.h"
#include "recvout.h"

/* -p: the queue's counters that move when another process receives. */
struct rcvmark {
	time_t		 rtime;
	pid_t		 lrpid;
	msgqnum_t	 qnum;
};

struct receiver {
	struct queue	 q;
	struct recvout	 out;
	enum frame_mode	 mode;		/* -0, -a, -B, -j, or lines */
	int		 typed;		/* -T */
	int		 jsonend;	/* -j -e: the end mark is written too */
	char		*line;		/* -j: a message's line of JSON */
	size_t		 linecap;
	const char	*sep;		/* after each message */
	size_t		 seplen;
	struct msg	*m;		/* the message in hand */
	size_t		 cap;		/* the bytes m holds */
};

/* The signals whose default is to end the process, and can be caught. */
static const int termsigs[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGALRM, SIGTERM, SIGUSR1, SIGUSR2,
	SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGIO, SIGPWR
};

/* What the signal handler and atexit(3) reach. */
static volatile sig_atomic_t	 termsig;
static struct receiver		 rcv;

static const char *const opts[] = {
	"-0", "write a NUL byte after each message, not a newline",
	"-a", "write nothing between messages",
	"-B", "write binary records that mqsend -B reads",
	"-c count", "stop after this many messages",
	"-e", "stop at the end-of-stream mark of mqsend -e",
	"-h, --help", "print this help and exit",
	"-j", "write each message as a JSON object on its own line",
	"-n", "take only the messages queued now; do not wait",
	"-p", "peek: write the messages without taking them",
	"-T", "write each message's type and a TAB before it",
	"-t type", "which messages, as msgrcv(2) chooses them by type",
	"-V, --version", "print the version and exit",
	"-w seconds", "give up when no message comes in this long",
	"-x", "take every type except that of -t",
	NULL
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [-0 | -a | -B | -j] [-ehnpTVx] [-c count] [-t type] "
	    "[-w seconds]\n"
	    "              object\n", getprogname());
	usage_opts(status, opts);
}

/* At exit the timer stops and the output's watcher ends. */
static void
at_exit(void)
{
	clock_timer_disarm();
	recvout_end(&rcv.out);
}

/* A terminating signal: note it; the main flow writes out and exits. */
static void
on_term(int sig)
{
	termsig = sig;
	clock_timer_kick();
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
	size_t i;

	clock_timer_init();
	if (atexit(at_exit) != 0)
		die("atexit");

	/* No SA_RESTART: the point is to interrupt msgrcv(2) and write(2). */
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_term;
	for (i = 0; i < sizeof(termsigs) / sizeof(termsigs[0]); i++)
		sigaddset(&sa.sa_mask, termsigs[i]);
	for (i = 0; i < sizeof(termsigs) / sizeof(termsigs[0]); i++) {
		if (sigaction(termsigs[i], NULL, &old) == -1)
			die("sigaction");
		if (old.sa_handler == SIG_IGN)
			continue;
		if (sigaction(termsigs[i], &sa, NULL) == -1)
			die("sigaction");
	}
}

/* The end of a -w wait; the timer goes on when a kick is still due. */
static void
disarm(struct receiver *r)
{
	if (!termsig && !recvout_gone(&r->out))
		clock_timer_disarm();
}

/*
 * -j: the message in hand as its line of JSON (the end mark under -e as
 * its own), in a buffer that grows with the largest message.
 */
static void
json_line(struct receiver *r, size_t len, struct outmsg *f)
{
	char *p;

	if (r->jsonend && msg_is_end(r->m->text, len)) {
		f->body = JSONL_END;
		f->blen = JSONL_ENDLEN;
		return;
	}
	if (jsonl_max(len) > r->linecap) {
		if ((p = realloc(r->line, jsonl_max(len))) == NULL)
			die("a line buffer of %zu bytes", jsonl_max(len));
		r->line = p;
		r->linecap = jsonl_max(len);
	}
	f->body = r->line;
	f->blen = jsonl_encode(r->line, r->m->type, r->m->text, len);
}

/* -j: the body of one of our lines, into dst, to put it back. */
static size_t
json_body(const char *line, size_t len, char *dst)
{
	struct jsonl_msg jm;

	(void)jsonl_parse(line, len, dst, RECVOUT_SIZE, &jm);
	if (jm.end) {
		memcpy(dst, msg_endmark, MSG_ENDLEN);
		return MSG_ENDLEN;
	}
	return jm.len;
}

/*
 * The output format: the message, after its TYPE<TAB> (-T) or its record
 * header (-B), or as its line of JSON (-j), and before the separator.
 */
static void
emit(struct receiver *r, size_t len)
{
	char pre[32];
	struct outmsg f = { pre, 0, r->m->text, len, r->sep, r->seplen };

	if (r->mode == FRAME_BIN) {
		frame_bin_rec(pre, r->m->type, len);
		f.prelen = FRAME_RECLEN;
	} else if (r->mode == FRAME_JSON)
		json_line(r, len, &f);
	else if (r->typed)
		f.prelen = (size_t)snprintf(pre, sizeof(pre), "%ld\t",
		    r->m->type);
	recvout_put(&r->out, r->m, len, &f);
}

/* A terminating signal: write out what we hold, then end with its status. */
static void __attribute__((noreturn))
terminate(struct receiver *r)
{
	recvout_flush(&r->out);
	quit(128 + termsig, 0, NULL);
}

/* msgrcv(2) failed with E2BIG: msgmax grew since we started. */
static void
grow(struct receiver *r)
{
	size_t max = msg_max();

	if (r->cap >= (size_t)INT_MAX)
		diex(EX_OSERR, "%s: a message is larger than %zu bytes",
		    r->q.arg, r->cap);
	r->cap = max > r->cap ? max : r->cap * 2;
	if ((r->m = realloc(r->m, sizeof(long) + r->cap)) == NULL)
		die("a receive buffer of %zu bytes", r->cap);
}

/*
 * -p numbers messages by position, and another process's receive shifts
 * every position after it: has one received since *was?  The kernel
 * keeps the last receiver's pid and time (to the second); a smaller count
 * of messages tells too.
 */
static int
received(const struct queue *q, struct rcvmark *was)
{
	struct msqid_ds ds;
	int moved;

	if (msgctl(q->id, IPC_STAT, &ds) == -1)
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
	struct receiver *r = &rcv;
	struct timespec wait = { 0, 0 };
	struct rcvmark mark = { 0, 0, 0 };
	const char *wstr = NULL;
	char hdr[FRAME_HDRLEN];
	long long count = 0, got = 0;
	long type = 0, idx = 0;
	ssize_t n;
	int ch, end = 0, nowait = 0, peek = 0, except = 0, tset = 0,
	    flags, sawend = 0, shifted = 0;

	io_init(argv);
	r->mode = FRAME_LINE;
	while ((ch = getopt(argc, argv, "0aBc:ehjnpTt:Vw:x")) != -1) {
		switch (ch) {
		case '0':
		case 'a':
		case 'B':
		case 'j':
			frame_opt(ch, &r->mode);
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
			r->typed = 1;
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
	r->sep = frame_sep(r->mode, &r->seplen);
	if (r->mode == FRAME_BIN && r->typed)
		diex(EX_USAGE, "-B records carry each message's type; they "
		    "take no -T");
	if (r->mode == FRAME_JSON && r->typed)
		diex(EX_USAGE, "-j objects carry each message's type; they "
		    "take no -T");
	r->jsonend = r->mode == FRAME_JSON && end;
	if (peek && tset)
		diex(EX_USAGE, "-p shows every message in order; it takes "
		    "no -t");
	if (except && peek)
		diex(EX_USAGE, "-p shows every message in order; it takes "
		    "no -x");
	queue_init(&r->q, argv[0]);
	if (except && type <= 0 && !r->q.posix)
		diex(EX_USAGE, "-x needs -t with a type above 0");
	if (r->q.posix) {
		if (tset)
			diex(EX_USAGE, "-t: a POSIX queue gives the highest "
			    "priority first; it cannot choose a type");
		if (peek)
			diex(EX_USAGE, "-p: a POSIX queue cannot be read "
			    "without taking");
		if (except)
			diex(EX_USAGE, "-x: a POSIX queue gives the highest "
			    "priority first; it cannot skip a type");
	}
	queue_open(&r->q, MSG_READ);
	r->cap = r->q.limit;
	if ((r->m = malloc(sizeof(long) + r->cap)) == NULL)
		die("a receive buffer of %zu bytes", r->cap);
	recvout_init(&r->out, &r->q, peek, &termsig);
	if (r->mode == FRAME_JSON)
		r->out.decode = json_body;
	signals();
	flags = except ? MSG_EXCEPT : 0;
	if (peek) {
		/* MSG_COPY takes the index of a message instead of a type. */
		flags = MSG_COPY;
		nowait = 1;
		(void)received(&r->q, &mark);
	}
	if (!nowait)
		recvout_watch(&r->out);
	/* Out with the first flush, so the output is a stream however few. */
	if (r->mode == FRAME_BIN) {
		frame_bin_header(hdr);
		recvout_raw(&r->out, hdr, FRAME_HDRLEN);
	}

	for (;;) {
		if (count > 0 && got >= count)
			break;
		if (termsig)
			terminate(r);
		n = queue_take(&r->q, r->m, r->cap, peek ? idx : type, flags,
		    1);
		if (n == -1 && errno == ENOMSG && !nowait) {
			/* Nothing more for now: out with what we have. */
			recvout_flush(&r->out);
			if (wstr != NULL)
				clock_timer_arm(&wait);
			/* After arming, which would undo an earlier kick. */
			if (termsig)
				terminate(r);
			if (recvout_gone(&r->out))
				out_gone();
			n = queue_take(&r->q, r->m, r->cap, type, flags, 0);
			if (wstr != NULL)
				disarm(r);
		}
		if (peek && received(&r->q, &mark)) {
			shifted = 1;
			break;
		}
		if (n == -1) {
			if (errno == ENOMSG)
				break;
			if (errno == EINTR) {
				if (termsig)
					terminate(r);
				if (recvout_gone(&r->out))
					out_gone();	/* buf[] is empty */
				if (clock_expired)
					break;
				continue;
			}
			if (errno == E2BIG) {
				grow(r);
				continue;
			}
			recvout_flush(&r->out);
			if (errno == ENOSYS && peek)
				diex(EX_OSERR, "%s: -p: this kernel has no "
				    "MSG_COPY (it needs "
				    "CONFIG_CHECKPOINT_RESTORE)", r->q.arg);
			if (queue_gone(&r->q))
				diex(EX_NOINPUT, "%s: queue removed while "
				    "waiting", r->q.arg);
			if (errno == EINVAL && peek)
				diex(EX_OSERR, "%s: -p: message %ld is larger "
				    "than kernel.msgmax (%zu bytes), the most "
				    "MSG_COPY can copy", r->q.arg, idx + 1,
				    msg_max());
			die("%s", r->q.arg);
		}
		idx++;
		if (end && msg_is_end(r->m->text, (size_t)n)) {
			sawend = 1;
			/* -j: the mark goes on, as {"end":true}. */
			if (r->mode == FRAME_JSON)
				emit(r, (size_t)n);
			break;
		}
		emit(r, (size_t)n);
		got++;
	}
	recvout_flush(&r->out);
	if (shifted)
		diex(EX_TEMPFAIL, "%s: -p: another process received from the "
		    "queue meanwhile, so the %lld message%s shown may skip "
		    "some; run it again", r->q.arg, got, got == 1 ? "" : "s");
	if (got == 0 && !sawend) {
		if (peek)
			diex(EX_TEMPFAIL, "%s: the queue is empty", r->q.arg);
		/* Quiet: the end of a drain loop, not a failure. */
		if (nowait)
			quit(EX_TEMPFAIL, 0, NULL);
		diex(EX_TEMPFAIL, "%s: no message came in %s second%s",
		    r->q.arg, wstr, wait.tv_sec == 1 && wait.tv_nsec == 0 ?
		    "" : "s");
	}
	/*
	 * -c not reached: the queue had no more (-n, -p), quietly as above,
	 * or -w ran out; a script must not take a short count for a whole.
	 */
	if (count > 0 && got < count && !sawend) {
		if (nowait)
			quit(EX_TEMPFAIL, 0, NULL);
		diex(EX_TEMPFAIL, "%s: %lld of the %lld messages of -c came, "
		    "then none in %s second%s", r->q.arg, got, count, wstr,
		    wait.tv_sec == 1 && wait.tv_nsec == 0 ? "" : "s");
	}
	return EX_OK;
}
