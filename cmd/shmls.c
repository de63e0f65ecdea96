/*
 * shmls: list shared-memory segments, every visible one or the named
 * ones, as a table, a table without header (for awk) or JSON.
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
	    "usage: shmls [-hV] [-H | -j] [object ...]\n");
	exit(status);
}

int
main(int argc, char *argv[])
{
	enum list_fmt fmt = LIST_TABLE;
	int ch, status;

	io_init();
	while ((ch = getopt(argc, argv, "HhjV")) != -1) {
		switch (ch) {
		case 'H':
			if (fmt == LIST_JSON)
				usage(EX_USAGE);
			fmt = LIST_BARE;
			break;
		case 'h':
			usage(EX_OK);
		case 'j':
			if (fmt == LIST_BARE)
				usage(EX_USAGE);
			fmt = LIST_JSON;
			break;
		case 'V':
			version();
		default:
			usage(EX_USAGE);
		}
	}
	argv += optind;
	status = ipc_list(&shm_kind, fmt, argv);
	out_close();
	return status;
}
