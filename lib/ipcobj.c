/*
 * Segments and queues alike, for the shm* and mq* commands.  Lookups that
 * fail warn and return the exit status of ipctools(7) instead of exiting,
 * so that commands taking several operands (shmcat, shmrm, shmls, mqrm,
 * mqls) can go on with the rest, as cat(1) does.  A malformed operand is a
 * usage error and exits at once.
 */
#include <sys/types.h>
#include <sys/ipc.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "ipcobj.h"

/* A walk over the kernel's table of one kind of object. */
struct ipc_iter {
	const struct ipckind *kind;
	int	idx;		/* next kernel index to look at */
	int	max;		/* highest index in use */
	int	cmd;		/* stat_any, or stat_old on old kernels */
};

static void	 iter_begin(const struct ipckind *, struct ipc_iter *);
static int	 iter_next(struct ipc_iter *, struct ipc_row *);

/* Check the form of every operand before touching any object. */
void
ipc_args(char **argv)
{
	struct ipcobj o;
	const char *why;

	for (; *argv != NULL; argv++) {
		if ((why = obj_parse(*argv, &o)) != NULL)
			errx(EX_USAGE, "'%s': %s", *argv, why);
		obj_free(&o);
	}
}

/* "no such segment" unless quiet; the exit status for it. */
int
ipc_missing(const struct ipckind *k, const char *arg, int quiet)
{
	if (!quiet)
		warnx("%s: no such %s", arg, k->noun);
	return EX_NOINPUT;
}

/* Warn about a failed operation on an operand; its exit status. */
static int
failed(const char *arg)
{
	int e = errno;

	warn("%s", arg);
	return ex_errno(e);
}

/*
 * The id of the object an operand names; 0, or the exit status after a
 * warning.  An id:N is checked, so that a stale one is reported as missing
 * whatever the command does with it next.  With quiet, a missing object
 * (or the missing file of a PATH operand) returns 66 without a word.
 */
int
ipc_find(const struct ipckind *k, const char *arg, int *id, int quiet)
{
	struct ipc_row row;
	struct ipcobj o;
	const char *why;
	int e;

	*id = -1;
	if ((why = obj_parse(arg, &o)) != NULL)
		errx(EX_USAGE, "'%s': %s", arg, why);
	if (o.kind == OBJ_ID) {
		*id = o.id;
		if (ipc_stat(k, o.id, &row) == 0)
			return 0;
		if (errno == EINVAL || errno == EIDRM)
			return ipc_missing(k, arg, quiet);
		return failed(arg);
	}
	if (o.path != NULL && (o.key = ftok(o.path, o.proj)) == -1) {
		e = errno;
		if (!quiet || e != ENOENT)
			warn("%s: cannot make a key", arg);
		obj_free(&o);
		return ex_errno(e);
	}
	obj_free(&o);
	if ((*id = k->get(o.key)) != -1)
		return 0;
	if (errno == ENOENT)
		return ipc_missing(k, arg, quiet);
	return failed(arg);
}

/*
 * IPC_STAT, or where read permission is missing, the same data through
 * *_STAT_ANY, which only asks that the object be visible.
 */
int
ipc_stat(const struct ipckind *k, int id, struct ipc_row *row)
{
	struct ipc_iter it;
	int got;

	row->id = id;
	if (k->ctl(id, IPC_STAT, row) == 0)
		return 0;
	if (errno != EACCES)
		return -1;
	iter_begin(k, &it);
	while ((got = iter_next(&it, row)) != -1)
		if (got == id)
			return 0;
	errno = EACCES;
	return -1;
}

static void
iter_begin(const struct ipckind *k, struct ipc_iter *it)
{
	it->kind = k;
	it->idx = 0;
	it->max = k->maxidx();
	it->cmd = k->stat_any;
}

/* The next object's id and data, or -1 when there are no more. */
static int
iter_next(struct ipc_iter *it, struct ipc_row *row)
{
	const struct ipckind *k = it->kind;
	int i, id;

	while (it->idx <= it->max) {
		i = it->idx++;
		/* valgrind does not know that *_STAT_ANY fills the data. */
		memset(row, 0, sizeof(*row));
		if ((id = k->ctl(i, it->cmd, row)) != -1)
			return row->id = id;
		/*
		 * An empty slot and a kernel older than 4.17 (no
		 * *_STAT_ANY) both say EINVAL; *_STAT tells them apart.
		 */
		if (errno == EINVAL && it->cmd == k->stat_any &&
		    (id = k->ctl(i, k->stat_old, row)) != -1) {
			it->cmd = k->stat_old;
			return row->id = id;
		}
	}
	return -1;
}

