/*
 * The ls and rm commands of both families: shmls and mqls, shmrm and mqrm
 * are the same programs over a different kind of object, so their option
 * parsing and flow live here once.  The usage names the program running.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "ipcobj.h"

/* The synopsis, after the reason for a usage error when there is one. */
static void __attribute__((noreturn))
ls_usage(int status, const char *why)
{
	if (why != NULL)
		fprintf(stderr, "%s: %s\n", getprogname(), why);
	fprintf(status ? stderr : stdout,
	    "usage: %s [-hV] [-H | -j] [-o list] [object ...]\n"
	    "       %s -g [-H | -j] [-o list]\n", getprogname(),
	    getprogname());
	exit(status);
}

#define HJ	"-H and -j do not combine: a table without its header, or JSON"
#define OJ	"-o and -j do not combine: -o chooses the table's columns, " \
		"and JSON has every field"

/*
 * shmls, mqls, semls: every visible object, or the named ones; with -g,
 * the system's limits for the kind and their use.  -o chooses the
 * table's columns from the listing's column table.
 */
int
ls_main(const struct ipckind *k, int argc, char *argv[])
{
	enum list_fmt fmt = LIST_TABLE;
	const struct column *cols;
	struct colsel sel;
	const char *o = NULL, *why;
	size_t n;
	int ch, limits = 0, status = EX_OK;

	io_init(argv);
	while ((ch = getopt(argc, argv, "gHhjo:V")) != -1) {
		switch (ch) {
		case 'g':
			limits = 1;
			break;
		case 'H':
			if (fmt == LIST_JSON)
				ls_usage(EX_USAGE, HJ);
			fmt = LIST_BARE;
			break;
		case 'h':
			ls_usage(EX_OK, NULL);
		case 'j':
			if (fmt == LIST_BARE)
				ls_usage(EX_USAGE, HJ);
			fmt = LIST_JSON;
			break;
		case 'o':
			o = optarg;
			break;
		case 'V':
			version();
		default:
			ls_usage(EX_USAGE, NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if (limits)
		cols = ipc_limit_columns(&n);
	else
		cols = ipc_columns(k, &n);
	if (o != NULL && strcmp(o, "help") == 0) {
		list_help(cols, n);
		out_close();
		return EX_OK;
	}
	if (o != NULL && fmt == LIST_JSON)
		ls_usage(EX_USAGE, OJ);
	if (o != NULL && (why = list_select(cols, n, o, &sel)) != NULL)
		diex(EX_USAGE, "-o '%s': %s", o, why);
	if (limits) {
		if (argc != 0)
			ls_usage(EX_USAGE, "-g shows the system's limits: "
			    "it takes no object");
		ipc_limits(k, fmt, o != NULL ? &sel : NULL);
	} else
		status = ipc_list(k, fmt, o != NULL ? &sel : NULL, argv);
	out_close();
	return status;
}

static void __attribute__((noreturn))
rm_usage(int status, const char *why)
{
	if (why != NULL)
		fprintf(stderr, "%s: %s\n", getprogname(), why);
	fprintf(status ? stderr : stdout,
	    "usage: %s [-fhnV] object ...\n"
	    "       %s -a [-dfn] [-i age] [-r keys]\n", getprogname(),
	    getprogname());
	exit(status);
}

/*
 * shmrm, mqrm, semrm: the operands, or with -a every idle object of the
 * caller's, which -d, -i and -r narrow and -f widens to those in use.
 */
int
rm_main(const struct ipckind *k, int argc, char *argv[])
{
	struct rm_sel sel = { 0 };
	int all = 0, ch, dryrun = 0, status;

	io_init(argv);
	while ((ch = getopt(argc, argv, "adfhi:nr:V")) != -1) {
		switch (ch) {
		case 'a':
			all = 1;
			break;
		case 'd':
			sel.dead = 1;
			break;
		case 'f':
			sel.force = 1;
			break;
		case 'h':
			rm_usage(EX_OK, NULL);
		case 'i':
			sel.age = dur_arg("-i", optarg);
			break;
		case 'n':
			dryrun = 1;
			break;
		case 'r':
			rm_keys_arg("-r", optarg, &sel);
			break;
		case 'V':
			version();
		default:
			rm_usage(EX_USAGE, NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if (all) {
		if (argc != 0)
			rm_usage(EX_USAGE, "-a chooses the objects itself: "
			    "it takes no operands");
		status = ipc_remove_idle(k, &sel, dryrun);
	} else {
		if (sel.dead || sel.age || sel.keys)
			rm_usage(EX_USAGE, "-d, -i and -r choose among the "
			    "objects of -a: give -a");
		if (argc == 0)
			rm_usage(EX_USAGE, "no object to remove (-a: the "
			    "caller's idle ones)");
		status = ipc_remove(k, argv, dryrun, sel.force);
	}
	out_close();
	return status;
}
