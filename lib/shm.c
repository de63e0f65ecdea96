/*
 * Segments for the shm* commands: how ipcobj.c finds, stats, walks, lists
 * and removes them, and attaching one.  Lookups that fail warn and return
 * the exit status of ipctools(7) instead of exiting.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipctools.h"
#include "ipcobj.h"
#include "posix.h"
#include "proc.h"
#include "shm.h"

/* After the columns every kind has (ipcobj.c), in this order. */
enum { SC_SIZE, SC_NATTCH, SC_CPID, SC_LPID, SC_ATIME, SC_DTIME, SC_CTIME,
	SC_REMOVED, SC_LOCKED, SC_RSS, SC_SWAP, SC_COMMAND, SC_NPROC, SC_PIDS,
	SC_N };
static const struct column cols[SC_N] = {
	[SC_SIZE] = { "size",	COL_NUM,	1, 1, "the size in bytes" },
	[SC_NATTCH] = { "nattch", COL_NUM,	1, 1, "the processes attached" },
	[SC_CPID] = { "cpid",	COL_NUM,	1, 1,
	    "the creator's process ID" },
	[SC_LPID] = { "lpid",	COL_NUM,	1, 1,
	    "the process ID of the last attach or detach" },
	[SC_ATIME] = { "atime",	COL_TIME,	1, 0,
	    "the time of the last attach" },
	[SC_DTIME] = { "dtime",	COL_TIME,	1, 0,
	    "the time of the last detach" },
	[SC_CTIME] = { "ctime",	COL_TIME,	1, 0,
	    "the time of the last change" },
	[SC_REMOVED] = { "removed", COL_BOOL,	1, 1,
	    "marked for removal, waiting for its last detach (SHM_DEST)" },
	[SC_LOCKED] = { "locked", COL_BOOL,	1, 0,
	    "locked in memory, never swapped (SHM_LOCK)" },
	[SC_RSS] = { "rss",	COL_NUM,	1, 0,
	    "the bytes resident in memory" },
	[SC_SWAP] = { "swap",	COL_NUM,	1, 0, "the bytes swapped out" },
	[SC_COMMAND] = { "command", COL_COMM,	-1, 0,
	    "the creator's command, while it runs" },
	[SC_NPROC] = { "nproc",	COL_NUM,	5, 0,
	    "the processes that map it, as far as /proc shows them" },
	[SC_PIDS] = { "pids",	COL_NUMS,	-1, 0,
	    "those processes' IDs, comma-separated (in JSON, an array)" },
};

static int
get(key_t key, size_t size, int flags)
{
	return shmget(key, size, flags);
}

/* shmctl(2) into row->ds, for ipcobj.c. */
static int
ctl(int id, int cmd, struct ipc_row *row)
{
	return shmctl(id, cmd, &row->ds.shm);
}

