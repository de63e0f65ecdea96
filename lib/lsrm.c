/*
 * The ls and rm commands of both families: shmls and mqls, shmrm and mqrm
 * are the same programs over a different kind of object, so their option
 * parsing and flow live here once.  The usage names the program running.
 */
#include <sys/types.h>

#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "ipcobj.h"
#include "posix.h"

/* The option lines of -h; every kind has POSIX objects, and so -X. */
static const char *const ls_opts[] = {
	"-A", "System V and POSIX objects, in one table or JSON array",
	"-g", "the system's limits and their use",
	"-H", "the table without its header line, for awk",
	"-h, --help", "print this help and exit",
	"-j", "JSON: every field of every object",
	"-o list", "these columns, in this order; -o help names them",
	"-p pid", "only the objects this process maps or holds open",
	"-u user", "only the objects this user owns (System V: or created)",
	"-V, --version", "print the version and exit",
	"-X", "POSIX objects instead of System V ones",
	NULL
};

/*
 * -u's USER: a name, or a number (a user ID without a name too); a bad
 * form or an unknown name is a usage error.
 */
static uid_t
user_arg(const char *opt, const char *s)
{
	struct passwd *pw;
	const char *why = NULL;
	long long v;

	if (*s == '\0')
		diex(EX_USAGE, "%s '': not a user name or ID", opt);
	if ((pw = getpwnam(s)) != NULL)
		return pw->pw_uid;
	if (strspn(s, "0123456789") != strlen(s))
		diex(EX_USAGE, "%s '%s': no such user", opt, s);
	v = strtonum(s, 0, UINT_MAX - 1, &why);
	if (why != NULL)
		diex(EX_USAGE, "%s '%s': not a user ID (0 to %u)", opt, s,
		    UINT_MAX - 1);
	return (uid_t)v;
}

/* The synopsis, after the reason for a usage error when there is one. */
static void __attribute__((noreturn))
ls_usage(const struct ipckind *k, int status, const char *why)
{
	if (why != NULL)
		fprintf(stderr, "%s: %s\n", getprogname(), why);
	fprintf(status ? stderr : stdout,
	    "usage: %s [-%shV%s] [-H | -j] [-o list] [-p pid] [-u user] "
	    "[object ...]\n"
	    "       %s -g [-H | -j] [-o list]\n", getprogname(),
	    k->posix != NULL ? "A" : "", k->posix != NULL ? "X" : "",
	    getprogname());
	usage_opts(status, ls_opts);
}

/*
 * Whether the operands name POSIX objects (all of them) or System V ones
 * (none); a mix is a usage error, as the two kinds have other columns
 * (-A lists both, in a view of its own).
 */
