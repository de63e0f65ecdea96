/*
 * mqls: list message queues, every visible one or the named ones, as a
 * table, a table without header (for awk) or JSON.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ipctools.h"
#include "msg.h"

static const struct column cols[] = {
	{ "key",	COL_KEY,	10 },
	{ "id",		COL_ID,		10 },
	{ "mode",	COL_MODE,	4 },
	{ "owner",	COL_OWNER,	-8 },
	{ "qnum",	COL_NUM,	8 },
	{ "cbytes",	COL_NUM,	10 },
	{ "qbytes",	COL_NUM,	10 },
	{ "lspid",	COL_NUM,	7 },
	{ "lrpid",	COL_NUM,	7 },
	{ "stime",	COL_TIME,	19 },
	{ "rtime",	COL_TIME,	19 },
	{ "ctime",	COL_TIME,	19 },
};
#define NCOLS	(sizeof(cols) / sizeof(cols[0]))

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: mqls [-hV] [-H | -j] [object ...]\n");
	exit(status);
}

static void
row(int id, const struct msqid_ds *ds)
{
	long long v[NCOLS];

	v[0] = (unsigned int)ds->msg_perm.__key;
	v[1] = id;
	v[2] = ds->msg_perm.mode & 0777;
	v[3] = ds->msg_perm.uid;
	v[4] = (long long)ds->msg_qnum;
	v[5] = (long long)ds->__msg_cbytes;
	v[6] = (long long)ds->msg_qbytes;
	v[7] = ds->msg_lspid;
	v[8] = ds->msg_lrpid;
	v[9] = ds->msg_stime;
	v[10] = ds->msg_rtime;
	v[11] = ds->msg_ctime;
	list_row(v);
}

/* A named queue; 0, or the exit status after a warning. */
static int
named(const char *arg)
{
	struct msqid_ds ds;
	int e, id;

	if ((e = msg_find(arg, &id, 0)) != 0)
		return e;
	if (msg_stat(id, &ds) == -1) {
		if (errno == EINVAL || errno == EIDRM) {
			warnx("%s: no such queue", arg);
			return EX_NOINPUT;
		}
		e = errno;
		warn("%s", arg);
		return ex_errno(e);
	}
	row(id, &ds);
	return EX_OK;
}

int
main(int argc, char *argv[])
{
	enum list_fmt fmt = LIST_TABLE;
	struct msg_iter it;
	struct msqid_ds ds;
	int ch, e, id, status = EX_OK;

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
	argc -= optind;
	argv += optind;
	msg_args(argv);

	list_begin(fmt, cols, NCOLS);
	if (argc == 0) {
		msg_iter_begin(&it);
		while ((id = msg_iter_next(&it, &ds)) != -1)
			row(id, &ds);
	}
	for (; *argv != NULL; argv++) {
		/* Rows so far must come out before the warning. */
		fflush(stdout);
		if ((e = named(*argv)) != 0 && status == EX_OK)
			status = e;
	}
	list_end();
	out_close();
	return status;
}
