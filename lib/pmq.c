/*
 * POSIX message queues for the mq* commands: what only a queue has.  On
 * Linux a queue "/NAME" is the file NAME of the mqueue file system
 * (mounted at /dev/mqueue), so posix.c finds, lists and removes it as it
 * does a segment, through pmq_kind; here are its attributes (reading the
 * file gives QSIZE and the notify pid, mq_getattr(3) the message count
 * and limits), open and create with the exit codes of ipctools(7), and
 * the limits a new queue may ask for, in /proc/sys/fs/mqueue.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "pmq.h"
#include "posix.h"

#define MQ_SYSCTL	"/proc/sys/fs/mqueue/"
#define MQUEUE_MAGIC	0x19800202

/* MQ_PRIO_MAX as this system has it: priorities are 0 to this - 1. */
long
pmq_prio_max(void)
{
	long n;

	if ((n = sysconf(_SC_MQ_PRIO_MAX)) <= 0)
		n = 32768;	/* Linux's */
	return n;
}

/* Why mq_open(3) failed, in the words and exit codes of ipctools(7). */
static void __attribute__((noreturn))
open_failed(const char *arg, int e)
{
	struct rlimit rl;

	switch (e) {
	case ENOENT:
		exit(px_missing(&pmq_kind, arg, 0));
	case EMFILE:
		if (getrlimit(RLIMIT_MSGQUEUE, &rl) == 0)
			diex(EX_OSERR, "%s: RLIMIT_MSGQUEUE (%llu bytes) is "
			    "used up by this user's queues", arg,
			    (unsigned long long)rl.rlim_cur);
		break;
	case ENOSPC:
		diex(EX_OSERR, "%s: the system's limit on queues "
		    "(fs.mqueue.queues_max %llu) is reached", arg,
		    (unsigned long long)sysctl_num(MQ_SYSCTL "queues_max",
		    0));
	case ENOSYS:
		diex(EX_UNAVAILABLE, "%s: this kernel has no POSIX message "
		    "queues (CONFIG_POSIX_MQUEUE)", arg);
	default:
		break;
	}
	errno = e;
	die("%s", arg);
}

/* Open the queue arg names, O_RDONLY or O_WRONLY (| O_NONBLOCK). */
mqd_t
pmq_open(const char *arg, int oflag, struct mq_attr *attr)
{
	struct operand o;
	mqd_t q;

	px_operand(&pmq_kind, arg, &o);
	if ((q = mq_open(o.name, oflag | O_CLOEXEC)) == (mqd_t)-1)
		open_failed(arg, errno);
	operand_free(&o);
	if (attr != NULL && mq_getattr(q, attr) == -1)
		die("%s", arg);
	return q;
}

/*
 * A limit of /proc/sys/fs/mqueue: what a new queue may ask for without
 * privilege (msg_max, msgsize_max), or gets when it asks nothing
 * (msg_default, msgsize_default, since Linux 3.5).
 */
static long
mq_sysctl(const char *name, long dflt)
{
	char path[64];

	snprintf(path, sizeof(path), MQ_SYSCTL "%s", name);
	return (long)sysctl_num(path, (uint64_t)dflt);
}

/*
 * pmq_kind's create: the queue, exclusively, with how's limits (0: the
 * system's defaults).  A limit the request passes exits 71 naming it.
 */
static int
create(const char *arg, const char *name, int mode, const void *how)
{
	const struct pmq_how *h = how;
	struct mq_attr attr, *ap = NULL;
	mode_t old;
	mqd_t q;
	int e;

	memset(&attr, 0, sizeof(attr));
	if (h->maxmsg != 0 || h->msgsize != 0) {
		attr.mq_maxmsg = h->maxmsg ? h->maxmsg :
		    mq_sysctl("msg_default", 10);
		attr.mq_msgsize = h->msgsize ? h->msgsize :
		    mq_sysctl("msgsize_default", 8192);
		ap = &attr;
	}
	/* The mode as asked: the umask does not narrow an explicit -m. */
	old = umask(0);
	q = mq_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
	    (mode_t)mode, ap);
	e = errno;
	umask(old);
	if (q != (mqd_t)-1) {
		mq_close(q);
		return 1;
	}
	if (e == EEXIST)
		return 0;
	if (e == EINVAL && ap != NULL) {
		if (attr.mq_maxmsg > mq_sysctl("msg_max", LONG_MAX))
			diex(EX_NOPERM, "%s: %ld messages: more than the "
			    "system's fs.mqueue.msg_max (%ld) needs privilege",
			    arg, attr.mq_maxmsg, mq_sysctl("msg_max", 0));
		if (attr.mq_msgsize > mq_sysctl("msgsize_max", LONG_MAX))
			diex(EX_NOPERM, "%s: messages of %ld bytes: more than "
			    "the system's fs.mqueue.msgsize_max (%ld) needs "
			    "privilege", arg, attr.mq_msgsize,
			    mq_sysctl("msgsize_max", 0));
		diex(EX_OSERR, "%s: the system refuses %ld messages of %ld "
		    "bytes (HARD_MSGMAX 65536, HARD_MSGSIZEMAX 16m)", arg,
		    attr.mq_maxmsg, attr.mq_msgsize);
	}
	open_failed(arg, e);
}

/*
 * pmq_kind's reopen: one that exists is opened as it is, asking for read
 * permission; limits asked for must be its own, as they cannot change.
 */
