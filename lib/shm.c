/*
 * Segments for the shm* commands.  Lookups that fail warn and return the
 * exit status of ipctools(7) instead of exiting, so that commands taking
 * several operands (shmcat, shmrm, shmls) can go on with the rest, as
 * cat(1) does.  A malformed operand is a usage error and exits at once.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipctools.h"
#include "shm.h"

/* Check the form of every operand before touching any segment. */
void
shm_args(char **argv)
{
	struct ipcobj o;
	const char *why;

	for (; *argv != NULL; argv++) {
		if ((why = obj_parse(*argv, &o)) != NULL)
			errx(EX_USAGE, "'%s': %s", *argv, why);
		obj_free(&o);
	}
}

static int
missing(const char *arg, int quiet)
{
	if (!quiet)
		warnx("%s: no such segment", arg);
	return EX_NOINPUT;
}

/*
 * The id of the segment an operand names; 0, or the exit status after a
 * warning.  An id:N is checked, so that a stale one is reported as missing
 * whatever the command does with it next.  With quiet, a missing segment
 * (or the missing file of a PATH operand) returns 66 without a word.
 */
int
shm_find(const char *arg, int *id, int quiet)
{
	struct shmid_ds ds;
	struct ipcobj o;
	const char *why;
	int e;

	*id = -1;
	if ((why = obj_parse(arg, &o)) != NULL)
		errx(EX_USAGE, "'%s': %s", arg, why);
	if (o.kind == OBJ_ID) {
		*id = o.id;
		if (shm_stat(o.id, &ds) == 0)
			return 0;
		if (errno == EINVAL || errno == EIDRM)
			return missing(arg, quiet);
		warn("%s", arg);
		return ex_errno(errno);
	}
	if (o.path != NULL && (o.key = ftok(o.path, o.proj)) == -1) {
		e = errno;
		if (!quiet || e != ENOENT)
			warn("%s: cannot make a key", arg);
		obj_free(&o);
		return ex_errno(e);
	}
	obj_free(&o);
	/* Size and flags 0: find the segment, whatever its size or mode. */
	if ((*id = shmget(o.key, 0, 0)) != -1)
		return 0;
	if (errno == ENOENT)
		return missing(arg, quiet);
	warn("%s", arg);
	return ex_errno(errno);
}

/*
 * Find and attach a segment (flags: 0 or SHM_RDONLY) and give its address
 * and size; 0, or the exit status after a warning.
 */
int
shm_attach(const char *arg, int flags, void **addr, size_t *size)
{
	struct shmid_ds ds;
	int e, id;

	if ((e = shm_find(arg, &id, 0)) != 0)
		return e;
	/*
	 * Attaching needs read permission, as IPC_STAT does: asking first
	 * gives the size, and the same answer under valgrind, whose shmat
	 * says EINVAL for a segment it may not stat.
	 */
	if (shmctl(id, IPC_STAT, &ds) == -1) {
		if (errno == EINVAL || errno == EIDRM)
			return missing(arg, 0);
		e = errno;
		warn("%s: cannot attach", arg);
		return ex_errno(e);
	}
	if ((*addr = shmat(id, NULL, flags)) == (void *)-1) {
		if (errno == EINVAL || errno == EIDRM)
			return missing(arg, 0);
		e = errno;
		warn("%s: cannot attach", arg);
		return ex_errno(e);
	}
	*size = ds.shm_segsz;
	return 0;
}

/*
 * IPC_STAT, or where read permission is missing, the same data through
 * SHM_STAT_ANY, which only asks that the segment be visible.
 */
int
shm_stat(int id, struct shmid_ds *ds)
{
	struct shm_iter it;
	int got;

	if (shmctl(id, IPC_STAT, ds) == 0)
		return 0;
	if (errno != EACCES)
		return -1;
	shm_iter_begin(&it);
	while ((got = shm_iter_next(&it, ds)) != -1)
		if (got == id)
			return 0;
	errno = EACCES;
	return -1;
}

void
shm_iter_begin(struct shm_iter *it)
{
	struct shm_info info;

	it->idx = 0;
	it->cmd = SHM_STAT_ANY;
	/* SHM_INFO returns the highest index in use. */
	if ((it->max = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&info))
	    == -1)
		die("shmctl SHM_INFO");
}

/* The next segment's id and data, or -1 when there are no more. */
int
shm_iter_next(struct shm_iter *it, struct shmid_ds *ds)
{
	int i, id;

	while (it->idx <= it->max) {
		i = it->idx++;
		/* valgrind does not know that SHM_STAT_ANY fills *ds. */
		memset(ds, 0, sizeof(*ds));
		if ((id = shmctl(i, it->cmd, ds)) != -1)
			return id;
		/*
		 * An empty slot and a kernel older than 4.17 (no
		 * SHM_STAT_ANY) both say EINVAL; SHM_STAT tells them apart.
		 */
		if (errno == EINVAL && it->cmd == SHM_STAT_ANY &&
		    (id = shmctl(i, SHM_STAT, ds)) != -1) {
			it->cmd = SHM_STAT;
			return id;
		}
	}
	return -1;
}
