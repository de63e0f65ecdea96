/*
 * A message queue of either family for mqsend and mqrecv, so that their
 * flow is written once: what differs between msgsnd(2)/msgrcv(2) and
 * mq_send(3)/mq_receive(3) is here.  Every call that waits is ended by a
 * signal (the -w timer of clock.c, a terminating signal) with EINTR, in
 * both families, so one timer bounds them all.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <string.h>
#include <time.h>

#include "ipctools.h"
#include "ipcobj.h"
#include "msg.h"
#include "pmq.h"
#include "posix.h"
#include "queue.h"

/* An absolute time long past: the POSIX calls' "do not wait". */
static const struct timespec at_once = { 0, 0 };

/*
 * The queue arg names, its family and its types known, before anything
 * is asked of the system (so that options are checked first).
 */
void
queue_init(struct queue *q, const char *arg)
{
	memset(q, 0, sizeof(*q));
	q->arg = arg;
	q->posix = px_is(arg);
	q->tmin = q->posix ? 0 : 1;
	q->tmax = q->posix ? pmq_prio_max() - 1 : LONG_MAX;
	q->tname = q->posix ? "priority" : "type";
}

/*
 * Open it for perm (MSG_READ, MSG_WRITE), and learn its limit; or exit
 * with the status of ipctools(7).
 */
void
queue_open(struct queue *q, int perm)
{
	struct mq_attr attr;

	if (q->posix) {
		q->mq = pmq_open(q->arg, perm == MSG_READ ? O_RDONLY :
		    O_WRONLY, &attr);
		q->limit = (size_t)attr.mq_msgsize;
		q->which = "mq_msgsize";
		return;
	}
	q->id = ipc_open(&msg_kind, q->arg, perm);
	if (perm == MSG_WRITE)
		q->limit = msg_limit(q->id, &q->which);
	else {
		q->which = "msgmax";
		/* Unknown: a guess, which E2BIG corrects. */
		if ((q->limit = msg_max()) == 0)
			q->limit = MSG_GUESS;
	}
}

/*
 * Take a message into m (cap bytes of text), as msgrcv(2) would with
 * type and flags (MSG_EXCEPT, MSG_COPY; a POSIX queue takes the highest
 * priority first, and only type 0 and no flags); with nowait, -1 and
 * ENOMSG when there is none.  Its length, or -1 with errno.
 */
ssize_t
queue_take(const struct queue *q, struct msg *m, size_t cap, long type,
    int flags, int nowait)
{
	unsigned int prio;
	ssize_t r;

	if (!q->posix)
		return msgrcv(q->id, m, cap, type, flags |
		    (nowait ? IPC_NOWAIT : 0));
	if (nowait)
		r = mq_timedreceive(q->mq, m->text, cap, &prio, &at_once);
	else
		r = mq_receive(q->mq, m->text, cap, &prio);
	if (r >= 0)
		m->type = (long)prio;
	else if (errno == ETIMEDOUT || errno == EAGAIN)
		errno = ENOMSG;
	return r;
}

/*
 * Put a message taken back, without waiting for room: at the end of the
 * queue (of its priority), the only place either family can put it.
 */
int
queue_put_back(const struct queue *q, const struct msg *m, size_t len)
{
	if (q->posix)
		return mq_timedsend(q->mq, m->text, len,
		    (unsigned int)m->type, &at_once);
	return msgsnd(q->id, m, len, IPC_NOWAIT);
}

/*
 * Send len bytes of body with m->type; System V sends from m, into whose
 * text body is copied unless it is there already.  With nowait, -1 and
 * EAGAIN when the queue is full.  0, or -1 with errno.
 */
int
queue_send(const struct queue *q, struct msg *m, const char *body,
    size_t len, int nowait)
{
	int r;

	if (q->posix) {
		if (!nowait)
			return mq_send(q->mq, body, len, (unsigned int)m->type);
		if ((r = mq_timedsend(q->mq, body, len, (unsigned int)m->type,
		    &at_once)) == -1 && errno == ETIMEDOUT)
			errno = EAGAIN;
		return r;
	}
	if (body != m->text)
		memcpy(m->text, body, len);
	return msgsnd(q->id, m, len, nowait ? IPC_NOWAIT : 0);
}

/*
 * The type of mqsend -e's end-of-stream mark: a System V queue's as -t
 * gives it; a POSIX queue's lowest priority, so that it comes out after
 * every message.
 */
long
queue_end_type(const struct queue *q, long type)
{
	return q->posix ? q->tmin : type;
}

/*
 * After a failed call: whether the queue was removed meanwhile.  A POSIX
 * queue open here lives on after mq_unlink(3), so it never is.
 */
int
queue_gone(const struct queue *q)
{
	if (q->posix)
		return 0;
	return (errno == EIDRM || errno == EINVAL) && msg_gone(q->id);
}
