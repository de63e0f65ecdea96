/*
 * semop: operate on a semaphore set from the shell.  The ops of one call
 * apply together, in one semop(2) or semtimedop(2).  Without a command
 * they stay; with one they are taken with SEM_UNDO, the command runs (not
 * through a shell), and the kernel gives them back when semop ends, which
 * it does when the command does, with the command's status.
 *
 * A POSIX semaphore (posix:/NAME) steps by one, -1 or +1, and has no
 * SEM_UNDO: semop itself gives a -1 back when the command has ended.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipctools.h"
#include "ipcobj.h"
#include "posix.h"
#include "psem.h"
#include "sem.h"

/* The signals passed on to the command. */
static const int fwd_sigs[] = { SIGHUP, SIGINT, SIGTERM };
#define NFWD	(sizeof(fwd_sigs) / sizeof(fwd_sigs[0]))

/* The running command, for the signal handler; 0 when there is none. */
static volatile sig_atomic_t child;

/* What the forwarded signals did when semop started, for the command. */
static struct sigaction fwd_old[NFWD];

/* The last of them that came, for a POSIX wait that it ends. */
static volatile sig_atomic_t termsig;

static const char *const opts[] = {
	"-h, --help", "print this help and exit",
	"-n", "never wait: exit 75 when an op would block",
	"-V, --version", "print the version and exit",
	"-w seconds", "wait at most this long for the ops",
	NULL
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [-hnV] [-w seconds] object op ... "
	    "[-- command [arg ...]]\n", getprogname());
	usage_opts(status, opts);
}

/*
 * Digits to a number of at most max; -1 when s is not all decimal digits
 * or is more than max.
 */
static long
digits(const char *s, const char *end, long max)
{
	long n = 0;

	if (s == end)
		return -1;
	for (; s < end; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		if ((n = n * 10 + (*s - '0')) > max)
			return -2;
	}
	return n;
}

/* [INDEX:]DELTA into *sb; exits 64 naming the op when it is malformed. */
static void
op_arg(const char *s, struct sembuf *sb)
{
	const char *colon, *d;
	long idx = 0, n;

	d = s;
	if ((colon = strchr(s, ':')) != NULL) {
		if ((idx = digits(s, colon, 65535)) == -1)
			diex(EX_USAGE, "'%s': the index is not a decimal "
			    "number", s);
		if (idx == -2)
			diex(EX_USAGE, "'%s': the index is too large (a set "
			    "has at most 65536 semaphores)", s);
		d = colon + 1;
	}
	if (strcmp(d, "0") == 0)
		n = 0;
	else if ((*d != '-' && *d != '+') ||
	    (n = digits(d + 1, d + strlen(d), SEM_VMX)) == -1 || n == 0)
		diex(EX_USAGE, "'%s': not an op ([INDEX:]DELTA, DELTA one of "
		    "-N to take, +N to give, 0 to wait for zero)", s);
	else if (n == -2)
		diex(EX_USAGE, "'%s': more than SEMVMX (%d), the largest "
		    "value a semaphore holds", s, SEM_VMX);
	else if (*d == '-')
		n = -n;
	sb->sem_num = (unsigned short)idx;
	sb->sem_op = (short)n;
	sb->sem_flg = 0;
}

/*
 * After ERANGE: name the op that would take its semaphore past SEMVMX,
 * when the values can be read.
 */
static void __attribute__((noreturn))
too_high(const char *arg, int id, struct sembuf *ops, char **opstr,
    size_t nops)
{
	size_t i;
	int v;

	for (i = 0; i < nops; i++) {
		if (ops[i].sem_op <= 0 ||
		    (v = semctl(id, ops[i].sem_num, GETVAL)) == -1)
			continue;
		if (v + ops[i].sem_op > SEM_VMX)
			diex(EX_DATAERR, "%s: '%s' would take semaphore %u "
			    "from %d past SEMVMX (%d) (ERANGE)", arg, opstr[i],
			    ops[i].sem_num, v, SEM_VMX);
	}
	diex(EX_DATAERR, "%s: an op would take its semaphore past SEMVMX "
	    "(%d) (ERANGE)", arg, SEM_VMX);
}

/*
 * Apply the ops in one call, waiting (at most until deadline, when given)
 * until they can apply; exits with the status of ipctools(7) when not.
 */
