/*
 * semls: list semaphore sets, every visible one or the named ones, as a
 * table, a table without header (for awk) or JSON, where each set also
 * lists its semaphores.  The options and the flow are shared with the
 * other ls commands in lib/lsrm.c.
 */
#include "ipctools.h"
#include "ipcobj.h"

int
main(int argc, char *argv[])
{
	return ls_main(&sem_kind, argc, argv);
}
