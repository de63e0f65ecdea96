/*
 * -A of shmls, mqls and semls: the System V and the POSIX objects of a
 * family in one listing, one table and one JSON array.  Each JSON record
 * is its family's own, every field and "object" first; the table's
 * columns are a view over both (struct bothcol), each filled by a column
 * of the row's family, or "-" where that family has none.
 */
#include <stdlib.h>
#include <string.h>

#include "ipctools.h"
#include "ipcobj.h"
#include "posix.h"

/* The columns every family has, by the same name, first in the view. */
static const struct bothcol common[] = {
	{ "object", "object", "object", 1,
	    "the OBJECT operand that names it: id:N or posix:/NAME" },
	{ "mode", "mode", "mode", 1, NULL },
	{ "perms", "perms", "perms", 0, NULL },
	{ "uid", "uid", "uid", 0, NULL },
	{ "owner", "owner", "owner", 1, NULL },
	{ "gid", "gid", "gid", 0, NULL },
	{ "group", "group", "group", 0, NULL },
};
#define NCOMMON	(sizeof(common) / sizeof(common[0]))

static struct column	 view[LIST_MAXCOLS];
static int		 svmap[LIST_MAXCOLS], pxmap[LIST_MAXCOLS];

/* The column named name in c, or -1 (NULL names none). */
static int
colidx(const struct column *c, size_t n, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < n; i++)
		if (strcmp(c[i].name, name) == 0)
			return (int)i;
	return -1;
}

/*
 * The view's columns for kind k: those every family has, then the
 * kind's (k->both); each takes its type and width from the column that
 * fills it (System V's first), its name and default from the view.
 */
const struct column *
both_columns(const struct ipckind *k, size_t *n)
{
	const struct column *sv, *px;
	const struct bothcol *b;
	size_t i, nsv, npx;

	sv = ipc_columns(k, &nsv);
	px = px_columns(k->posix, &npx);
	*n = 0;
	for (i = 0; i < NCOMMON + k->nboth && *n < LIST_MAXCOLS; i++) {
		b = i < NCOMMON ? &common[i] : &k->both[i - NCOMMON];
		svmap[*n] = colidx(sv, nsv, b->sysv);
		pxmap[*n] = colidx(px, npx, b->posix);
		/* Neither has it (yet): no column. */
		if (svmap[*n] < 0 && pxmap[*n] < 0)
			continue;
		view[*n] = svmap[*n] >= 0 ? sv[svmap[*n]] : px[pxmap[*n]];
		view[*n].name = b->name;
		view[*n].shown = b->shown;
		if (b->help != NULL)
			view[*n].help = b->help;
		++*n;
	}
	return view;
}

/*
 * The listing of -A: every object of both families (System V's first),
 * or the named ones, of either.  The first failure's exit status.
 */
int
both_list(const struct ipckind *k, enum list_fmt fmt, const struct colsel *sel,
    const struct ls_sel *ls, char **argv)
{
	const struct column *sv, *px;
	struct operand o;
	char **svargs, **pxargs;
	size_t i, n, nsv = 0, npx = 0;
	int e, status;

	for (n = 0; argv[n] != NULL; n++)
		;
	if ((svargs = calloc(n + 1, sizeof(*svargs))) == NULL ||
	    (pxargs = calloc(n + 1, sizeof(*pxargs))) == NULL)
		die("listing");
	for (i = 0; i < n; i++) {
		if (px_is(argv[i])) {
			px_operand(k->posix, argv[i], &o);
			operand_free(&o);
			pxargs[npx++] = argv[i];
		} else
			svargs[nsv++] = argv[i];
	}
	ipc_args(svargs);
	if (k->posix->mounted != NULL && (n == 0 || npx != 0))
		k->posix->mounted();
	both_columns(k, &n);
	list_begin(fmt, view, n, sel);
	status = EX_OK;
	if (argv[0] == NULL || nsv != 0) {
		sv = ipc_columns(k, &i);
		list_family(sv, i, svmap);
		status = ipc_rows(k, ls, svargs);
	}
	if (argv[0] == NULL || npx != 0) {
		px = px_columns(k->posix, &i);
		list_family(px, i, pxmap);
		if ((e = px_rows(k->posix, ls, pxargs)) != 0 && status == EX_OK)
			status = e;
	}
	list_end();
	free(svargs);
	free(pxargs);
	return status;
}
