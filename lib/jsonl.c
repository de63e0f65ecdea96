/*
 * JSON Lines: one queue message a line, as mqrecv -j writes it and
 * mqsend -j reads it back:
 *
 *	{"type":1,"size":5,"text":"hello"}
 *	{"type":2,"size":3,"base64":"AP8K"}
 *	{"end":true}
 *
 * The body is "text" when it is valid UTF-8 and "base64" otherwise, so
 * every byte string has one form and no key means two things.  A type
 * above 2^53 is written as a string of digits, since readers such as
 * jq 1.6 round larger numbers to doubles; both forms are read.
 *
 * The reader takes what any JSON writer may make of such a line (jq -c
 * re-escapes, reorders nothing, but another tool may): whitespace, keys
 * in any order and escaped, every string escape with UTF-16 surrogate
 * pairs.  It refuses what would make a line mean two things or nothing:
 * a key twice, a key it does not know, both bodies, a "size" that is not
 * the body's, a lone surrogate, bytes that are not UTF-8, base64 that is
 * not in its one canonical form.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "jsonl.h"

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* The longest line a message of n bytes can take, whitespace aside. */
size_t
jsonl_max(size_t n)
{
	return 6 * n + JSONL_SLACK;
}

/*
 * The length of the UTF-8 sequence at p (RFC 3629: no overlong form, no
 * surrogate, nothing past U+10FFFF), or 0 when it is not one.
 */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		cp = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		cp = p[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/* utf8_seq() for list.c's strings: names, which may hold any bytes. */
size_t
jsonl_utf8_seq(const char *p, size_t n)
{
	return utf8_seq((const unsigned char *)p, n);
}

/* Whether buf[0..len) is valid UTF-8. */
int
jsonl_utf8(const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t i, k;

	for (i = 0; i < len; i += k)
		if ((k = utf8_seq(p + i, len - i)) == 0)
			return 0;
	return 1;
}

/* The characters of s, without its NUL; returns where they end. */
static char *
put_lit(char *d, const char *s)
{
	while (*s != '\0')
		*d++ = *s++;
	return d;
}

/* The type: a number while exact everywhere, digits in a string above. */
static size_t
put_type(char *dst, long type)
{
	if (type >= 0 && type <= JSONL_EXACT)
		return (size_t)sprintf(dst, "%ld", type);
	return (size_t)sprintf(dst, "\"%ld\"", type);
}

static size_t
put_text(char *dst, const unsigned char *p, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char *d = dst;
	size_t i;

	for (i = 0; i < len; i++) {
		switch (p[i]) {
		case '"':
		case '\\':
			*d++ = '\\';
			*d++ = (char)p[i];
			continue;
		case '\b':
			*d++ = '\\';
			*d++ = 'b';
			continue;
		case '\f':
			*d++ = '\\';
			*d++ = 'f';
			continue;
		case '\n':
			*d++ = '\\';
			*d++ = 'n';
			continue;
		case '\r':
			*d++ = '\\';
			*d++ = 'r';
			continue;
		case '\t':
			*d++ = '\\';
			*d++ = 't';
			continue;
		default:
			break;
		}
		/* Controls, and DEL, escaped: the line is safe on a terminal. */
		if (p[i] < 0x20 || p[i] == 0x7f) {
			d = put_lit(d, "\\u00");
			*d++ = hex[p[i] >> 4];
			*d++ = hex[p[i] & 0xf];
		} else
			*d++ = (char)p[i];
	}
	return (size_t)(d - dst);
}

static size_t
put_b64(char *dst, const unsigned char *p, size_t len)
{
	char *d = dst;
	uint32_t v;
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		*d++ = b64[v >> 18];
		*d++ = b64[v >> 12 & 0x3f];
		*d++ = b64[v >> 6 & 0x3f];
		*d++ = b64[v & 0x3f];
	}
	if (len - i == 1) {
		v = (uint32_t)p[i] << 16;
		*d++ = b64[v >> 18];
		*d++ = b64[v >> 12 & 0x3f];
		*d++ = '=';
		*d++ = '=';
	} else if (len - i == 2) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		*d++ = b64[v >> 18];
		*d++ = b64[v >> 12 & 0x3f];
		*d++ = b64[v >> 6 & 0x3f];
		*d++ = '=';
	}
	return (size_t)(d - dst);
}

