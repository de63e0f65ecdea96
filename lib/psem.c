/*
 * POSIX semaphores (posix:/NAME) for the sem* commands: psem_kind for
 * posix.c's create, listing and removal, and the operand to an open
 * sem_t with the exit codes of ipctools(7).  glibc keeps the semaphore "/NAME" as
 * the file /dev/shm/sem.NAME, a sem_t mapped by every process that opens
 * it; posix.c finds, lists and removes it as it does a segment.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ipctools.h"
#include "ipcobj.h"
#include "posix.h"
#include "psem.h"

/* What glibc puts before a semaphore's name. */
#define SEMPREFIX	"sem."

/*
 * A file of /dev/shm/sem.* too small for a sem_t is no semaphore: opened,
 * its mapping would be a SIGBUS at the first look.
 */
static int
too_small(const struct stat *st)
{
	return (uintmax_t)st->st_size < sizeof(sem_t);
}

/* Its value, after the columns of posix.c; null when we may not open it. */
enum { PSEMC_VALUE, PSEMC_N };
static const struct column pcols[PSEMC_N] = {
	[PSEMC_VALUE] = { "value", COL_NUM,	1, 1,
	    "its value (null: we may not open it)" },
};

static void
pvalues(const char *name, const struct stat *st, struct cell *v)
{
	sem_t *s;
	int n;

	v[PSEMC_VALUE].none = 1;
	if (too_small(st) || (s = sem_open(name, 0)) == SEM_FAILED)
		return;
	if (sem_getvalue(s, &n) == 0) {
		v[PSEMC_VALUE].n = (uint64_t)(n < 0 ? 0 : n);
		v[PSEMC_VALUE].none = 0;
	}
	sem_close(s);
}

/*
 * psem_kind's create: sem_open(3) "/NAME" exclusively with the value
 * *how; its mode exactly mode, set after, as sem_open's is the umask's.
 */
static int
create(const char *arg, const char *name, int mode, const void *how)
{
	char path[PATH_MAX];
	sem_t *s;
	int e;

	s = sem_open(name, O_CREAT | O_EXCL, 0600, *(const unsigned int *)how);
	if (s == SEM_FAILED && errno == EEXIST)
		return 0;
	if (s == SEM_FAILED)
		die("%s", arg);
	sem_close(s);
	px_path(&psem_kind, name, path, sizeof(path));
	if (chmod(path, (mode_t)mode) == -1) {
		e = errno;
		sem_unlink(name);
		quit(ex_errno(e), e, "%s: %s", arg, path);
	}
	return 1;
}

/* psem_kind's reopen: one that exists is opened and left as it is. */
static void
reopen(const char *arg, const char *name, const void *how)
{
	sem_t *s;

	(void)how;
	if ((s = sem_open(name, 0)) == SEM_FAILED)
		die("%s", arg);
	sem_close(s);
}

const struct pxkind psem_kind = {
	.noun = "semaphore",
	.dir = PX_DIR,
	.prefix = SEMPREFIX,
	.unlink = sem_unlink,
	.create = create,
	.reopen = reopen,
	.nolimits = PX_NOLIMITS,
	.cols = pcols,
	.ncols = PSEMC_N,
	.values = pvalues,
};

/*
 * Open the POSIX semaphore that arg names, into p; exits with the status
 * of ipctools(7) when there is none or it cannot be opened.  p->ino is
 * its file's, for psem_gone().
 */
void
psem_open(const char *arg, struct psem *p)
{
	struct operand o;
	struct stat st;
	int e;

	px_operand(&psem_kind, arg, &o);
	if ((e = px_stat(&psem_kind, arg, o.name, &st, 0)) != 0)
		exit(e);
	if (too_small(&st))
		diex(EX_DATAERR, "%s: %s/%s%s is %lld bytes, too small for a "
		    "semaphore", arg, PX_DIR, SEMPREFIX, o.name + 1,
		    (long long)st.st_size);
	if ((p->sem = sem_open(o.name, 0)) == SEM_FAILED) {
		if (errno == ENOENT)
			exit(px_missing(&psem_kind, arg, 0));
		die("%s: cannot open", arg);
	}
	p->ino = st.st_ino;
	p->arg = arg;
	snprintf(p->name, sizeof(p->name), "%s", o.name);
	operand_free(&o);
}

/* Whether the name no longer leads to the semaphore we opened. */
int
psem_gone(const struct psem *p)
{
	char path[PATH_MAX];
	struct stat st;

	px_path(&psem_kind, p->name, path, sizeof(path));
	return stat(path, &st) == -1 || st.st_ino != p->ino;
}

/* How often a waiter looks whether its semaphore's name was removed. */
#define GONE_CHECK_NS	200000000LL

/*
 * Take one step (sem_wait): at once or 75 when nowait; until deadline
 * (CLOCK_MONOTONIC; NULL: no limit) or 75 naming wstr.  A name removed
 * while we wait is 66, as semop(2)'s EIDRM: no one can find it to post.
 * A signal whose handler sets *term (nonzero) ends the wait with 0;
 * else 1 when the step was taken.
 */
int
psem_take(const struct psem *p, int nowait, const struct timespec *deadline,
    const char *wstr, volatile sig_atomic_t *term)
{
	struct timespec ts;
	long long now, end, until;

	if (nowait) {
		while (sem_trywait(p->sem) == -1) {
			if (errno == EAGAIN)
				diex(EX_TEMPFAIL, "%s: would have to wait (-n)",
				    p->arg);
			if (errno != EINTR)
				die("%s", p->arg);
			if (*term)
				return 0;
		}
		return 1;
	}
	end = deadline == NULL ? -1 : ts_ns(deadline);
	for (;;) {
		/* A signal that came just before the wait is seen here,
		 * within GONE_CHECK_NS: EINTR alone would miss it. */
		if (*term)
			return 0;
		now = now_ns();
		until = now + GONE_CHECK_NS;
		if (end != -1 && end < until)
			until = end;
		ts = ns_ts(until);
		if (sem_clockwait(p->sem, CLOCK_MONOTONIC, &ts) == 0)
			return 1;
		if (errno == EINTR) {
			if (*term)
				return 0;
			continue;
		}
		if (errno != ETIMEDOUT)
			die("%s", p->arg);
		if (end != -1 && now_ns() >= end)
			diex(EX_TEMPFAIL, "%s: still waiting after -w %s "
			    "seconds", p->arg, wstr);
		if (psem_gone(p))
			diex(EX_NOINPUT, "%s: the semaphore was removed while "
			    "waiting", p->arg);
	}
}

/* Give one step (sem_post); exits 65 at SEM_VALUE_MAX. */
void
psem_give(const struct psem *p)
{
	if (sem_post(p->sem) == -1) {
		if (errno == EOVERFLOW)
			diex(EX_DATAERR, "%s: +1 would take it past "
			    "SEM_VALUE_MAX (%d) (EOVERFLOW)", p->arg,
			    SEM_VALUE_MAX);
		die("%s", p->arg);
	}
}
