/*
 * Segments and queues alike, for the shm* and mq* commands.  Lookups that
 * fail warn and return the exit status of ipctools(7) instead of exiting,
 * so that commands taking several operands (shmcat, shmrm, shmls, mqrm,
 * mqls) can go on with the rest, as cat(1) does.  A malformed operand is a
 * usage error and exits at once.
 */
#include <sys/types.h>
#include <sys/ipc.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipctools.h"
#include "ipcobj.h"

/* Check the form of every operand before touching any object. */
void
ipc_args(char **argv)
{
	struct operand o;
	const char *why;

	for (; *argv != NULL; argv++) {
		if ((why = operand_parse(*argv, &o)) != NULL)
			diex(EX_USAGE, "'%s': %s", *argv, why);
		operand_free(&o);
	}
}

/* The one place that says "no such segment", "no such queue"... */
int
ipc_missing(const struct ipckind *k, const char *arg, int quiet)
{
	if (!quiet)
		return failx(EX_NOINPUT, "%s: no such %s", arg, k->noun);
	return EX_NOINPUT;
}

/*
 * An operand's key: parse it (a malformed one exits 64) and make the key
 * of a PATH through ftok(3).  0, or the exit status after a warning (none
 * for a missing file when quiet).
 */
static int
operand_key(const char *arg, struct operand *o, int quiet)
{
	const char *why;
	int e;

	if ((why = operand_parse(arg, o)) != NULL)
		diex(EX_USAGE, "'%s': %s", arg, why);
	if (o->form == OPERAND_POSIX)
		diex(EX_USAGE, "'%s': %s takes no POSIX object", arg,
		    getprogname());
	if (o->path != NULL && (o->key = ftok(o->path, o->proj)) == -1) {
		e = errno;
		operand_free(o);
		if (quiet && e == ENOENT)
			return EX_NOINPUT;
		errno = e;
		return fail("%s: cannot make a key", arg);
	}
	operand_free(o);
	return 0;
}

/*
 * The one lookup from an OBJECT operand to the id of an object that
 * exists; 0, or the exit status after a warning.  perm is the access
 * asked for (0, or the 0400 read and 0200 write bits); an id:N is checked too, so that
 * a stale one is reported as missing whatever the command does with it
 * next.  With quiet, a missing object (or the missing file of a PATH)
 * returns 66 without a word.
 */
int
ipc_find(const struct ipckind *k, const char *arg, int perm, int quiet,
    int *id)
{
	struct ipc_row row;
	struct operand o;
	int e;

	*id = -1;
	if ((e = operand_key(arg, &o, quiet)) != 0)
		return e;
	if (o.form == OPERAND_ID) {
		*id = o.id;
		if (k->ctl(o.id, IPC_STAT, &row) == 0)
			return 0;
		/* Visible but unreadable: enough unless reading was asked. */
		if (errno == EACCES && (perm & 0444) == 0 &&
		    ipc_stat(k, o.id, &row) == 0)
			return 0;
		if (errno == EINVAL || errno == EIDRM)
			return ipc_missing(k, arg, quiet);
		return fail("%s", arg);
	}
	if ((*id = k->get(o.key, 0, perm)) != -1)
		return 0;
	if (errno != ENOENT)
		return fail("%s", arg);
	/* ipcs(1) and ipcrm(1) users name an id by its number. */
	if (!quiet && arg[0] != '0' &&
	    strspn(arg, "0123456789") == strlen(arg) &&
	    ipc_stat(k, (int)o.key, &row) == 0)
		return failx(EX_NOINPUT, "%s: no such %s, but id:%s is one "
		    "(an identifier is written id:N)", arg, k->noun, arg);
	return ipc_missing(k, arg, quiet);
}

/* ipc_find() for a command that needs the object to go on: exits. */
int
ipc_open(const struct ipckind *k, const char *arg, int perm)
{
	int e, id;

	if ((e = ipc_find(k, arg, perm, 0, &id)) != 0)
		exit(e);
	return id;
}

/* The operand of shmnew, mqnew and semnew: none (private) or one. */
const char *
ipc_new_arg(int argc, char *argv[])
{
	if (argc > 1)
		diex(EX_USAGE, "one object at most; '%s' is one too many",
		    argv[1]);
	return argc == 1 ? argv[0] : NULL;
}

/*
 * The create of shmnew, mqnew and semnew: a new private object when arg
 * is NULL; else the object the operand names, made with mode (and n: a
 * segment's size, a set's count) unless it exists, when, without excl,
 * it is opened asking for read permission, so that a caller who may not
 * use it learns so first.  Sets *made.  Returns the id, or -1 with errno
 * for the command to word what its kind refuses (sizes, limits); what
 * every kind words alike (a malformed operand, an existing object under
 * -x, a missing id) exits here.
 */
