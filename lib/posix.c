/*
 * POSIX objects for the shm*, sem* and mq* commands.  On Linux each is a
 * file: shm_open("/NAME") is /dev/shm/NAME, sem_open("/NAME") is
 * /dev/shm/sem.NAME (the tmpfs at /dev/shm), mq_open("/NAME") is
 * /dev/mqueue/NAME (the mqueue file system).  So a walk of the kind's
 * directory lists it, stat(2) gives owner, mode and times, and the
 * processes that use an object are those whose /proc/PID/maps or
 * /proc/PID/fd name its file (by device and inode, so that a renamed or
 * unlinked file is still recognised).
 *
 * What exits and what returns: a malformed operand exits 64 wherever it
 * is met (px_operand), as do px_new's failures and a directory that
 * cannot be read or allocated for; the lookup of one object (px_stat,
 * px_remove, px_list's named objects) warns and returns the exit status
 * of ipctools(7), so that the other operands are still tried.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
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

/* Whether an operand is of the posix: form (malformed or not). */
int
px_is(const char *arg)
{
	return strncmp(arg, "posix:", 6) == 0;
}

/*
 * Parse a posix: operand into o (o->name is "/NAME"); a malformed one,
 * or one too long for the kind's file name, exits 64.
 */
int
px_operand(const struct pxkind *k, const char *arg, struct operand *o)
{
	const char *why;
	size_t max = NAME_MAX - strlen(k->prefix);

	if ((why = operand_parse(arg, o)) != NULL)
		diex(EX_USAGE, "'%s': %s", arg, why);
	if (o->form != OPERAND_POSIX)
		diex(EX_USAGE, "'%s': not a posix:/NAME operand", arg);
	if (strlen(o->name) - 1 > max)
		diex(EX_USAGE, "'%s': a POSIX %s's name is at most %zu bytes "
		    "(its file is %s/%sNAME, and a file name NAME_MAX %d)",
		    arg, k->noun, max, k->dir, k->prefix, NAME_MAX);
	/* glibc keeps the semaphore "/NAME" as the file sem.NAME. */
	if (k->shares != NULL && strncmp(o->name + 1, k->shares->prefix,
	    strlen(k->shares->prefix)) == 0)
		diex(EX_USAGE, "'%s': %s/%s* is the file of a POSIX %s, not a "
		    "%s", arg, k->dir, k->shares->prefix, k->shares->noun,
		    k->noun);
	return 0;
}

/* The one place that says "no such POSIX segment" (queue, semaphore). */
int
px_missing(const struct pxkind *k, const char *arg, int quiet)
{
	char *v;

	if (quiet)
		return EX_NOINPUT;
	v = list_vis(arg);
	failx(EX_NOINPUT, "%s: no such POSIX %s", v, k->noun);
	free(v);
	return EX_NOINPUT;
}

/* The file of "/NAME" of kind k, in buf. */
void
px_path(const struct pxkind *k, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s%s", k->dir, k->prefix, name + 1);
}

/*
 * The one lookup of a POSIX object that exists: stat its file.  0, or the
 * exit status after a warning (none for a missing one when quiet).
 */
int
px_stat(const struct pxkind *k, const char *arg, const char *name,
    struct stat *st, int quiet)
{
	char path[PATH_MAX], *v, *w;
	int e;

	px_path(k, name, path, sizeof(path));
	if (stat(path, st) == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			return px_missing(k, arg, quiet);
		e = errno;
		v = list_vis(arg);
		w = list_vis(path);
		errno = e;
		e = fail("%s: %s", v, w);
		free(v);
		free(w);
		return e;
	}
	if (!S_ISREG(st->st_mode))
		return px_missing(k, arg, quiet);
	return 0;
}

/*
 * Print a POSIX object's operand, posix:/NAME; with vis, its bytes
 * escaped as the tables show them (a name another program made may hold
 * a newline or an escape).  A new name is printed as it is: it is the
 * operand, and its bytes are printable.  0, or -1 with errno.
 */
static int
print_name(const char *name, int vis)
{
	char *v = vis ? list_vis(name) : NULL;
	int r = 0;

	if (printf("posix:%s\n", v != NULL ? v : name) < 0 ||
	    fflush(stdout) != 0)
		r = -1;
	free(v);
	return r;
}

/*
 * shmnew, mqnew and semnew of a posix: operand, as ipc_new() and
 * ipc_print_new() are for System V: make the object arg names with mode
 * and the kind's options how, or (without excl) open the one that
 * exists; print its posix:/NAME.  When printing fails, one this call
 * made is unlinked again, as no one learnt of it, and the command exits
 * 74.  Every failure exits.
 */
