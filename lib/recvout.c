/*
 * mqrecv's output.  Output goes through a buffer that the caller flushes
 * whenever the queue has nothing more, so an interactive reader sees each
 * message at once, and that is flushed here at RECVOUT_MSGS messages,
 * which bounds what a SIGKILL can lose.  A message taken from the queue
 * but not written (the reader went away, or after a terminating signal
 * standard output stayed blocked) is put back, so none is lost.  While
 * the queue is empty, a thread watches standard output, so that a reader
 * who left (`mqrecv Q | head -1`) ends the wait.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "msg.h"
#include "queue.h"
#include "recvout.h"

/* After a terminating signal, give up on a reader stalled this long. */
#define STALL_NS	NS_PER_SEC

/*
 * Output for messages of q (keep: -p, none of them was taken) until
 * *termsig is set; with a buffer to put messages back from.
 */
void
recvout_init(struct recvout *o, const struct queue *q, int keep,
    volatile sig_atomic_t *termsig)
{
	o->q = q;
	o->keep = keep;
	o->termsig = termsig;
	o->len = o->npend = 0;
	o->cur = NULL;
	o->since = 0;
	atomic_init(&o->gone, 0);
	o->watching = 0;
	if ((o->back = malloc(sizeof(long) + RECVOUT_SIZE)) == NULL)
		die("an output buffer of %d bytes", RECVOUT_SIZE);
}

/*
 * While we wait on an empty queue, nothing is written, so a reader who
 * left would be noticed only at the next message.  A pipe's write end
 * reports POLLERR once its reader is gone (POLLHUP: a socket shut down);
 * asking poll(2) for no event waits for exactly that.  The timer's
 * signals then end the wait.
 */
static void *
watch(void *arg)
{
	struct recvout *o = arg;

	/*
	 * No local of this frame has its address taken: pthread_cancel()
	 * unwinds it without clearing AddressSanitizer's marks, which the
	 * thread's end would then trip over.
	 */
	o->watched[0] = (struct pollfd){ .fd = STDOUT_FILENO, .events = 0 };
	for (;;) {
		if (poll(o->watched, 1, -1) == -1) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		if (o->watched[0].revents & (POLLERR | POLLHUP)) {
			atomic_store(&o->gone, 1);
			clock_timer_kick();
			return NULL;
		}
		if (o->watched[0].revents & POLLNVAL)
			return NULL;
	}
}

