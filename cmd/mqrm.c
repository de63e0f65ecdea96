/*
 * mqrm: remove message queues.  Every operand is tried; the exit status
 * is the first failure's.  -a removes the caller's queues that hold no
 * message: the clean-up scripts otherwise scrape ipcs(1) for.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ipctools.h"
#include "msg.h"

static int	 dryrun, force;

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: mqrm [-fhnV] object ...\n"
	    "       mqrm -a [-n]\n");
	exit(status);
}

/*
 * Only the owner, the creator or a privileged process may remove a
 * queue; -n applies the same rule so that it predicts the real run.
 */
static int
mayremove(const struct msqid_ds *ds)
{
	uid_t u = geteuid();

	return u == 0 || ds->msg_perm.uid == u || ds->msg_perm.cuid == u;
}

/* Remove one queue, or with -n name it; 0 or the exit status. */
static int
rm(const char *arg, int id)
{
	struct msqid_ds ds;

	if (dryrun) {
		if (msg_stat(id, &ds) == -1) {
			if (errno == EINVAL || errno == EIDRM)
				goto gone;
			warn("%s", arg);
			return ex_errno(errno);
		}
		if (!mayremove(&ds)) {
			errno = EPERM;
			warn("%s", arg);
			return EX_NOPERM;
		}
		if (printf("id:%d\n", id) < 0)
			out_close();
		return EX_OK;
	}
	if (msgctl(id, IPC_RMID, NULL) == -1) {
		if (errno == EINVAL || errno == EIDRM)
			goto gone;
		warn("%s", arg);
		return ex_errno(errno);
	}
	return EX_OK;
gone:
	if (force)
		return EX_OK;
	warnx("%s: no such queue", arg);
	return EX_NOINPUT;
}

/* -a: every queue the caller owns or created that holds no message. */
static int
rmall(void)
{
	struct msg_iter it;
	struct msqid_ds ds;
	char arg[32];
	uid_t u = geteuid();
	int e, id, status = EX_OK;

	msg_iter_begin(&it);
	while ((id = msg_iter_next(&it, &ds)) != -1) {
		if (ds.msg_qnum != 0 ||
		    (ds.msg_perm.uid != u && ds.msg_perm.cuid != u))
			continue;
		snprintf(arg, sizeof(arg), "id:%d", id);
		/* Gone since the walk saw it: what -a wanted anyway. */
		force = 1;
		if ((e = rm(arg, id)) != 0 && status == EX_OK)
			status = e;
	}
	return status;
}

int
main(int argc, char *argv[])
{
	int all = 0, ch, e, id, status = EX_OK;

	io_init();
	while ((ch = getopt(argc, argv, "afhnV")) != -1) {
		switch (ch) {
		case 'a':
			all = 1;
			break;
		case 'f':
			force = 1;
			break;
		case 'h':
			usage(EX_OK);
		case 'n':
			dryrun = 1;
			break;
		case 'V':
			version();
		default:
			usage(EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (all) {
		if (argc != 0 || force)
			usage(EX_USAGE);
		status = rmall();
	} else {
		if (argc == 0)
			usage(EX_USAGE);
		msg_args(argv);
		for (; *argv != NULL; argv++) {
			e = msg_find(*argv, &id, force);
			if (e == EX_NOINPUT && force)
				continue;
			if (e == 0)
				e = rm(*argv, id);
			if (e != 0 && status == EX_OK)
				status = e;
		}
	}
	out_close();
	return status;
}
