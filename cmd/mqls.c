/*
 * mqls: list message queues, every visible one or the named ones, as a
 * table, a table without header (for awk) or JSON; with -X (or posix:
 * operands) the POSIX queues of the mqueue file system (lib/pmq.c).
 * The options and the flow are shared with its siblings in lib/lsrm.c.
 */
#include "ipctools.h"
#include "ipcobj.h"

int
main(int argc, char *argv[])
{
	return ls_main(&msg_kind, argc, argv);
}
