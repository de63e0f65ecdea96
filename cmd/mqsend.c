/*
 * mqsend: send messages to a System V message queue, the operands or
 * standard input split into lines, NUL-terminated records, one piece,
 * pieces of the longest message the queue takes (-S), or the binary
 * records of mqrecv -B, or the JSON Lines of mqrecv -j.  A
 * POSIX queue (posix:/NAME) takes the same, the type being the
 * message's priority.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>


#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "ipcobj.h"
#include "frame.h"
#include "jsonl.h"
#include "msg.h"
#include "queue.h"

/* Read on through an over-long record this far to learn its size. */
#define COUNT_MAX	(64ULL * 1024 * 1024)

struct sender {
	struct queue	 q;
	int		 nowait;	/* -n */
	const char	*wstr;		/* -w as given, or NULL */
	struct timespec	 wait;		/* -w */
	int		 typed;		/* -T */
	long		 type;		/* -t */
	struct msg	*mb;
	struct frame_in	*in;		/* standard input, or NULL */
	char		*jbody;		/* -j: a body decoded from its line */
	unsigned long long sent;	/* data messages sent */
	unsigned long long num;		/* the current record's number */
};

static const char *const opts[] = {
	"-0", "a message per NUL-terminated record of standard input",
	"-a", "all of standard input as one message",
	"-B", "standard input is the binary records of mqrecv -B",
	"-e", "after the messages, send the end-of-stream mark",
	"-h, --help", "print this help and exit",
	"-j", "standard input is JSON Lines, one message an object",
	"-n", "do not wait when the queue is full: exit 75",
	"-S", "cut standard input into messages of the queue's limit",
	"-T", "each line begins with its type and a TAB",
	"-t type", "the type of the messages (default 1)",
	"-V, --version", "print the version and exit",
	"-w seconds", "give up when the queue stays full this long",
	NULL
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [-0 | -a | -B | -j | -S] [-ehnTV] [-t type] "
	    "[-w seconds]\n"
	    "              object [message ...]\n", getprogname());
	usage_opts(status, opts);
}

/*
 * Send as -n and -w ask: under -w, wait for room for at most that long,
 * then fail with ETIMEDOUT.
 */
static int
try_send(struct sender *s, const char *body, size_t len)
{
	int r;

	if (s->wstr == NULL || s->nowait)
		return queue_send(&s->q, s->mb, body, len, s->nowait);
	if ((r = queue_send(&s->q, s->mb, body, len, 1)) == 0 ||
	    errno != EAGAIN)
		return r;
	clock_timer_arm(&s->wait);
	while ((r = queue_send(&s->q, s->mb, body, len, 0)) == -1 &&
	    errno == EINTR && !clock_expired)
		continue;
	if (r == -1 && errno == EINTR)
		errno = ETIMEDOUT;
	clock_timer_disarm();
	return r;
}

/* "; 2 messages were sent", the end of every diagnostic after a start. */
static const char *
sent_str(const struct sender *s)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "%llu message%s %s sent", s->sent,
	    s->sent == 1 ? "" : "s", s->sent == 1 ? "was" : "were");
	return buf;
}

/*
 * Before failing: leave standard input just after the last message sent,
 * so that a retry on it resumes without loss (as shmput leaves the rest
 * unread).  Returns what the diagnostic of a full queue (-n) adds:
 * nothing when that worked, or what became of the input read ahead when
 * standard input cannot seek.
 */
static const char *
unread(struct sender *s)
{
	static char buf[160];
	size_t n;
	int e = errno;

	if (s->in == NULL || (n = frame_unsent(s->in)) == 0)
		return "";
	if (lseek(s->in->fd, -(off_t)n, SEEK_CUR) != -1) {
		s->in->last = s->in->start = s->in->end = 0;
		errno = e;
		return "";
	}
	snprintf(buf, sizeof(buf), "; standard input cannot seek: the "
	    "%zu bytes read ahead from message %llu on are lost to a retry",
	    n, s->num);
	errno = e;
	return buf;
}

/* One message to the queue; on failure, say how far we got and end. */
static void
send_one(struct sender *s, long type, const char *body, size_t len,
    int mark)
{
	char what[64];
	int e;

	s->mb->type = type;
	while (try_send(s, body, len) == -1) {
		if (errno == EINTR)
			continue;
		if (mark)
			snprintf(what, sizeof(what), "the end-of-stream mark");
		else
			snprintf(what, sizeof(what), "message %llu", s->num);
		/* The count stays last: scripts resume from it. */
		if (errno == EAGAIN)
			diex(EX_TEMPFAIL, "%s: the queue is full%s; %s%s",
			    s->q.arg, unread(s), sent_str(s), mark ?
			    ", the end-of-stream mark was not" : "");
		if (errno == ETIMEDOUT)
			diex(EX_TEMPFAIL, "%s: the queue stayed full for %s "
			    "second%s%s; %s%s", s->q.arg, s->wstr,
			    s->wait.tv_sec == 1 && s->wait.tv_nsec == 0 ? "" :
			    "s", unread(s), sent_str(s), mark ?
			    ", the end-of-stream mark was not" : "");
		if (queue_gone(&s->q))
			diex(EX_NOINPUT, "%s: queue removed while waiting; "
			    "%s", s->q.arg, sent_str(s));
		e = errno;
		(void)unread(s);
		quit(ex_errno(e), 0, "%s: %s: %s; %s", s->q.arg, what,
		    strerror(e), sent_str(s));
	}
	if (!mark)
		s->sent++;
}