void
px_new(const struct pxkind *k, const char *arg, int excl, int mode,
    const void *how)
{
	struct operand o;
	const char *p;
	int e, made;

	px_operand(k, arg, &o);
	/*
	 * Any name but a new one may hold any bytes (another program made
	 * it): a name a shell user cannot type is not made here.
	 */
	for (p = o.name + 1; *p != '\0'; p++)
		if (*p < 0x21 || *p > 0x7e)
			diex(EX_USAGE, "'%s': a POSIX name is printable ASCII "
			    "without spaces", arg);
	if ((made = k->create(arg, o.name, mode, how)) == 0) {
		if (excl)
			diex(EX_CANTCREAT, "%s: a POSIX %s with this name "
			    "exists", arg, k->noun);
		k->reopen(arg, o.name, how);
	}
	if (print_name(o.name, 0) == -1) {
		e = errno;
		if (made && k->unlink(o.name) == 0)
			quit(EX_IOERR, e, "standard output: %s could not be "
			    "written, so the new %s was removed", arg,
			    k->noun);
		quit(EX_IOERR, e, "standard output: %s could not be written",
		    arg);
	}
	operand_free(&o);
}

/*
 * The processes using the file st: how many, and with pids, all their
 * pids comma-separated (proc.c's buffer); -1 when /proc cannot show
 * them all (proc.c says why).
 */
static long
users(const struct stat *st, const char **pids)
{
	size_t n = proc_users(st->st_dev, st->st_ino, pids);

	if (proc_unknown() != NULL) {
		if (pids != NULL)
			*pids = "";
		return -1;
	}
	return (long)n;
}

/* The columns every POSIX kind begins with; owner_cols[] go at PXC_OWN. */
static const struct column gen_cols[PX_NGEN] = {
	[PXC_OBJECT] = { "object", COL_OBJECT, -1, 0,
	    "the OBJECT operand that names it: posix:/NAME" },
	[PXC_NAME] = { "name",	COL_TEXT,	-1, 1,
	    "the object, as its posix:/NAME operand" },
	[PXC_MTIME] = { "mtime", COL_TIME,	1, 0,
	    "the time of the last change of its file" },
};

/* Last: who uses it, after the kind's own columns. */
static const struct column use_cols[PX_NUSE] = {
	[PXU_NPROC] = { "nproc", COL_NUM,	1, 1,
	    "the processes that map it or hold it open, as far as /proc "
	    "shows them" },
	[PXU_PIDS] = { "pids",	COL_NUMS,	-1, 1,
	    "those processes' IDs, comma-separated (in JSON, an array)" },
};

/* Where the kind's own columns end and use_cols[] begin. */
#define USE_AT(k)	(PX_NGEN + (k)->ncols)

const struct column *
px_columns(const struct pxkind *k, size_t *n)
{
	static struct column all[LIST_MAXCOLS];
	size_t i;

	memcpy(all, gen_cols, sizeof(gen_cols));
	memcpy(all + PXC_OWN, owner_cols, sizeof(owner_cols));
	memcpy(all + PX_NGEN, k->cols, k->ncols * sizeof(k->cols[0]));
	memcpy(all + USE_AT(k), use_cols, sizeof(use_cols));
	for (i = 0; i < PX_NGEN + PX_NUSE; i++)
		if (k->hidden & 1u << i)
			all[i < PX_NGEN ? i : USE_AT(k) + i - PX_NGEN].shown =
			    0;
	*n = USE_AT(k) + PX_NUSE;
	return all;
}

static void
row_out(const struct pxkind *k, const char *name, const struct stat *st)
{
	struct cell v[LIST_MAXCOLS];
	char op[NAME_MAX + 16];
	const char *pids;
	long nproc;

	memset(v, 0, sizeof(v));
	snprintf(op, sizeof(op), "posix:%s", name);
	v[PXC_OBJECT].s = v[PXC_NAME].s = op;
	owner_cells(v + PXC_OWN, st->st_mode & 07777, st->st_uid, st->st_gid);
	v[PXC_MTIME].n = (uint64_t)st->st_mtime;
	k->values(name, st, v + PX_NGEN);
	nproc = users(st, &pids);
	v[USE_AT(k) + PXU_NPROC].n = nproc < 0 ? 0 : (uint64_t)nproc;
	v[USE_AT(k) + PXU_NPROC].none = nproc < 0;
	v[USE_AT(k) + PXU_PIDS].s = pids;
	v[USE_AT(k) + PXU_PIDS].none = nproc < 0;
	list_row(v);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Every object of kind k, as "/NAME" strings sorted by name, in *names;
 * how many.  A file of another kind, or not a regular file, is skipped:
 * a shared-memory object named "sem.X" is listed as the semaphore X, as
 * the two cannot be told apart.
 */
static size_t
walk(const struct pxkind *k, char ***names)
{
	struct dirent *de;
	size_t n = 0, cap = 0, plen = strlen(k->prefix);
	const char *other = k->shares != NULL ? k->shares->prefix : NULL;
	char **v = NULL, **nv;
	DIR *d;

	if (k->mounted != NULL)
		k->mounted();
	if ((d = opendir(k->dir)) == NULL) {
		if (errno == ENOENT) {
			*names = NULL;
			return 0;
		}
		die("%s", k->dir);
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    (de->d_type != DT_REG && de->d_type != DT_UNKNOWN))
			continue;
		if (strncmp(de->d_name, k->prefix, plen) != 0 ||
		    (other != NULL &&
		    strncmp(de->d_name, other, strlen(other)) == 0))
			continue;
		if (de->d_name[plen] == '\0')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((nv = reallocarray(v, cap, sizeof(*v))) == NULL)
				die("%s", k->dir);
			v = nv;
		}
		if (asprintf(&v[n], "/%s", de->d_name + plen) == -1)
			die("%s", k->dir);
		n++;
	}
	closedir(d);
	if (n != 0)
		qsort(v, n, sizeof(*v), name_cmp);
	*names = v;
	return n;
}

