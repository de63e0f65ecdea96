/*
 * mqls: list message queues, every visible one or the named ones, as a
 * table, a table without header (for awk) or JSON.
 * The options and the flow are shared with its sibling in lib/lsrm.c;
 * POSIX queues (-X, or posix:/NAME operands) are listed here, from the
 * mqueue file system, with columns of their own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "ipcobj.h"
#include "pmq.h"

#define HJ	"-H and -j do not combine: a table without its header, or JSON"

static void __attribute__((noreturn))
usage(int status, const char *why)
{
	if (why != NULL)
		fprintf(stderr, "%s: %s\n", getprogname(), why);
	fprintf(status ? stderr : stdout,
	    "usage: %s [-hVX] [-H | -j] [-o list] [object ...]\n"
	    "       %s -g [-H | -j] [-o list]\n", getprogname(),
	    getprogname());
	exit(status);
}

int
main(int argc, char *argv[])
{
	enum list_fmt fmt = LIST_TABLE;
	const struct column *cols;
	struct colsel sel;
	const char *o = NULL, *why;
	size_t n;
	int ch, i, limits = 0, px = 0, sysv = 0, status;

	io_init(argv);
	while ((ch = getopt(argc, argv, "gHhjo:VX")) != -1) {
		switch (ch) {
		case 'g':
			limits = 1;
			break;
		case 'H':
			if (fmt == LIST_JSON)
				usage(EX_USAGE, HJ);
			fmt = LIST_BARE;
			break;
		case 'h':
			usage(EX_OK, NULL);
		case 'j':
			if (fmt == LIST_BARE)
				usage(EX_USAGE, HJ);
			fmt = LIST_JSON;
			break;
		case 'o':
			o = optarg;
			break;
		case 'V':
			version();
		case 'X':
			px = 1;
			break;
		default:
			usage(EX_USAGE, NULL);
		}
	}
	for (i = optind; i < argc; i++)
		*(pmq_is(argv[i]) ? &px : &sysv) = 1;
	if (!px) {
		/* System V queues: lib/lsrm.c, from the start. */
		optind = 0;
		return ls_main(&msg_kind, argc, argv);
	}
	if (sysv)
		usage(EX_USAGE, "POSIX and System V queues have different "
		    "columns: list them with two calls of mqls");
	if (limits)
		usage(EX_USAGE, "-g shows System V limits; a POSIX queue's "
		    "are in /proc/sys/fs/mqueue");
	cols = pmq_columns(&n);
	if (o != NULL && strcmp(o, "help") == 0) {
		list_help(cols, n);
		out_close();
		return EX_OK;
	}
	if (o != NULL && fmt == LIST_JSON)
		usage(EX_USAGE, "-o and -j do not combine: -o chooses the "
		    "table's columns, and JSON has every field");
	if (o != NULL && (why = list_select(cols, n, o, &sel)) != NULL)
		diex(EX_USAGE, "-o '%s': %s", o, why);
	status = pmq_list(fmt, o != NULL ? &sel : NULL, argv + optind);
	out_close();
	return status;
}