int
ipc_new(const struct ipckind *k, const char *arg, int excl, int mode,
    size_t n, int *made)
{
	struct operand o;
	int e, id;

	*made = 0;
	if (arg == NULL) {
		*made = 1;
		return k->get(IPC_PRIVATE, n, IPC_CREAT | mode);
	}
	if ((e = operand_key(arg, &o, 0)) != 0)
		exit(e);
	if (o.form == OPERAND_ID) {
		/* An id names an object that exists: open it, never make it. */
		id = ipc_open(k, arg, 0);
		if (excl)
			diex(EX_CANTCREAT, "%s: a %s with this id exists",
			    arg, k->noun);
		return id;
	}
	if ((id = k->get(o.key, n, IPC_CREAT | IPC_EXCL | mode)) != -1) {
		*made = 1;
		return id;
	}
	if (errno != EEXIST)
		return -1;
	if (excl)
		diex(EX_CANTCREAT, "%s: a %s with this key exists", arg,
		    k->noun);
	return k->get(o.key, 0, 0400);	/* read permission */
}

/*
 * Print a new object's id:N, its only name for a private one.  A create
 * whose id cannot be delivered is an error, and an object nobody can
 * name must not survive: one this call made is removed again.
 */
void
ipc_print_new(const struct ipckind *k, int id, int made)
{
	struct ipc_row row;
	int e;

	if (printf("id:%d\n", id) >= 0 && fflush(stdout) == 0)
		return;
	e = errno;
	if (made && k->ctl(id, IPC_RMID, &row) == 0)
		quit(EX_IOERR, e, "standard output: id:%d could not be "
		    "written, so the new %s was removed", id, k->noun);
	quit(EX_IOERR, e, "standard output: id:%d could not be written",
	    id);
}

/*
 * Give an object this call made the mode of -m, once the command has set
 * it up.  Commands make it 0600 first, whatever -m says: setting a set's
 * values (semctl SETALL) needs write permission and IPC_SET's IPC_STAT
 * read permission, which -m 444 or -m 200 would deny even the creator.
 * One that cannot be given its mode is removed again.
 */
void
ipc_new_mode(const struct ipckind *k, int id, int mode, const char *arg)
{
	struct ipc_row row;
	int e;

	if (mode == 0600)
		return;
	if (k->ctl(id, IPC_STAT, &row) == 0) {
		row.ds.perm.mode = (unsigned short)mode;
		if (k->ctl(id, IPC_SET, &row) == 0)
			return;
	}
	e = errno;
	k->ctl(id, IPC_RMID, &row);
	errno = e;
	die("%s: cannot set the mode %03o", arg, (unsigned int)mode);
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
	ipc_iter_begin(k, &it);
	while ((got = ipc_iter_next(&it, row)) != -1)
		if (got == id)
			return 0;
	errno = EACCES;
	return -1;
}

void
ipc_iter_begin(const struct ipckind *k, struct ipc_iter *it)
{
	struct ipc_row info;	/* *_INFO's structure, which we skip */

	it->kind = k;
	it->idx = 0;
	/* *_INFO returns the highest index in use. */
	if ((it->max = k->ctl(0, k->info, &info)) == -1)
		die("%s table: *_INFO", k->noun);
	it->cmd = k->stat_any;
}

/* The next object's id and data, or -1 when there are no more. */
int
ipc_iter_next(struct ipc_iter *it, struct ipc_row *row)
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

/*
 * Only the owner, the creator or a privileged process may remove an
 * object; -n applies the same rule so that it predicts the real run.
 */
static int
mayremove(const struct ipc_row *row)
{
	uid_t u = geteuid();

	return u == 0 || row->ds.perm.uid == u || row->ds.perm.cuid == u;
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
			return fail("%s", arg);
		}
		if (!mayremove(&row)) {
			errno = EPERM;
			return fail("%s", arg);
		}
		if (printf("id:%d\n", id) < 0)
			out_close();
		return EX_OK;
	}
	if (k->ctl(id, IPC_RMID, &row) == -1) {
		if (errno == EINVAL || errno == EIDRM)
			goto gone;
		return fail("%s", arg);
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
		e = ipc_find(k, *argv, 0, force, &id);
		if (e == EX_NOINPUT && force)
			continue;
		if (e == 0)
			e = rm(k, *argv, id, dryrun, force);
		if (e != 0 && status == EX_OK)
			status = e;
	}
	return status;
}

/*
 * One end of a -r range: a key as the OBJECT grammar writes it (decimal,
 * 0x hex, leading-0 octal, negative decimal), 0 allowed, as 32 bits.
 */
static const char *
key_end(const char *s, const char *end, unsigned int *key)
{
	char buf[32], *e;
	unsigned long long u;
	long long v;
	size_t n = (size_t)(end - s);

	if (n == 0 || n >= sizeof(buf))
		return n == 0 ? "empty key in the range" :
		    "key out of range (-2147483648 to 0xffffffff)";
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!isdigit((unsigned char)buf[*buf == '-']))
		return "not a key, LOW-HIGH or PATH[:PROJ]";
	errno = 0;
	if (*buf == '-') {
		if (buf[1] == '0' && buf[2] != '\0')
			return "a negative key is decimal";
		v = strtoll(buf, &e, 10);
		if (*e != '\0')
			return "not a key, LOW-HIGH or PATH[:PROJ]";
		if (errno == ERANGE || v < INT_MIN)
			return "key out of range (-2147483648 to 0xffffffff)";
		*key = (unsigned int)(int)v;
	} else {
		u = strtoull(buf, &e, 0);
		if (*e != '\0')
			return "not a key, LOW-HIGH or PATH[:PROJ]";
		if (errno == ERANGE || u > UINT_MAX)
			return "key out of range (-2147483648 to 0xffffffff)";
		*key = (unsigned int)u;
	}
	return NULL;
}