static void
row_out(const struct ipckind *k, const struct ipc_row *row)
{
	long long v[IPC_MAXCOLS];

	/* The columns every kind begins with. */
	v[0] = (unsigned int)row->perm.__key;
	v[1] = row->id;
	v[2] = row->perm.mode & 0777;
	v[3] = row->perm.uid;
	k->fill(row, v);
	list_row_more(v, k->json, row);
}

/* A named object's row; 0, or the exit status after a warning. */
static int
named(const struct ipckind *k, const char *arg)
{
	struct ipc_row row;
	int e, id;

	if ((e = ipc_find(k, arg, &id, 0)) != 0)
		return e;
	if (ipc_stat(k, id, &row) == -1) {
		if (errno == EINVAL || errno == EIDRM)
			return ipc_missing(k, arg, 0);
		return failed(arg);
	}
	row_out(k, &row);
	return EX_OK;
}

/*
 * The table of the shmls and mqls: every visible object, or the named
 * ones; the first failure's exit status.
 */
int
ipc_list(const struct ipckind *k, enum list_fmt fmt, char **argv)
{
	struct ipc_iter it;
	struct ipc_row row;
	int e, status = EX_OK;

	ipc_args(argv);
	list_begin(fmt, k->cols, k->ncols);
	if (*argv == NULL) {
		iter_begin(k, &it);
		while (iter_next(&it, &row) != -1)
			row_out(k, &row);
	}
	for (; *argv != NULL; argv++) {
		/* Rows so far must come out before the warning. */
		fflush(stdout);
		if ((e = named(k, *argv)) != 0 && status == EX_OK)
			status = e;
	}
	list_end();
	return status;
}

/*
 * Only the owner, the creator or a privileged process may remove an
 * object; -n applies the same rule so that it predicts the real run.
 */
static int
mayremove(const struct ipc_row *row)
{
	uid_t u = geteuid();

	return u == 0 || row->perm.uid == u || row->perm.cuid == u;
}

/* Remove one object, or with dryrun name it; 0 or the exit status. */
static int
rm(const struct ipckind *k, const char *arg, int id, int dryrun, int force)
{
	struct ipc_row row;

	if (dryrun) {
		if (ipc_stat(k, id, &row) == -1) {
			if (errno == EINVAL || errno == EIDRM)
				goto gone;
			return failed(arg);
		}
		if (!mayremove(&row)) {
			errno = EPERM;
			warn("%s", arg);
			return EX_NOPERM;
		}
		if (printf("id:%d\n", id) < 0)
			out_close();
		return EX_OK;
	}
	if (k->ctl(id, IPC_RMID, &row) == -1) {
		if (errno == EINVAL || errno == EIDRM)
			goto gone;
		return failed(arg);
	}
	return EX_OK;
gone:
	if (force)
		return EX_OK;
	return ipc_missing(k, arg, 0);
}

/*
 * shmrm and mqrm with operands: every one is tried; the first failure's
 * exit status.  With force, a missing object is no failure.
 */
int
ipc_remove(const struct ipckind *k, char **argv, int dryrun, int force)
{
	int e, id, status = EX_OK;

	ipc_args(argv);
	for (; *argv != NULL; argv++) {
		e = ipc_find(k, *argv, &id, force);
		if (e == EX_NOINPUT && force)
			continue;
		if (e == 0)
			e = rm(k, *argv, id, dryrun, force);
		if (e != 0 && status == EX_OK)
			status = e;
	}
	return status;
}

/* -a: every object the caller owns or created that the kind calls idle. */
int
ipc_remove_idle(const struct ipckind *k, int dryrun)
{
	struct ipc_iter it;
	struct ipc_row row;
	char arg[32];
	uid_t u = geteuid();
	int e, id, status = EX_OK;

	iter_begin(k, &it);
	while ((id = iter_next(&it, &row)) != -1) {
		if (!k->idle(&row) ||
		    (row.perm.uid != u && row.perm.cuid != u))
			continue;
		snprintf(arg, sizeof(arg), "id:%d", id);
		/* Gone since the walk saw it: what -a wanted anyway. */
		if ((e = rm(k, arg, id, dryrun, 1)) != 0 && status == EX_OK)
			status = e;
	}
	return status;
}