/*
 * The TYPE<TAB> of -T, in the queue's range: 1 up for System V, a
 * priority from 0 for POSIX (which frame_type() leaves to us).
 */
static const char *
typed(const struct sender *s, const char *rec, size_t len, long *type,
    size_t *skip)
{
	static char why[64];
	const char *e;
	size_t i;

	if (!s->q.posix)
		return frame_type(rec, len, type, skip);
	for (i = 0; i < len && i < FRAME_TYPEMAX && rec[i] == '0'; i++)
		continue;
	if (i > 0 && i < len && rec[i] == '\t') {
		*type = 0;
		*skip = i + 1;
		return NULL;
	}
	if ((e = frame_type(rec, len, type, skip)) == NULL && *type <= s->q.tmax)
		return NULL;
	if (e != NULL && strstr(e, "out of range") == NULL)
		return e;
	snprintf(why, sizeof(why), "its priority is out of range (0 to %ld)",
	    s->q.tmax);
	return why;
}

/* One record: its TYPE<TAB> under -T, the limits, the mark; then send. */
static void
record(struct sender *s, const char *rec, size_t len)
{
	const char *why;
	size_t skip = 0;
	long type = s->type;

	s->num++;
	if (s->typed && (why = typed(s, rec, len, &type, &skip)) != NULL) {
		(void)unread(s);
		diex(EX_DATAERR, "%s: message %llu: %s; %s", s->q.arg, s->num,
		    why, sent_str(s));
	}
	rec += skip;
	len -= skip;
	if (len > s->q.limit) {
		(void)unread(s);
		diex(EX_DATAERR, "%s: message %llu is %zu bytes; the queue's "
		    "limit is %zu (%s); %s", s->q.arg, s->num, len, s->q.limit,
		    s->q.which, sent_str(s));
	}
	if (msg_is_end(rec, len)) {
		(void)unread(s);
		diex(EX_DATAERR, "%s: message %llu is the end-of-stream mark; "
		    "%s", s->q.arg, s->num, sent_str(s));
	}
	send_one(s, type, rec, len, 0);
}

/*
 * -S: a piece of the stream.  One that is the end-of-stream mark's 24
 * bytes would stop mqrecv -e, and cannot be refused, since any bytes may
 * come: its first byte goes alone, and mqrecv -a joins the two again.
 */
static void
piece(struct sender *s, const char *rec, size_t len)
{
	if (msg_is_end(rec, len)) {
		s->num++;
		send_one(s, s->type, rec, 1, 0);
		/* A retry after a failure below resumes after that byte. */
		s->in->last++;
		rec++;
		len--;
	}
	s->num++;
	send_one(s, s->type, rec, len, 0);
}

/* A record too long for the buffer: say how long, as far as we can. */
static void __attribute__((noreturn))
too_long(struct sender *s, struct frame_in *f, const char *rec, size_t len)
{
	unsigned long long total;
	const char *why;
	size_t skip = 0;
	long type;

	s->num++;
	if (f->mode == FRAME_JSON)
		diex(EX_DATAERR, "standard input: line %llu is more than %zu "
		    "bytes, longer than a message of the queue's limit (%zu, "
		    "%s) can be in JSON; %s", s->num, f->cap, s->q.limit,
		    s->q.which, sent_str(s));
	if (s->typed && (why = typed(s, rec, len, &type, &skip)) != NULL)
		diex(EX_DATAERR, "%s: message %llu: %s; %s", s->q.arg, s->num,
		    why, sent_str(s));
	if (frame_rest(f, COUNT_MAX, &total))
		diex(EX_DATAERR, "%s: message %llu is %llu bytes; the queue's "
		    "limit is %zu (%s); %s", s->q.arg, s->num, total - skip,
		    s->q.limit, s->q.which, sent_str(s));
	diex(EX_DATAERR, "%s: message %llu is more than %llu bytes; the "
	    "queue's limit is %zu (%s); %s", s->q.arg, s->num, total - skip,
	    s->q.limit, s->q.which, sent_str(s));
}

