/*
 * System V message queues as the mq* commands see them: an OBJECT turned
 * into a queue id with the exit codes of ipctools(7), the limits the
 * system sets, and the end-of-stream mark that mqsend -e and mqrecv -e
 * agree on.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ipctools.h"
#include "msg.h"

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

/*
 * The queue an OBJECT names, checked for the permission the caller needs
 * (MSG_READ, MSG_WRITE, or 0 for none): exit 66 when there is no such
 * queue, 77 when it may not be used.
 */
int
msg_open(const struct ipcobj *o, int perm)
{
	struct msqid_ds ds;
	int id;

	if (o->kind == OBJ_KEY) {
		if ((id = msgget(o->key, perm)) != -1)
			return id;
		if (errno == ENOENT)
			errx(EX_NOINPUT, "%s: no such queue", o->arg);
		die("%s", o->arg);
	}
	if (msgctl(o->id, IPC_STAT, &ds) == 0)
		return o->id;
	switch (errno) {
	case EINVAL:
	case EIDRM:
		errx(EX_NOINPUT, "%s: no such queue", o->arg);
	case EACCES:
		/* It exists; a write-only user may still send to it. */
		if ((perm & MSG_READ) == 0)
			return o->id;
		break;
	}
	die("%s", o->arg);
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

/* The largest message the system allows (kernel.msgmax). */
size_t
msg_max(void)
{
	return (size_t)sysctl_num("/proc/sys/kernel/msgmax", 8192);
}

/* The largest msg_qbytes an unprivileged user may set (kernel.msgmnb). */
size_t
msg_mnb(void)
{
	return (size_t)sysctl_num("/proc/sys/kernel/msgmnb", 16384);
}

/*
 * The largest message that can ever go into the queue: msgmax, or the
 * queue's msg_qbytes where that is smaller (a message over it would wait
 * forever).  *which names the limit for diagnostics.
 */
size_t
msg_limit(int id, const char **which)
{
	struct msqid_ds ds;
	size_t max = msg_max();

	*which = "msgmax";
	if (msgctl(id, IPC_STAT, &ds) == 0 && ds.msg_qbytes < max) {
		*which = "msg_qbytes";
		return ds.msg_qbytes;
	}
	return max;
}

/*
 * The commands that take several operands (mqrm, mqls) go on past one
 * that fails: check every operand's form first, then look each up with
 * msg_find(), which warns and returns the exit status instead of exiting.
 */
void
msg_args(char **argv)
{
	struct ipcobj o;
	const char *why;

	for (; *argv != NULL; argv++) {
		if ((why = obj_parse(*argv, &o)) != NULL)
			errx(EX_USAGE, "'%s': %s", *argv, why);
		obj_free(&o);
	}
}

static int
missing(const char *arg, int quiet)
{
	if (!quiet)
		warnx("%s: no such queue", arg);
	return EX_NOINPUT;
}

/*
 * The id of the queue an operand names; 0, or the exit status after a
 * warning.  With quiet, a missing queue (or the missing file of a PATH
 * operand) returns 66 without a word.
 */
int
msg_find(const char *arg, int *id, int quiet)
{
	struct msqid_ds ds;
	struct ipcobj o;
	const char *why;
	int e;

	if ((why = obj_parse(arg, &o)) != NULL)
		errx(EX_USAGE, "'%s': %s", arg, why);
	if (o.kind == OBJ_ID) {
		*id = o.id;
		if (msg_stat(o.id, &ds) == 0)
			return 0;
		if (errno == EINVAL || errno == EIDRM)
			return missing(arg, quiet);
		warn("%s", arg);
		return ex_errno(errno);
	}
	if (o.path != NULL && (o.key = ftok(o.path, o.proj)) == -1) {
		e = errno;
		if (!quiet || e != ENOENT)
			warn("%s: cannot make a key", arg);
		obj_free(&o);
		return ex_errno(e);
	}
	obj_free(&o);
	/* Flags 0 ask for no permission: find it, whatever its mode. */
	if ((*id = msgget(o.key, 0)) != -1)
		return 0;
	if (errno == ENOENT)
		return missing(arg, quiet);
	warn("%s", arg);
	return ex_errno(errno);
}

/*
 * IPC_STAT, or where read permission is missing, the same data through
 * MSG_STAT_ANY, which only asks that the queue be visible.
 */
int
msg_stat(int id, struct msqid_ds *ds)
{
	struct msg_iter it;
	int got;

	if (msgctl(id, IPC_STAT, ds) == 0)
		return 0;
	if (errno != EACCES)
		return -1;
	msg_iter_begin(&it);
	while ((got = msg_iter_next(&it, ds)) != -1)
		if (got == id)
			return 0;
	errno = EACCES;
	return -1;
}

void
msg_iter_begin(struct msg_iter *it)
{
	struct msginfo info;

	it->idx = 0;
	it->cmd = MSG_STAT_ANY;
	/* MSG_INFO returns the highest index in use. */
	if ((it->max = msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&info))
	    == -1)
		die("msgctl MSG_INFO");
}

/* The next queue's id and data, or -1 when there are no more. */
int
msg_iter_next(struct msg_iter *it, struct msqid_ds *ds)
{
	int i, id;

	while (it->idx <= it->max) {
		i = it->idx++;
		if ((id = msgctl(i, it->cmd, ds)) != -1)
			return id;
		/*
		 * An empty slot and a kernel older than 4.17 (no
		 * MSG_STAT_ANY) both say EINVAL; MSG_STAT tells them apart.
		 */
		if (errno == EINVAL && it->cmd == MSG_STAT_ANY &&
		    (id = msgctl(i, MSG_STAT, ds)) != -1) {
			it->cmd = MSG_STAT;
			return id;
		}
	}
	return -1;
}
