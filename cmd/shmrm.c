/*
 * shmrm: remove shared-memory segments.  Every operand is tried; the exit
 * status is the first failure's.  -a removes the caller's segments that no
 * process has attached: the clean-up scripts otherwise scrape ipcs(1) for.
 * The options and the flow are shared with its sibling in lib/lsrm.c.
 */
#include "ipctools.h"
#include "ipcobj.h"

int
main(int argc, char *argv[])
{
	return rm_main(&shm_kind, argc, argv);
}