/* A -B record whose type the queue does not take. */
static void __attribute__((noreturn))
bad_type(struct sender *s, long long type)
{
	(void)unread(s);
	diex(EX_DATAERR, "%s: message %llu: its %s is %lld; a %s is %ld to "
	    "%ld; %s", s->q.arg, s->num, s->q.tname, type, s->q.tname,
	    s->q.tmin, s->q.tmax, sent_str(s));
}

/*
 * A -B stream that ends wrong or holds what no queue takes: say what and
 * where, with how many messages were sent, as record() does.
 */
static void __attribute__((noreturn))
bad_stream(struct sender *s, struct frame_in *f, enum frame_bin r)
{
	const struct frame_rec *fr = &f->rec;

	(void)unread(s);
	s->num++;
	switch (r) {
	case FB_EMPTY:
		diex(EX_DATAERR, "standard input: empty, not a stream of "
		    "mqrecv -B; %s", sent_str(s));
	case FB_MAGIC:
		diex(EX_DATAERR, "standard input: not a stream of mqrecv -B "
		    "(it does not begin with its header); %s", sent_str(s));
	case FB_VERSION:
		diex(EX_DATAERR, "standard input: a stream of version %u; "
		    "this mqsend reads version %d; %s", fr->version,
		    FRAME_VERSION, sent_str(s));
	case FB_CUT:
		if (fr->need == FRAME_HDRLEN)
			diex(EX_DATAERR, "standard input: cut short inside "
			    "a stream header (%zu of its %d bytes); %s",
			    fr->used, FRAME_HDRLEN, sent_str(s));
		if (fr->used < FRAME_RECLEN)
			diex(EX_DATAERR, "standard input: cut short inside "
			    "message %llu (%zu bytes of its %d-byte "
			    "header); %s", s->num, fr->used, FRAME_RECLEN,
			    sent_str(s));
		diex(EX_DATAERR, "standard input: cut short inside message "
		    "%llu (%zu of its %zu bytes); %s", s->num, fr->used,
		    fr->need, sent_str(s));
	case FB_TYPE:
		bad_type(s, fr->type);
	case FB_LONG:
		diex(EX_DATAERR, "%s: message %llu is %lu bytes; the queue's "
		    "limit is %zu (%s); %s", s->q.arg, s->num,
		    (unsigned long)fr->len, s->q.limit, s->q.which, sent_str(s));
	default:
		break;
	}
	/* Not reached: the other results are not failures. */
	diex(EX_DATAERR, "standard input: not a stream of mqrecv -B; %s",
	    sent_str(s));
}

/*
 * -j: one line, a JSON object of mqrecv -j (jsonl.c), the message N
 * being line N.  Returns 1 at the end mark, which ends the input: what
 * follows it is not read (a file is left just after it).
 */
static int
json_record(struct sender *s, const char *rec, size_t len)
{
	struct jsonl_msg jm;
	const char *why;
	char at[32] = "";

	s->num++;
	if ((why = jsonl_parse(rec, len, s->jbody, s->q.limit, &jm)) !=
	    NULL) {
		(void)unread(s);
		if (jm.at > 0)
			snprintf(at, sizeof(at), " (at byte %zu)", jm.at);
		diex(EX_DATAERR, "standard input: line %llu is not a message "
		    "of -j: %s%s; %s", s->num, why, at, sent_str(s));
	}
	if (jm.end) {
		s->in->last = s->in->start;
		(void)unread(s);
		return 1;
	}
	if (!jm.typed)
		jm.type = s->type;
	if (jm.type < s->q.tmin || jm.type > s->q.tmax)
		bad_type(s, jm.type);
	if (jm.len > s->q.limit) {
		(void)unread(s);
		diex(EX_DATAERR, "%s: message %llu is %zu bytes; the queue's "
		    "limit is %zu (%s); %s", s->q.arg, s->num, jm.len,
		    s->q.limit, s->q.which, sent_str(s));
	}
	if (msg_is_end(s->jbody, jm.len)) {
		(void)unread(s);
		diex(EX_DATAERR, "%s: message %llu is the end-of-stream mark "
		    "(its JSON form is %s); %s", s->q.arg, s->num, JSONL_END,
		    sent_str(s));
	}
	send_one(s, jm.type, s->jbody, jm.len, 0);
	return 0;
}

