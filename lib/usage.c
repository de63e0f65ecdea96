/*
 * What -h prints after the synopsis, and the long spellings --help and
 * --version that users of GNU tools type first.  Each command keeps its
 * synopsis (letter for letter its page's SYNOPSIS) and a table of its
 * options; the layout of that table is here, once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipctools.h"

/*
 * --help and --version become -h and -V before getopt(3) sees them, so
 * that every command answers them as it answers its own letters.  Only
 * before "--": what follows is operands (semop's command, mqsend's
 * messages).
 */
void
opt_long(char *argv[])
{
	char **a;

	for (a = argv + 1; *a != NULL && strcmp(*a, "--") != 0; a++) {
		if (strcmp(*a, "--help") == 0)
			*a = "-h";
		else if (strcmp(*a, "--version") == 0)
			*a = "-V";
	}
}

/*
 * After the synopsis: on -h (status 0), each option with one line of
 * meaning, from opts, pairs of "-x arg" and meaning ending in NULL; on a
 * usage error, where the synopsis says enough, nothing.  Then exit.
 */
void
usage_opts(int status, const char *const opts[])
{
	size_t i;

	if (status == EX_OK) {
		if (printf("\noptions:\n") < 0)
			out_gone();
		for (i = 0; opts[i] != NULL; i += 2)
			if (printf("  %-14s %s\n", opts[i], opts[i + 1]) < 0)
				out_gone();
		out_close();
	}
	exit(status);
}