/* Not attached (1) or attached (0); marked for removal already: -1. */
static int
idle(const struct ipc_row *row)
{
	if (row->ds.perm.mode & SHM_DEST)
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

/*
 * Each segment's resident and swapped bytes, which only
 * /proc/sysvipc/shm tells: read once, at the first row that asks.
 */
struct usage {
	int		 id;
	uint64_t	 rss, swap;
};
static struct usage	*usage;
static size_t		 nusage;
static int		 usage_read;

static int
usage_cmp(const void *a, const void *b)
{
	const struct usage *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/*
 * The columns of /proc/sysvipc/shm are found by the names in its header,
 * so that a kernel that adds one moves nothing.
 */
static void
usage_load(void)
{
	char line[1024], *f, *last;
	unsigned long long v[3];
	struct usage *u;
	size_t cap = 0;
	int col, want[3] = { -1, -1, -1 }, got;
	FILE *fp;

	usage_read = 1;
	if ((fp = fopen("/proc/sysvipc/shm", "re")) == NULL)
		return;
	if (fgets(line, sizeof(line), fp) != NULL)
		for (col = 0, f = strtok_r(line, " \t\n", &last); f != NULL;
		    col++, f = strtok_r(NULL, " \t\n", &last)) {
			if (strcmp(f, "shmid") == 0)
				want[0] = col;
			else if (strcmp(f, "rss") == 0)
				want[1] = col;
			else if (strcmp(f, "swap") == 0)
				want[2] = col;
		}
	while (want[0] != -1 && want[1] != -1 && want[2] != -1 &&
	    fgets(line, sizeof(line), fp) != NULL) {
		got = 0;
		for (col = 0, f = strtok_r(line, " \t\n", &last); f != NULL;
		    col++, f = strtok_r(NULL, " \t\n", &last))
			if (col == want[0] || col == want[1] ||
			    col == want[2]) {
				v[col == want[0] ? 0 : col == want[1] ? 1 : 2] =
				    strtoull(f, NULL, 10);
				got++;
			}
		if (got != 3 || v[0] > INT32_MAX)
			continue;
		if (nusage == cap) {
			cap = cap ? cap * 2 : 64;
			if ((u = reallocarray(usage, cap, sizeof(*u))) == NULL)
				die("/proc/sysvipc/shm");
			usage = u;
		}
		usage[nusage].id = (int)v[0];
		usage[nusage].rss = v[1];
		usage[nusage++].swap = v[2];
	}
	fclose(fp);
	if (nusage != 0)
		qsort(usage, nusage, sizeof(*usage), usage_cmp);
}

/*
 * One segment's bytes in swap, read afresh (shmread.c asks while it
 * reads); 0, or -1 when /proc/sysvipc/shm does not list it.
 */
int
shm_swap(int id, uint64_t *swap)
{
	struct usage key = { id, 0, 0 }, *u;

	nusage = 0;
	usage_load();
	u = nusage == 0 ? NULL :
	    bsearch(&key, usage, nusage, sizeof(*usage), usage_cmp);
	if (u == NULL)
		return -1;
	*swap = u->swap;
	return 0;
}

/*
 * Whether the creator that shm_cpid names still runs and is provably
 * that process: a process that started after the segment was made has
 * only taken its pid, and naming its command would mislead.  The only
 * time System V records of the making is ctime, which an IPC_SET moves
 * forward: where the owner is no longer the creator, or ctime is after
 * the last attach or detach, it has been moved, the making is not known,
 * and neither is the creator.  A start (rounded down, as is the boot time
 * /proc gives) no later than ctime (rounded down too) keeps a true
 * creator, and leaves a window of about 2 s in which a later process
 * passes: shmls(1) says so.
 */
static int
creator(const struct shmid_ds *ds)
{
	const struct ipc_perm *p = &ds->shm_perm;
	long long start;

	if (p->uid != p->cuid || p->gid != p->cgid ||
	    (ds->shm_atime != 0 && ds->shm_atime < ds->shm_ctime) ||
	    (ds->shm_dtime != 0 && ds->shm_dtime < ds->shm_ctime))
		return 0;
	return proc_start(ds->shm_cpid, &start) == 0 &&
	    start <= (long long)ds->shm_ctime;
}

/* The kind's own columns: cols[] above, by name. */
static void
values(const struct ipc_row *row, struct cell *v)
{
	const struct shmid_ds *ds = &row->ds.shm;
	struct usage key = { row->id, 0, 0 }, *u;
	const char *pids;
	size_t nproc;

	if (!usage_read)
		usage_load();
	u = nusage == 0 ? NULL :
	    bsearch(&key, usage, nusage, sizeof(*usage), usage_cmp);
	v[SC_SIZE].n = ds->shm_segsz;
	v[SC_NATTCH].n = ds->shm_nattch;
	v[SC_CPID].n = (uint64_t)ds->shm_cpid;
	v[SC_LPID].n = (uint64_t)ds->shm_lpid;
	v[SC_ATIME].n = (uint64_t)ds->shm_atime;
	v[SC_DTIME].n = (uint64_t)ds->shm_dtime;
	v[SC_CTIME].n = (uint64_t)ds->shm_ctime;
	v[SC_REMOVED].n = (ds->shm_perm.mode & SHM_DEST) != 0;
	v[SC_LOCKED].n = (ds->shm_perm.mode & SHM_LOCKED) != 0;
	v[SC_RSS].n = u != NULL ? u->rss : 0;
	v[SC_RSS].none = u == NULL;
	v[SC_SWAP].n = u != NULL ? u->swap : 0;
	v[SC_SWAP].none = u == NULL;
	v[SC_COMMAND].n = (uint64_t)ds->shm_cpid;
	v[SC_COMMAND].none = !creator(ds);
	nproc = proc_sysv_users(row->id, &pids);
	v[SC_NPROC].n = nproc;
	v[SC_PIDS].s = pids;
	v[SC_NPROC].none = v[SC_PIDS].none = proc_unknown() != NULL;
}

/*
 * shmls -g: the limits of shmctl(2) IPC_INFO, and what SHM_INFO counts
 * of them: segments, and pages allocated, resident and swapped.
 */
static size_t
limits(struct ipc_limit *l)
{
	struct shminfo si;
	struct shm_info use;

	if (shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&si) == -1)
		die("shmctl IPC_INFO");
	if (shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&use) == -1)
		die("shmctl SHM_INFO");
	l[0] = (struct ipc_limit){ "shmmni", "segments in the system",
	    si.shmmni, (uint64_t)use.used_ids, 1, 1 };
	l[1] = (struct ipc_limit){ "shmall", "pages in all segments",
	    si.shmall, use.shm_tot, 1, 1 };
	l[2] = (struct ipc_limit){ "shmmax", "bytes in one segment, at most",
	    si.shmmax, 0, 1, 0 };
	l[3] = (struct ipc_limit){ "shmmin", "bytes in one segment, at least",
	    si.shmmin, 0, 1, 0 };
	l[4] = (struct ipc_limit){ "rss", "pages resident in memory",
	    0, use.shm_rss, 0, 1 };
	l[5] = (struct ipc_limit){ "swap", "pages swapped out",
	    0, use.shm_swp, 0, 1 };
	return 6;
}

