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

static size_t
sysctl_size(const char *path, size_t fallback)
{
	FILE *fp;
	long long v;
	int n;

	if ((fp = fopen(path, "r")) == NULL)
		return fallback;
	n = fscanf(fp, "%lld", &v);
	fclose(fp);
	if (n != 1 || v < 0)
		return fallback;
	return (size_t)v;
}

/* The largest message the system allows (kernel.msgmax). */
size_t
msg_max(void)
{
	return sysctl_size("/proc/sys/kernel/msgmax", 8192);
}

/* The largest msg_qbytes an unprivileged user may set (kernel.msgmnb). */
size_t
msg_mnb(void)
{
	return sysctl_size("/proc/sys/kernel/msgmnb", 16384);
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
