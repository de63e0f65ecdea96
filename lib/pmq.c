/*
 * POSIX message queues for the mq* commands.  On Linux a queue
 * "/NAME" is the file NAME of the mqueue file system (mounted at
 * /dev/mqueue): stat(2) gives its owner and mode, reading it gives QSIZE
 * and the notify pid, and mq_getattr(3) the message count and limits.
 * The limits a new queue may ask for are in /proc/sys/fs/mqueue.
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

#define MQ_SYSCTL	"/proc/sys/fs/mqueue/"
#define MQUEUE_MAGIC	0x19800202

/* Whether an operand is of the posix: form (malformed or not). */
int
pmq_is(const char *arg)
{
	return strncmp(arg, "posix:", 6) == 0;
}

/* The "/NAME" of a posix: operand; a malformed one exits 64. */
char *
pmq_name(const char *arg)
{
	struct operand o;
	const char *why;

	if ((why = operand_parse(arg, &o)) != NULL)
		diex(EX_USAGE, "'%s': %s", arg, why);
	if (o.form != OPERAND_POSIX)
		diex(EX_USAGE, "'%s': not a posix:/NAME operand", arg);
	return o.name;
}

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
		diex(EX_NOINPUT, "%s: no such POSIX queue", arg);
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
	char *name = pmq_name(arg);
	mqd_t q;

	if ((q = mq_open(name, oflag | O_CLOEXEC)) == (mqd_t)-1)
		open_failed(arg, errno);
	free(name);
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
 * Create the queue (-x: only if it is new), or open the one that exists;
 * maxmsg and msgsize of 0 take the system's defaults.  *made says which.
 * A limit the request passes exits 71 naming it.
 */
