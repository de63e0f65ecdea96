/*
 * The listing that the ls commands share: a table with a header, the same
 * without it (for awk), or JSON with typed values, one array per call.
 * One column table per listing drives all three and -o help: the table
 * shows the columns -o chose (else those marked shown), JSON every one.
 * The table is printed whole at the end, each column as wide as its
 * widest cell; a name's bytes are escaped in both (see list_vis() and
 * json_str()).
 */
/* vis(3) only; say which strnvis() we do not use, as <vis.h> asks. */
#define LIBBSD_OPENBSD_VIS	1

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <vis.h>

#include "ipctools.h"
#include "jsonl.h"

const struct column owner_cols[OWN_NCOLS] = {
	[OWN_MODE] = { "mode",	COL_MODE,	1, 1,
	    "the permissions, octal (in JSON, a number)" },
	[OWN_PERMS] = { "perms", COL_PERMS,	1, 0,
	    "the permissions, octal (in JSON, a string)" },
	[OWN_UID] = { "uid",	COL_NUM,	1, 0, "the owner's user ID" },
	[OWN_OWNER] = { "owner", COL_USER,	-1, 1, "the owner's user name" },
	[OWN_GID] = { "gid",	COL_NUM,	1, 0, "the owner's group ID" },
	[OWN_GROUP] = { "group", COL_GROUP,	-1, 0, "the owner's group name" },
};

/* The cells of owner_cols[], from v[0]. */
void
owner_cells(struct cell *v, unsigned int mode, uid_t uid, gid_t gid)
{
	v[OWN_MODE].n = v[OWN_PERMS].n = mode;
	v[OWN_UID].n = v[OWN_OWNER].n = uid;
	v[OWN_GID].n = v[OWN_GROUP].n = gid;
}

static enum list_fmt	 fmt;
static const struct column *cols;	/* the listing's: header and -o */
static struct colsel	 sel;
static int		 nrows;
static int		 cutnums;	/* a default table: long lists cut */
/*
 * The columns of the rows to come (list_family), which JSON prints all
 * of; the table's column i is their map[i], or none (-1).  Without a
 * family, cols itself.
 */
static const struct column *fam;
static size_t		 nfam;
static const int	*map;
/* The table's cells, escaped, kept until list_end() knows the widths. */
static char		**tab;
static size_t		 ntab, captab;

static void
put(const char *s)
{
	if (fputs(s, stdout) == EOF)
		out_close();
}

/* A user's or group's name, or the number when it has none. */
static const char *
idname(enum col_type t, uint64_t id, char *buf, size_t len)
{
	struct passwd *pw;
	struct group *gr;

	if (t == COL_USER && (pw = getpwuid((uid_t)id)) != NULL)
		return pw->pw_name;
	if (t == COL_GROUP && (gr = getgrgid((gid_t)id)) != NULL)
		return gr->gr_name;
	snprintf(buf, len, "%llu", (unsigned long long)id);
	return buf;
}

/*
 * The command process pid runs (its comm, at most 15 bytes), or NULL
 * when it is gone or /proc will not say.
 */