/* -A's view (both.c): a segment's columns in either family. */
static const struct bothcol both[] = {
	{ "size", "size", "size", 1, NULL },
	{ "nattch", "nattch", NULL, 1, NULL },
	{ "nproc", "nproc", "nproc", 1, NULL },
	{ "pids", "pids", "pids", 0, NULL },
	{ "cpid", "cpid", NULL, 0, NULL },
	{ "lpid", "lpid", NULL, 0, NULL },
	{ "ctime", "ctime", NULL, 0, NULL },
	{ "mtime", NULL, "mtime", 0, NULL },
	{ "removed", "removed", NULL, 0, NULL },
	{ "command", "command", NULL, 0, NULL },
};

const struct ipckind shm_kind = {
	.noun = "segment",
	.stat_any = SHM_STAT_ANY,
	.stat_old = SHM_STAT,
	.info = SHM_INFO,
	IPCKIND_FUNCS,
	.mapped = 1,
	.posix = &pshm_kind,
	.both = both,
	.nboth = sizeof(both) / sizeof(both[0]),
};

/* POSIX segments: their one column after those of posix.c. */
enum { PSC_SIZE, PSC_N };
static const struct column pcols[PSC_N] = {
	[PSC_SIZE] = { "size",	COL_NUM,	1, 1, "the size in bytes" },
};

static void
pvalues(const char *name, const struct stat *st, struct cell *v)
{
	(void)name;
	v[PSC_SIZE].n = (uint64_t)st->st_size;
}

/*
 * pshm_kind's create: shm_open(3) "/NAME" exclusively, sized to how's
 * size.  Its mode is set with fchmod(2) so that the umask does not take
 * bits from -m.  One this call made and could not size is unlinked
 * again.
 */
