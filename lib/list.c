/*
 * The listing that the ls commands share: a table with a header, the same
 * without it (for awk), or JSON with typed values, one array per call.
 * One column table per listing drives all three and -o help: the table
 * shows the columns -o chose (else those marked shown), JSON every one.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "ipctools.h"

const struct column owner_cols[OWN_NCOLS] = {
	[OWN_MODE] = { "mode",	COL_MODE,	4, 1,
	    "the permissions, octal (in JSON, a number)" },
	[OWN_PERMS] = { "perms", COL_PERMS,	5, 0,
	    "the permissions, octal (in JSON, a string)" },
	[OWN_UID] = { "uid",	COL_NUM,	5, 0, "the owner's user ID" },
	[OWN_OWNER] = { "owner", COL_USER,	-8, 1, "the owner's user name" },
	[OWN_GID] = { "gid",	COL_NUM,	5, 0, "the owner's group ID" },
	[OWN_GROUP] = { "group", COL_GROUP,	-8, 0, "the owner's group name" },
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
static const struct column *cols;
static struct colsel	 sel;
static int		 nrows;

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
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/* A string as JSON: quoted, with what JSON cannot hold raw escaped. */
static void
json_str(const char *s)
{
	put("\"");
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			printf("\\u%04x", (unsigned char)*s);
		else
			putchar(*s);
	}
	put("\"");
}

/* A string for the table: control characters as '?', so rows stay rows. */
static void
table_str(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
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

	if (c->type == COL_NUMS && fmt == LIST_JSON && !v->none) {
		put("[");
		put(v->s == NULL ? "" : v->s);
		put("]");
		return;
	}
	if (v->none || ((c->type == COL_TEXT || c->type == COL_NUMS) &&
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
	case COL_TEXT:
		s = c->type != COL_COMM ? v->s :
		    command(v->n, name, sizeof(name));
		if (fmt == LIST_JSON) {
			if (s == NULL)
				put("null");
			else
				json_str(s);
			return;
		}
		snprintf(buf, len, "%s", s == NULL ? "-" : s);
		table_str(buf);
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
 * One field of a table line, padded to its width; the last ends the line,
 * unpadded when left-aligned (no trailing blanks).
 */
static void
field(const char *text, int width, int last)
{
	if (last && width < 0)
		printf("%s\n", text);
	else
		printf(last ? "%*s\n" : "%*s ", width, text);
}

/*
 * A listing of the columns c: in the table, those s chose (NULL: the
 * ones marked shown); in JSON, every one.
 */
void
list_begin(enum list_fmt f, const struct column *c, size_t n,
    const struct colsel *s)
{
	size_t i;

	fmt = f;
	cols = c;
	nrows = 0;
	sel.n = 0;
	for (i = 0; i < n && i < LIST_MAXCOLS; i++)
		if (fmt == LIST_JSON || (s == NULL && c[i].shown))
			sel.idx[sel.n++] = (unsigned char)i;
	if (fmt != LIST_JSON && s != NULL)
		sel = *s;
	if (fmt == LIST_JSON)
		put("[");
	if (fmt != LIST_TABLE)
		return;
	for (i = 0; i < sel.n; i++)
		field(cols[sel.idx[i]].name, cols[sel.idx[i]].width,
		    i + 1 == sel.n);
}

void
list_row(const struct cell *v)
{
	list_row_more(v, NULL, NULL);
}

/*
 * A row: v holds a cell for every column of list_begin().  In JSON,
 * more(arg) may print more members, each ", \"name\": ...".
 */
void
list_row_more(const struct cell *v, void (*more)(const void *),
    const void *arg)
{
	const struct column *c;
	char buf[256];
	size_t i;

	if (fmt == LIST_JSON) {
		put(nrows++ ? ",\n  {" : "\n  {");
		for (i = 0; i < sel.n; i++) {
			c = &cols[sel.idx[i]];
			printf("%s\"%s\": ", i ? ", " : "", c->name);
			cell(c, &v[sel.idx[i]], buf, sizeof(buf));
		}
		if (more != NULL)
			more(arg);
		put("}");
		return;
	}
	for (i = 0; i < sel.n; i++) {
		c = &cols[sel.idx[i]];
		cell(c, &v[sel.idx[i]], buf, sizeof(buf));
		field(buf, c->width, i + 1 == sel.n);
	}
}

void
list_end(void)
{
	if (fmt == LIST_JSON)
		put(nrows ? "\n]\n" : "]\n");
}
