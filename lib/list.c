/*
 * The listing that shmls and mqls share: a table with a header, the same
 * without it (for awk), or JSON with typed values, one array per call.
 * Every value of a row is a long long; the column's type says how to show it.
 */
#include <pwd.h>
#include <stdio.h>
#include <time.h>

#include "ipctools.h"

static enum list_fmt	 fmt;
static const struct column *cols;
static size_t		 ncols;
static int		 nrows;

static void
put(const char *s)
{
	if (fputs(s, stdout) == EOF)
		out_close();
}

static const char *
owner(long long uid)
{
	static char buf[24];
	struct passwd *pw;

	if ((pw = getpwuid((uid_t)uid)) != NULL)
		return pw->pw_name;
	snprintf(buf, sizeof(buf), "%lld", uid);
	return buf;
}

/* The text of one value: what the table prints, or the JSON literal. */
static void
cell(const struct column *c, long long v, char *buf, size_t len)
{
	struct tm tm;
	time_t t;

	switch (c->type) {
	case COL_KEY:
		snprintf(buf, len, fmt == LIST_JSON ? "\"0x%08x\"" : "0x%08x",
		    (unsigned int)v);
		break;
	case COL_MODE:
		snprintf(buf, len, fmt == LIST_JSON ? "%lld" : "%04llo", v);
		break;
	case COL_OWNER:
		if (fmt == LIST_JSON)
			snprintf(buf, len, "%lld", v);
		else
			snprintf(buf, len, "%s", owner(v));
		break;
	case COL_TIME:
		t = (time_t)v;
		if (fmt == LIST_JSON)
			snprintf(buf, len, "%lld", v);
		else if (v == 0 || localtime_r(&t, &tm) == NULL)
			snprintf(buf, len, "-");
		else
			strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
		break;
	case COL_BOOL:
		if (fmt == LIST_JSON)
			snprintf(buf, len, "%s", v ? "true" : "false");
		else
			snprintf(buf, len, "%s", v ? "yes" : "no");
		break;
	case COL_ID:
	case COL_NUM:
		snprintf(buf, len, "%lld", v);
		break;
	}
}

/* A user name as a JSON string; names are plain, but escape anyway. */
static void
json_str(const char *s)
{
	put("\"");
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", (unsigned char)*s);
		else
			putchar(*s);
	}
	put("\"");
}

void
list_begin(enum list_fmt f, const struct column *c, size_t n)
{
	size_t i;

	fmt = f;
	cols = c;
	ncols = n;
	nrows = 0;
	if (fmt == LIST_JSON)
		put("[");
	if (fmt != LIST_TABLE)
		return;
	for (i = 0; i < ncols; i++)
		printf(i + 1 < ncols ? "%*s " : "%*s\n", cols[i].width,
		    cols[i].name);
}

void
list_row(const long long *v)
{
	list_row_more(v, NULL, NULL);
}

/* A row; in JSON, more(arg) may print more members, each ", \"name\": ...". */
void
list_row_more(const long long *v, void (*more)(const void *), const void *arg)
{
	char buf[64];
	size_t i;

	if (fmt == LIST_JSON) {
		put(nrows++ ? ",\n  {" : "\n  {");
		for (i = 0; i < ncols; i++) {
			cell(&cols[i], v[i], buf, sizeof(buf));
			if (cols[i].type == COL_OWNER) {
				printf("\"uid\": %s, \"%s\": ", buf,
				    cols[i].name);
				json_str(owner(v[i]));
			} else
				printf("\"%s\": %s", cols[i].name, buf);
			if (i + 1 < ncols)
				put(", ");
		}
		if (more != NULL)
			more(arg);
		put("}");
		return;
	}
	for (i = 0; i < ncols; i++) {
		cell(&cols[i], v[i], buf, sizeof(buf));
		printf(i + 1 < ncols ? "%*s " : "%*s\n", cols[i].width, buf);
	}
}

void
list_end(void)
{
	if (fmt == LIST_JSON)
		put(nrows ? "\n]\n" : "]\n");
}
