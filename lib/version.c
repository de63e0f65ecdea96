/*
 * -V of every command.  The only file told the version (by the Makefile,
 * from the file VERSION), so that a new version rebuilds this one object.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ipctools.h"

#ifndef IPCTOOLS_VERSION
#error "IPCTOOLS_VERSION is not defined: build with make"
#endif

void
version(void)
{
	if (printf("%s (ipctools) %s\n", getprogname(), IPCTOOLS_VERSION) < 0)
		out_gone();
	out_close();
	exit(EX_OK);
}