static int
create(const char *arg, const char *name, int mode, const void *how)
{
	const struct pshm_how *h = how;
	int e, fd;

	fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1 && errno == EEXIST)
		return 0;
	if (fd == -1)
		die("%s", arg);
	if (fchmod(fd, (mode_t)mode) == -1 || h->size > (uint64_t)INT64_MAX ||
	    ftruncate(fd, (off_t)h->size) == -1) {
		e = h->size > (uint64_t)INT64_MAX ? EFBIG : errno;
		shm_unlink(name);
		if (e == EFBIG || e == EINVAL)
			diex(EX_USAGE, "-s '%s': more than a POSIX segment can "
			    "hold (the largest file of %s)", h->sarg ? h->sarg :
			    "4096", PX_DIR);
		quit(ex_errno(e), e, "%s", arg);
	}
	/*
	 * Give it its memory now: a tmpfs file is sparse, and a page that
	 * finds /dev/shm full when first touched is a SIGBUS in whoever
	 * touches it.  Better one clear refusal here.
	 */
	if ((e = posix_fallocate(fd, 0, (off_t)h->size)) != 0 &&
	    e != EOPNOTSUPP && e != EINVAL) {
		shm_unlink(name);
		if (e == ENOSPC)
			diex(EX_OSERR, "%s: %s has no room for %llu bytes "
			    "(see df %s); nothing was made", arg, PX_DIR,
			    (unsigned long long)h->size, PX_DIR);
		quit(ex_errno(e), e, "%s", arg);
	}
	close(fd);
	return 1;
}

/*
 * pshm_kind's reopen: one that exists is opened asking for read
 * permission, as for a System V one; with -s, it must be that large.
 */
static void
reopen(const char *arg, const char *name, const void *how)
{
	const struct pshm_how *h = how;
	struct stat st;
	int fd;

	if ((fd = shm_open(name, O_RDONLY | O_CLOEXEC, 0)) == -1)
		die("%s", arg);
	if (h->sarg != NULL) {
		if (fstat(fd, &st) == -1)
			die("%s", arg);
		if ((uint64_t)st.st_size < h->size)
			diex(EX_DATAERR, "%s: the segment exists with %lld "
			    "bytes, smaller than -s %s", arg,
			    (long long)st.st_size, h->sarg);
	}
	close(fd);
}

const struct pxkind pshm_kind = {
	.noun = "segment",
	.dir = PX_DIR,
	.prefix = "",
	.shares = &psem_kind,
	.unlink = shm_unlink,
	.create = create,
	.reopen = reopen,
	.nolimits = PX_NOLIMITS,
	.cols = pcols,
	.ncols = PSC_N,
	.values = pvalues,
};

/*
 * A POSIX segment is a file in a tmpfs: a page of it that has no memory
 * yet gets some when first touched, and when /dev/shm is full (or another
 * process cut the file short) that touch is a SIGBUS, or EFAULT from a
 * system call given the page (out_write() and shmput's read).  Either way the command says so and exits
 * EX_OSERR; the message is made beforehand, for the signal handler.
 */
static char	nomem_msg[NAME_MAX + 256];
static size_t	nomem_len;

void
shm_nomem(void)
{
	ssize_t r;

	r = write(STDERR_FILENO, nomem_msg, nomem_len);
	(void)r;
	_exit(EX_OSERR);
}

static void
on_sigbus(int sig)
{
	(void)sig;
	shm_nomem();
}

static void
nomem_arm(const char *arg, int posix)
{
	struct sigaction sa;
	int n;

	n = snprintf(nomem_msg, sizeof(nomem_msg), "%s: %s: no memory for "
	    "the segment's pages%s\n", getprogname(), arg, posix ?
	    ": " PX_DIR " is full, or its file was cut short" : "");
	nomem_len = n < 0 ? 0 : (size_t)n < sizeof(nomem_msg) ? (size_t)n :
	    sizeof(nomem_msg) - 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigbus;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	out_fault = shm_nomem;
}