mqd_t
pmq_create(const char *arg, int excl, int mode, long maxmsg, long msgsize,
    int *made)
{
	struct mq_attr attr, *ap = NULL;
	char *name = pmq_name(arg);
	mode_t old;
	mqd_t q;
	int e;

	memset(&attr, 0, sizeof(attr));
	if (maxmsg != 0 || msgsize != 0) {
		attr.mq_maxmsg = maxmsg ? maxmsg : mq_sysctl("msg_default", 10);
		attr.mq_msgsize = msgsize ? msgsize :
		    mq_sysctl("msgsize_default", 8192);
		ap = &attr;
	}
	/* The mode as asked: the umask does not narrow an explicit -m. */
	old = umask(0);
	q = mq_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
	    (mode_t)mode, ap);
	e = errno;
	umask(old);
	*made = q != (mqd_t)-1;
	if (q == (mqd_t)-1 && e == EEXIST && !excl) {
		if ((q = mq_open(name, O_RDONLY | O_CLOEXEC)) == (mqd_t)-1)
			e = errno;
	}
	free(name);
	if (q != (mqd_t)-1)
		return q;
	if (e == EEXIST)
		diex(EX_CANTCREAT, "%s: exists already", arg);
	if (e == EINVAL && ap != NULL) {
		if (attr.mq_maxmsg > mq_sysctl("msg_max", LONG_MAX))
			diex(EX_OSERR, "%s: %ld messages: more than the "
			    "system's fs.mqueue.msg_max (%ld) needs privilege",
			    arg, attr.mq_maxmsg, mq_sysctl("msg_max", 0));
		if (attr.mq_msgsize > mq_sysctl("msgsize_max", LONG_MAX))
			diex(EX_OSERR, "%s: messages of %ld bytes: more than "
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
 * The mqueue file system must be mounted at PMQ_DIR to list queues by
 * name; when it is not, say how to mount it, and exit 69.  Never mount.
 */
void
pmq_mounted(void)
{
	struct statfs sf;

	if (statfs(PMQ_DIR, &sf) == 0 && sf.f_type == MQUEUE_MAGIC)
		return;
	diex(EX_UNAVAILABLE, "%s: the mqueue file system is not mounted "
	    "there, so POSIX queues cannot be listed; mount it as root: "
	    "mkdir -p %s && mount -t mqueue none %s", PMQ_DIR, PMQ_DIR,
	    PMQ_DIR);
}

/* mqrm: unlink one queue; -f: a missing one is no error; -n: say only. */
int
pmq_remove(const char *arg, int dryrun, int force)
{
	char *name = pmq_name(arg);
	char path[sizeof(PMQ_DIR) + NAME_MAX + 1];
	struct stat st;
	int e = 0;

	if (dryrun) {
		snprintf(path, sizeof(path), "%s%s", PMQ_DIR, name);
		if (stat(path, &st) == -1)
			e = errno;
		else if (printf("%s\n", arg) < 0)
			out_gone();
	} else if (mq_unlink(name) == -1)
		e = errno;
	free(name);
	if (e == 0)
		return EX_OK;
	if (e == ENOENT)
		return force ? EX_OK : failx(EX_NOINPUT, "%s: no such POSIX "
		    "queue", arg);
	errno = e;
	return fail("%s", arg);
}

/* The columns of mqls -X: its JSON's members too, in this order. */
static const struct column cols[] = {
	{ "name",	COL_TEXT,	-24, 1,
	    "the queue, as its posix:/NAME operand" },
	{ "mode",	COL_MODE,	4, 1,
	    "the permissions, octal (in JSON, a number)" },
	{ "uid",	COL_NUM,	5, 0, "the owner's user ID" },
	{ "owner",	COL_USER,	-8, 1, "the owner's user name" },
	{ "gid",	COL_NUM,	5, 0, "the owner's group ID" },
	{ "group",	COL_GROUP,	-8, 0, "the owner's group name" },
	{ "msgs",	COL_NUM,	6, 1,
	    "the messages in the queue (mq_curmsgs)" },
	{ "qsize",	COL_NUM,	10, 1, "the bytes of those messages" },
	{ "maxmsg",	COL_NUM,	6, 1,
	    "the most messages it holds (mq_maxmsg)" },
	{ "msgsize",	COL_NUM,	8, 1,
	    "the largest message it takes (mq_msgsize)" },
	{ "notifypid",	COL_NUM,	9, 1,
	    "the process mq_notify(3) tells of a message, or none" },
	{ "mtime",	COL_TIME,	19, 0, "the time of the last send" },
};
#define NCOLS	(sizeof(cols) / sizeof(cols[0]))

const struct column *
pmq_columns(size_t *n)
{
	*n = NCOLS;
	return cols;
}

/*
 * One row: 0, or ENOENT (gone meanwhile).  What needs read permission
 * (the file, mq_getattr) is none when it is missing.
 */
static int
row(const char *name)
{
	char path[sizeof(PMQ_DIR) + NAME_MAX + 1], buf[160], *p;
	char op[NAME_MAX + 16];
	struct cell v[NCOLS];
	struct mq_attr attr;
	struct stat st;
	ssize_t n;
	mqd_t q;
	int fd;

	memset(v, 0, sizeof(v));
	snprintf(path, sizeof(path), "%s/%s", PMQ_DIR, name + 1);
	if (stat(path, &st) == -1)
		return errno;
	snprintf(op, sizeof(op), "posix:%s", name);
	v[0].s = op;
	v[1].n = st.st_mode & 07777;
	v[2].n = v[3].n = st.st_uid;
	v[4].n = v[5].n = st.st_gid;
	v[11].n = (uint64_t)st.st_mtime;
	v[6].none = v[7].none = v[8].none = v[9].none = v[10].none = 1;
	if ((q = mq_open(name, O_RDONLY | O_CLOEXEC)) != (mqd_t)-1) {
		if (mq_getattr(q, &attr) == 0) {
			v[6].n = (uint64_t)attr.mq_curmsgs;
			v[8].n = (uint64_t)attr.mq_maxmsg;
			v[9].n = (uint64_t)attr.mq_msgsize;
			v[6].none = v[8].none = v[9].none = 0;
		}
		mq_close(q);
	}
	/* "QSIZE:129 NOTIFY:0 SIGNO:0 NOTIFY_PID:0" */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) != -1) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			if ((p = strstr(buf, "QSIZE:")) != NULL) {
				v[7].n = strtoull(p + 6, NULL, 10);
				v[7].none = 0;
			}
			if ((p = strstr(buf, "NOTIFY_PID:")) != NULL) {
				v[10].n = strtoull(p + 11, NULL, 10);
				v[10].none = v[10].n == 0;
			}
		}
	}
	list_row(v);
	return 0;
}

static int
byname(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* mqls -X: every queue of /dev/mqueue, or the named ones. */
int
pmq_list(enum list_fmt fmt, const struct colsel *sel, char **argv)
{
	struct dirent **ents;
	char **a, *name, one[NAME_MAX + 2];
	int e, i, n, status = EX_OK;

	for (a = argv; *a != NULL; a++)
		free(pmq_name(*a));
	pmq_mounted();
	list_begin(fmt, cols, NCOLS, sel);
	if (*argv == NULL) {
		if ((n = scandir(PMQ_DIR, &ents, NULL, byname)) == -1)
			die("%s", PMQ_DIR);
		for (i = 0; i < n; i++) {
			if (ents[i]->d_name[0] != '.') {
				snprintf(one, sizeof(one), "/%s",
				    ents[i]->d_name);
				(void)row(one);
			}
			free(ents[i]);
		}
		free(ents);
	}
	for (; *argv != NULL; argv++) {
		fflush(stdout);
		name = pmq_name(*argv);
		if ((e = row(name)) != 0) {
			errno = e;
			e = e == ENOENT ? failx(EX_NOINPUT, "%s: no such POSIX "
			    "queue", *argv) : fail("%s", *argv);
			if (status == EX_OK)
				status = e;
		}
		free(name);
	}
	list_end();
	return status;
}
