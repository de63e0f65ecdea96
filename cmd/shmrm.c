/*
 * shmrm: remove shared-memory segments.  Every operand is tried; the exit
 * status is the first failure's.  -a removes the caller's segments that no
 * process has attached: the clean-up scripts otherwise scrape ipcs(1) for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ipctools.h"
#include "ipcobj.h"

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: shmrm [-fhnV] object ...\n"
	    "       shmrm -a [-n]\n");
	exit(status);
}

int
main(int argc, char *argv[])
{
	int all = 0, ch, dryrun = 0, force = 0, status;

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
		status = ipc_remove_idle(&shm_kind, dryrun);
	} else {
		if (argc == 0)
			usage(EX_USAGE);
		status = ipc_remove(&shm_kind, argv, dryrun, force);
	}
	out_close();
	return status;
}
