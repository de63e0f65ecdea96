/*
 * libFuzzer harness for operand_parse(), the OBJECT operand of ipctools(7).
 *
 * Not only "no crash": every input is also parsed by a reference parser
 * written from the grammar of the contract alone, and the two must agree
 * on accept or reject and on the result.  An accepted operand, printed
 * back in canonical form, must parse to the same object again.
 */
#include <sys/types.h>
#include <sys/ipc.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctools.h"

#define CHECK(cond, what) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "property failed: %s (input '%s')\n",	\
		    (what), s);						\
		abort();						\
	}								\
} while (0)

enum ref_kind { REF_BAD, REF_KEY, REF_ID, REF_PATH, REF_POSIX };

struct ref {
	enum ref_kind	 kind;
	key_t		 key;
	int		 id;
	size_t		 pathlen;
	int		 proj;
	const char	*name;		/* REF_POSIX: NAME after "posix:" and one '/' */
};

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Digits of one base from s to the end; -1 if any is not of that base or
 * there are none, else the value, saturated just above "lim".
 */
static long long
digits(const char *s, int base, long long lim)
{
	long long v = 0;
	int d;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if ((d = hexval(*s)) == -1 || d >= base)
			return -1;
		v = v * base + d;
		if (v > lim)
			v = lim + 1;
	}
	return v;
}

static struct ref
ref_parse(const char *s)
{
	struct ref r = { REF_BAD, 0, 0, 0, 0, NULL };
	const char *colon, *slash, *p;
	long long v;

	if (*s == '\0')
		return r;
	if (strncmp(s, "posix:", 6) == 0) {
		p = s + 6 + (s[6] == '/');
		if (*p == '\0' || strlen(p) > 255 || strcmp(p, ".") == 0 ||
		    strcmp(p, "..") == 0)
			return r;
		for (r.name = p; *p != '\0'; p++)
			if (*p == '/')
				return r;
		r.kind = REF_POSIX;
		return r;
	}
	if (strncmp(s, "id:", 3) == 0) {
		if ((v = digits(s + 3, 10, INT_MAX)) < 0 || v > INT_MAX)
			return r;
		r.kind = REF_ID;
		r.id = (int)v;
		return r;
	}
	if ((slash = strchr(s, '/')) != NULL) {
		colon = strrchr(s, ':');
		r.proj = 1;
		if (colon != NULL) {
			if (colon[1] != '\0' && colon[2] == '\0' &&
			    !isdig(colon[1]))
				r.proj = (unsigned char)colon[1];
			else if ((v = digits(colon + 1, 10, 255)) >= 1 &&
			    v <= 255)
				r.proj = (int)v;
			else
				return r;
			/* The word before ":PROJ" is the path; it holds a '/'. */
			if (slash > colon)
				return r;
		}
		r.pathlen = colon ? (size_t)(colon - s) : strlen(s);
		r.kind = REF_PATH;
		return r;
	}
	if (s[0] == '-') {
		/* Negative keys are decimal, as /proc/sysvipc prints them. */
		if (s[1] == '0' || (v = digits(s + 1, 10, 1LL << 31)) < 0 ||
		    v > 1LL << 31)
			return r;
		r.key = (key_t)-v;
	} else {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
			v = digits(s + 2, 16, UINT_MAX);
		else if (s[0] == '0')
			v = s[1] == '\0' ? 0 : digits(s + 1, 8, UINT_MAX);
		else
			v = digits(s, 10, UINT_MAX);
		if (v < 0 || v > UINT_MAX)
			return r;
		r.key = (key_t)(unsigned int)v;
	}
	if (r.key != IPC_PRIVATE)
		r.kind = REF_KEY;
	return r;
}

/* Print an accepted object back in canonical form and parse it again. */
static void
roundtrip(const char *s, const struct operand *o)
{
	struct operand o2;
	char *buf;
	size_t n;

	n = (o->path ? strlen(o->path) : 0) + (o->name ? strlen(o->name) : 0) + 32;
	if ((buf = malloc(n)) == NULL)
		abort();
	if (o->form == OPERAND_ID)
		snprintf(buf, n, "id:%d", o->id);
	else if (o->form == OPERAND_POSIX)
		snprintf(buf, n, "posix:%s", o->name + 1);
	else if (o->path != NULL)
		snprintf(buf, n, "%s:%d", o->path, o->proj);
	else
		snprintf(buf, n, "0x%x", (unsigned int)o->key);
	CHECK(operand_parse(buf, &o2) == NULL, "canonical form is rejected");
	CHECK(o2.form == o->form, "canonical form changes the kind");
	CHECK(o2.form != OPERAND_ID || o2.id == o->id, "canonical id differs");
	CHECK(o2.form != OPERAND_KEY || o->path != NULL || o2.key == o->key,
	    "canonical key differs");
	if (o->name != NULL)
		CHECK(o2.name != NULL && strcmp(o2.name, o->name) == 0,
		    "canonical POSIX name differs");
	if (o->path != NULL) {
		CHECK(o2.path != NULL && strcmp(o2.path, o->path) == 0,
		    "canonical path differs");
		CHECK(o2.proj == o->proj, "canonical PROJ differs");
	}
	if (o->form == OPERAND_KEY && o->path == NULL && o->key < 0) {
		/* Negative decimal, as /proc prints keys, names the same key. */
		snprintf(buf, n, "%d", (int)o->key);
		operand_free(&o2);
		CHECK(operand_parse(buf, &o2) == NULL && o2.key == o->key,
		    "negative decimal form of the key differs");
	}
	operand_free(&o2);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct operand o;
	struct ref r;
	const char *why;
	char *s;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	why = operand_parse(s, &o);
	r = ref_parse(s);
	CHECK(o.arg == s, "arg does not point at the operand");
	if (why != NULL) {
		CHECK(*why != '\0', "empty reason");
		CHECK(r.kind == REF_BAD, "rejects an operand the grammar allows");
		CHECK(o.path == NULL, "a rejected operand keeps a path");
		CHECK(o.name == NULL, "a rejected operand keeps a name");
	} else {
		CHECK(r.kind != REF_BAD, "accepts an operand outside the grammar");
		switch (r.kind) {
		case REF_ID:
			CHECK(o.form == OPERAND_ID && o.id == r.id, "wrong id");
			break;
		case REF_KEY:
			CHECK(o.form == OPERAND_KEY && o.path == NULL &&
			    o.key == r.key, "wrong key");
			break;
		case REF_PATH:
			CHECK(o.form == OPERAND_KEY && o.path != NULL &&
			    strlen(o.path) == r.pathlen &&
			    strncmp(o.path, s, r.pathlen) == 0, "wrong path");
			CHECK(o.proj == r.proj, "wrong PROJ");
			CHECK(o.proj >= 1 && o.proj <= 255, "PROJ out of range");
			break;
		case REF_POSIX:
			CHECK(o.form == OPERAND_POSIX && o.name != NULL &&
			    o.name[0] == '/' && strcmp(o.name + 1, r.name) == 0,
			    "wrong POSIX name");
			break;
		default:
			break;
		}
		roundtrip(s, &o);
	}
	operand_free(&o);
	free(s);
	return 0;
}
