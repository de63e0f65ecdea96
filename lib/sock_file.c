/*
 * The files sockpipe(1) makes, the Unix-domain socket and the -P file,
 * are its own to remove: at exit and on SIGINT, SIGTERM and SIGHUP, so
 * that no script finds a dead one, and only while they are still the
 * files we made (someone may have replaced one since).  And the other
 * side of that: a socket file somebody else left behind, found stale.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sockpriv.h"

static struct owned {
	const char	*path;
	dev_t		 dev;
	ino_t		 ino;
} owned[OWN_MAX];
static volatile sig_atomic_t signal_exit0;

void
own(int slot, const char *path)
{
	struct stat st;

	if (lstat(path, &st) == 0) {
		owned[slot].dev = st.st_dev;
		owned[slot].ino = st.st_ino;
		owned[slot].path = path;
	}
}

/*
 * A file made between two signals: SIGINT, SIGTERM and SIGHUP wait from
 * own_hold() until own_release(), so that none comes after the file is
 * made and before own() has it, which would leave it behind.
 */
void
own_hold(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

void
own_release(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

static void
unlink_ours(void)
{
	struct stat st;
	int i;

	for (i = 0; i < OWN_MAX; i++)
		if (owned[i].path != NULL && lstat(owned[i].path, &st) == 0 &&
		    st.st_dev == owned[i].dev && st.st_ino == owned[i].ino)
			unlink(owned[i].path);
}

static void
on_signal(int sig)
{
	unlink_ours();
	if (signal_exit0)
		_exit(EX_OK);
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * SIGINT, SIGTERM and SIGHUP remove our files.  For a listener that only
 * a signal ends (-k, or datagrams) that is its normal end, exit 0;
 * otherwise the signal's own status is kept.  A signal ignored when we
 * started (nohup, trap '' HUP) stays ignored, as it would for any tool.
 */
void
sock_signals(int exit0)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, old;
	size_t i;

	signal_exit0 = exit0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &old) == -1 ||
		    old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	atexit(unlink_ours);
}

/*
 * Whether a socket in this network namespace is bound to path, by
 * /proc/net/unix: a look that, unlike a probing connect, a live
 * one-shot listener never sees as a client.
 */
static int
unix_bound(const char *path)
{
	char line[PATH_MAX + 128], *real, *p;
	FILE *f;
	int found = 0, n;

	if ((f = fopen("/proc/net/unix", "re")) == NULL)
		return 0;
	real = realpath(path, NULL);
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		n = 0;
		if (sscanf(line, "%*s %*s %*s %*s %*s %*s %*s %n", &n) != 0 ||
		    n == 0)
			continue;
		p = line + n;
		p[strcspn(p, "\n")] = '\0';
		found = strcmp(p, path) == 0 ||
		    (real != NULL && strcmp(p, real) == 0);
	}
	free(real);
	fclose(f);
	return found;
}

/*
 * Whether a socket file is left over: nobody has it bound, and a
 * connect is refused (that last for names bound by another spelling).
 */
int
unix_stale(const struct sockcfg *c, const struct sockaddr_un *sun,
    socklen_t len)
{
	int r, s;

	if (unix_bound(c->path))
		return 0;
	if ((s = socket(AF_UNIX, c->type | SOCK_CLOEXEC, 0)) == -1)
		die("socket");
	r = connect(s, (const struct sockaddr *)sun, len) == -1 &&
	    errno == ECONNREFUSED;
	close(s);
	return r;
}
