/*
 * mqrm: remove message queues.  Every operand is tried; the exit status
 * is the first failure's.  -a removes the caller's queues that hold no
 * message: the clean-up scripts otherwise scrape ipcs(1) for.
 * The options and the flow are shared with its sibling in lib/lsrm.c.
 */
#include "ipctools.h"
#include "ipcobj.h"

int
main(int argc, char *argv[])
{
	return rm_main(&msg_kind, argc, argv);
}