static void
take(const char *arg, int id, struct sembuf *ops, char **opstr,
    size_t nops, const struct timespec *deadline, const char *wstr)
{
	struct timespec ts;
	int r;

	for (;;) {
		if (deadline == NULL)
			r = semop(id, ops, nops);
		else if (!clock_left(deadline, &ts)) {
			errno = EAGAIN;
			r = -1;
		} else
			r = semtimedop(id, ops, nops, &ts);
		if (r == 0)
			return;
		/* A stop and continue interrupts the wait; go on waiting. */
		if (errno != EINTR)
			break;
	}
	switch (errno) {
	case EAGAIN:
		if (deadline == NULL)
			diex(EX_TEMPFAIL, "%s: would have to wait (-n)", arg);
		diex(EX_TEMPFAIL, "%s: still waiting after -w %s seconds",
		    arg, wstr);
	case EIDRM:
		diex(EX_NOINPUT, "%s: the semaphore set was removed while "
		    "waiting", arg);
	case EINVAL:
		diex(EX_NOINPUT, "%s: no such semaphore set", arg);
	case ERANGE:
		too_high(arg, id, ops, opstr, nops);
	default:
		die("%s", arg);
	}
}

/* Pass a signal that a process sent us on to the command. */
static void
forward(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	termsig = sig;
	/*
	 * One from the terminal (SI_KERNEL) went to the whole foreground
	 * process group, the command included: do not send it twice.
	 */
	if (child > 0 && si->si_code <= 0)
		kill((pid_t)child, sig);
}

/* In the child: the signal state a command expects, then the command. */
static void __attribute__((noreturn))
run_child(char **cmd, pid_t parent, const sigset_t *old)
{
	size_t i;
	int e;

	for (i = 0; i < NFWD; i++)
		sigaction(fwd_sigs[i], &fwd_old[i], NULL);
	/* io_init() ignored it; exec would pass that on. */
	signal(SIGPIPE, SIG_DFL);
	sigprocmask(SIG_SETMASK, old, NULL);
	/*
	 * Without semop the ops are given back: a command running on
	 * without them would run unprotected, so it is ended.
	 */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1 || getppid() != parent)
		_exit(EX_OSERR);
	execvp(cmd[0], cmd);
	e = errno;
	fprintf(stderr, "%s: %s: %s\n", getprogname(), cmd[0], strerror(e));
	_exit(e == ENOENT ? 127 : 126);
}

