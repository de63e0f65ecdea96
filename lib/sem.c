/*
 * System V semaphore sets as the sem* commands see them: the limits the
 * system sets (kernel.sem), and sem_kind: how ipcobj.c finds, stats,
 * walks, lists and removes sets, with each set's semaphores in JSON.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/sem.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "ipctools.h"
#include "ipcobj.h"
#include "posix.h"
#include "sem.h"

/* semctl(2)'s fourth argument, which the caller must declare. */
union semun {
	int		 val;
	struct semid_ds	*buf;
	unsigned short	*array;
	struct seminfo	*__buf;
};

/*
 * kernel.sem: "SEMMSL SEMMNS SEMOPM SEMMNI".  Where it cannot be read,
 * the kernel's defaults since Linux 3.19.
 */
void
sem_limits(struct sem_limits *l)
{
	long long v[4] = { 32000, 1024000000, 500, 32000 };
	char buf[128], *end, *p;
	FILE *fp;
	int i;

	if ((fp = fopen("/proc/sys/kernel/sem", "re")) != NULL) {
		p = fgets(buf, sizeof(buf), fp);
		fclose(fp);
		for (i = 0; p != NULL && i < 4; i++, p = end) {
			errno = 0;
			v[i] = strtoll(p, &end, 10);
			if (end == p || errno != 0)
				break;
		}
		/* Anything but four numbers: the defaults, all four. */
		if (i < 4) {
			v[0] = 32000;
			v[1] = 1024000000;
			v[2] = 500;
			v[3] = 32000;
		}
	}
	l->msl = v[0];
	l->mns = v[1];
	l->opm = v[2];
	l->mni = v[3];
}

/* After the columns every kind has (ipcobj.c), in this order. */
enum { SEMC_NSEMS, SEMC_VALUES, SEMC_OTIME, SEMC_CTIME, SEMC_N };
static const struct column cols[SEMC_N] = {
	[SEMC_NSEMS] = { "nsems", COL_NUM,	1, 1,
	    "the semaphores in the set" },
	[SEMC_VALUES] = { "values", COL_NUMS,	1, 1,
	    "their values, comma-separated; the default table cuts them "
	    "after 16 characters with \",...\" (in JSON, an array; null: we "
	    "may not read them)" },
	[SEMC_OTIME] = { "otime", COL_TIME,	1, 1,
	    "the time of the last semop(2)" },
	[SEMC_CTIME] = { "ctime", COL_TIME,	1, 0,
	    "the time of the last change" },
};

/* semget(2); nsems and flags 0 find the set, whatever its size or mode. */
static int
get(key_t key, size_t nsems, int flags)
{
	return semget(key, (int)nsems, flags);
}

/* semctl(2) into row->ds, for ipcobj.c. */
static int
ctl(int id, int cmd, struct ipc_row *row)
{
	union semun arg;

	arg.buf = &row->ds.sem;
	return semctl(id, 0, cmd, arg);
}

/*
 * semrm -a takes the sets no process waits on: no waiter for an increase
 * (ncnt) or for zero (zcnt) on any semaphore.  A set whose counts cannot
 * be read is not idle.
 */
static int
idle(const struct ipc_row *row)
{
	unsigned long i;

	for (i = 0; i < row->ds.sem.sem_nsems; i++)
		if (semctl(row->id, (int)i, GETNCNT) != 0 ||
		    semctl(row->id, (int)i, GETZCNT) != 0)
			return 0;
	return 1;
}

/* The last semop(2) on any of its semaphores, or change. */
static time_t
used(const struct ipc_row *row)
{
	const struct semid_ds *ds = &row->ds.sem;

	return ds->sem_otime > ds->sem_ctime ? ds->sem_otime : ds->sem_ctime;
}

/*
 * A set records no creator: the last process to operate on any of its
 * semaphores (sempid, which exit(2) sets too when it undoes a SEM_UNDO)
 * lives.  A set whose pids cannot be read counts as live.
 */
static int
live(const struct ipc_row *row)
{
	unsigned long i;
	int pid;

	for (i = 0; i < row->ds.sem.sem_nsems; i++)
		if ((pid = semctl(row->id, (int)i, GETPID)) == -1 ||
		    pid_alive(pid))
			return 1;
	return 0;
}

/*
 * The set's values, "1,0,3", or NULL when we may not read them (listing
 * needs no read permission) or it went away; valid until the next call.
 */