static const char *
command(uint64_t pid, char *buf, size_t len)
{
	char path[40];
	ssize_t n;
	int fd;

	if (pid == 0 || pid > INT32_MAX)
		return NULL;
	snprintf(path, sizeof(path), "/proc/%llu/comm",
	    (unsigned long long)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	/* comm ends with one newline; one in the name itself stays. */
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return buf;
}

/*
 * A string as JSON, which must be UTF-8 whatever bytes a name holds:
 * quoted, with what JSON cannot hold raw escaped, and each byte that is
 * not part of a UTF-8 character written as the lone surrogate U+DC80 to
 * U+DCFF (Python's surrogateescape, PEP 383), so that the bytes can be
 * had back exactly (os.fsencode()).
 */
static void
json_str(const char *s)
{
	size_t k, n = strlen(s);

	put("\"");
	for (; n != 0; s += k, n -= k) {
		k = jsonl_utf8_seq(s, n);
		if (k == 0) {
			printf("\\u%04x", 0xdc00 | (unsigned char)*s);
			k = 1;
		} else if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			printf("\\u%04x", (unsigned char)*s);
		else
			fwrite(s, 1, k, stdout);
	}
	put("\"");
}

/*
 * An operand in JSON; one that is not UTF-8 is followed by its exact
 * bytes in base64, for readers (jq) that turn a lone surrogate into
 * U+FFFD.
 */
static void
json_object(const char *s)
{
	char *b;
	size_t n = strlen(s);

	json_str(s);
	if (jsonl_utf8(s, n))
		return;
	if ((b = malloc(n / 3 * 4 + 5)) == NULL)
		die("listing");
	b[jsonl_b64(b, s, n)] = '\0';
	printf(", \"object_base64\": \"%s\"", b);
	free(b);
}

/*
 * A cell for the table, in a new string: as vis(3) and ls -b show them,
 * control characters, a backslash and bytes that are not UTF-8 as C
 * escapes (\n, \033, \377, \\), so that rows stay rows and the
 * terminal is told nothing; unvis(1) reverses it.  The rm commands show
 * a name so too, in their lines and messages.
 */
char *
list_vis(const char *s)
{
	char *d, *t;
	size_t i, k, n = strlen(s);

	if ((t = d = malloc(4 * n + 1)) == NULL)
		die("listing");
	for (; n != 0; s += k, n -= k) {
		k = jsonl_utf8_seq(s, n);
		/* U+0080 to U+009F are control characters too. */
		if (k == 1 && (unsigned char)*s >= 0x20 && *s != 0x7f &&
		    *s != '\\')
			*d++ = *s;
		else if (k > 1 && !((unsigned char)s[0] == 0xc2 &&
		    (unsigned char)s[1] < 0xa0))
			for (i = 0; i < k; i++)
				*d++ = s[i];
		else {
			k = k == 0 ? 1 : k;
			for (i = 0; i < k; i++)
				d = vis(d, (unsigned char)s[i], VIS_CSTYLE |
				    VIS_OCTAL | VIS_TAB | VIS_NL, s[i + 1]);
		}
	}
	*d = '\0';
	return t;
}

/* The columns a table cell takes: its characters, as it holds UTF-8. */
static size_t
width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

/*
 * A list of numbers in the table, cut after a whole number with ",..."
 * (JSON has them all): in a default table at NUMS_MAX characters, so
 * that it fits 80 columns; in any table at the cell's buffer (over:
 * snprintf had to stop), so that a cut is never silent.  Columns chosen
 * with -o, and -H for scripts, are whole up to that buffer.
 */
#define NUMS_MAX	16
static void
nums_cut(char *s, size_t max, int over)
{
	size_t keep = max - 4;

	if (!over && strlen(s) <= max)
		return;
	while (keep > 0 && s[keep] != ',')
		keep--;
	if (keep > 0)
		memcpy(s + keep, ",...", 5);
}

/*
 * One value: what the table prints into buf, or in JSON, the literal
 * written to standard output.
 */
static void
cell(const struct column *c, const struct cell *v, char *buf, size_t len)
{
	char name[256];
	const char *s;
	struct tm tm;
	time_t t;
	int over;

	if (c->type == COL_NUMS && fmt == LIST_JSON && !v->none &&
	    v->s != NULL) {
		put("[");
		put(v->s == NULL ? "" : v->s);
		put("]");
		return;
	}
	if (v->none || ((c->type == COL_TEXT || c->type == COL_OBJECT ||
	    c->type == COL_NUMS) &&
	    (v->s == NULL || (c->type == COL_NUMS && *v->s == '\0')))) {
		if (fmt == LIST_JSON)
			put("null");
		else
			snprintf(buf, len, "-");
		return;
	}
	switch (c->type) {
	case COL_KEY:
		snprintf(buf, len, fmt == LIST_JSON ? "\"0x%08x\"" : "0x%08x",
		    (unsigned int)v->n);
		break;
	case COL_MODE:
		snprintf(buf, len, fmt == LIST_JSON ? "%llu" : "%04llo",
		    (unsigned long long)v->n);
		break;
	case COL_PERMS:
		snprintf(buf, len, fmt == LIST_JSON ? "\"%04llo\"" : "%04llo",
		    (unsigned long long)v->n);
		break;
	case COL_USER:
	case COL_GROUP:
		s = idname(c->type, v->n, name, sizeof(name));
		if (fmt == LIST_JSON) {
			json_str(s);
			return;
		}
		snprintf(buf, len, "%s", s);
		break;
	case COL_TIME:
		t = (time_t)v->n;
		if (fmt == LIST_JSON)
			snprintf(buf, len, "%llu", (unsigned long long)v->n);
		else if (v->n == 0 || localtime_r(&t, &tm) == NULL)
			snprintf(buf, len, "-");
		else
			strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
		break;
	case COL_BOOL:
		if (fmt == LIST_JSON)
			snprintf(buf, len, "%s", v->n ? "true" : "false");
		else
			snprintf(buf, len, "%s", v->n ? "yes" : "no");
		break;
	case COL_COMM:
	case COL_NUMS:
	case COL_OBJECT:
	case COL_TEXT:
		s = c->type != COL_COMM ? v->s :
		    command(v->n, name, sizeof(name));
		if (fmt == LIST_JSON) {
			if (s == NULL)
				put("null");
			else if (c->type == COL_OBJECT)
				json_object(s);
			else
				json_str(s);
			return;
		}
		over = snprintf(buf, len, "%s", s == NULL ? "-" : s) >=
		    (int)len;
		if (c->type == COL_NUMS && (over || cutnums))
			nums_cut(buf, over ? len - 1 : NUMS_MAX, over);
		break;
	case COL_ID:
	case COL_NUM:
		snprintf(buf, len, "%llu", (unsigned long long)v->n);
		break;
	}
	if (fmt == LIST_JSON)
		put(buf);
}

/* The column named s (any case), or -1. */
static int
lookup(const struct column *c, size_t n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(c[i].name) == len &&
		    strncasecmp(c[i].name, s, len) == 0)
			return (int)i;
	return -1;
}