/* Run the command while the ops are held; its exit status, as a shell's. */
static int
run(char **cmd)
{
	struct sigaction sa;
	sigset_t block, old;
	pid_t parent = getpid(), pid;
	size_t i;
	int st;

	sigemptyset(&block);
	for (i = 0; i < NFWD; i++)
		sigaddset(&block, fwd_sigs[i]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = forward;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	/* No signal between the fork and the handlers knowing the child. */
	sigprocmask(SIG_BLOCK, &block, &old);
	/*
	 * A signal ignored when semop started (nohup(1), a background job
	 * of a script) stays ignored, for semop and the command alike.
	 */
	for (i = 0; i < NFWD; i++) {
		sigaction(fwd_sigs[i], NULL, &fwd_old[i]);
		if (fwd_old[i].sa_handler != SIG_IGN)
			sigaction(fwd_sigs[i], &sa, NULL);
	}
	fflush(NULL);
	if ((pid = fork()) == -1)
		die("fork");
	if (pid == 0)
		run_child(cmd, parent, &old);
	child = pid;
	sigprocmask(SIG_SETMASK, &old, NULL);
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			die("wait");
	child = 0;
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

/*
 * A POSIX step's wait ends on the signals semop passes on (as the wait
 * of semop(2) would end by them): catch them, where not ignored, without
 * SA_RESTART.
 */
static void
catch_terms(void)
{
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = forward;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NFWD; i++) {
		sigaction(fwd_sigs[i], NULL, &old);
		if (old.sa_handler != SIG_IGN)
			sigaction(fwd_sigs[i], &sa, NULL);
	}
}

/* End as the signal that came would have ended us. */
static void __attribute__((noreturn))
die_by(int sig)
{
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

/*
 * The op on a POSIX semaphore: one, -1 or +1.  With a command, a -1 is
 * given back when the command has ended: semop waits for it even when
 * signalled (it passes the signal on), as it does with SEM_UNDO.
 */
static int
posix_op(const char *arg, char **opstr, size_t nops, char **cmd,
    int nowait, const struct timespec *deadline, const char *wstr)
{
	struct sembuf op;
	struct psem p;
	int st;

	if (nops != 1)
		diex(EX_USAGE, "%s: a POSIX semaphore takes one op, -1 or "
		    "+1; %zu were given", arg, nops);
	op_arg(opstr[0], &op);
	if (op.sem_num != 0)
		diex(EX_USAGE, "%s: '%s': a POSIX semaphore is one semaphore, "
		    "index 0", arg, opstr[0]);
	if (op.sem_op != 1 && op.sem_op != -1)
		diex(EX_USAGE, "%s: '%s': a POSIX semaphore steps by one: -1 "
		    "(sem_wait) or +1 (sem_post)", arg, opstr[0]);
	if (op.sem_op == 1 && cmd != NULL)
		diex(EX_USAGE, "%s: +1 with a command: a POSIX semaphore "
		    "cannot take a step back without waiting; hold -1", arg);
	psem_open(arg, &p);
	if (op.sem_op == 1) {
		psem_give(&p);
		return EX_OK;
	}
	catch_terms();
	if (!psem_take(&p, nowait, deadline, wstr, &termsig))
		die_by(termsig);
	if (cmd == NULL)
		return EX_OK;
	/* Stopped between the wait and the command: give it back. */
	if (termsig != 0) {
		psem_give(&p);
		die_by(termsig);
	}
	st = run(cmd);
	psem_give(&p);
	return st;
}

int
main(int argc, char *argv[])
{
	struct sem_limits lim;
	struct ipc_row row;
	struct timespec deadline, w;
	struct sembuf *ops;
	const char *arg, *wstr = NULL;
	char **cmd = NULL;
	size_t i, nops;
	int ch, e, id, nowait = 0;

	io_init(argv);
	/*
	 * "+": options end at the object, so that an op such as -1 is
	 * never taken for one.
	 */
	while ((ch = getopt(argc, argv, "+hnVw:")) != -1) {
		switch (ch) {
		case 'h':
			usage(EX_OK);
		case 'n':
			nowait = 1;
			break;
		case 'V':
			version();
		case 'w':
			w = secs_arg("-w", optarg);
			wstr = optarg;
			break;
		default:
			usage(EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		usage(EX_USAGE);
	arg = argv[0];
	for (nops = 0; nops + 1 < (size_t)argc; nops++)
		if (strcmp(argv[nops + 1], "--") == 0) {
			cmd = argv + nops + 2;
			break;
		}
	if (nops == 0 && cmd != NULL)
		diex(EX_USAGE, "%s: no op given: the ops go before --, as "
		    "in %s %s -1 -- command", arg, getprogname(), arg);
	if (nops == 0)
		diex(EX_USAGE, "%s: no op given", arg);
	if (cmd != NULL && *cmd == NULL)
		diex(EX_USAGE, "no command after --");
	/* The time -w gives up, counted from here for either kind. */
	if (wstr != NULL && !nowait)
		deadline = clock_after(CLOCK_MONOTONIC, &w);
	if (px_is(arg))
		return posix_op(arg, argv + 1, nops, cmd, nowait,
		    wstr != NULL && !nowait ? &deadline : NULL, wstr);
	sem_limits(&lim);
	if ((long long)nops > lim.opm)
		diex(EX_USAGE, "%zu ops: more than the system's SEMOPM (%lld "
		    "ops a call)", nops, lim.opm);
	if ((ops = calloc(nops, sizeof(*ops))) == NULL)
		die("ops");
	for (i = 0; i < nops; i++) {
		op_arg(argv[i + 1], &ops[i]);
		if (nowait)
			ops[i].sem_flg |= IPC_NOWAIT;
		if (cmd != NULL)
			ops[i].sem_flg |= SEM_UNDO;
	}

	if ((e = ipc_find(&sem_kind, arg, 0, 0, &id)) != 0)
		exit(e);
	if (ipc_stat(&sem_kind, id, &row) == -1) {
		if (errno == EINVAL || errno == EIDRM)
			diex(EX_NOINPUT, "%s: no such semaphore set", arg);
		die("%s", arg);
	}
	for (i = 0; i < nops; i++)
		if (ops[i].sem_num >= row.ds.sem.sem_nsems)
			diex(EX_DATAERR, "%s: '%s': index %u is past the set, "
			    "which has %lu semaphores (0 to %lu)", arg,
			    argv[i + 1], ops[i].sem_num,
			    (unsigned long)row.ds.sem.sem_nsems,
			    (unsigned long)row.ds.sem.sem_nsems - 1);

	if (wstr != NULL && !nowait)
		take(arg, id, ops, argv + 1, nops, &deadline, wstr);
	else
		take(arg, id, ops, argv + 1, nops, NULL, NULL);
	free(ops);
	if (cmd == NULL)
		return EX_OK;
	/* Exiting gives the ops back: the kernel's SEM_UNDO. */
	return run(cmd);
}
