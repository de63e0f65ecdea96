/*
 * Kernel limits from /proc/sys (shmmax, msgmax, msgmnb, pipe-max-size):
 * the numbers in force in this IPC namespace, read once where needed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "ipctools.h"

/* The decimal number in a /proc/sys file, or dflt when it cannot be read. */
uint64_t
sysctl_num(const char *path, uint64_t dflt)
{
	char buf[32], *end;
	unsigned long long v;
	FILE *fp;

	if ((fp = fopen(path, "re")) == NULL)
		return dflt;
	end = fgets(buf, sizeof(buf), fp);
	fclose(fp);
	if (end == NULL || buf[0] < '0' || buf[0] > '9')
		return dflt;
	errno = 0;
	v = strtoull(buf, &end, 10);
	if ((*end != '\n' && *end != '\0') || errno == ERANGE)
		return dflt;
	return v;
}
