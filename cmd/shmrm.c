/*
 * shmrm: remove shared-memory segments.  Every operand is tried; the exit
 * status is the first failure's.  -a removes the caller's segments that no
 * process has attached: the clean-up scripts otherwise scrape ipcs(1) for.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ipctools.h"
#include "shm.h"

static int	 dryrun, force;

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: shmrm [-fhnV] object ...\n"
	    "       shmrm -a [-n]\n");
	exit(status);
}

/*
 * Only the owner, the creator or a privileged process may remove a
 * segment; -n applies the same rule so that it predicts the real run.
 */
static int
mayremove(const struct shmid_ds *ds)
{
	uid_t u = geteuid();

	return u == 0 || ds->shm_perm.uid == u || ds->shm_perm.cuid == u;
}

/* Remove one segment, or with -n name it; 0 or the exit status. */
static int
rm(const char *arg, int id)
{
	struct shmid_ds ds;

	if (dryrun) {
		if (shm_stat(id, &ds) == -1) {
			if (errno == EINVAL || errno == EIDRM)
				goto gone;
			warn("%s", arg);
			return ex_errno(errno);
		}
		if (!mayremove(&ds)) {
			errno = EPERM;
			warn("%s", arg);
			return EX_NOPERM;
		}
	} else if (shmctl(id, IPC_RMID, NULL) == -1) {
		if (errno == EINVAL || errno == EIDRM)
			goto gone;
		warn("%s", arg);
		return ex_errno(errno);
	}
	if (dryrun && printf("id:%d\n", id) < 0)
		out_close();
	return EX_OK;
gone:
	if (force)
		return EX_OK;
	warnx("%s: no such segment", arg);
	return EX_NOINPUT;
}

/* -a: every segment the caller owns or created that is not attached. */
static int
rmall(void)
{
	struct shm_iter it;
	struct shmid_ds ds;
	char arg[32];
	uid_t u = geteuid();
	int e, id, status = EX_OK;

	shm_iter_begin(&it);
	while ((id = shm_iter_next(&it, &ds)) != -1) {
		if (ds.shm_nattch != 0 ||
		    (ds.shm_perm.uid != u && ds.shm_perm.cuid != u))
			continue;
		/* Marked for removal already: nothing left to do. */
		if (ds.shm_perm.mode & SHM_DEST)
			continue;
		snprintf(arg, sizeof(arg), "id:%d", id);
		/* Gone since the walk saw it: what -a wanted anyway. */
		force = 1;
		if ((e = rm(arg, id)) != 0 && status == EX_OK)
			status = e;
	}
	return status;
}

int
main(int argc, char *argv[])
{
	int all = 0, ch, e, id, status = EX_OK;

	io_init();
	while ((ch = getopt(argc, argv, "afhnV")) != -1) {
		switch (ch) {
		case 'a':
			all = 1;
			break;
		case 'f':
			force = 1;
			break;
		case 'h':
			usage(EX_OK);
		case 'n':
			dryrun = 1;
			break;
		case 'V':
			version();
		default:
			usage(EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (all) {
		if (argc != 0 || force)
			usage(EX_USAGE);
		status = rmall();
	} else {
		if (argc == 0)
			usage(EX_USAGE);
		shm_args(argv);
		for (; *argv != NULL; argv++) {
			e = shm_find(*argv, &id, force);
			if (e == EX_NOINPUT && force)
				continue;
			if (e == 0)
				e = rm(*argv, id);
			if (e != 0 && status == EX_OK)
				status = e;
		}
	}
	out_close();
	return status;
}