/*
 * The table's columns as -o LIST names them: comma-separated names,
 * or with a leading '+', names added to the ones shown by default.
 * NULL, or why LIST is wrong.
 */
const char *
list_select(const struct column *c, size_t n, const char *spec,
    struct colsel *s)
{
	static char why[1024];
	const char *p, *end;
	size_t i, len, off;
	int col;

	s->n = 0;
	if (*spec == '+') {
		for (i = 0; i < n; i++)
			if (c[i].shown)
				s->idx[s->n++] = (unsigned char)i;
		spec++;
	}
	if (*spec == '\0')
		return "names no column";
	for (p = spec;; p = end + 1) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		len = (size_t)(end - p);
		if (len == 0)
			return "an empty column name";
		if ((col = lookup(c, n, p, len)) == -1) {
			off = (size_t)snprintf(why, sizeof(why),
			    "no column '%.*s'; the columns are",
			    (int)(len > 64 ? 64 : len), p);
			for (i = 0; i < n && off < sizeof(why); i++)
				off += (size_t)snprintf(why + off,
				    sizeof(why) - off, "%s %s",
				    i ? "," : "", c[i].name);
			return why;
		}
		for (i = 0; i < s->n; i++)
			if (s->idx[i] == col) {
				snprintf(why, sizeof(why),
				    "column '%s' twice", c[col].name);
				return why;
			}
		s->idx[s->n++] = (unsigned char)col;
		if (*end == '\0')
			return NULL;
	}
}

/* -o help: each column's name and meaning, defaults marked. */
void
list_help(const struct column *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%-12s %s%s\n", c[i].name, c[i].help,
		    c[i].shown ? " (default)" : "");
}

/*
 * A listing of the columns c: in the table, those s chose (NULL: the
 * ones marked shown); in JSON, every one.  The rows are of c itself
 * unless list_family() says otherwise.
 */
