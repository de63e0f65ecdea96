/*
 * mqrm: remove message queues.  Every operand is tried; the exit status
 * is the first failure's.  -a removes the caller's queues that hold no
 * message: the clean-up scripts otherwise scrape ipcs(1) for.
 * The options and the flow are shared with its sibling in lib/lsrm.c;
 * POSIX operands (posix:/NAME, mq_unlink(3)) are taken here.
 */
#include <stdlib.h>
#include <unistd.h>

#include "ipctools.h"
#include "ipcobj.h"
#include "pmq.h"

/*
 * Operands of both kinds, with -f and -n: every form is checked before
 * any is removed.  Any other option goes to rm_main(), which refuses
 * them with operands or exits (-h, -V) before it looks at one.
 */
static int
rm_both(int argc, char *argv[])
{
	char *one[2] = { NULL, NULL }, **a;
	int ch, dryrun = 0, e, force = 0, status = EX_OK;

	io_init(argv);
	opterr = 0;
	while ((ch = getopt(argc, argv, "adfhi:nr:V")) != -1) {
		switch (ch) {
		case 'f':
			force = 1;
			break;
		case 'n':
			dryrun = 1;
			break;
		default:
			opterr = 1;
			optind = 0;
			return rm_main(&msg_kind, argc, argv);
		}
	}
	for (a = argv + optind; *a != NULL; a++) {
		if (pmq_is(*a))
			free(pmq_name(*a));
		else {
			one[0] = *a;
			ipc_args(one);
		}
	}
	for (a = argv + optind; *a != NULL; a++) {
		if (pmq_is(*a))
			e = pmq_remove(*a, dryrun, force);
		else {
			one[0] = *a;
			e = ipc_remove(&msg_kind, one, dryrun, force);
		}
		if (e != EX_OK && status == EX_OK)
			status = e;
	}
	out_close();
	return status;
}

int
main(int argc, char *argv[])
{
	int i;

	for (i = 1; i < argc; i++)
		if (pmq_is(argv[i]))
			return rm_both(argc, argv);
	return rm_main(&msg_kind, argc, argv);
}
