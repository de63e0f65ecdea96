/*
 * shmnew: create a System V shared-memory segment, or open the one its
 * key names, and print its id:N for the other shm* commands.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "ipcobj.h"
#include "posix.h"
#include "shm.h"

static const char *const opts[] = {
	"-h, --help", "print this help and exit",
	"-m mode", "permissions of a new segment, in octal (default 0600)",
	"-s size", "size of a new segment, with k, m, g or t (default 4096)",
	"-V, --version", "print the version and exit",
	"-x", "fail if the segment exists",
	NULL
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [-hVx] [-m mode] [-s size] [object]\n",
	    getprogname());
	usage_opts(status, opts);
}

/*
 * shmget(2) refused to create a segment of this size: name the limit
 * that stands in the way (kernel.shmmax and shmmin, or tmpfs's largest
 * file, which a size past 2^63-1 bytes exceeds whatever shmmax says).
 */
static void __attribute__((noreturn))
bad_size(const char *sarg, uint64_t size)
{
	uint64_t max = sysctl_num("/proc/sys/kernel/shmmax", UINT64_MAX);

	if (size > max)
		diex(EX_USAGE, "-s %s: more than the system's limit "
		    "(kernel.shmmax %llu)", sarg, (unsigned long long)max);
	if (size > INT64_MAX)
		diex(EX_USAGE, "-s %s: more than a segment can hold (its "
		    "memory is a tmpfs file of at most %lld bytes)", sarg,
		    (long long)INT64_MAX);
	diex(EX_USAGE, "-s %s: the system refuses this size", sarg);
}

int
main(int argc, char *argv[])
{
	struct ipc_row row;
	const char *arg = NULL, *sarg = NULL;
	uint64_t max, size = 4096;
	struct pshm_how how;
	int ch, excl = 0, id, made, mode = 0600;

	io_init(argv);
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
				diex(EX_USAGE, "-s '%s': a segment has at "
				    "least 1 byte", optarg);
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
	arg = ipc_new_arg(argc, argv);
	if (arg != NULL && px_is(arg)) {
		/* kernel.shmmax is System V's; tmpfs bounds a POSIX one. */
		how.size = size;
		how.sarg = sarg;
		px_new(&pshm_kind, arg, excl, mode, &how);
		out_close();
		return EX_OK;
	}
	max = sysctl_num("/proc/sys/kernel/shmmax", SIZE_MAX);
	if (sarg != NULL && size > max)
		diex(EX_USAGE, "-s '%s': more than the system's limit "
		    "(kernel.shmmax %llu)", sarg, (unsigned long long)max);

	/* The default size is for creating; an existing one opens as it is. */
	if ((id = ipc_new(&shm_kind, arg, excl, mode, size, &made)) == -1) {
		if (arg == NULL)
			arg = "a private segment";
		switch (errno) {
		case EINVAL:
			bad_size(sarg != NULL ? sarg : "4096", size);
		case ENOSPC:
			diex(EX_OSERR, "%s: the system's limit on segments "
			    "(kernel.shmmni %llu) or on all shared memory "
			    "(kernel.shmall %llu pages) is reached", arg,
			    (unsigned long long)sysctl_num("/proc/sys/kernel/shmmni", UINT64_MAX),
			    (unsigned long long)sysctl_num("/proc/sys/kernel/shmall", UINT64_MAX));
		case ENOMEM:
			/* Past shmmax and shmall, shmem's commit refused it. */
			diex(EX_OSERR, "%s: -s %s (%llu bytes) is more memory "
			    "than the system will commit (vm.overcommit_memory "
			    "%llu)", arg, sarg != NULL ? sarg : "4096",
			    (unsigned long long)size, (unsigned long long)
			    sysctl_num("/proc/sys/vm/overcommit_memory", 0));
		default:
			die("%s", arg);
		}
	}
	if (!made && sarg != NULL && ipc_stat(&shm_kind, id, &row) == 0 &&
	    row.ds.shm.shm_segsz < size)
		diex(EX_DATAERR, "%s: the segment exists with %zu bytes, "
		    "smaller than -s %s", arg, (size_t)row.ds.shm.shm_segsz,
		    sarg);
	ipc_print_new(&shm_kind, id, made);
	out_close();
	return EX_OK;
}