static void
walk_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/*
 * Whether "/NAME" matches one of -a -X's operands, posix:/PATTERN, a
 * shell pattern (fnmatch(3)) for the name; no operand matches every name.
 */
static int
matches(char **pats, const char *name)
{
	if (pats == NULL || *pats == NULL)
		return 1;
	for (; *pats != NULL; pats++)
		if (fnmatch(*pats + ((*pats)[6] == '/' ? 7 : 6), name + 1,
		    0) == 0)
			return 1;
	return 0;
}

/* Whether the ls command's -u and -p choose the object of file st. */
static int
chosen(const struct stat *st, const struct ls_sel *ls)
{
	if (ls->user && st->st_uid != ls->uid)
		return 0;
	if (ls->pid != 0 && !proc_holds(ls->pid, st->st_dev, st->st_ino))
		return 0;
	return 1;
}

/* Whether a posix:/NAME operand is a shell pattern: it holds * ? or [. */
static int
pattern(const char *arg)
{
	return strpbrk(arg, "*?[") != NULL;
}

/*
 * The rows of every object whose name the operand pat (NULL: any name)
 * matches, of those ls chooses; how many it matched.
 */
static size_t
list_walk(const struct pxkind *k, const struct ls_sel *ls, char *pat)
{
	struct stat st;
	char **names, *one[2] = { pat, NULL };
	size_t i, n, hit = 0;

	n = walk(k, &names);
	for (i = 0; i < n; i++)
		if (matches(one, names[i]) &&
		    px_stat(k, names[i], names[i], &st, 1) == 0) {
			hit++;
			if (chosen(&st, ls))
				row_out(k, names[i], &st);
		}
	walk_free(names, n);
	return hit;
}

/*
 * The POSIX listing of shmls -X, mqls -X and semls -X: every object of
 * the kind, or the named ones (a name with * ? or [ is a pattern, and
 * lists those it matches, sorted), of those ls chooses.  The first
 * failure's exit status.
 */
int
px_list(const struct pxkind *k, enum list_fmt fmt, const struct colsel *sel,
    const struct ls_sel *ls, char **argv)
{
	const struct column *cols;
	struct operand o;
	char **a;
	size_t n;
	int status;

	for (a = argv; *a != NULL; a++) {
		px_operand(k, *a, &o);
		operand_free(&o);
	}
	if (k->mounted != NULL)
		k->mounted();
	cols = px_columns(k, &n);
	list_begin(fmt, cols, n, sel);
	status = px_rows(k, ls, argv);
	list_end();
	return status;
}

/*
 * The rows of a listing begun (px_list, both.c's -A): every object of
 * the kind, or the named ones, whose form was checked, of those ls
 * chooses.  The first failure's exit status.
 */
int
px_rows(const struct pxkind *k, const struct ls_sel *ls, char **argv)
{
	struct operand o;
	struct stat st;
	int e, status = EX_OK;

	if (*argv == NULL)
		list_walk(k, ls, NULL);
	for (; *argv != NULL; argv++) {
		/* Rows so far must come out before the warning. */
		fflush(stdout);
		if (pattern(*argv)) {
			if (list_walk(k, ls, *argv) != 0)
				continue;
			e = failx(EX_NOINPUT, "%s: no POSIX %s matches", *argv,
			    k->noun);
		} else {
			px_operand(k, *argv, &o);
			if ((e = px_stat(k, *argv, o.name, &st, 0)) == 0 &&
			    chosen(&st, ls))
				row_out(k, o.name, &st);
			operand_free(&o);
		}
		if (e != 0 && status == EX_OK)
			status = e;
	}
	return status;
}

