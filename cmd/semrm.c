/*
 * semrm: remove semaphore sets; processes waiting on one wake with EIDRM.
 * Every operand is tried; the exit status is the first failure's.  -a
 * removes the caller's sets that no process is waiting on.  The options
 * and the flow are shared with the other rm commands in lib/lsrm.c.
 */
#include "ipctools.h"
#include "ipcobj.h"

int
main(int argc, char *argv[])
{
	return rm_main(&sem_kind, argc, argv);
}