/* len bytes as base64 into dst (4 for each 3, rounded up); its length. */
size_t
jsonl_b64(char *dst, const char *p, size_t len)
{
	return put_b64(dst, (const unsigned char *)p, len);
}

/*
 * The line of one message into dst, which holds jsonl_max(len) bytes;
 * returns its length.  No newline: the caller ends the line.
 */
size_t
jsonl_encode(char *dst, long type, const char *body, size_t len)
{
	const unsigned char *p = (const unsigned char *)body;
	char *d = dst;
	int text = jsonl_utf8(body, len);

	d = put_lit(d, "{\"type\":");
	d += put_type(d, type);
	d += sprintf(d, ",\"size\":%zu,\"%s\":\"", len, text ? "text" :
	    "base64");
	d += text ? put_text(d, p, len) : put_b64(d, p, len);
	d = put_lit(d, "\"}");
	return (size_t)(d - dst);
}

/* The reader's state over one line. */
struct jp {
	const unsigned char	*p, *start, *end;
	const char		*why;
};

/* Where a string's bytes go: a buffer (counting past its end), or base64. */
struct sink {
	char		*dst;
	size_t		 cap;
	size_t		 n;		/* bytes out, all of them */
	int		 b64;		/* decode base64 on the way */
	uint32_t	 acc;
	int		 bits;
	size_t		 chars;		/* base64 characters in */
	int		 pad;
};

static int
jfail(struct jp *j, const char *why)
{
	if (j->why == NULL)
		j->why = why;
	return -1;
}

static void
ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static void
out(struct sink *s, unsigned char c)
{
	if (s->n < s->cap)
		s->dst[s->n] = (char)c;
	s->n++;
}

static int
b64_val(unsigned char c)
{
	const char *q;

	if (c == '\0' || (q = strchr(b64, c)) == NULL)
		return -1;
	return (int)(q - b64);
}

/* One character of a string to the sink. */
static int
put(struct jp *j, struct sink *s, unsigned char c)
{
	int v;

	if (!s->b64) {
		out(s, c);
		return 0;
	}
	s->chars++;
	if (c == '=') {
		if (++s->pad > 2)
			return jfail(j, "its base64 has more than two '='");
		return 0;
	}
	if (s->pad > 0)
		return jfail(j, "its base64 goes on after '='");
	if ((v = b64_val(c)) < 0)
		return jfail(j, "its base64 holds a character outside "
		    "A-Z, a-z, 0-9, + and /");
	s->acc = (s->acc << 6 | (uint32_t)v) & 0xfff;
	s->bits += 6;
	if (s->bits >= 8) {
		s->bits -= 8;
		out(s, (unsigned char)(s->acc >> s->bits));
	}
	return 0;
}

/* The end of a base64 string: whole groups, nothing left over. */
static int
b64_done(struct jp *j, struct sink *s)
{
	if (s->chars % 4 != 0)
		return jfail(j, "its base64 is not a whole number of "
		    "4-character groups");
	if ((s->acc & ((1U << s->bits) - 1)) != 0)
		return jfail(j, "its base64 is not canonical (bits set past "
		    "the last byte)");
	return 0;
}

/* A code point to the sink as UTF-8. */
static int
put_cp(struct jp *j, struct sink *s, uint32_t cp)
{
	if (cp < 0x80)
		return put(j, s, (unsigned char)cp);
	if (cp < 0x800)
		return put(j, s, (unsigned char)(0xc0 | cp >> 6)) |
		    put(j, s, (unsigned char)(0x80 | (cp & 0x3f)));
	if (cp < 0x10000)
		return put(j, s, (unsigned char)(0xe0 | cp >> 12)) |
		    put(j, s, (unsigned char)(0x80 | (cp >> 6 & 0x3f))) |
		    put(j, s, (unsigned char)(0x80 | (cp & 0x3f)));
	return put(j, s, (unsigned char)(0xf0 | cp >> 18)) |
	    put(j, s, (unsigned char)(0x80 | (cp >> 12 & 0x3f))) |
	    put(j, s, (unsigned char)(0x80 | (cp >> 6 & 0x3f))) |
	    put(j, s, (unsigned char)(0x80 | (cp & 0x3f)));
}

