/*
 * mqnew: create a System V message queue, or open the one a key names,
 * and print its id:N for the other mq* commands.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "msg.h"

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: mqnew [-hVx] [-b qbytes] [-m mode] [object]\n");
	exit(status);
}

/*
 * Set msg_qbytes.  Above kernel.msgmnb only a privileged user may; say
 * so, naming the limit.  A queue this call made is removed again.
 */
static void
set_qbytes(int id, const char *arg, const char *bstr, uint64_t qbytes,
    int made)
{
	struct msqid_ds ds;
	int e;

	if (msgctl(id, IPC_STAT, &ds) == 0) {
		ds.msg_qbytes = (unsigned long)qbytes;
		if (msgctl(id, IPC_SET, &ds) == 0)
			return;
	}
	e = errno;
	if (made)
		msgctl(id, IPC_RMID, NULL);
	if (e == EPERM && qbytes > msg_mnb())
		errx(EX_NOPERM, "%s: -b %s: more than the system's msgmnb "
		    "(%zu) needs privilege", arg, bstr, msg_mnb());
	errno = e;
	die("%s: -b %s", arg, bstr);
}

int
main(int argc, char *argv[])
{
	struct ipcobj o;
	const char *arg = "IPC_PRIVATE", *bstr = NULL;
	uint64_t qbytes = 0;
	int ch, excl = 0, made = 1, mode = 0600, id;

	io_init();
	while ((ch = getopt(argc, argv, "b:hm:Vx")) != -1) {
		switch (ch) {
		case 'b':
			bstr = optarg;
			qbytes = size_arg("-b", optarg, INT_MAX);
			if (qbytes == 0)
				errx(EX_USAGE, "-b '%s': must be at least 1 "
				    "(no message fits in an empty queue)",
				    optarg);
			break;
		case 'h':
			usage(EX_OK);
		case 'm':
			mode = mode_arg("-m", optarg);
			break;
		case 'V':
			version();
		case 'x':
			excl = 1;
			break;
		default:
			usage(EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage(EX_USAGE);

	memset(&o, 0, sizeof(o));
	o.kind = OBJ_KEY;
	o.key = IPC_PRIVATE;
	if (argc == 1) {
		obj_arg(argv[0], &o);
		arg = argv[0];
	}
	if (o.kind == OBJ_ID) {
		/* An id names a queue that exists: open it, never make it. */
		id = msg_open(&o, 0);
		if (excl)
			errx(EX_CANTCREAT, "%s: a queue with this id exists",
			    arg);
		made = 0;
	} else if ((id = msgget(o.key, IPC_CREAT | IPC_EXCL | mode)) == -1) {
		if (errno != EEXIST)
			die("%s", arg);
		if (excl)
			errx(EX_CANTCREAT, "%s: a queue with this key exists",
			    arg);
		if ((id = msgget(o.key, 0)) == -1)
			die("%s", arg);
		made = 0;
	}
	if (bstr != NULL)
		set_qbytes(id, arg, bstr, qbytes, made);
	if (printf("id:%d\n", id) < 0)
		out_gone();
	out_close();
	obj_free(&o);
	return EX_OK;
}
