/*
 * mqnew: create a System V message queue, or open the one a key names,
 * and print its id:N for the other mq* commands; or a POSIX queue
 * (posix:/NAME, with -M and -s as its limits), printed as posix:/NAME.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "ipcobj.h"
#include "msg.h"
#include "pmq.h"
#include "posix.h"

static const char *const opts[] = {
	"-b qbytes", "bytes a System V queue holds (msgctl IPC_SET)",
	"-h, --help", "print this help and exit",
	"-M maxmsg", "messages a new POSIX queue holds",
	"-m mode", "permissions of a new queue, in octal (default 0600)",
	"-s msgsize", "largest message of a new POSIX queue",
	"-V, --version", "print the version and exit",
	"-x", "fail if the queue exists",
	NULL
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [-hVx] [-b qbytes | -M maxmsg -s msgsize] [-m mode] "
	    "[object]\n",
	    getprogname());
	usage_opts(status, opts);
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
		diex(EX_NOPERM, "%s: -b %s: more than the system's msgmnb "
		    "(%zu) needs privilege", arg, bstr, msg_mnb());
	errno = e;
	die("%s: -b %s", arg, bstr);
}

int
main(int argc, char *argv[])
{
	const char *arg = NULL, *bstr = NULL;
	uint64_t qbytes = 0;
	struct pmq_how how = { 0, 0 };
	int ch, excl = 0, made, mode = 0600, id;

	io_init(argv);
	while ((ch = getopt(argc, argv, "b:hM:m:s:Vx")) != -1) {
		switch (ch) {
		case 'b':
			bstr = optarg;
			qbytes = size_arg("-b", optarg, INT_MAX);
			if (qbytes == 0)
				diex(EX_USAGE, "-b '%s': must be at least 1 "
				    "(no message fits in an empty queue)",
				    optarg);
			break;
		case 'h':
			usage(EX_OK);
		case 'M':
			how.maxmsg = (long)num_arg("-M", optarg, 1, INT_MAX);
			break;
		case 'm':
			mode = mode_arg("-m", optarg);
			break;
		case 's':
			how.msgsize = (long)size_arg("-s", optarg, INT_MAX);
			if (how.msgsize == 0)
				diex(EX_USAGE, "-s '%s': must be at least 1 "
				    "byte", optarg);
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
	arg = ipc_new_arg(argc, argv);
	if (arg != NULL && px_is(arg)) {
		if (bstr != NULL)
			diex(EX_USAGE, "-b sets a System V queue's bytes; a "
			    "POSIX queue has -M maxmsg and -s msgsize");
		px_new(&pmq_kind, arg, excl, mode, &how);
		out_close();
		return EX_OK;
	}
	if (how.maxmsg != 0 || how.msgsize != 0)
		diex(EX_USAGE, "-M and -s are a POSIX queue's limits; a "
		    "System V queue has -b qbytes");

	/* Made 0600, so that -b may read and set it; -m's mode after. */
	if ((id = ipc_new(&msg_kind, arg, excl, 0600, 0, &made)) == -1) {
		if (errno == ENOSPC)
			diex(EX_OSERR, "%s: the system's limit on queues "
			    "(kernel.msgmni %llu) is reached",
			    arg != NULL ? arg : "a private queue",
			    (unsigned long long)sysctl_num("/proc/sys/kernel/msgmni", UINT64_MAX));
		die("%s", arg != NULL ? arg : "a private queue");
	}
	if (bstr != NULL)
		set_qbytes(id, arg != NULL ? arg : "a private queue", bstr,
		    qbytes, made);
	if (made)
		ipc_new_mode(&msg_kind, id, mode, arg != NULL ? arg :
		    "a private queue");
	ipc_print_new(&msg_kind, id, made);
	out_close();
	return EX_OK;
}