/*
 * The keys -r takes: a key, a range LOW-HIGH of keys (as unsigned, the
 * way the ls commands print them), or a PATH, whose keys ftok(3) makes
 * with any PROJ (ftok puts PROJ in the top 8 bits), or PATH:PROJ, its one
 * key.  A bad form is a usage error; a PATH that cannot be made a key
 * exits as the system said.
 */
void
rm_keys_arg(const char *opt, const char *s, struct rm_sel *sel)
{
	struct operand o;
	const char *dash, *why;
	key_t key;

	sel->keys = 1;
	sel->mask = 0xffffffffU;
	if (strchr(s, '/') != NULL) {
		if ((why = operand_parse(s, &o)) != NULL)
			diex(EX_USAGE, "%s '%s': %s", opt, s, why);
		if (o.form != OPERAND_KEY)
			diex(EX_USAGE, "%s '%s': a key range or a PATH", opt, s);
		if ((key = ftok(o.path, strchr(s, ':') ? o.proj : 1)) == -1) {
			operand_free(&o);
			die("%s '%s': cannot make a key", opt, s);
		}
		operand_free(&o);
		sel->lo = sel->hi = (unsigned int)key;
		if (strchr(s, ':') == NULL) {
			sel->mask = 0x00ffffffU;
			sel->lo = sel->hi = (unsigned int)key & sel->mask;
		}
		return;
	}
	/* A '-' past the first byte ends LOW: "-5--1" is -5 to -1. */
	dash = *s != '\0' ? strchr(s + 1, '-') : NULL;
	why = key_end(s, dash ? dash : s + strlen(s), &sel->lo);
	if (why == NULL && dash == NULL && sel->lo == IPC_PRIVATE)
		why = "key 0 is IPC_PRIVATE and names no object";
	else if (why == NULL && dash == NULL)
		sel->hi = sel->lo;
	else if (why == NULL)
		why = key_end(dash + 1, dash + 1 + strlen(dash + 1), &sel->hi);
	if (why == NULL && sel->lo > sel->hi)
		why = "LOW is above HIGH";
	if (why != NULL)
		diex(EX_USAGE, "%s '%s': %s", opt, s, why);
}

/*
 * Whether -a with sel takes this object, the caller's own: 1, or 0; -1
 * for one that -p chose and that is kept only as it is in use (without
 * -f), which the caller counts.
 */
static int
selected(const struct ipckind *k, const struct ipc_row *row,
    const struct rm_sel *sel, time_t now)
{
	unsigned int key = (unsigned int)row->ds.perm.__key;
	int idle;

	if (sel->pid != 0 && (!k->mapped || !proc_holds_sysv(sel->pid,
	    row->id)))
		return 0;
	if ((idle = k->idle(row)) == -1 || (idle == 0 && !sel->force &&
	    sel->pid == 0))
		return 0;
	if (sel->age > 0 && k->used(row) > now - sel->age)
		return 0;
	/* A private object has no key to choose it by. */
	if (sel->keys && (key == IPC_PRIVATE || (key & sel->mask) < sel->lo ||
	    (key & sel->mask) > sel->hi ||
	    (sel->mask != 0xffffffffU && (key & ~sel->mask) == 0)))
		return 0;
	if (sel->dead && k->live(row))
		return 0;
	return idle == 0 && !sel->force ? -1 : 1;
}

/*
 * -a: every object the caller (-u: that user) owns or created that the
 * kind calls idle (with -f, in use too) and that the filters of sel
 * choose.  What -p chose is in use, as that process maps it: without
 * -f it is kept, which a note says (no failure: -a keeps what is used).
 */
int
ipc_remove_idle(const struct ipckind *k, const struct rm_sel *sel,
    int dryrun)
{
	struct ipc_iter it;
	struct ipc_row row;
	char arg[32];
	uid_t u = sel->user ? sel->uid : geteuid();
	time_t now = time(NULL);
	size_t kept = 0;
	int e, id, s, status = EX_OK;

	ipc_iter_begin(k, &it);
	while ((id = ipc_iter_next(&it, &row)) != -1) {
		if (row.ds.perm.uid != u && row.ds.perm.cuid != u)
			continue;
		if ((s = selected(k, &row, sel, now)) != 1) {
			kept += s == -1;
			continue;
		}
		snprintf(arg, sizeof(arg), "id:%d", id);
		/* Gone since the walk saw it: what -a wanted anyway. */
		if ((e = rm(k, arg, id, dryrun, 1)) != 0 && status == EX_OK)
			status = e;
	}
	if (kept != 0) {
		fflush(stdout);
		note("kept %zu %s%s that process %d maps: in use (-f takes "
		    "them)", kept, k->noun, kept == 1 ? "" : "s",
		    (int)sel->pid);
	}
	return status;
}
