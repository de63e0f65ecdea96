/*
 * The OBJECT operand, as ipctools(7) defines it:
 *	integer		a key: decimal, 0x hex, leading-0 octal, negative decimal
 *	id:N		the identifier N
 *	PATH[:PROJ]	ftok(PATH, PROJ); the word holds a '/'; the last ':' splits
 *	posix:/NAME	a POSIX object; posix:NAME is the same one
 */
#include <sys/types.h>
#include <sys/ipc.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ipctools.h"

static const char *
key_parse(const char *s, key_t *key)
{
	unsigned long long u;
	long long v;
	char *end;
	int neg = (*s == '-');

	if (!isdigit((unsigned char)s[neg]))
		return "not a key, id:N or path";
	errno = 0;
	if (neg) {
		if (s[1] == '0' && s[2] != '\0')
			return "a negative key is decimal";
		v = strtoll(s, &end, 10);
		if (*end != '\0')
			return "not a key, id:N or path";
		if (errno == ERANGE || v < INT_MIN)
			return "key out of range (-2147483648 to 0xffffffff)";
		*key = (key_t)v;
	} else {
		u = strtoull(s, &end, 0);
		if (*end != '\0')
			return "not a key, id:N or path";
		if (errno == ERANGE || u > UINT_MAX)
			return "key out of range (-2147483648 to 0xffffffff)";
		*key = (key_t)(unsigned int)u;
	}
	if (*key == IPC_PRIVATE)
		return "key 0 is IPC_PRIVATE and names no object";
	return NULL;
}

static const char *
proj_parse(const char *s, int *proj)
{
	const char *errstr, *p;

	if (*s == '\0')
		return "empty PROJ after ':'";
	if (s[1] == '\0' && !isdigit((unsigned char)*s)) {
		*proj = (unsigned char)*s;
		return NULL;
	}
	for (p = s; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p))
			return "PROJ is 1 to 255 or one character";
	*proj = (int)strtonum(s, 1, 255, &errstr);
	if (errstr != NULL)
		return "PROJ is 1 to 255 or one character";
	return NULL;
}

/*
 * A word that is no key and holds no '/' (app.lock:7) is most likely a
 * file in this directory: the reason says how to name it.  A word that
 * begins as a number does (12abc) gets the reasons of key_parse().
 */
static const char *
path_hint(const char *s)
{
	static char buf[320];
	size_t len = strlen(s);

	/* The habits of ipcs(1) users: ID:12, "id 12", x1234. */
	if (len < 256 && strncasecmp(s, "id:", 3) == 0) {
		snprintf(buf, sizeof(buf), "an identifier is written in "
		    "lowercase: 'id:%s'", s + 3);
		return buf;
	}
	if (strcasecmp(s, "id") == 0)
		return "an identifier is one word: id:N, with no space";
	if (len > 1 && len < 256 && (*s == 'x' || *s == 'X') &&
	    strspn(s + 1, "0123456789abcdefABCDEF") == len - 1) {
		snprintf(buf, sizeof(buf), "a hexadecimal key begins with "
		    "0x: '0x%s'", s + 1);
		return buf;
	}
	if (len > 256)
		return "a PATH holds a '/': write ./ before a file in this "
		    "directory";
	snprintf(buf, sizeof(buf), "a PATH holds a '/': write './%s'", s);
	return buf;
}

/*
 * A POSIX name, kept as "/NAME": one path component of 1 to NAME_MAX
 * bytes, neither "." nor "..": any byte but '/' and NUL, as the kernel
 * takes, so that an object another program named with any bytes can be
 * named back (from the JSON of a listing).  A new one's name is narrower
 * (px_new: printable ASCII).
 */
static const char *
posix_parse(const char *s, struct operand *o)
{
	size_t len;

	if (*s == '/')
		s++;
	if (*s == '\0')
		return "empty POSIX name";
	if (strchr(s, '/') != NULL)
		return "a POSIX name holds no '/' after its first";
	if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return "a POSIX name is not '.' or '..'";
	if ((len = strlen(s)) > NAME_MAX)
		return "POSIX name longer than 255 bytes (NAME_MAX)";
	if ((o->name = malloc(len + 2)) == NULL)
		return "out of memory";
	o->name[0] = '/';
	memcpy(o->name + 1, s, len + 1);
	o->form = OPERAND_POSIX;
	return NULL;
}

/*
 * Parse without touching the file system; returns NULL or the reason.
 * A PATH form leaves o->path allocated, a POSIX one o->name;
 * operand_free() releases them.
 */
const char *
operand_parse(const char *s, struct operand *o)
{
	const char *colon, *why, *errstr;
	long long id;

	memset(o, 0, sizeof(*o));
	o->arg = s;
	if (*s == '\0')
		return "empty";
	if (strncmp(s, "posix:", 6) == 0)
		return posix_parse(s + 6, o);
	if (strncmp(s, "id:", 3) == 0) {
		if (s[3] == '\0' || strspn(s + 3, "0123456789") != strlen(s + 3))
			return "id:N takes a decimal number";
		id = strtonum(s + 3, 0, INT_MAX, &errstr);
		if (errstr != NULL)
			return "id out of range (0 to 2147483647)";
		o->form = OPERAND_ID;
		o->id = (int)id;
		return NULL;
	}
	if (strchr(s, '/') == NULL) {
		if (!isdigit((unsigned char)s[*s == '-']))
			return path_hint(s);
		return key_parse(s, &o->key);
	}

	o->form = OPERAND_KEY;
	o->proj = 1;
	colon = strrchr(s, ':');
	if (colon != NULL && (why = proj_parse(colon + 1, &o->proj)) != NULL)
		return why;
	if (colon == s)
		return "empty path";
	if (colon != NULL && memchr(s, '/', (size_t)(colon - s)) == NULL)
		return path_hint(s);
	if ((o->path = strndup(s, colon ? (size_t)(colon - s) : strlen(s)))
	    == NULL)
		return "out of memory";
	return NULL;
}

void
operand_free(struct operand *o)
{
	free(o->path);
	free(o->name);
	o->path = o->name = NULL;
}