static const char *
sem_values(const struct ipc_row *row)
{
	static char *buf;
	static size_t cap;
	unsigned short *val;
	union semun arg;
	unsigned long i, n = row->ds.sem.sem_nsems;
	size_t off = 0;
	char *b;

	/* Each value is at most 5 digits and a comma. */
	if (buf == NULL || cap < 6 * n + 1) {
		if ((b = realloc(buf, 6 * n + 1)) == NULL)
			die("semaphore values");
		buf = b;
		cap = 6 * n + 1;
	}
	if ((val = calloc(n + 1, sizeof(*val))) == NULL)
		die("semaphore values");
	arg.array = val;
	if (semctl(row->id, 0, GETALL, arg) == -1) {
		free(val);
		return NULL;
	}
	buf[0] = '\0';
	for (i = 0; i < n; i++)
		off += (size_t)snprintf(buf + off, cap - off, "%s%u",
		    i ? "," : "", val[i]);
	free(val);
	return buf;
}

/* The kind's own columns: cols[] above, by name. */
static void
values(const struct ipc_row *row, struct cell *v)
{
	const struct semid_ds *ds = &row->ds.sem;

	v[SEMC_NSEMS].n = ds->sem_nsems;
	v[SEMC_VALUES].s = sem_values(row);
	v[SEMC_OTIME].n = (uint64_t)ds->sem_otime;
	v[SEMC_CTIME].n = (uint64_t)ds->sem_ctime;
}

/*
 * semls -g: the limits of semctl(2) IPC_INFO, and what SEM_INFO counts:
 * the sets, and the semaphores in all of them.
 */
static size_t
limits(struct ipc_limit *l)
{
	struct seminfo si, use;
	union semun arg;

	arg.__buf = &si;
	if (semctl(0, 0, IPC_INFO, arg) == -1)
		die("semctl IPC_INFO");
	arg.__buf = &use;
	if (semctl(0, 0, SEM_INFO, arg) == -1)
		die("semctl SEM_INFO");
	l[0] = (struct ipc_limit){ "semmni", "sets in the system",
	    (uint64_t)si.semmni, (uint64_t)use.semusz, 1, 1 };
	l[1] = (struct ipc_limit){ "semmns", "semaphores in the system",
	    (uint64_t)si.semmns, (uint64_t)use.semaem, 1, 1 };
	l[2] = (struct ipc_limit){ "semmsl", "semaphores in one set",
	    (uint64_t)si.semmsl, 0, 1, 0 };
	l[3] = (struct ipc_limit){ "semopm", "operations in one semop call",
	    (uint64_t)si.semopm, 0, 1, 0 };
	l[4] = (struct ipc_limit){ "semvmx", "the largest semaphore value",
	    (uint64_t)si.semvmx, 0, 1, 0 };
	return 5;
}

/*
 * In JSON, "sems": each semaphore's value, its waiters for an increase
 * (ncnt) and for zero (zcnt), and the last process to operate on it.
 * Reading them needs read permission, which listing does not: without it,
 * or when the set went away meanwhile, "sems" is null.
 */
static void
json(const void *p)
{
	const struct ipc_row *row = p;
	unsigned short *val;
	union semun arg;
	unsigned long i, n = row->ds.sem.sem_nsems;
	int ncnt, pid, zcnt;

	if ((val = calloc(n + 1, sizeof(*val))) == NULL)
		die("semaphore values");
	arg.array = val;
	if (semctl(row->id, 0, GETALL, arg) == -1) {
		free(val);
		printf(", \"sems\": null");
		return;
	}
	printf(", \"sems\": [");
	for (i = 0; i < n; i++) {
		ncnt = semctl(row->id, (int)i, GETNCNT);
		zcnt = semctl(row->id, (int)i, GETZCNT);
		pid = semctl(row->id, (int)i, GETPID);
		printf("%s{\"value\": %u, \"ncnt\": %d, \"zcnt\": %d, "
		    "\"pid\": %d}", i ? ", " : "", val[i], ncnt < 0 ? 0 : ncnt,
		    zcnt < 0 ? 0 : zcnt, pid < 0 ? 0 : pid);
	}
	printf("]");
	free(val);
}

/* -A's view (both.c): a semaphore's columns in either family. */
static const struct bothcol both[] = {
	{ "nsems", "nsems", NULL, 0, NULL },
	{ "values", "values", "value", 1,
	    "the values: a System V set's, comma-separated (cut after 16 "
	    "characters with \",...\"), or a POSIX semaphore's" },
	{ "otime", "otime", NULL, 0, NULL },
	{ "ctime", "ctime", NULL, 0, NULL },
	{ "mtime", NULL, "mtime", 0, NULL },
	{ "nproc", "nproc", "nproc", 1, NULL },
	{ "pids", "pids", "pids", 0, NULL },
};

const struct ipckind sem_kind = {
	.noun = "semaphore set",
	.stat_any = SEM_STAT_ANY,
	.stat_old = SEM_STAT,
	.info = SEM_INFO,
	IPCKIND_FUNCS,
	.json = json,
	.posix = &psem_kind,
	.both = both,
	.nboth = sizeof(both) / sizeof(both[0]),
};
