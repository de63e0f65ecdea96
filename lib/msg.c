/*
 * System V message queues as the mq* commands see them: an OBJECT turned
 * into a queue id with the exit codes of ipctools(7), the limits the
 * system sets, the end-of-stream mark that mqsend -e and mqrecv -e
 * agree on, and msg_kind: how ipcobj.c finds, lists and removes queues.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ipctools.h"
#include "ipcobj.h"
#include "msg.h"
#include "posix.h"

/*
 * NUL, "ipctools:end-of-stream" (22 bytes), NUL: 24 bytes.  The NULs at
 * both ends keep any line of text, and any record of mqsend -0, from
 * being equal to it.
 */
const char msg_endmark[MSG_ENDLEN] = {
	'\0', 'i', 'p', 'c', 't', 'o', 'o', 'l', 's', ':', 'e', 'n', 'd',
	'-', 'o', 'f', '-', 's', 't', 'r', 'e', 'a', 'm', '\0'
};

int
msg_is_end(const void *body, size_t len)
{
	return len == MSG_ENDLEN && memcmp(body, msg_endmark, MSG_ENDLEN) == 0;
}

/* After EINVAL or EIDRM from msgsnd or msgrcv: is the queue gone? */
int
msg_gone(int id)
{
	struct msqid_ds ds;

	if (errno == EIDRM)
		return 1;
	return msgctl(id, IPC_STAT, &ds) == -1 &&
	    (errno == EINVAL || errno == EIDRM);
}

/*
 * The system's queue limits, from the kernel itself: msgctl(2) IPC_INFO
 * answers for our IPC namespace and needs no /proc.  Returns 0, or -1
 * when the kernel will not say.
 */
static int
msg_info(struct msginfo *mi)
{
	return msgctl(0, IPC_INFO, (struct msqid_ds *)(void *)mi) == -1 ?
	    -1 : 0;
}

/*
 * The largest message the system allows (kernel.msgmax), or 0 when it is
 * unknown: IPC_INFO failed and /proc/sys is not there.
 */
size_t
msg_max(void)
{
	struct msginfo mi;

	if (msg_info(&mi) == 0 && mi.msgmax > 0)
		return (size_t)mi.msgmax;
	return (size_t)sysctl_num("/proc/sys/kernel/msgmax", 0);
}

/* The largest msg_qbytes an unprivileged user may set (kernel.msgmnb). */
size_t
msg_mnb(void)
{
	struct msginfo mi;

	if (msg_info(&mi) == 0 && mi.msgmnb > 0)
		return (size_t)mi.msgmnb;
	return (size_t)sysctl_num("/proc/sys/kernel/msgmnb", 16384);
}

/*
 * The largest message that can ever go into the queue: msgmax, or the
 * queue's msg_qbytes where that is smaller (a message over it would wait
 * forever).  *which names the limit for diagnostics.  When msgmax cannot
 * be learnt, MSG_GUESS bytes are assumed, and *which says so.
 */
size_t
msg_limit(int id, const char **which)
{
	struct msqid_ds ds;
	size_t max = msg_max();

	*which = "msgmax";
	if (max == 0) {
		max = MSG_GUESS;
		*which = "assumed: msgmax is unknown";
	}
	if (msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qbytes < max) {
		*which = "msg_qbytes";
		return ds.msg_qbytes;
	}
	return max;
}

/* After the columns every kind has (ipcobj.c), in this order. */
enum { MC_QNUM, MC_CBYTES, MC_QBYTES, MC_LSPID, MC_LRPID, MC_STIME,
	MC_RTIME, MC_CTIME, MC_N };
static const struct column cols[MC_N] = {
	[MC_QNUM] = { "qnum",	COL_NUM,	1, 1,
	    "the messages in the queue" },
	[MC_CBYTES] = { "cbytes", COL_NUM,	1, 1,
	    "the bytes of those messages" },
	[MC_QBYTES] = { "qbytes", COL_NUM,	1, 1,
	    "the most bytes the queue holds (msg_qbytes)" },
	[MC_LSPID] = { "lspid",	COL_NUM,	1, 1,
	    "the process ID of the last send" },
	[MC_LRPID] = { "lrpid",	COL_NUM,	1, 1,
	    "the process ID of the last receive" },
	[MC_STIME] = { "stime",	COL_TIME,	1, 0,
	    "the time of the last send" },
	[MC_RTIME] = { "rtime",	COL_TIME,	1, 0,
	    "the time of the last receive" },
	[MC_CTIME] = { "ctime",	COL_TIME,	1, 0,
	    "the time of the last change" },
};

