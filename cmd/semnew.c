/*
 * semnew: create a System V semaphore set, each semaphore set to a value
 * (1 by default: a free lock), or open the one a key names; print its
 * id:N for the other sem* commands.  A posix:/NAME operand is a POSIX
 * semaphore, one to a name (psem.c).
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/sem.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "ipcobj.h"
#include "posix.h"
#include "psem.h"
#include "sem.h"

/* semctl(2)'s fourth argument, which the caller must declare. */
union semun {
	int		 val;
	struct semid_ds	*buf;
	unsigned short	*array;
};

static const char *const opts[] = {
	"-h, --help", "print this help and exit",
	"-m mode", "permissions of a new set, in octal (default 0600)",
	"-n nsems", "semaphores in a new set (default 1)",
	"-V, --version", "print the version and exit",
	"-v value", "the value each semaphore starts with (default 1)",
	"-x", "fail if the set exists",
	NULL
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [-hVx] [-m mode] [-n nsems] [-v value] [object]\n",
	    getprogname());
	usage_opts(status, opts);
}

/*
 * Give every semaphore of a set just made its value.  semget(2) makes
 * them 0; a set that cannot be given its values is removed again.
 */
static void
set_all(int id, int nsems, int value, const char *arg)
{
	unsigned short *val;
	union semun su;
	int e, i;

	if (value == 0)
		return;
	if ((val = calloc((size_t)nsems, sizeof(*val))) == NULL)
		die("%s", arg);
	for (i = 0; i < nsems; i++)
		val[i] = (unsigned short)value;
	su.array = val;
	if (semctl(id, 0, SETALL, su) == -1) {
		e = errno;
		semctl(id, 0, IPC_RMID);
		errno = e;
		die("%s: cannot set the values", arg);
	}
	free(val);
}

/* An existing set opened with -n: it must have that many semaphores. */
static void
check_nsems(int id, int nsems, const char *arg)
{
	struct ipc_row row;

	if (ipc_stat(&sem_kind, id, &row) == -1)
		die("%s", arg);
	if (row.ds.sem.sem_nsems != (unsigned long)nsems)
		diex(EX_DATAERR, "%s: the set exists with %lu semaphores, "
		    "not -n %d", arg, (unsigned long)row.ds.sem.sem_nsems,
		    nsems);
}

int
main(int argc, char *argv[])
{
	struct sem_limits lim;
	const char *arg = "a private set", *obj;
	const char *varg = NULL;
	long long v, value = 1;
	unsigned int uvalue;
	int ch, excl = 0, id, made, mode = 0600, nsems = 1, nset = 0;

	io_init(argv);
	sem_limits(&lim);
	while ((ch = getopt(argc, argv, "hm:n:Vv:x")) != -1) {
		switch (ch) {
		case 'h':
			usage(EX_OK);
		case 'm':
			mode = mode_arg("-m", optarg);
			break;
		case 'n':
			v = num_arg("-n", optarg, 1, INT_MAX);
			if (v > lim.msl)
				diex(EX_USAGE, "-n '%s': more than the "
				    "system's SEMMSL (%lld semaphores a set)",
				    optarg, lim.msl);
			nsems = (int)v;
			nset = 1;
			break;
		case 'V':
			version();
		case 'v':
			/* Its limit depends on the kind, known below. */
			value = num_arg("-v", optarg, 0, INT_MAX);
			varg = optarg;
			break;
		case 'x':
			excl = 1;
			break;
		default:
			usage(EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if ((obj = ipc_new_arg(argc, argv)) != NULL)
		arg = obj;
	if (obj != NULL && px_is(obj)) {
		if (nsems != 1)
			diex(EX_USAGE, "%s: a POSIX semaphore is one "
			    "semaphore; -n %d does not apply", obj, nsems);
		/* num_arg() held it to INT_MAX, SEM_VALUE_MAX. */
		uvalue = (unsigned int)value;
		px_new(&psem_kind, obj, excl, mode, &uvalue);
		out_close();
		return EX_OK;
	}
	if (value > SEM_VMX)
		diex(EX_USAGE, "-v '%s': more than SEMVMX (%d), the largest "
		    "value a semaphore holds", varg, SEM_VMX);
	/* Made 0600, so that we may set the values; -m's mode after. */
	if ((id = ipc_new(&sem_kind, obj, excl, 0600, (size_t)nsems,
	    &made)) == -1) {
		if (errno == ENOSPC)
			diex(EX_OSERR, "%s: the system's limit on sets "
			    "(SEMMNI %lld) or on all semaphores (SEMMNS %lld) "
			    "is reached", arg, lim.mni, lim.mns);
		die("%s", arg);
	}
	if (made) {
		set_all(id, nsems, (int)value, arg);
		ipc_new_mode(&sem_kind, id, mode, arg);
	} else if (nset)
		check_nsems(id, nsems, arg);
	ipc_print_new(&sem_kind, id, made);
	out_close();
	return EX_OK;
}