/*
 * Who may unlink a file of /dev/shm or /dev/mqueue, sticky directories:
 * its owner, the directory's, or a privileged process.  -n applies it to
 * predict.
 */
static int
mayremove(const struct pxkind *k, const struct stat *st)
{
	struct stat dir;
	uid_t u = geteuid();

	return u == 0 || st->st_uid == u ||
	    (stat(k->dir, &dir) == 0 && dir.st_uid == u);
}

/*
 * Remove one object, or with dryrun name it; 0 or the exit status.  The
 * messages show arg escaped (list_vis), as the dry run's line shows the
 * name: a name another program made may hold any bytes.
 */
static int
rm(const struct pxkind *k, const char *arg, const char *name, int dryrun,
    int force)
{
	struct stat st;
	char *v = list_vis(arg);
	int e;

	if (dryrun) {
		if ((e = px_stat(k, arg, name, &st, force)) != 0)
			e = force && e == EX_NOINPUT ? EX_OK : e;
		else if (!mayremove(k, &st)) {
			errno = EPERM;
			e = fail("%s", v);
		} else if (print_name(name, 1) == -1)
			out_close();
	} else if (k->unlink(name) == 0)
		e = EX_OK;
	else if (errno == ENOENT)
		e = force ? EX_OK : px_missing(k, arg, 0);
	else
		e = fail("%s", v);
	free(v);
	return e;
}

/* shmrm, mqrm and semrm of one posix: operand; 0 or the exit status. */
int
px_remove(const struct pxkind *k, const char *arg, int dryrun, int force)
{
	struct operand o;
	int e;

	px_operand(k, arg, &o);
	e = rm(k, arg, o.name, dryrun, force);
	operand_free(&o);
	return e;
}

/*
 * -a -X's operands: each posix:/PATTERN, whose PATTERN is what a name
 * may be, with the shell's * ? [...]; a bad one exits 64.
 */
void
px_patterns(const struct pxkind *k, char **argv)
{
	struct operand o;

	for (; *argv != NULL; argv++) {
		if (!px_is(*argv))
			diex(EX_USAGE, "'%s': -a -X takes name patterns, "
			    "posix:/PATTERN", *argv);
		px_operand(k, *argv, &o);
		operand_free(&o);
	}
}

/*
 * -a -X: every object of the caller's (-u: that user's) whose name a
 * pattern takes, that no process maps or holds open and that its kind
 * does not call busy (with -f, those too), unused for -i's age; with
 * -p, only those that process maps or holds open, which are in use: kept
 * without -f, as a note says.  An object's last use is the latest of its
 * file's times.  One whose users /proc cannot show is kept (-f takes it)
 * and said so: 69 then.
 */
int
px_remove_idle(const struct pxkind *k, const struct rm_sel *sel, int dryrun,
    char **pats)
{
	struct stat st;
	char **names, arg[NAME_MAX + 16];
	time_t last, now = time(NULL);
	uid_t u = sel->user ? sel->uid : geteuid();
	size_t i, inuse = 0, kept = 0, n;
	long nproc;
	int e, status = EX_OK;

	n = walk(k, &names);
	for (i = 0; i < n; i++) {
		if (px_stat(k, names[i], names[i], &st, 1) != 0 ||
		    st.st_uid != u || !matches(pats, names[i]))
			continue;
		if (sel->pid != 0 && !proc_holds(sel->pid, st.st_dev,
		    st.st_ino))
			continue;
		last = st.st_mtime;
		if (st.st_atime > last)
			last = st.st_atime;
		if (st.st_ctime > last)
			last = st.st_ctime;
		if (sel->age > 0 && last > now - sel->age)
			continue;
		if (!sel->force && sel->pid != 0) {
			/* That process uses it. */
			inuse++;
			continue;
		}
		if (!sel->force) {
			if ((nproc = users(&st, NULL)) < 0) {
				kept++;
				continue;
			}
			if (nproc != 0 ||
			    (k->busy != NULL && k->busy(names[i])))
				continue;
		}
		snprintf(arg, sizeof(arg), "posix:%s", names[i]);
		if ((e = rm(k, arg, names[i], dryrun, 1)) != 0 &&
		    status == EX_OK)
			status = e;
	}
	walk_free(names, n);
	if (inuse != 0) {
		fflush(stdout);
		note("kept %zu POSIX %s%s that process %d maps or holds open: "
		    "in use (-f takes them)", inuse, k->noun,
		    inuse == 1 ? "" : "s", (int)sel->pid);
	}
	if (kept != 0) {
		fflush(stdout);
		e = failx(EX_UNAVAILABLE, "kept %zu POSIX %s%s whose users "
		    "cannot be known: %s (-f takes them)", kept, k->noun,
		    kept == 1 ? "" : "s", proc_unknown());
		if (status == EX_OK)
			status = e;
	}
	return status;
}