/*
 * Map a POSIX segment (rdonly: for reading only); 0, or the exit status
 * after a warning.  An empty one is not mapped (mmap(2) refuses 0 bytes).
 */
static int
px_attach(const char *arg, int rdonly, struct shmseg *s)
{
	struct operand o;
	struct stat st;
	int e;

	px_operand(&pshm_kind, arg, &o);
	s->fd = shm_open(o.name, (rdonly ? O_RDONLY : O_RDWR) | O_CLOEXEC, 0);
	e = errno;
	operand_free(&o);
	if (s->fd == -1) {
		if (e == ENOENT)
			return px_missing(&pshm_kind, arg, 0);
		errno = e;
		return fail("%s: cannot map", arg);
	}
	if (fstat(s->fd, &st) == -1) {
		e = fail("%s: cannot map", arg);
		close(s->fd);
		return e;
	}
	if ((uintmax_t)st.st_size > SIZE_MAX) {
		close(s->fd);
		return failx(EX_OSERR, "%s: %lld bytes do not fit in our "
		    "address space", arg, (long long)st.st_size);
	}
	s->size = (size_t)st.st_size;
	s->addr = NULL;
	if (s->size != 0 && (s->addr = mmap(NULL, s->size, PROT_READ |
	    (rdonly ? 0 : PROT_WRITE), MAP_SHARED, s->fd, 0)) == MAP_FAILED) {
		e = fail("%s: cannot map", arg);
		close(s->fd);
		return e;
	}
	nomem_arm(arg, 1);
	return 0;
}

/*
 * Find and attach (map) a segment, for reading only when rdonly; 0, or
 * the exit status after a warning.  A posix: operand goes to the POSIX
 * lookup, every other one to ipc_find().
 */
int
shm_attach(const char *arg, int rdonly, struct shmseg *s)
{
	struct shmid_ds ds;
	int e;

	s->id = s->fd = -1;
	if (px_is(arg))
		return px_attach(arg, rdonly, s);
	if ((e = ipc_find(&shm_kind, arg, 0, 0, &s->id)) != 0)
		return e;
	/*
	 * Attaching needs read permission, as IPC_STAT does: asking first
	 * gives the size, and the same answer under valgrind, whose shmat
	 * says EINVAL for a segment it may not stat.
	 */
	if (shmctl(s->id, IPC_STAT, &ds) == -1) {
		if (errno == EINVAL || errno == EIDRM)
			return ipc_missing(&shm_kind, arg, 0);
		return fail("%s: cannot attach", arg);
	}
	if ((s->addr = shmat(s->id, NULL, rdonly ? SHM_RDONLY : 0)) ==
	    (void *)-1) {
		if (errno == EINVAL || errno == EIDRM)
			return ipc_missing(&shm_kind, arg, 0);
		return fail("%s: cannot attach", arg);
	}
	s->size = ds.shm_segsz;
	nomem_arm(arg, 0);
	return 0;
}

/* Detach or unmap; 0, or -1 with errno. */
int
shm_detach(struct shmseg *s)
{
	int r = 0;

	if (s->fd == -1)
		return shmdt(s->addr);
	if (s->addr != NULL)
		r = munmap(s->addr, s->size);
	close(s->fd);
	s->fd = -1;
	return r;
}

/*
 * Gone, or marked for removal (IPC_RMID while attached; a POSIX name
 * unlinked): no one new can reach it.  Asked while still attached.
 */
int
shm_removed(const struct shmseg *s)
{
	struct shmid_ds ds;
	struct stat st;

	if (s->fd != -1)
		return fstat(s->fd, &st) == 0 && st.st_nlink == 0;
	if (shmctl(s->id, IPC_STAT, &ds) == -1)
		return errno == EINVAL || errno == EIDRM;
	return (ds.shm_perm.mode & SHM_DEST) != 0;
}
