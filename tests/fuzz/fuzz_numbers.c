/*
 * libFuzzer harness for num_parse(), size_parse(), secs_parse(),
 * mode_parse() and dur_parse().
 *
 * The first byte picks the parser, the next ones its limits, the rest is
 * the text.  Each result is compared with arithmetic done here from the
 * grammar of ipctools(7): decimal digits (a sign only for numbers), sizes
 * with k, m, g or t as powers of 1024, seconds as a decimal fraction cut
 * to nanoseconds, modes as octal 0 to 0777, durations as digits times
 * the unit (s, m, h, d).  Whatever is accepted must lie within the
 * limits, and the canonical form of an accepted value must give the same
 * value.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ipctools.h"

#define CHECK(cond, what) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "property failed: %s (input '%s')\n",	\
		    (what), s);						\
		abort();						\
	}								\
} while (0)

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
}

/* Decimal digits to the end; 0 if none or any other byte, else 1. */
static int
decimal(const char *p, const char *end, uint64_t *v, int *over)
{
	*v = 0;
	*over = 0;
	if (p == end)
		return 0;
	for (; p < end; p++) {
		if (!isdig(*p))
			return 0;
		if (*over || *v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			*over = 1;
		else
			*v = *v * 10 + (uint64_t)(*p - '0');
	}
	return 1;
}

static void
fuzz_num(const char *s, long long min, long long max)
{
	const char *why, *p = s;
	long long v, v2;
	uint64_t u;
	int neg, over, ok;
	char buf[32];

	why = num_parse(s, min, max, &v);
	neg = (*p == '-');
	ok = decimal(p + neg, p + strlen(p), &u, &over) && !over &&
	    u <= (uint64_t)LLONG_MAX + neg;
	if (ok) {
		if (neg)
			ok = (u == (uint64_t)LLONG_MAX + 1) ? min == LLONG_MIN :
			    -(long long)u >= min && -(long long)u <= max;
		else
			ok = (long long)u >= min && (long long)u <= max;
		ok = ok && min <= max;
	}
	if (why != NULL) {
		CHECK(*why != '\0', "num_parse: empty reason");
		CHECK(!ok, "num_parse rejects a number the grammar allows");
		return;
	}
	CHECK(ok, "num_parse accepts text outside the grammar or limits");
	CHECK(v >= min && v <= max, "num_parse: value outside the limits");
	CHECK(neg ? (u == (uint64_t)LLONG_MAX + 1 ? v == LLONG_MIN :
	    v == -(long long)u) : v == (long long)u, "num_parse: wrong value");
	snprintf(buf, sizeof(buf), "%lld", v);
	CHECK(num_parse(buf, min, max, &v2) == NULL && v2 == v,
	    "num_parse: canonical form gives another value");
}

static void
fuzz_size(const char *s, uint64_t max)
{
	const char *why, *end = s + strlen(s);
	uint64_t v, u;
	int over, ok, shift = 0;
	char buf[32];

	if (end > s && strchr("kKmMgGtT", end[-1]) != NULL) {
		switch (end[-1] | 0x20) {
		case 'k': shift = 10; break;
		case 'm': shift = 20; break;
		case 'g': shift = 30; break;
		default: shift = 40; break;
		}
		end--;
	}
	ok = decimal(s, end, &u, &over) && !over &&
	    (u << shift) >> shift == u && (u << shift) <= max;
	why = size_parse(s, max, &v);
	if (why != NULL) {
		CHECK(*why != '\0', "size_parse: empty reason");
		CHECK(!ok, "size_parse rejects a size the grammar allows");
		return;
	}
	CHECK(ok, "size_parse accepts text outside the grammar or limits");
	CHECK(v == u << shift, "size_parse: digits times suffix differ");
	CHECK(v <= max, "size_parse: value above the limit");
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	CHECK(size_parse(buf, max, &u) == NULL && u == v,
	    "size_parse: canonical form gives another value");
}

static void
fuzz_secs(const char *s)
{
	struct timespec ts, ts2;
	const char *why, *dot, *p;
	uint64_t sec;
	long nsec = 0, scale = 100000000;
	int over, ok;
	char buf[64];

	dot = strchr(s, '.');
	ok = decimal(s, dot ? dot : s + strlen(s), &sec, &over) && !over &&
	    sec <= 1000000;
	if (ok && dot != NULL) {
		if (dot[1] == '\0')
			ok = 0;
		for (p = dot + 1; ok && *p != '\0'; p++, scale /= 10) {
			if (!isdig(*p))
				ok = 0;
			else
				nsec += (*p - '0') * scale;
		}
	}
	ok = ok && (sec > 0 || nsec > 0) && !(sec == 1000000 && nsec > 0);
	memset(&ts, 0xa5, sizeof(ts));
	why = secs_parse(s, &ts);
	if (why != NULL) {
		CHECK(*why != '\0', "secs_parse: empty reason");
		CHECK(!ok, "secs_parse rejects seconds the grammar allows");
		return;
	}
	CHECK(ok, "secs_parse accepts text outside the grammar or limits");
	CHECK(ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000,
	    "secs_parse: tv_nsec outside 0 to 999999999");
	CHECK(ts.tv_sec >= 0 && ts.tv_sec <= 1000000,
	    "secs_parse: tv_sec outside 0 to 1000000");
	CHECK(ts.tv_sec > 0 || ts.tv_nsec > 0, "secs_parse: zero accepted");
	CHECK((uint64_t)ts.tv_sec == sec && ts.tv_nsec == nsec,
	    "secs_parse: wrong value");
	snprintf(buf, sizeof(buf), "%lld.%09ld", (long long)ts.tv_sec,
	    ts.tv_nsec);
	CHECK(secs_parse(buf, &ts2) == NULL && ts2.tv_sec == ts.tv_sec &&
	    ts2.tv_nsec == ts.tv_nsec, "secs_parse: canonical form differs");
}

/*
 * dur_parse: accepted exactly when the text is decimal digits with at
 * most one unit of s, m, h or d after them, worth 1 to DUR_MAX seconds;
 * the value is the digits times the unit, and its canonical form (plain
 * seconds) parses back to it.
 */
static void
fuzz_dur(const char *s)
{
	const char *why, *end = s + strlen(s), *u;
	static const char units[] = "smhd";
	static const uint64_t mult[] = { 1, 60, 3600, 86400 };
	uint64_t n, unit = 1;
	long long v = -1, v2 = -1;
	int over, ok;
	char buf[32];

	if (end > s && (u = strchr(units, end[-1])) != NULL &&
	    end[-1] != '\0') {
		unit = mult[u - units];
		end--;
	}
	ok = decimal(s, end, &n, &over) && !over && n > 0 &&
	    n <= (uint64_t)DUR_MAX / unit;
	why = dur_parse(s, &v);
	if (why != NULL) {
		CHECK(*why != '\0', "dur_parse: empty reason");
		CHECK(!ok, "dur_parse rejects a duration the grammar allows");
		return;
	}
	CHECK(ok, "dur_parse accepts text outside the grammar or limits");
	CHECK(v > 0 && v <= DUR_MAX, "dur_parse: value outside the limits");
	CHECK((uint64_t)v == n * unit, "dur_parse: digits times unit differ");
	snprintf(buf, sizeof(buf), "%lld", v);
	CHECK(dur_parse(buf, &v2) == NULL && v2 == v,
	    "dur_parse: canonical form gives another value");
}

/*
 * mode_parse: accepted exactly when the text is one or more octal digits
 * whose value is at most 0777 (leading zeros allowed); the value is that
 * number, and its canonical octal form parses back to it.
 */
static void
fuzz_mode(const char *s)
{
	const char *p, *why;
	char buf[8];
	unsigned long v = 0;
	int ok = *s != '\0', mode = -1, m2 = -1;

	for (p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '7')
			ok = 0;
		else if (v <= 0777)
			v = v * 8 + (unsigned long)(*p - '0');
	}
	if (v > 0777)
		ok = 0;
	why = mode_parse(s, &mode);
	CHECK((why == NULL) == ok, "mode acceptance differs from octal 0..0777");
	if (why != NULL)
		return;
	CHECK((unsigned long)mode == v, "mode value differs");
	snprintf(buf, sizeof(buf), "%o", mode);
	CHECK(mode_parse(buf, &m2) == NULL && m2 == mode,
	    "canonical mode does not round-trip");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long long lim[2] = { 0, 0 };
	uint64_t max;
	char *s;
	int which;

	if (size < 1 + sizeof(lim))
		return 0;
	/* % 5 keeps the seeds of the first four parsers (bytes 0 to 3). */
	which = data[0] % 5;
	memcpy(lim, data + 1, sizeof(lim));
	data += 1 + sizeof(lim);
	size -= 1 + sizeof(lim);
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	switch (which) {
	case 0:
		/* Small limits are the usual case; keep them reachable. */
		if (lim[0] & 1) {
			lim[0] = (lim[0] >> 1) % 100000;
			lim[1] = (lim[1] >> 1) % 100000;
		}
		fuzz_num(s, lim[0], lim[1]);
		break;
	case 1:
		memcpy(&max, &lim[0], sizeof(max));
		if (lim[1] & 1)
			max = UINT64_MAX;
		fuzz_size(s, max);
		break;
	case 2:
		fuzz_secs(s);
		break;
	case 4:
		fuzz_dur(s);
		break;
	default:
		fuzz_mode(s);
		break;
	}
	free(s);
	return 0;
}