int
main(int argc, char *argv[])
{
	static struct sender s;	/* reachable at exit(3) */
	static struct frame_in f;
	enum frame_mode mode = FRAME_LINE;
	const char *rec;
	size_t len;
	const char *tstr = NULL;
	long type;
	int ch, end = 0, jend = 0, r;

	io_init(argv);
	memset(&s, 0, sizeof(s));
	while ((ch = getopt(argc, argv, "0aBehjnSTt:Vw:")) != -1) {
		switch (ch) {
		case '0':
		case 'a':
		case 'B':
		case 'j':
		case 'S':
			frame_opt(ch, &mode);
			break;
		case 'e':
			end = 1;
			break;
		case 'h':
			usage(EX_OK);
		case 'n':
			s.nowait = 1;
			break;
		case 'T':
			s.typed = 1;
			break;
		case 't':
			tstr = optarg;
			break;
		case 'V':
			version();
		case 'w':
			s.wait = secs_arg("-w", optarg);
			s.wstr = optarg;
			break;
		default:
			usage(EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		failx(EX_USAGE, "the queue to send to is missing");
		usage(EX_USAGE);
	}
	if (mode == FRAME_BIN && argc > 1)
		diex(EX_USAGE, "-B reads records from standard input; it "
		    "takes no message operands");
	if (mode == FRAME_JSON && argc > 1)
		diex(EX_USAGE, "-j reads objects from standard input; it takes "
		    "no message operands");
	if (mode == FRAME_JSON && s.typed)
		diex(EX_USAGE, "-j objects carry each message's type; they "
		    "take no -T");
	if (mode == FRAME_CUT && argc > 1)
		diex(EX_USAGE, "-S cuts standard input into messages; it takes "
		    "no message operands");
	if (mode == FRAME_CUT && s.typed)
		diex(EX_USAGE, "-S cuts standard input anywhere, so no message "
		    "begins with a TYPE; -t gives the type of them all");
	if (mode != FRAME_LINE && argc > 1)
		diex(EX_USAGE, "-0 and -a split standard input; they take no "
		    "message operands");
	if (mode == FRAME_BIN && s.typed)
		diex(EX_USAGE, "-B records carry each message's type; they "
		    "take no -T");
	if (mode == FRAME_BIN && tstr != NULL && !end)
		diex(EX_USAGE, "-B records carry each message's type; -t "
		    "gives only that of the -e mark");
	if (s.wstr != NULL)
		clock_timer_init();

	queue_init(&s.q, argv[0]);
	/* A type, or a POSIX queue's priority, with its least the default. */
	if (tstr != NULL)
		s.type = (long)num_arg("-t", tstr, s.q.tmin, s.q.tmax);
	else
		s.type = s.q.tmin;
	queue_open(&s.q, MSG_WRITE);
	/* The mark must fit too; known now, so refuse before sending. */
	if (end && s.q.limit < MSG_ENDLEN)
		diex(EX_DATAERR, "%s: the queue's limit is %zu (%s), too small "
		    "for the %d-byte end-of-stream mark; nothing was sent",
		    s.q.arg, s.q.limit, s.q.which, MSG_ENDLEN);
	if ((s.mb = malloc(sizeof(long) + (s.q.limit > MSG_ENDLEN ? s.q.limit :
	    MSG_ENDLEN))) == NULL)
		die("a message buffer of %zu bytes", s.q.limit);

	if (argc > 1) {
		for (argv++; *argv != NULL; argv++)
			record(&s, *argv, strlen(*argv));
	} else if (mode == FRAME_BIN) {
		frame_init(&f, STDIN_FILENO, mode, s.q.limit);
		s.in = &f;
		while ((r = frame_bin_read(&f, &type, &rec, &len)) ==
		    FB_RECORD) {
			s.num++;
			if (type < s.q.tmin || type > s.q.tmax)
				bad_type(&s, type);
			send_one(&s, type, rec, len, 0);
		}
		if (r != FB_END)
			bad_stream(&s, &f, (enum frame_bin)r);
	} else {
		frame_init(&f, STDIN_FILENO, mode, mode == FRAME_JSON ?
		    jsonl_max(s.q.limit) : s.q.limit);
		if (mode == FRAME_JSON && (s.jbody = malloc(s.q.limit + 1)) ==
		    NULL)
			die("a message buffer of %zu bytes", s.q.limit);
		s.in = &f;
		while ((r = frame_read(&f, &rec, &len)) != 0) {
			if (r == -1)
				too_long(&s, &f, rec, len);
			if (mode == FRAME_CUT)
				piece(&s, rec, len);
			else if (mode != FRAME_JSON)
				record(&s, rec, len);
			else if ((jend = json_record(&s, rec, len)) != 0)
				break;
		}
	}
	/* -j -e: the mark goes on only where the stream has it. */
	if (end && mode == FRAME_JSON && !jend)
		diex(EX_DATAERR, "standard input: it ended before the end mark "
		    "%s; %s, the end-of-stream mark was not", JSONL_END,
		    sent_str(&s));
	if (end)
		send_one(&s, queue_end_type(&s.q, s.type), msg_endmark,
		    MSG_ENDLEN, 1);
	frame_free(&f);
	free(s.jbody);
	free(s.mb);
	return EX_OK;
}