void
recvout_watch(struct recvout *o)
{
	sigset_t all, old;
	int e;

	/* Signals go to the main thread, which is the one they interrupt. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if ((e = pthread_create(&o->watcher, NULL, watch, o)) != 0) {
		errno = e;
		die("pthread_create");
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	o->watching = 1;
}

/*
 * At exit: the thread that watches standard output ends, so that what
 * runs then (LeakSanitizer's stop-the-world, which hung otherwise) has
 * one quiet thread to deal with.
 */
void
recvout_end(struct recvout *o)
{
	if (o->watching) {
		o->watching = 0;
		pthread_cancel(o->watcher);
		pthread_join(o->watcher, NULL);
	}
	free(o->back);
	o->back = NULL;
}

/* Whether standard output's reader left. */
int
recvout_gone(struct recvout *o)
{
	return atomic_load(&o->gone);
}

/*
 * Put back on the queue the messages whose bytes did not all reach the
 * reader (written of buf[] did), and the one in hand.  They go to the end
 * of the queue: that is the only place msgsnd(2) can put them.
 */
static void
requeue(struct recvout *o, size_t written)
{
	const struct pending *p;
	size_t i, n, lost = 0;
	int e = 0;

	if (o->keep)
		return;
	for (i = 0; i < o->npend; i++) {
		p = &o->pend[i];
		if (p->end <= written)
			continue;
		o->back->type = p->type;
		if (o->decode != NULL)
			n = o->decode(o->buf + p->off, p->len, o->back->text);
		else
			memcpy(o->back->text, o->buf + p->off, n = p->len);
		if (queue_put_back(o->q, o->back, n) == -1) {
			e = errno;
			lost++;
		}
	}
	o->npend = 0;
	if (o->cur != NULL && queue_put_back(o->q, o->cur, o->curlen) == -1) {
		e = errno;
		lost++;
	}
	o->cur = NULL;
	if (lost > 0) {
		errno = e;
		die("%s: %zu message%s taken from the queue could not be put "
		    "back", o->q->arg, lost, lost == 1 ? "" : "s");
	}
}

/*
 * Writing stopped (errno says why) and what was not written went back:
 * end as the cause says.  A signal that interrupted a blocked write ends
 * with its status; a reader who left is no error.
 */
void
recvout_stopped(struct recvout *o)
{
	if (errno == EINTR && *o->termsig)
		quit(128 + *o->termsig, 0, NULL);
	if (errno == EPIPE || (errno == EINTR && recvout_gone(o)))
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
out_part(struct recvout *o, const char *p, size_t n, size_t *done)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(STDOUT_FILENO, p, n)) == -1) {
			if (errno != EINTR || recvout_gone(o))
				return -1;
			if (!*o->termsig)
				continue;
			if (o->since == 0)
				o->since = now_ns();
			else if (now_ns() - o->since > STALL_NS)
				return -1;
			continue;
		}
		if (*o->termsig)
			o->since = now_ns();
		p += w;
		n -= (size_t)w;
		*done += (size_t)w;
	}
	return 0;
}

/* Write buf[]; when that fails, put back what did not get through. */
void
recvout_flush(struct recvout *o)
{
	size_t done = 0;
	int e;

	if (out_part(o, o->buf, o->len, &done) == -1) {
		e = errno;
		requeue(o, done);
		errno = e;
		recvout_stopped(o);
	}
	o->len = 0;
	o->npend = 0;
}

/* Bytes that belong to no message (a stream header), held as they are. */
void
recvout_raw(struct recvout *o, const void *p, size_t n)
{
	if (o->len + n > sizeof(o->buf))
		recvout_flush(o);
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

/* A message too large for buf[]: written on its own, or put back. */
static void
write_big(struct recvout *o, const struct msg *m, size_t len,
    const struct outmsg *f)
{
	size_t done = 0;

	if (out_part(o, f->pre, f->prelen, &done) == -1 ||
	    out_part(o, f->body, f->blen, &done) == -1 ||
	    out_part(o, f->sep, f->seplen, &done) == -1) {
		if (!o->keep && queue_put_back(o->q, m, len) == -1)
			die("%s: a message taken from the queue could not be "
			    "put back", o->q->arg);
		recvout_stopped(o);
	}
}

/* The message m of len bytes, written as f says. */
void
recvout_put(struct recvout *o, const struct msg *m, size_t len,
    const struct outmsg *f)
{
	struct pending *p;
	size_t n = f->prelen + f->blen + f->seplen;

	if (o->len + n > sizeof(o->buf)) {
		/* Should the reader be gone, this one goes back too. */
		o->cur = m;
		o->curlen = len;
		recvout_flush(o);
		o->cur = NULL;
	}
	if (n > sizeof(o->buf)) {
		write_big(o, m, len, f);
		return;
	}
	memcpy(o->buf + o->len, f->pre, f->prelen);
	o->len += f->prelen;
	p = &o->pend[o->npend++];
	p->type = m->type;
	p->off = o->len;
	p->len = f->blen;
	memcpy(o->buf + o->len, f->body, f->blen);
	o->len += f->blen;
	memcpy(o->buf + o->len, f->sep, f->seplen);
	o->len += f->seplen;
	p->end = o->len;
	/* Written now, so that no more than RECVOUT_MSGS are ever held. */
	if (o->npend == RECVOUT_MSGS)
		recvout_flush(o);
}