void
list_begin(enum list_fmt f, const struct column *c, size_t n,
    const struct colsel *s)
{
	size_t i;

	fmt = f;
	cols = fam = c;
	nfam = n;
	map = NULL;
	nrows = 0;
	ntab = 0;
	sel.n = 0;
	for (i = 0; i < n && i < LIST_MAXCOLS; i++)
		if (fmt == LIST_JSON || (s == NULL && c[i].shown))
			sel.idx[sel.n++] = (unsigned char)i;
	if (fmt != LIST_JSON && s != NULL)
		sel = *s;
	cutnums = fmt == LIST_TABLE && s == NULL;
	if (fmt == LIST_JSON)
		put("[");
}

/*
 * The rows to come have the columns f (JSON prints every one); the
 * listing's column i is their m[i], or one they do not have (-1: "-").
 * For -A, whose rows are of both families.
 */
void
list_family(const struct column *f, size_t n, const int *m)
{
	fam = f;
	nfam = n;
	map = m;
}

void
list_row(const struct cell *v)
{
	list_row_more(v, NULL, NULL);
}

/* Keep a table cell, escaped, for list_end(). */
static void
keep(const char *text)
{
	char **t;

	if (ntab == captab) {
		captab = captab ? captab * 2 : 256;
		if ((t = reallocarray(tab, captab, sizeof(*t))) == NULL)
			die("listing");
		tab = t;
	}
	tab[ntab++] = list_vis(text);
}

/*
 * A row: v holds a cell for every column of the family (list_begin's,
 * or list_family's).  In JSON, more(arg) may print more members, each
 * ", \"name\": ...".  The table is printed by list_end().
 */
void
list_row_more(const struct cell *v, void (*more)(const void *),
    const void *arg)
{
	char buf[2048];
	size_t i;
	int j;

	if (fmt == LIST_JSON) {
		put(nrows++ ? ",\n  {" : "\n  {");
		for (i = 0; i < nfam; i++) {
			printf("%s\"%s\": ", i ? ", " : "", fam[i].name);
			cell(&fam[i], &v[i], buf, sizeof(buf));
		}
		if (more != NULL)
			more(arg);
		put("}");
		return;
	}
	nrows++;
	for (i = 0; i < sel.n; i++) {
		j = map == NULL ? sel.idx[i] : map[sel.idx[i]];
		if (j < 0)
			snprintf(buf, sizeof(buf), "-");
		else
			cell(&fam[j], &v[j], buf, sizeof(buf));
		keep(buf);
	}
}

/*
 * One field of a table line, padded to its width; the last ends the line,
 * unpadded when left-aligned (no trailing blanks).
 */
static void
field(const char *text, size_t w, int left, int last)
{
	size_t pad = w - width(text);

	if (!left)
		printf("%*s", (int)pad, "");
	put(text);
	if (last)
		put("\n");
	else
		printf("%*s", left ? (int)pad + 1 : 1, "");
}

/*
 * The table, now that every row is known: each column as wide as its
 * header or its widest cell (at least its width), so that rows stay in
 * line whatever a name's length, and a default table of typical objects
 * fits 80 columns.
 */
void
list_end(void)
{
	const struct column *c;
	size_t i, nc, nt, r, w[LIST_MAXCOLS] = { 0 };
	char **t;

	if (fmt == LIST_JSON) {
		put(nrows ? "\n]\n" : "]\n");
		return;
	}
	for (i = 0; i < sel.n; i++) {
		c = &cols[sel.idx[i]];
		/* -H too, so that its columns are the table's. */
		w[i] = (size_t)abs(c->width);
		if (width(c->name) > w[i])
			w[i] = width(c->name);
		for (r = i; r < ntab; r += sel.n)
			if (width(tab[r]) > w[i])
				w[i] = width(tab[r]);
	}
	for (i = 0; fmt == LIST_TABLE && i < sel.n; i++) {
		c = &cols[sel.idx[i]];
		field(c->name, w[i], c->width < 0, i + 1 == sel.n);
	}
	/* Locals: what field() calls cannot change. */
	nc = sel.n;
	nt = ntab;
	t = tab;
	ntab = 0;
	for (r = 0; nc != 0 && r + nc <= nt; r += nc)
		for (i = 0; i < nc; i++) {
			c = &cols[sel.idx[i]];
			field(t[r + i], w[i], c->width < 0, i + 1 == nc);
			free(t[r + i]);
			t[r + i] = NULL;
		}
}