static void
reopen(const char *arg, const char *name, const void *how)
{
	const struct pmq_how *h = how;
	struct mq_attr attr;
	mqd_t q;

	if ((q = mq_open(name, O_RDONLY | O_CLOEXEC)) == (mqd_t)-1)
		open_failed(arg, errno);
	if ((h->maxmsg != 0 || h->msgsize != 0) &&
	    mq_getattr(q, &attr) == 0 &&
	    ((h->maxmsg != 0 && attr.mq_maxmsg != h->maxmsg) ||
	    (h->msgsize != 0 && attr.mq_msgsize != h->msgsize)))
		diex(EX_CANTCREAT, "%s: exists already with -M %ld -s %ld; "
		    "a POSIX queue's limits cannot change", arg,
		    attr.mq_maxmsg, attr.mq_msgsize);
	mq_close(q);
}

/*
 * The mqueue file system must be mounted at PMQ_DIR to list queues by
 * name; when it is not, say how to mount it, and exit 69.  Never mount.
 */
static void
mounted(void)
{
	struct statfs sf;

	if (statfs(PMQ_DIR, &sf) == 0 && sf.f_type == MQUEUE_MAGIC)
		return;
	diex(EX_UNAVAILABLE, "%s: the mqueue file system is not mounted "
	    "there, so POSIX queues cannot be listed; mount it as root: "
	    "mkdir -p %s && mount -t mqueue none %s", PMQ_DIR, PMQ_DIR,
	    PMQ_DIR);
}

/* A queue's own columns, after those of posix.c. */
enum { MQC_MSGS, MQC_QSIZE, MQC_MAXMSG, MQC_MSGSIZE, MQC_NOTIFYPID,
	MQ_NCOLS };
static const struct column cols[MQ_NCOLS] = {
	[MQC_MSGS] = { "msgs",	COL_NUM,	1, 1,
	    "the messages in the queue (mq_curmsgs)" },
	[MQC_QSIZE] = { "qsize", COL_NUM,	1, 1,
	    "the bytes of those messages" },
	[MQC_MAXMSG] = { "maxmsg", COL_NUM,	1, 1,
	    "the most messages it holds (mq_maxmsg)" },
	[MQC_MSGSIZE] = { "msgsize", COL_NUM,	1, 1,
	    "the largest message it takes (mq_msgsize)" },
	[MQC_NOTIFYPID] = { "notifypid", COL_NUM, 1, 0,
	    "the process mq_notify(3) tells of a message, or none" },
};

/* What needs read permission (the file, mq_getattr) is none without it. */
static void
values(const char *name, const struct stat *st, struct cell *v)
{
	char path[PATH_MAX], buf[160], *p;
	struct mq_attr attr;
	ssize_t n;
	mqd_t q;
	int fd;

	(void)st;
	v[MQC_MSGS].none = v[MQC_QSIZE].none = v[MQC_MAXMSG].none =
	    v[MQC_MSGSIZE].none = v[MQC_NOTIFYPID].none = 1;
	if ((q = mq_open(name, O_RDONLY | O_CLOEXEC)) != (mqd_t)-1) {
		if (mq_getattr(q, &attr) == 0) {
			v[MQC_MSGS].n = (uint64_t)attr.mq_curmsgs;
			v[MQC_MAXMSG].n = (uint64_t)attr.mq_maxmsg;
			v[MQC_MSGSIZE].n = (uint64_t)attr.mq_msgsize;
			v[MQC_MSGS].none = v[MQC_MAXMSG].none =
			    v[MQC_MSGSIZE].none = 0;
		}
		mq_close(q);
	}
	/* "QSIZE:129 NOTIFY:0 SIGNO:0 NOTIFY_PID:0" */
	px_path(&pmq_kind, name, path, sizeof(path));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	if ((p = strstr(buf, "QSIZE:")) != NULL) {
		v[MQC_QSIZE].n = strtoull(p + 6, NULL, 10);
		v[MQC_QSIZE].none = 0;
	}
	if ((p = strstr(buf, "NOTIFY_PID:")) != NULL) {
		v[MQC_NOTIFYPID].n = strtoull(p + 11, NULL, 10);
		v[MQC_NOTIFYPID].none = v[MQC_NOTIFYPID].n == 0;
	}
}

/*
 * mqrm -a -X: a queue that holds a message is in use, as a System V one
 * is for mqrm -a; so is one we cannot look into.
 */
static int
busy(const char *name)
{
	struct mq_attr attr;
	mqd_t q;
	int r = 1;

	if ((q = mq_open(name, O_RDONLY | O_CLOEXEC)) != (mqd_t)-1) {
		r = mq_getattr(q, &attr) != 0 || attr.mq_curmsgs != 0;
		mq_close(q);
	}
	return r;
}

const struct pxkind pmq_kind = {
	.noun = "queue",
	.dir = PMQ_DIR,
	.prefix = "",
	.unlink = mq_unlink,
	.create = create,
	.reopen = reopen,
	.mounted = mounted,
	.busy = busy,
	.nolimits = "-g shows System V limits; a POSIX queue's are in "
	    "/proc/sys/fs/mqueue",
	/* The table fits 80 columns with the counts and limits. */
	.hidden = 1u << (PX_NGEN + PXU_NPROC) |
	    1u << (PX_NGEN + PXU_PIDS),
	.cols = cols,
	.ncols = MQ_NCOLS,
	.values = values,
};
