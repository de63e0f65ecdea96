/*
 * Segments for the shm* commands: how ipcobj.c finds, stats, walks, lists
 * and removes them, and attaching one.  Lookups that fail warn and return
 * the exit status of ipctools(7) instead of exiting.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include <errno.h>
#include <time.h>

#include "ipctools.h"
#include "ipcobj.h"
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

static int
get(key_t key, size_t size, int flags)
{
	return shmget(key, size, flags);
}

/* shmctl(2) for ipcobj.c, which reads the permissions in row->perm. */
static int
ctl(int id, int cmd, struct ipc_row *row)
{
	int r;

	if ((r = shmctl(id, cmd, &row->ds.shm)) != -1 && cmd != IPC_RMID)
		row->perm = row->ds.shm.shm_perm;
	return r;
}

static int
maxidx(void)
{
	struct shm_info info;
	int max;

	/* SHM_INFO returns the highest index in use. */
	if ((max = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&info))
	    == -1)
		die("shmctl SHM_INFO");
	return max;
}

/* Not attached (1) or attached (0); marked for removal already: -1. */
static int
idle(const struct ipc_row *row)
{
	if (row->perm.mode & SHM_DEST)
		return -1;
	return row->ds.shm.shm_nattch == 0;
}

/* The last attach, detach or change; now while attached. */
static time_t
used(const struct ipc_row *row)
{
	const struct shmid_ds *ds = &row->ds.shm;
	time_t t = ds->shm_ctime;

	if (ds->shm_nattch != 0)
		return time(NULL);
	if (ds->shm_atime > t)
		t = ds->shm_atime;
	if (ds->shm_dtime > t)
		t = ds->shm_dtime;
	return t;
}

/* The creator, or the last process to attach or detach, lives. */
static int
live(const struct ipc_row *row)
{
	return pid_alive(row->ds.shm.shm_cpid) ||
	    pid_alive(row->ds.shm.shm_lpid);
}

/* The columns after the four of ipc_list(): key, id, mode, owner. */
static void
values(const struct ipc_row *row, long long *v)
{
	const struct shmid_ds *ds = &row->ds.shm;

	v[4] = (long long)ds->shm_segsz;
	v[5] = (long long)ds->shm_nattch;
	v[6] = ds->shm_cpid;
	v[7] = ds->shm_lpid;
	v[8] = ds->shm_atime;
	v[9] = ds->shm_dtime;
	v[10] = ds->shm_ctime;
	v[11] = (ds->shm_perm.mode & SHM_DEST) != 0;
}

const struct ipckind shm_kind = {
	.noun = "segment",
	.get = get,
	.ctl = ctl,
	.stat_any = SHM_STAT_ANY,
	.stat_old = SHM_STAT,
	.maxidx = maxidx,
	.idle = idle,
	.used = used,
	.live = live,
	.cols = cols,
	.ncols = sizeof(cols) / sizeof(cols[0]),
	.values = values,
};

/*
 * Find and attach a segment (flags: 0 or SHM_RDONLY) and give its id,
 * address and size; 0, or the exit status after a warning.
 */
int
shm_attach(const char *arg, int flags, int *idp, void **addr, size_t *size)
{
	struct shmid_ds ds;
	int e, id;

	if ((e = ipc_find(&shm_kind, arg, 0, 0, &id)) != 0)
		return e;
	/*
	 * Attaching needs read permission, as IPC_STAT does: asking first
	 * gives the size, and the same answer under valgrind, whose shmat
	 * says EINVAL for a segment it may not stat.
	 */
	if (shmctl(id, IPC_STAT, &ds) == -1) {
		if (errno == EINVAL || errno == EIDRM)
			return ipc_missing(&shm_kind, arg, 0);
		return fail("%s: cannot attach", arg);
	}
	if ((*addr = shmat(id, NULL, flags)) == (void *)-1) {
		if (errno == EINVAL || errno == EIDRM)
			return ipc_missing(&shm_kind, arg, 0);
		return fail("%s: cannot attach", arg);
	}
	*size = ds.shm_segsz;
	*idp = id;
	return 0;
}

/* Gone, or marked for removal (IPC_RMID while attached): no one new can reach it. */
int
shm_removed(int id)
{
	struct shmid_ds ds;

	if (shmctl(id, IPC_STAT, &ds) == -1)
		return errno == EINVAL || errno == EIDRM;
	return (ds.shm_perm.mode & SHM_DEST) != 0;
}