static int
px_operands(const char *prog, char **argv)
{
	char **a;
	int px = 0, sysv = 0;

	for (a = argv; *a != NULL; a++)
		*(px_is(*a) ? &px : &sysv) = 1;
	if (px && sysv)
		diex(EX_USAGE, "POSIX and System V objects have different "
		    "columns: list them together with %s -A", prog);
	return px;
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
	struct ls_sel ls = { 0 };
	struct colsel sel;
	const char *o = NULL, *p = NULL, *why;
	size_t n;
	int both = 0, ch, limits = 0, px = 0, status = EX_OK;
	int hasx = k->posix != NULL;

	io_init(argv);
	while ((ch = getopt(argc, argv, hasx ? "AgHhjo:p:u:VX" :
	    "gHhjo:p:u:V")) != -1) {
		switch (ch) {
		case 'A':
			both = 1;
			break;
		case 'g':
			limits = 1;
			break;
		case 'H':
			if (fmt == LIST_JSON)
				ls_usage(k, EX_USAGE, HJ);
			fmt = LIST_BARE;
			break;
		case 'h':
			ls_usage(k, EX_OK, NULL);
		case 'j':
			if (fmt == LIST_BARE)
				ls_usage(k, EX_USAGE, HJ);
			fmt = LIST_JSON;
			break;
		case 'o':
			o = optarg;
			break;
		case 'p':
			p = optarg;
			break;
		case 'u':
			ls.uid = user_arg("-u", optarg);
			ls.user = 1;
			break;
		case 'V':
			version();
		case 'X':
			/* In the letters only for a kind with POSIX objects. */
			if (!hasx)
				ls_usage(k, EX_USAGE, NULL);
			px = 1;
			break;
		default:
			ls_usage(k, EX_USAGE, NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if (both && (px || limits))
		ls_usage(k, EX_USAGE, px ? "-A lists both families; -X, only "
		    "POSIX objects" : "-A lists objects; -g, the System V "
		    "limits");
	if (both)
		;	/* operands of both kinds */
	else if (hasx && px_operands(getprogname(), argv))
		px = 1;
	else if (px && argc != 0)
		ls_usage(k, EX_USAGE, "-X lists POSIX objects: name them as "
		    "posix:/NAME");
	if (px && limits)
		ls_usage(k, EX_USAGE, k->posix->nolimits);
	if (limits && (p != NULL || ls.user))
		ls_usage(k, EX_USAGE, "-g shows the system's limits: -p and -u "
		    "choose objects");
	if (p != NULL && !px && !both && !k->mapped)
		ls_usage(k, EX_USAGE, "-p: no process maps or holds a System V "
		    "queue or semaphore set (-X: the POSIX ones)");
	if (p != NULL)
		ls.pid = proc_pid_arg("-p", p);
	if (limits)
		cols = ipc_limit_columns(&n);
	else if (both)
		cols = both_columns(k, &n);
	else if (px)
		cols = px_columns(k->posix, &n);
	else
		cols = ipc_columns(k, &n);
	if (o != NULL && strcmp(o, "help") == 0) {
		list_help(cols, n);
		out_close();
		return EX_OK;
	}
	if (o != NULL && fmt == LIST_JSON)
		ls_usage(k, EX_USAGE, OJ);
	if (o != NULL && (why = list_select(cols, n, o, &sel)) != NULL)
		diex(EX_USAGE, "-o '%s': %s", o, why);
	if (limits) {
		if (argc != 0)
			ls_usage(k, EX_USAGE, "-g shows the system's limits: "
			    "it takes no object");
		ipc_limits(k, fmt, o != NULL ? &sel : NULL);
	} else if (both)
		status = both_list(k, fmt, o != NULL ? &sel : NULL, &ls, argv);
	else if (px)
		status = px_list(k->posix, fmt, o != NULL ? &sel : NULL, &ls,
		    argv);
	else
		status = ipc_list(k, fmt, o != NULL ? &sel : NULL, &ls, argv);
	out_close();
	return status;
}

static const char *const rm_opts[] = {
	"-a", "every object of yours that no process uses",
	"-d", "with -a: only those whose creating and last process ended",
	"-f", "ignore operands that name nothing; with -a, also those in use",
	"-h, --help", "print this help and exit",
	"-i age", "with -a: only those unused for at least this long",
	"-n", "remove nothing: print what would be removed",
	"-p pid", "with -a: only those this process maps or holds open",
	"-r keys", "with -a: only those whose key is in these keys",
	"-u user", "with -a: this user's objects instead of the caller's",
	"-V, --version", "print the version and exit",
	"-X", "with -a: POSIX objects, chosen by name by posix:/PATTERN",
	NULL
};

static void __attribute__((noreturn))
rm_usage(const struct ipckind *k, int status, const char *why)
{
	if (why != NULL)
		fprintf(stderr, "%s: %s\n", getprogname(), why);
	fprintf(status ? stderr : stdout,
	    "usage: %s [-fhnV] object ...\n"
	    "       %s -a [-dfn] [-i age] %s[-r keys] [-u user]\n",
	    getprogname(), getprogname(), k->mapped ? "[-p pid] " : "");
	if (k->posix != NULL)
		fprintf(status ? stderr : stdout,
		    "       %s -a -X [-fn] [-i age] [-p pid] [-u user] "
		    "[posix:/pattern ...]\n", getprogname());
	usage_opts(status, rm_opts);
}

/*
 * The operands of shmrm, mqrm and semrm, each of its own kind: every
 * form is checked before any is removed; the first failure's exit status.
 */
static int
rm_operands(const struct ipckind *k, char **argv, int dryrun, int force)
{
	struct operand o;
	char *one[2] = { NULL, NULL };
	char **a;
	int e, status = EX_OK;

	for (a = argv; *a != NULL; a++)
		if (px_is(*a)) {
			px_operand(k->posix, *a, &o);
			operand_free(&o);
		} else {
			one[0] = *a;
			ipc_args(one);
		}
	for (a = argv; *a != NULL; a++) {
		if (px_is(*a))
			e = px_remove(k->posix, *a, dryrun, force);
		else {
			one[0] = *a;
			e = ipc_remove(k, one, dryrun, force);
		}
		if (e != 0 && status == EX_OK)
			status = e;
	}
	return status;
}

/*
 * shmrm, mqrm, semrm: the operands, or with -a every idle object of the
 * caller's, which -d, -i, -p and -r narrow and -f widens to those in
 * use.  -p's objects are in use by that process: -f takes them.
 */
int
rm_main(const struct ipckind *k, int argc, char *argv[])
{
	struct rm_sel sel = { 0 };
	const char *p = NULL;
	int all = 0, ch, dryrun = 0, px = 0, status;

	io_init(argv);
	while ((ch = getopt(argc, argv, k->posix != NULL ? "adfhi:np:r:u:VX" :
	    "adfhi:np:r:u:V")) != -1) {
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
			rm_usage(k, EX_OK, NULL);
		case 'i':
			sel.age = dur_arg("-i", optarg);
			break;
		case 'n':
			dryrun = 1;
			break;
		case 'p':
			p = optarg;
			break;
		case 'r':
			rm_keys_arg("-r", optarg, &sel);
			break;
		case 'u':
			sel.uid = user_arg("-u", optarg);
			sel.user = 1;
			break;
		case 'V':
			version();
		case 'X':
			px = 1;
			break;
		default:
			rm_usage(k, EX_USAGE, NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if (px && !all)
		rm_usage(k, EX_USAGE, "-X chooses POSIX objects for -a; an "
		    "operand names its kind itself (posix:/NAME)");
	if (px && (sel.dead || sel.keys))
		rm_usage(k, EX_USAGE, "-d and -r choose by the processes and "
		    "keys System V records; a POSIX object has neither");
	if (all && p != NULL) {
		if (!px && !k->mapped)
			rm_usage(k, EX_USAGE, "-p: no process maps or holds a "
			    "System V queue or semaphore set (-X: the POSIX "
			    "ones)");
		/* A live process uses what it maps: none is a leftover. */
		if (sel.dead)
			rm_usage(k, EX_USAGE, "-d takes objects whose "
			    "processes have all ended, -p those a running "
			    "process maps: none is both");
		sel.pid = proc_pid_arg("-p", p);
	}
	if (all) {
		if (argc != 0 && !px)
			rm_usage(k, EX_USAGE, "-a chooses the objects itself: "
			    "it takes no operands (-a -X: name patterns)");
		if (px) {
			px_patterns(k->posix, argv);
			status = px_remove_idle(k->posix, &sel, dryrun, argv);
		} else
			status = ipc_remove_idle(k, &sel, dryrun);
	} else {
		if (sel.dead || sel.age || sel.keys || sel.user || p != NULL)
			rm_usage(k, EX_USAGE, "-d, -i, -p, -r and -u choose "
			    "among the objects of -a: give -a");
		if (argc == 0)
			rm_usage(k, EX_USAGE, "no object to remove (-a: the "
			    "caller's idle ones)");
		if (k->posix != NULL)
			status = rm_operands(k, argv, dryrun, sel.force);
		else
			status = ipc_remove(k, argv, dryrun, sel.force);
	}
	out_close();
	return status;
}
