/*
 * One mapping from errno to the exit codes of ipctools(7), so that every
 * command reports the same failure with the same status.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctools.h"

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

/*
 * err(3) with the status that errno maps to: "prog: what: why".
 */
void
die(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	fprintf(stderr, "%s: ", getprogname());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(e));
	exit(ex_errno(e));
}

void
version(void)
{
	if (printf("%s (ipctools) %s\n", getprogname(), IPCTOOLS_VERSION) < 0)
		out_gone();
	out_close();
	exit(EX_OK);
}
