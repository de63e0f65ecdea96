/*
 * The listing of System V objects, every kind alike: the columns each
 * kind begins with, which objects -u and -p choose, the rows of the
 * table or JSON that list.c prints, and the limits view (-g).
 */
#include <sys/types.h>
#include <sys/ipc.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ipctools.h"
#include "ipcobj.h"

/*
 * The columns every kind begins with: the operand that names it, its
 * ipc_perm.  The table shows key, id, mode and owner unless -o says
 * otherwise; JSON has them all.
 */
static const struct column gen_cols[IPC_NGEN] = {
	[IPCC_OBJECT] = { "object", COL_OBJECT, -1, 0,
	    "the OBJECT operand that names it: id:N" },
	[IPCC_KEY] = { "key",	COL_KEY,	10, 1, "the key, as 0x%08x" },
	[IPCC_ID] = { "id",	COL_ID,		1, 1,
	    "the identifier: the N of id:N" },
	/* owner_cols[] go at IPCC_OWN. */
	[IPCC_CUID] = { "cuid",	COL_NUM,	1, 0, "the creator's user ID" },
	[IPCC_CUSER] = { "cuser", COL_USER,	-1, 0,
	    "the creator's user name" },
	[IPCC_CGID] = { "cgid",	COL_NUM,	1, 0, "the creator's group ID" },
	[IPCC_CGROUP] = { "cgroup", COL_GROUP,	-1, 0,
	    "the creator's group name" },
};

/* The whole column table of a kind's listing: the common ones, its own. */
const struct column *
ipc_columns(const struct ipckind *k, size_t *n)
{
	static struct column all[LIST_MAXCOLS];

	memcpy(all, gen_cols, sizeof(gen_cols));
	memcpy(all + IPCC_OWN, owner_cols, sizeof(owner_cols));
	memcpy(all + IPC_NGEN, k->cols, k->ncols * sizeof(k->cols[0]));
	*n = IPC_NGEN + k->ncols;
	return all;
}

static void
row_out(const struct ipckind *k, const struct ipc_row *row)
{
	struct cell v[LIST_MAXCOLS];
	const struct ipc_perm *p = &row->ds.perm;
	char op[32];

	memset(v, 0, sizeof(v));
	snprintf(op, sizeof(op), "id:%d", row->id);
	v[IPCC_OBJECT].s = op;
	v[IPCC_KEY].n = (unsigned int)p->__key;
	v[IPCC_ID].n = (unsigned int)row->id;
	owner_cells(v + IPCC_OWN, p->mode & 0777, p->uid, p->gid);
	v[IPCC_CUID].n = v[IPCC_CUSER].n = p->cuid;
	v[IPCC_CGID].n = v[IPCC_CGROUP].n = p->cgid;
	k->values(row, v + IPC_NGEN);
	list_row_more(v, k->json, row);
}

/* Whether the ls command's -u and -p choose this object. */
static int
chosen(const struct ipckind *k, const struct ipc_row *row,
    const struct ls_sel *ls)
{
	const struct ipc_perm *p = &row->ds.perm;

	if (ls->user && p->uid != ls->uid && p->cuid != ls->uid)
		return 0;
	if (ls->pid != 0 && (!k->mapped || !proc_holds_sysv(ls->pid,
	    row->id)))
		return 0;
	return 1;
}

/* A named object's row; 0, or the exit status after a warning. */
static int
named(const struct ipckind *k, const struct ls_sel *ls, const char *arg)
{
	struct ipc_row row;
	int e, id;

	if ((e = ipc_find(k, arg, 0, 0, &id)) != 0)
		return e;
	if (ipc_stat(k, id, &row) == -1) {
		if (errno == EINVAL || errno == EIDRM)
			return ipc_missing(k, arg, 0);
		return fail("%s", arg);
	}
	if (chosen(k, &row, ls))
		row_out(k, &row);
	return EX_OK;
}

/*
 * The listing of the ls commands: every visible object, or the named
 * ones, of those ls chooses; the table's columns as sel chose (NULL: the
 * default ones).  The first failure's exit status.
 */
int
ipc_list(const struct ipckind *k, enum list_fmt fmt, const struct colsel *sel,
    const struct ls_sel *ls, char **argv)
{
	const struct column *cols;
	size_t n;
	int status;

	ipc_args(argv);
	cols = ipc_columns(k, &n);
	list_begin(fmt, cols, n, sel);
	status = ipc_rows(k, ls, argv);
	list_end();
	return status;
}

/*
 * The rows of a listing begun (ipc_list, both.c's -A): every visible
 * object, or the named ones, whose form was checked.  The first
 * failure's exit status.
 */
int
ipc_rows(const struct ipckind *k, const struct ls_sel *ls, char **argv)
{
	struct ipc_iter it;
	struct ipc_row row;
	int e, status = EX_OK;

	if (*argv == NULL) {
		ipc_iter_begin(k, &it);
		while (ipc_iter_next(&it, &row) != -1)
			if (chosen(k, &row, ls))
				row_out(k, &row);
	}
	for (; *argv != NULL; argv++) {
		/* Rows so far must come out before the warning. */
		fflush(stdout);
		if ((e = named(k, ls, *argv)) != 0 && status == EX_OK)
			status = e;
	}
	return status;
}

/* The columns of the limits view (-g), the same for every kind. */
enum { LC_RESOURCE, LC_LIMIT, LC_USED, LC_DESCRIPTION, LC_N };
static const struct column limit_cols[LC_N] = {
	[LC_RESOURCE] = { "resource", COL_TEXT,	-1, 1,
	    "the limit: its sysctl's name, or what is counted" },
	[LC_LIMIT] = { "limit",	COL_NUM,	1, 1, "the system's limit" },
	[LC_USED] = { "used",	COL_NUM,	1, 1,
	    "how much of it is in use now" },
	[LC_DESCRIPTION] = { "description", COL_TEXT, -1, 1,
	    "what the limit counts" },
};

const struct column *
ipc_limit_columns(size_t *n)
{
	*n = LC_N;
	return limit_cols;
}

/* The limits view: each of the kind's limits with its use now. */
void
ipc_limits(const struct ipckind *k, enum list_fmt fmt,
    const struct colsel *sel)
{
	struct ipc_limit lim[IPC_MAXLIMITS];
	struct cell v[LC_N];
	size_t i, n;

	memset(lim, 0, sizeof(lim));
	n = k->limits(lim);
	list_begin(fmt, limit_cols, LC_N, sel);
	for (i = 0; i < n; i++) {
		memset(v, 0, sizeof(v));
		v[LC_RESOURCE].s = lim[i].name;
		v[LC_LIMIT].n = lim[i].limit;
		v[LC_LIMIT].none = !lim[i].haslimit;
		v[LC_USED].n = lim[i].used;
		v[LC_USED].none = !lim[i].hasused;
		v[LC_DESCRIPTION].s = lim[i].what;
		list_row(v);
	}
	list_end();
}