/* The four hex digits of a \u escape, j->p at the first. */
static int
hex4(struct jp *j, uint32_t *v)
{
	int i, c;

	*v = 0;
	if (j->end - j->p < 4)
		return jfail(j, "a \\u escape needs four hex digits");
	for (i = 0; i < 4; i++) {
		c = *j->p++;
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else
			return jfail(j, "a \\u escape needs four hex digits");
		*v = *v << 4 | (uint32_t)c;
	}
	return 0;
}

/* After a backslash: one escape to the sink. */
static int
escape(struct jp *j, struct sink *s)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *q;
	uint32_t hi, lo;
	unsigned char c;

	if (j->p == j->end)
		return jfail(j, "the line ends inside a string");
	c = *j->p++;
	if (c != 'u') {
		if (c == '\0' || (q = strchr(from, c)) == NULL)
			return jfail(j, "an escape that JSON does not have");
		return put(j, s, (unsigned char)to[q - from]);
	}
	if (hex4(j, &hi) == -1)
		return -1;
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return jfail(j, "a low surrogate without a high one before it");
	if (hi < 0xd800 || hi > 0xdbff)
		return put_cp(j, s, hi);
	if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u')
		return jfail(j, "a high surrogate without a low one after it");
	j->p += 2;
	if (hex4(j, &lo) == -1)
		return -1;
	if (lo < 0xdc00 || lo > 0xdfff)
		return jfail(j, "a high surrogate without a low one after it");
	return put_cp(j, s, 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00));
}

/* A string, j->p at its opening quote, its characters to the sink. */
static int
string(struct jp *j, struct sink *s)
{
	size_t k;

	if (j->p == j->end || *j->p != '"')
		return jfail(j, "a string was expected");
	j->p++;
	for (;;) {
		if (j->p == j->end)
			return jfail(j, "the line ends inside a string");
		if (*j->p == '"') {
			j->p++;
			return s->b64 ? b64_done(j, s) : 0;
		}
		if (*j->p == '\\') {
			j->p++;
			if (escape(j, s) == -1)
				return -1;
			continue;
		}
		if (*j->p < 0x20)
			return jfail(j, "a control character inside a string "
			    "(JSON has it escaped)");
		if ((k = utf8_seq(j->p, (size_t)(j->end - j->p))) == 0)
			return jfail(j, "bytes that are not UTF-8");
		while (k-- > 0)
			if (put(j, s, *j->p++) == -1)
				return -1;
	}
}

/* Digits only, no sign, no leading zero, at most LLONG_MAX. */
static int
digits(struct jp *j, const unsigned char *p, size_t n, unsigned long long *v)
{
	size_t i;

	*v = 0;
	if (n == 0 || (n > 1 && p[0] == '0'))
		return -1;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		if (*v > (unsigned long long)(LLONG_MAX - (p[i] - '0')) / 10)
			return jfail(j, "a number above 9223372036854775807");
		*v = *v * 10 + (unsigned long long)(p[i] - '0');
	}
	return 0;
}

/*
 * A whole number from 0 to LLONG_MAX, written as a JSON number without
 * fraction or exponent, or (strok) as a string of such digits.
 */
static int
whole(struct jp *j, int strok, unsigned long long *v)
{
	static const char why[] = "a whole number from 0 to "
	    "9223372036854775807 was expected";
	const unsigned char *p = j->p;
	char buf[24];
	struct sink s;

	if (strok && p < j->end && *p == '"') {
		memset(&s, 0, sizeof(s));
		s.dst = buf;
		s.cap = sizeof(buf);
		if (string(j, &s) == -1)
			return -1;
		if (s.n > sizeof(buf) || digits(j, (unsigned char *)buf, s.n,
		    v) == -1)
			return jfail(j, why);
		return 0;
	}
	while (j->p < j->end && ((*j->p >= '0' && *j->p <= '9') ||
	    *j->p == '-' || *j->p == '+' || *j->p == '.' || *j->p == 'e' ||
	    *j->p == 'E'))
		j->p++;
	if (digits(j, p, (size_t)(j->p - p), v) == -1)
		return jfail(j, why);
	return 0;
}

enum key { K_TYPE, K_SIZE, K_TEXT, K_BASE64, K_END, K_NONE };
static const char *const keys[] = { "type", "size", "text", "base64", "end" };

