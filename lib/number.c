/*
 * Numbers from the command line: counts, sizes (decimal with k, m, g, t),
 * seconds with decimals, durations with units (s, m, h, d), and octal
 * modes.  Every parser returns NULL or a reason, so that fuzzers can drive
 * it; the *_arg wrappers turn a reason into a usage error that quotes the
 * option and the value.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ipctools.h"

const char *
num_parse(const char *s, long long min, long long max, long long *v)
{
	const char *errstr, *p = s;

	if (*s == '\0')
		return "empty";
	/* strtonum(3) would take leading blanks and a '+'; we do not. */
	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return "invalid";
	*v = strtonum(s, min, max, &errstr);
	return errstr;
}

long long
num_arg(const char *opt, const char *s, long long min, long long max)
{
	const char *why;
	long long v;

	if ((why = num_parse(s, min, max, &v)) != NULL)
		diex(EX_USAGE, "%s '%s': %s (%lld to %lld)", opt, s, why,
		    min, max);
	return v;
}

/*
 * A size: decimal digits with an optional k, m, g or t suffix (powers of
 * 1024).  expand_number(3) would read "010" as octal and take a sign and
 * more suffixes than the contract promises, so the digits are ours.
 */
static const char size_too_large[] = "too large";

const char *
size_parse(const char *s, uint64_t max, uint64_t *v)
{
	static const char units[] = "kmgt";
	uint64_t n = 0, unit = 1;
	const char *p, *sfx;

	if (*s == '\0')
		return "empty";
	for (p = s; isdigit((unsigned char)*p); p++) {
		if (n > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return size_too_large;
		n = n * 10 + (uint64_t)(*p - '0');
	}
	if (p == s)
		return "not a size";
	if (*p != '\0') {
		if (p[1] != '\0' || (sfx = strchr(units, tolower(
		    (unsigned char)*p))) == NULL || *sfx == '\0')
			return "the suffixes are k, m, g and t (KiB to TiB), "
			    "one letter";
		unit = (uint64_t)1 << (10 * (sfx - units + 1));
	}
	if (n > UINT64_MAX / unit || n * unit > max)
		return size_too_large;
	*v = n * unit;
	return NULL;
}

uint64_t
size_arg(const char *opt, const char *s, uint64_t max)
{
	const char *why;
	uint64_t v;

	/* Only a size too large is helped by the bound. */
	if ((why = size_parse(s, max, &v)) == size_too_large)
		diex(EX_USAGE, "%s '%s': %s (at most %llu)", opt, s, why,
		    (unsigned long long)max);
	if (why != NULL)
		diex(EX_USAGE, "%s '%s': %s", opt, s, why);
	return v;
}

/*
 * Seconds as a decimal, "2" or "0.25", more than zero and at most a
 * million (eleven days): enough for any wait, small enough for any timer.
 */
const char *
secs_parse(const char *s, struct timespec *ts)
{
	long long sec = 0, nsec = 0, scale = 100000000;
	const char *p = s;

	if (*p == '\0')
		return "empty";
	if (!isdigit((unsigned char)*p))
		return "not a number of seconds";
	for (; isdigit((unsigned char)*p); p++) {
		sec = sec * 10 + (*p - '0');
		if (sec > 1000000)
			return "too large";
	}
	if (*p == '.') {
		if (!isdigit((unsigned char)*++p))
			return "not a number of seconds";
		for (; isdigit((unsigned char)*p); p++) {
			nsec += (*p - '0') * scale;
			scale /= 10;
		}
	}
	if (*p != '\0')
		return "not a number of seconds";
	if (sec == 1000000 && nsec > 0)
		return "too large";
	if (sec == 0 && nsec == 0)
		return "must be more than 0";
	ts->tv_sec = sec;
	ts->tv_nsec = nsec;
	return NULL;
}

struct timespec
secs_arg(const char *opt, const char *s)
{
	struct timespec ts;
	const char *why;

	if ((why = secs_parse(s, &ts)) != NULL)
		diex(EX_USAGE, "%s '%s': %s", opt, s, why);
	return ts;
}

/*
 * A duration, as the -i of the rm commands takes it: decimal digits with
 * an optional unit, s (the default), m, h or d; more than zero and at most
 * DUR_MAX seconds (a hundred years): ages, not waits, so whole seconds.
 */
const char *
dur_parse(const char *s, long long *secs)
{
	static const struct {
		char		 unit;
		long long	 secs;
	} units[] = { { 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 } };
	long long n = 0, unit = 1;
	const char *p;
	size_t i;

	if (*s == '\0')
		return "empty";
	for (p = s; isdigit((unsigned char)*p); p++) {
		n = n * 10 + (*p - '0');
		if (n > DUR_MAX)
			return "too large";
	}
	if (p == s)
		return "not a duration";
	if (*p != '\0') {
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (units[i].unit == *p)
				break;
		if (i == sizeof(units) / sizeof(units[0]) || p[1] != '\0')
			return "bad unit (s, m, h or d)";
		unit = units[i].secs;
	}
	if (n > DUR_MAX / unit)
		return "too large";
	if (n == 0)
		return "must be more than 0";
	*secs = n * unit;
	return NULL;
}

long long
dur_arg(const char *opt, const char *s)
{
	const char *why;
	long long secs;

	if ((why = dur_parse(s, &secs)) != NULL)
		diex(EX_USAGE, "%s '%s': %s", opt, s, why);
	return secs;
}

/*
 * An octal mode, 0 to 0777, as -m takes it; NULL or the reason.
 */
const char *
mode_parse(const char *s, int *mode)
{
	const char *p;
	int m = 0;

	if (*s == '\0')
		return "empty";
	for (p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '7')
			return "not an octal mode";
		if ((m = m * 8 + (*p - '0')) > 0777)
			return "too large (at most 0777)";
	}
	*mode = m;
	return NULL;
}

int
mode_arg(const char *opt, const char *s)
{
	const char *why;
	int mode;

	if ((why = mode_parse(s, &mode)) != NULL)
		diex(EX_USAGE, "%s '%s': %s", opt, s, why);
	return mode;
}