static int
get(key_t key, size_t n, int flags)
{
	(void)n;
	return msgget(key, flags);
}

/* msgctl(2) into row->ds, for ipcobj.c. */
static int
ctl(int id, int cmd, struct ipc_row *row)
{
	return msgctl(id, cmd, &row->ds.msg);
}

/* mqrm -a takes the queues that hold no message (-f: the others too). */
static int
idle(const struct ipc_row *row)
{
	return row->ds.msg.msg_qnum == 0;
}

/* The last send, receive or change. */
static time_t
used(const struct ipc_row *row)
{
	const struct msqid_ds *ds = &row->ds.msg;
	time_t t = ds->msg_ctime;

	if (ds->msg_stime > t)
		t = ds->msg_stime;
	if (ds->msg_rtime > t)
		t = ds->msg_rtime;
	return t;
}

/*
 * A queue records no creator: the last sender or the last receiver
 * lives.
 */
static int
live(const struct ipc_row *row)
{
	return pid_alive(row->ds.msg.msg_lspid) ||
	    pid_alive(row->ds.msg.msg_lrpid);
}

/* The kind's own columns: cols[] above, by name. */
static void
values(const struct ipc_row *row, struct cell *v)
{
	const struct msqid_ds *ds = &row->ds.msg;

	v[MC_QNUM].n = ds->msg_qnum;
	v[MC_CBYTES].n = ds->__msg_cbytes;
	v[MC_QBYTES].n = ds->msg_qbytes;
	v[MC_LSPID].n = (uint64_t)ds->msg_lspid;
	v[MC_LRPID].n = (uint64_t)ds->msg_lrpid;
	v[MC_STIME].n = (uint64_t)ds->msg_stime;
	v[MC_RTIME].n = (uint64_t)ds->msg_rtime;
	v[MC_CTIME].n = (uint64_t)ds->msg_ctime;
}

/*
 * mqls -g: the limits of msgctl(2) IPC_INFO, and what MSG_INFO counts:
 * the queues, and the messages and bytes in all of them.
 */
static size_t
limits(struct ipc_limit *l)
{
	struct msginfo mi, use;

	if (msg_info(&mi) == -1)
		die("msgctl IPC_INFO");
	if (msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&use) == -1)
		die("msgctl MSG_INFO");
	l[0] = (struct ipc_limit){ "msgmni", "queues in the system",
	    (uint64_t)mi.msgmni, (uint64_t)use.msgpool, 1, 1 };
	l[1] = (struct ipc_limit){ "msgmax", "bytes in one message",
	    (uint64_t)mi.msgmax, 0, 1, 0 };
	l[2] = (struct ipc_limit){ "msgmnb",
	    "bytes a new queue holds (its qbytes)", (uint64_t)mi.msgmnb, 0,
	    1, 0 };
	l[3] = (struct ipc_limit){ "messages", "messages in all queues",
	    0, (uint64_t)use.msgmap, 0, 1 };
	l[4] = (struct ipc_limit){ "bytes", "bytes in all queues",
	    0, (uint64_t)use.msgtql, 0, 1 };
	return 5;
}

/* -A's view (both.c): a queue's columns in either family. */
static const struct bothcol both[] = {
	{ "msgs", "qnum", "msgs", 1,
	    "the messages queued (System V's qnum, POSIX's msgs)" },
	{ "bytes", "cbytes", "qsize", 1,
	    "the bytes queued (System V's cbytes, POSIX's qsize)" },
	{ "qbytes", "qbytes", NULL, 0, NULL },
	{ "maxmsg", NULL, "maxmsg", 0, NULL },
	{ "msgsize", NULL, "msgsize", 0, NULL },
	{ "lspid", "lspid", NULL, 0, NULL },
	{ "lrpid", "lrpid", NULL, 0, NULL },
	{ "ctime", "ctime", NULL, 0, NULL },
	{ "mtime", NULL, "mtime", 0, NULL },
	{ "nproc", "nproc", "nproc", 0, NULL },
};

const struct ipckind msg_kind = {
	.noun = "queue",
	.stat_any = MSG_STAT_ANY,
	.stat_old = MSG_STAT,
	.info = MSG_INFO,
	IPCKIND_FUNCS,
	.posix = &pmq_kind,
	.both = both,
	.nboth = sizeof(both) / sizeof(both[0]),
};