static enum key
key(struct jp *j)
{
	const unsigned char *at = j->p;
	char buf[8];
	struct sink s;
	int k;

	memset(&s, 0, sizeof(s));
	s.dst = buf;
	s.cap = sizeof(buf);
	if (string(j, &s) == -1)
		return K_NONE;
	for (k = 0; k < K_NONE; k++)
		if (s.n == strlen(keys[k]) && memcmp(buf, keys[k], s.n) == 0)
			return (enum key)k;
	j->p = at;
	jfail(j, "a key other than type, size, text, base64 and end");
	return K_NONE;
}

/* One member's value, j->p at it; a body goes to body[0..cap). */
static int
value(struct jp *j, enum key k, struct sink *body, struct jsonl_msg *m)
{
	unsigned long long v;

	switch (k) {
	case K_TYPE:
		if (whole(j, 1, &v) == -1 || v > LONG_MAX)
			return jfail(j, "its type is not a whole number from 0 "
			    "to 9223372036854775807");
		m->typed = 1;
		m->type = (long)v;
		return 0;
	case K_SIZE:
		if (whole(j, 0, &v) == -1)
			return -1;
		m->sized = 1;
		m->size = v;
		return 0;
	case K_TEXT:
	case K_BASE64:
		body->b64 = k == K_BASE64;
		return string(j, body);
	case K_END:
		if (j->end - j->p < 4 || memcmp(j->p, "true", 4) != 0)
			return jfail(j, "\"end\" is true or absent");
		j->p += 4;
		m->end = 1;
		return 0;
	case K_NONE:
		break;
	}
	return jfail(j, "a key other than type, size, text, base64 and end");
}

/*
 * One line (without its newline): NULL, with the message in *m and its
 * body in body[0..cap) (m->len may be more than cap: it was cut), or
 * the end mark (m->end); else why it is not one, m->at the byte where
 * the reader stopped (from 1; 0 when the reason is the whole object).
 */
const char *
jsonl_parse(const char *line, size_t len, char *body, size_t cap,
    struct jsonl_msg *m)
{
	const unsigned char *kp;
	struct jp j;
	struct sink s;
	unsigned int seen = 0;
	enum key k;

	memset(m, 0, sizeof(*m));
	memset(&s, 0, sizeof(s));
	s.dst = body;
	s.cap = cap;
	j.p = j.start = (const unsigned char *)line;
	j.end = j.p + len;
	j.why = NULL;

	ws(&j);
	if (j.p == j.end || *j.p != '{') {
		jfail(&j, "not a JSON object");
		goto bad;
	}
	j.p++;
	ws(&j);
	if (j.p < j.end && *j.p == '}')
		j.p++;
	else
		for (;;) {
			kp = j.p;
			if ((k = key(&j)) == K_NONE)
				goto bad;
			if (seen & 1U << k) {
				j.p = kp;
				jfail(&j, "a key comes twice");
				goto bad;
			}
			seen |= 1U << k;
			ws(&j);
			if (j.p == j.end || *j.p++ != ':') {
				jfail(&j, "a ':' was expected after a key");
				goto bad;
			}
			ws(&j);
			if (value(&j, k, &s, m) == -1)
				goto bad;
			ws(&j);
			if (j.p < j.end && *j.p == ',') {
				j.p++;
				ws(&j);
				continue;
			}
			if (j.p < j.end && *j.p == '}') {
				j.p++;
				break;
			}
			jfail(&j, "a ',' or '}' was expected");
			goto bad;
		}
	ws(&j);
	if (j.p != j.end) {
		jfail(&j, "more follows the object on its line");
		goto bad;
	}
	m->len = s.n;
	if (m->end) {
		if (seen != 1U << K_END)
			return "the end mark {\"end\":true} has no other key";
		return NULL;
	}
	if ((seen & (1U << K_TEXT | 1U << K_BASE64)) == 0)
		return "it has neither \"text\" nor \"base64\"";
	if ((seen & (1U << K_TEXT | 1U << K_BASE64)) ==
	    (1U << K_TEXT | 1U << K_BASE64))
		return "it has both \"text\" and \"base64\"";
	if (m->sized && m->size != m->len)
		return "its \"size\" is not the length of its body";
	return NULL;
bad:
	m->at = (size_t)(j.p - j.start) + 1;
	return j.why;
}
