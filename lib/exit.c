/*
 * How a command fails.  Every diagnostic is "prog: what: why" on standard
 * error, and every exit status comes from ipctools(7).  Three layers:
 *
 *  1. A usage error (a bad option, operand, number or size): usage() in the
 *     command prints the synopsis when there is nothing more to say;
 *     otherwise diex(EX_USAGE, "'%s': why", operand) says what is wrong.
 *  2. A failure that ends the command: die("what") after a failed system
 *     call (the status is what errno maps to through ex_errno(), the only
 *     errno table), diex(status, ...) when the reason is ours, and
 *     quit(status, errno, ...) for both at once.  quit() is the one exit
 *     gate: it is safe from any thread, and the first caller wins.
 *  3. A failure of one operand that lets the command go on with the rest,
 *     as cat(1) does: fail("what") or failx(status, ...) warn and return
 *     the status, which the command keeps if it is the first.
 *
 * note() says something that is no failure (sockpipe -v) in the same form.
 *
 * Standard output has its own rules (a reader that left is no error):
 * see io.c.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctools.h"

static pthread_mutex_t quit_mu = PTHREAD_MUTEX_INITIALIZER;

int
ex_errno(int e)
{
	switch (e) {
	case ENOENT:
	case EIDRM:
		return EX_NOINPUT;
	case EACCES:
	case EPERM:
		return EX_NOPERM;
	case EEXIST:
	case EADDRINUSE:
	case EADDRNOTAVAIL:
		return EX_CANTCREAT;
	case EAGAIN:
	case ETIMEDOUT:
		return EX_TEMPFAIL;
	case ECONNREFUSED:
	case ECONNRESET:
	case ECONNABORTED:
	case ENETUNREACH:
	case ENETDOWN:
	case EHOSTUNREACH:
	case EHOSTDOWN:
	case ENOTCONN:
	case EPIPE:
		return EX_UNAVAILABLE;
	case E2BIG:
	case EMSGSIZE:
	case EFBIG:
		return EX_DATAERR;
	case EIO:
		return EX_IOERR;
	default:
		return EX_OSERR;
	}
}

static void
vsay(int e, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", getprogname());
	vfprintf(stderr, fmt, ap);
	if (e != 0)
		fprintf(stderr, ": %s", strerror(e));
	fputc('\n', stderr);
}

/* Exit with status, saying fmt (and strerror(e) unless e is 0); a NULL fmt exits quietly. */
void
quit(int status, int e, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&quit_mu);
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsay(e, fmt, ap);
		va_end(ap);
	}
	exit(status);
}

void
die(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	pthread_mutex_lock(&quit_mu);
	va_start(ap, fmt);
	vsay(e, fmt, ap);
	va_end(ap);
	exit(ex_errno(e));
}

void
diex(int status, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&quit_mu);
	va_start(ap, fmt);
	vsay(0, fmt, ap);
	va_end(ap);
	exit(status);
}

int
fail(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	vsay(e, fmt, ap);
	va_end(ap);
	errno = e;
	return ex_errno(e);
}

int
failx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(0, fmt, ap);
	va_end(ap);
	return status;
}

/* Say fmt on stderr, as the others do, and go on: -v's reports. */
void
note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(0, fmt, ap);
	va_end(ap);
}
