/*
 * shmls: list shared-memory segments, every visible one or the named
 * ones, as a table, a table without header (for awk) or JSON.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ipctools.h"
#include "shm.h"

static const struct column cols[] = {
	{ "key",	COL_KEY,	10 },
	{ "id",		COL_ID,		10 },
	{ "mode",	COL_MODE,	4 },
	{ "owner",	COL_OWNER,	-8 },
	{ "size",	COL_NUM,	12 },
	{ "nattch",	COL_NUM,	6 },
	{ "cpid",	COL_NUM,	7 },
	{ "lpid",	COL_NUM,	7 },
	{ "atime",	COL_TIME,	19 },
	{ "dtime",	COL_TIME,	19 },
	{ "ctime",	COL_TIME,	19 },
	{ "removed",	COL_BOOL,	7 },
};
#define NCOLS	(sizeof(cols) / sizeof(cols[0]))

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: shmls [-hV] [-H | -j] [object ...]\n");
	exit(status);
}

static void
row(int id, const struct shmid_ds *ds)
{
	long long v[NCOLS];

	v[0] = (unsigned int)ds->shm_perm.__key;
	v[1] = id;
	v[2] = ds->shm_perm.mode & 0777;
	v[3] = ds->shm_perm.uid;
	v[4] = (long long)ds->shm_segsz;
	v[5] = (long long)ds->shm_nattch;
	v[6] = ds->shm_cpid;
	v[7] = ds->shm_lpid;
	v[8] = ds->shm_atime;
	v[9] = ds->shm_dtime;
	v[10] = ds->shm_ctime;
	v[11] = (ds->shm_perm.mode & SHM_DEST) != 0;
	list_row(v);
}

/* A named segment; 0, or the exit status after a warning. */
static int
named(const char *arg)
{
	struct shmid_ds ds;
	int e, id;

	if ((e = shm_find(arg, &id, 0)) != 0)
		return e;
	if (shm_stat(id, &ds) == -1) {
		if (errno == EINVAL || errno == EIDRM) {
			warnx("%s: no such segment", arg);
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
	struct shm_iter it;
	struct shmid_ds ds;
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
	shm_args(argv);

	list_begin(fmt, cols, NCOLS);
	if (argc == 0) {
		shm_iter_begin(&it);
		while ((id = shm_iter_next(&it, &ds)) != -1)
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
