/*
 * shmnew: create a System V shared-memory segment, or open the one its
 * key names, and print its id:N for the other shm* commands.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "ipcobj.h"

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: shmnew [-hVx] [-m mode] [-s size] [object]\n");
	exit(status);
}

/* shmget said EINVAL: an existing segment too small, or a size it refuses. */
static void __attribute__((noreturn))
too_small(const char *arg, key_t key, uint64_t size, const char *sarg)
{
	struct ipc_row row;
	int id;

	if (key != IPC_PRIVATE && (id = shmget(key, 0, 0)) != -1) {
		if (ipc_stat(&shm_kind, id, &row) == 0)
			errx(EX_DATAERR, "%s: the segment exists with %zu "
			    "bytes, smaller than -s %s", arg,
			    (size_t)row.ds.shm.shm_segsz, sarg);
		errx(EX_DATAERR, "%s: the segment exists, smaller than -s %s",
		    arg, sarg);
	}
	errx(EX_USAGE, "-s %llu: the system refuses this size (kernel.shmmax "
	    "is %llu)", (unsigned long long)size,
	    (unsigned long long)sysctl_num("/proc/sys/kernel/shmmax", UINT64_MAX));
}

int
main(int argc, char *argv[])
{
	struct ipcobj o;
	const char *arg = "a private segment", *sarg = "4096";
	uint64_t max, size = 4096;
	int ch, excl = 0, id, mode = 0600;

	io_init();
	while ((ch = getopt(argc, argv, "hm:s:Vx")) != -1) {
		switch (ch) {
		case 'h':
			usage(EX_OK);
		case 'm':
			mode = mode_arg("-m", optarg);
			break;
		case 's':
			size = size_arg("-s", optarg, SIZE_MAX);
			if (size == 0)
				errx(EX_USAGE, "-s '%s': a segment has at "
				    "least 1 byte", optarg);
			max = sysctl_num("/proc/sys/kernel/shmmax", SIZE_MAX);
			if (size > max)
				errx(EX_USAGE, "-s '%s': more than the "
				    "system's limit (kernel.shmmax %llu)",
				    optarg, (unsigned long long)max);
			sarg = optarg;
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
	o.key = IPC_PRIVATE;
	if (argc == 1) {
		obj_arg(argv[0], &o);
		arg = argv[0];
		if (o.kind == OBJ_ID)
			errx(EX_USAGE, "'%s': shmnew takes a key or a path, "
			    "not an id", arg);
	}
	id = shmget(o.key, (size_t)size, IPC_CREAT | (excl ? IPC_EXCL : 0) |
	    mode);
	if (id == -1) {
		switch (errno) {
		case EEXIST:
			errx(EX_CANTCREAT, "%s: a segment with this key "
			    "exists", arg);
		case EINVAL:
			too_small(arg, o.key, size, sarg);
		case ENOSPC:
			errx(EX_OSERR, "%s: the system's limit on segments "
			    "(kernel.shmmni %llu) or on all shared memory "
			    "(kernel.shmall %llu pages) is reached", arg,
			    (unsigned long long)sysctl_num("/proc/sys/kernel/shmmni", UINT64_MAX),
			    (unsigned long long)sysctl_num("/proc/sys/kernel/shmall", UINT64_MAX));
		default:
			die("%s", arg);
		}
	}
	obj_free(&o);
	if (printf("id:%d\n", id) < 0)
		out_close();
	out_close();
	return EX_OK;
}
