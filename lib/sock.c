/*
 * Sockets for sockpipe(1).
 *
 * Addresses go through getaddrinfo(3); a listener without a host binds
 * loopback only.  The stream engine runs one thread per direction so
 * that each can block in splice(2) without a poll per
 * chunk; the main thread only waits for them and keeps the -w clock.
 * The datagram engine is a plain poll(2) loop: one line, one datagram.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipctools.h"
#include "sock.h"

#define SPLICE_MAX	(1 << 20)	/* bytes asked of one splice(2) */
#define RW_BUF		(128 * 1024)	/* read/write fallback buffer */
#define PIPE_WANT	(1 << 20)	/* pipe size we ask for */
#define DGRAM_MAX	65536		/* largest datagram or record taken */
#define UDP4_MAX	65507		/* 65535 - IPv4 header - UDP header */
#define UDP6_MAX	65527		/* 65535 - UDP header */

/*
 * The files we made, the Unix-domain socket and the -P file: removed at
 * exit and on signals, so that no script finds a dead one, but only while
 * they are still ours (someone may have replaced one since).
 */
enum { OWN_SOCKET, OWN_PORTFILE, OWN_MAX };
static struct owned {
	const char	*path;
	dev_t		 dev;
	ino_t		 ino;
} owned[OWN_MAX];
static volatile sig_atomic_t signal_exit0;

static void
own(int slot, const char *path)
{
	struct stat st;

	if (lstat(path, &st) == 0) {
		owned[slot].dev = st.st_dev;
		owned[slot].ino = st.st_ino;
		owned[slot].path = path;
	}
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

/* Standard output failed: a reader that left is no error. */
static void __attribute__((noreturn))
out_fail(int e)
{
	if (e == EPIPE)
		quit(EX_OK, 0, NULL);
	quit(EX_IOERR, e, "standard output");
}

/*
 * Standard input is the terminal of a job in the background: reading it
 * would stop us (SIGTTIN) in the middle of a transfer, so it counts as
 * empty, as it would be in a script.
 */
static int
stdin_background_tty(void)
{
	pid_t fg;

	if (!isatty(STDIN_FILENO))
		return 0;
	fg = tcgetpgrp(STDIN_FILENO);
	return fg != -1 && fg != getpgrp();
}

/* Errors that belong to the connection rather than to stdin or stdout. */
static int
conn_errno(int e)
{
	switch (e) {
	case ECONNRESET:
	case ECONNREFUSED:
	case ECONNABORTED:
	case ETIMEDOUT:
	case EHOSTUNREACH:
	case EHOSTDOWN:
	case ENETUNREACH:
	case ENETDOWN:
	case ENOTCONN:
		return 1;
	default:
		return 0;
	}
}

/*
 * The port operand: a number (1 to 65535; 0 too when listening, for a
 * free port) or a service name that getaddrinfo(3) knows.  Returns it
 * as a number, so that later look-ups never consult services again.
 */
const char *
sock_port(const char *port, int type, int listening)
{
	static char num[8];
	struct addrinfo hints, *res;
	const char *p, *why;
	long long v;
	int letters = 0, min = listening ? 0 : 1;

	/*
	 * A service name is letters, digits and '-', with a letter;
	 * getaddrinfo(3) alone would also take "+1" and " 1" as numbers.
	 */
	for (p = port; isalnum((unsigned char)*p) || *p == '-'; p++)
		letters |= isalpha((unsigned char)*p) || *p == '-';
	if (*p != '\0')
		letters = 1;
	if (!letters) {
		if ((why = num_parse(port, min, 65535, &v)) != NULL)
			errx(EX_USAGE, "port '%s': %s (%d to 65535)", port,
			    why, min);
	} else {
		if (*p != '\0' || !isalnum((unsigned char)*port))
			errx(EX_USAGE, "port '%s': not a number (%d to 65535) "
			    "or a known service", port, min);
		memset(&hints, 0, sizeof(hints));
		hints.ai_family = AF_INET;
		hints.ai_socktype = type;
		hints.ai_flags = AI_PASSIVE;
		if (getaddrinfo(NULL, port, &hints, &res) != 0)
			errx(EX_USAGE, "port '%s': not a number (%d to 65535) "
			    "or a known service", port, min);
		v = ntohs(((struct sockaddr_in *)(void *)res->ai_addr)->
		    sin_port);
		freeaddrinfo(res);
	}
	snprintf(num, sizeof(num), "%lld", v);
	return num;
}

/* Whether s is a numeric address of the family the user excluded. */
static int
other_family(const char *s, int family)
{
	unsigned char buf[sizeof(struct in6_addr)];

	if (family == AF_INET)
		return inet_pton(AF_INET6, s, buf) == 1;
	if (family == AF_INET6)
		return inet_pton(AF_INET, s, buf) == 1;
	return 0;
}

static struct addrinfo *
resolve(const struct sockcfg *c, const char *host, int passive)
{
	struct addrinfo hints, *res;
	int e;

	if (*host == '\0')
		errx(EX_USAGE, "host '': empty");
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = c->family;
	hints.ai_socktype = c->type;
	hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0);
	if ((e = getaddrinfo(host, c->port, &hints, &res)) == 0)
		return res;
	if (other_family(host, c->family))
		errx(EX_USAGE, "host '%s': not an IPv%c address", host,
		    c->family == AF_INET ? '4' : '6');
	switch (e) {
	case EAI_NONAME:
	case EAI_AGAIN:
	case EAI_FAIL:
	case EAI_NODATA:
	case EAI_ADDRFAMILY:
		errx(EX_NOHOST, "host '%s': %s", host, gai_strerror(e));
	case EAI_SYSTEM:
		die("host '%s'", host);
	default:
		errx(EX_OSERR, "host '%s': %s", host, gai_strerror(e));
	}
}

/* "127.0.0.1 port 80", "::1 port 80", or a Unix path. */
static void
addr_name(const struct sockaddr *sa, socklen_t len, char *buf, size_t size)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];
	const struct sockaddr_un *sun;

	if (sa->sa_family == AF_UNIX) {
		sun = (const struct sockaddr_un *)(const void *)sa;
		if (len <= offsetof(struct sockaddr_un, sun_path))
			snprintf(buf, size, "an unbound Unix socket");
		else if (sun->sun_path[0] == '\0')
			snprintf(buf, size, "@%.*s", (int)(len -
			    offsetof(struct sockaddr_un, sun_path) - 1),
			    sun->sun_path + 1);
		else
			snprintf(buf, size, "%s", sun->sun_path);
		return;
	}
	if (getnameinfo(sa, len, host, sizeof(host), serv, sizeof(serv),
	    NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		snprintf(buf, size, "an unknown address");
	else
		snprintf(buf, size, "%s port %s", host, serv);
}

static socklen_t
unix_addr(struct sockaddr_un *sun, const char *path)
{
	size_t len = strlen(path);

	if (len == 0)
		errx(EX_USAGE, "-U '': empty");
	if (len >= sizeof(sun->sun_path))
		errx(EX_USAGE, "-U '%s': longer than %zu bytes", path,
		    sizeof(sun->sun_path) - 1);
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, path, len);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + 1);
}

/*
 * connect(2), bounded by -w when it is given: a non-blocking connect
 * and a poll for the result.  ETIMEDOUT when the time ran out.
 */
static int
connect_wait(int s, const struct sockaddr *sa, socklen_t len,
    const struct timespec *wait)
{
	struct pollfd pfd;
	socklen_t elen = sizeof(int);
	int e, fl, r;

	if (wait == NULL)
		return connect(s, sa, len);
	if ((fl = fcntl(s, F_GETFL)) == -1 ||
	    fcntl(s, F_SETFL, fl | O_NONBLOCK) == -1)
		return -1;
	if (connect(s, sa, len) == -1) {
		if (errno != EINPROGRESS && errno != EAGAIN)
			return -1;
		pfd.fd = s;
		pfd.events = POLLOUT;
		while ((r = ppoll(&pfd, 1, wait, NULL)) == -1 &&
		    errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		if (getsockopt(s, SOL_SOCKET, SO_ERROR, &e, &elen) == -1)
			return -1;
		if (e != 0) {
			errno = e;
			return -1;
		}
	}
	return fcntl(s, F_SETFL, fl);
}

static int
unix_connect(const struct sockcfg *c)
{
	struct sockaddr_un sun;
	sa_family_t af = AF_UNIX;
	socklen_t len;
	int s;

	len = unix_addr(&sun, c->path);
	if ((s = socket(AF_UNIX, c->type | SOCK_CLOEXEC, 0)) == -1)
		die("socket");
	/* An autobound name, so that the listener can answer us. */
	if (c->type == SOCK_DGRAM &&
	    bind(s, (struct sockaddr *)(void *)&af, sizeof(af)) == -1)
		die("bind");
	if (connect_wait(s, (struct sockaddr *)&sun, len, c->wait) == -1) {
		/* Nobody there is the same as nobody listening. */
		if (errno == ENOENT)
			quit(EX_UNAVAILABLE, errno, "connect to %s", c->path);
		die("connect to %s", c->path);
	}
	return s;
}

/* Connect to host and port, trying each address in turn. */
int
sock_connect(const struct sockcfg *c)
{
	struct addrinfo *res, *ai;
	int e = 0, s;

	if (c->path != NULL)
		return unix_connect(c);
	res = resolve(c, c->host, 0);
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		s = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol);
		if (s == -1) {
			e = errno;
			continue;
		}
		if (connect_wait(s, ai->ai_addr, ai->ai_addrlen,
		    c->wait) == 0) {
			freeaddrinfo(res);
			return s;
		}
		e = errno;
		close(s);
	}
	freeaddrinfo(res);
	errno = e;
	if (e == ETIMEDOUT && c->wait != NULL)
		errx(EX_TEMPFAIL, "connect to %s port %s: no answer in %s "
		    "seconds", c->host, c->port, c->waitarg);
	die("connect to %s port %s", c->host, c->port);
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
static int
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

static int
unix_listen(const struct sockcfg *c)
{
	struct sockaddr_un sun;
	struct stat st;
	socklen_t len;
	mode_t mask;
	int r, s;

	len = unix_addr(&sun, c->path);
	if ((s = socket(AF_UNIX, c->type | SOCK_CLOEXEC, 0)) == -1)
		die("socket");
	/* The socket file is made mode 0600, like every new object. */
	mask = umask(0177);
	r = bind(s, (struct sockaddr *)&sun, len);
	if (r == -1 && errno == EADDRINUSE) {
		if (lstat(c->path, &st) == 0 && !S_ISSOCK(st.st_mode)) {
			umask(mask);
			errx(EX_CANTCREAT, "%s: exists and is not a socket; "
			    "left alone", c->path);
		}
		if (unix_stale(c, &sun, len)) {
			unlink(c->path);
			r = bind(s, (struct sockaddr *)&sun, len);
		} else
			errno = EADDRINUSE;
	}
	umask(mask);
	if (r == -1)
		die("%s", c->path);
	own(OWN_SOCKET, c->path);
	if (c->type == SOCK_STREAM && listen(s, SOMAXCONN) == -1)
		die("listen on %s", c->path);
	return s;
}

static int
inet_listen(const struct sockcfg *c, char *port, size_t size)
{
	struct sockaddr_storage ss;
	struct addrinfo *res, *ai;
	socklen_t sslen = sizeof(ss);
	const char *host = c->host;
	int e = 0, on = 1, s = -1;

	memset(&ss, 0, sizeof(ss));
	if (host == NULL)
		host = c->family == AF_INET6 ? "::1" : "127.0.0.1";
	res = resolve(c, host, 1);
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		s = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol);
		if (s == -1) {
			e = errno;
			continue;
		}
		/* Not for UDP: there it would let two listeners share. */
		if (c->type == SOCK_STREAM && setsockopt(s, SOL_SOCKET,
		    SO_REUSEADDR, &on, sizeof(on)) == -1)
			die("setsockopt SO_REUSEADDR");
		if (bind(s, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    (c->type != SOCK_STREAM || listen(s, SOMAXCONN) == 0))
			break;
		e = errno;
		close(s);
		s = -1;
	}
	freeaddrinfo(res);
	if (s == -1) {
		errno = e;
		die("listen on %s port %s", host, c->port);
	}
	if (getsockname(s, (struct sockaddr *)&ss, &sslen) == -1)
		die("getsockname");
	if (getnameinfo((struct sockaddr *)&ss, sslen, NULL, 0, port, size,
	    NI_NUMERICSERV) != 0)
		errx(EX_OSERR, "cannot name the bound port");
	return s;
}

/*
 * The -P file: written whole under a temporary name in the same
 * directory, then renamed, so that a reader never sees it half done.
 */
static void
write_portfile(const char *file, const char *text)
{
	char *tmp;
	mode_t mask;
	int fd;

	if (asprintf(&tmp, "%s.XXXXXX", file) == -1)
		die("-P %s", file);
	if ((fd = mkstemp(tmp)) == -1)
		die("-P %s", file);
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) == -1 ||
	    write_full(fd, text, strlen(text)) == -1 ||
	    write_full(fd, "\n", 1) == -1 || close(fd) == -1 ||
	    rename(tmp, file) == -1) {
		unlink(tmp);
		die("-P %s", file);
	}
	free(tmp);
	own(OWN_PORTFILE, file);
}

/*
 * Bind (and for streams, listen); then, and only then, the -P file.
 */
int
sock_listen(const struct sockcfg *c)
{
	char port[NI_MAXSERV];
	int s;

	if (c->path != NULL) {
		s = unix_listen(c);
		if (c->portfile != NULL)
			write_portfile(c->portfile, c->path);
	} else {
		s = inet_listen(c, port, sizeof(port));
		if (c->portfile != NULL)
			write_portfile(c->portfile, port);
	}
	return s;
}

/*
 * The client accept(2) gave us, named then: after a reset getpeername(2)
 * fails, and a message about the reset must still say who it was.
 */
static char	 client_name[NI_MAXHOST + NI_MAXSERV + 8];

int
sock_accept(int ls, const struct sockcfg *c)
{
	struct sockaddr_storage ss;
	struct pollfd pfd;
	socklen_t len;
	int r, s;

	for (;;) {
		if (c->wait != NULL) {
			pfd.fd = ls;
			pfd.events = POLLIN;
			r = ppoll(&pfd, 1, c->wait, NULL);
			if (r == -1 && errno == EINTR)
				continue;
			if (r == -1)
				die("poll");
			if (r == 0)
				diex(EX_TEMPFAIL, "no connection in %s seconds",
				    c->waitarg);
		}
		len = sizeof(ss);
		memset(&ss, 0, sizeof(ss));
		if ((s = accept4(ls, (struct sockaddr *)&ss, &len,
		    SOCK_CLOEXEC)) != -1) {
			client_name[0] = '\0';
			if (c->path == NULL)
				addr_name((struct sockaddr *)&ss, len,
				    client_name, sizeof(client_name));
			return s;
		}
		if (errno != EINTR && errno != ECONNABORTED)
			die("accept");
	}
}

/* ---- The stream engine ---- */

enum in_how { IN_SPLICE, IN_VIA_PIPE, IN_RW };
enum out_how { OUT_SPLICE, OUT_VIA_PIPE, OUT_RW };

struct half {
	pthread_t	 tid;
	int		 s;
	int		 done;		/* under mu */
	int		 err;		/* errno that ended it, 0 at the end */
	atomic_int	 abandon;	/* -k: the client is gone; stop */
};

static pthread_mutex_t	 mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 cv;
static atomic_llong	 last_move;	/* CLOCK_MONOTONIC ns, with -w */
static int		 timing;
static int		 stdin_ended;
static enum in_how	 in_how;
static enum out_how	 out_how;
static int		 via[2] = { -1, -1 };	/* private pipe to stdout */
static int		 vin[2] = { -1, -1 };	/* private pipe from stdin */
static size_t		 vin_len;	/* bytes waiting in vin, across -k */
static char		*in_buf, *out_buf;
static size_t		 in_off, in_len;	/* kept across -k clients */

static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void
moved(void)
{
	if (timing)
		atomic_store_explicit(&last_move, now_ns(),
		    memory_order_relaxed);
}

static void
finish(struct half *h, int e)
{
	pthread_mutex_lock(&mu);
	h->done = 1;
	h->err = e;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
}

/* Wait until fd is ready, for a descriptor someone made non-blocking. */
static void
await(int fd, short events)
{
	struct pollfd pfd;

	pfd.fd = fd;
	pfd.events = events;
	poll(&pfd, 1, -1);
}

static void
grow_pipe(int fd)
{
	static int want;
	uint64_t max;

	if (want == 0) {
		max = sysctl_num("/proc/sys/fs/pipe-max-size", PIPE_WANT);
		want = max < PIPE_WANT ? (int)max : PIPE_WANT;
	}
	/* A refusal (the user's pipe quota) only costs speed. */
	(void)fcntl(fd, F_SETPIPE_SZ, want);
}

static void
on_kick(int sig)
{
	(void)sig;
}

/* Choose each direction's path once, from what stdin and stdout are. */
static void
stream_init(const struct sockcfg *c)
{
	struct sigaction sa;
	pthread_condattr_t ca;
	struct stat st;

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&cv, &ca);
	pthread_condattr_destroy(&ca);
	timing = c->wait != NULL;

	/* SIGUSR1 interrupts a sender blocked on stdin (-k). */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_kick;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);

	stdin_ended = stdin_background_tty();
	if (fstat(STDIN_FILENO, &st) == 0 && S_ISFIFO(st.st_mode)) {
		in_how = IN_SPLICE;
		grow_pipe(STDIN_FILENO);
	} else if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
	    pipe2(vin, O_CLOEXEC) == 0) {
		/*
		 * A file goes through a pipe of our own, spliced twice: on a
		 * Unix socket that runs faster than sendfile(2), which copies
		 * into the socket's buffer, and on TCP it runs the same.
		 */
		in_how = IN_VIA_PIPE;
		grow_pipe(vin[0]);
	} else
		in_how = IN_RW;

	if (fstat(STDOUT_FILENO, &st) == 0 && S_ISFIFO(st.st_mode)) {
		out_how = OUT_SPLICE;
		grow_pipe(STDOUT_FILENO);
	} else if (!isatty(STDOUT_FILENO) &&
	    pipe2(via, O_CLOEXEC) == 0) {
		out_how = OUT_VIA_PIPE;
		grow_pipe(via[0]);
	} else
		out_how = OUT_RW;

	if ((in_buf = malloc(RW_BUF)) == NULL ||
	    (out_buf = malloc(RW_BUF)) == NULL)
		die("malloc");
}

/* One step of a file on stdin to the socket through vin; leftovers wait. */
static ssize_t
send_via(int s)
{
	ssize_t n;

	if (vin_len == 0) {
		if ((n = splice(STDIN_FILENO, NULL, vin[1], NULL, SPLICE_MAX,
		    SPLICE_F_MOVE)) <= 0)
			return n;
		vin_len = (size_t)n;
	}
	n = splice(vin[0], NULL, s, NULL, vin_len, SPLICE_F_MOVE);
	if (n > 0)
		vin_len -= (size_t)n;
	return n;
}

/* One read/write step of stdin to the socket; stdin's leftovers wait. */
static ssize_t
send_rw(int s)
{
	ssize_t n;

	if (in_off == in_len) {
		in_off = in_len = 0;
		if ((n = read(STDIN_FILENO, in_buf, RW_BUF)) <= 0) {
			if (n == -1 && errno != EINTR && errno != EAGAIN)
				quit(EX_IOERR, errno, "standard input");
			return n;
		}
		in_len = (size_t)n;
	}
	n = send(s, in_buf + in_off, in_len - in_off, MSG_NOSIGNAL);
	if (n > 0)
		in_off += (size_t)n;
	return n;
}

static void *
sender(void *arg)
{
	struct half *h = arg;
	ssize_t n;

	for (;;) {
		if (atomic_load(&h->abandon)) {
			finish(h, EINTR);
			return NULL;
		}
		switch (in_how) {
		case IN_SPLICE:
			n = splice(STDIN_FILENO, NULL, h->s, NULL, SPLICE_MAX,
			    SPLICE_F_MOVE);
			break;
		case IN_VIA_PIPE:
			n = send_via(h->s);
			break;
		default:
			n = send_rw(h->s);
			break;
		}
		if (n > 0) {
			moved();
			continue;
		}
		if (n == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN) {
			await(STDIN_FILENO, POLLIN);
			continue;
		}
		if (errno == EPIPE || conn_errno(errno)) {
			finish(h, errno);
			return NULL;
		}
		if (in_how != IN_RW && vin_len == 0 &&
		    (errno == EINVAL || errno == ENOSYS)) {
			in_how = IN_RW;
			continue;
		}
		quit(EX_IOERR, errno, "standard input");
	}
	stdin_ended = 1;
	/* The half-close: the peer sees our end, and may still answer. */
	shutdown(h->s, SHUT_WR);
	finish(h, 0);
	return NULL;
}

/* Move n bytes from the private pipe to stdout. */
static void
drain_via(size_t n)
{
	ssize_t m;

	while (n > 0) {
		if (out_how == OUT_VIA_PIPE)
			m = splice(via[0], NULL, STDOUT_FILENO, NULL, n,
			    SPLICE_F_MOVE);
		else if ((m = read(via[0], out_buf, n < RW_BUF ? n :
		    RW_BUF)) > 0 && write_full(STDOUT_FILENO, out_buf,
		    (size_t)m) == -1)
			out_fail(errno);
		if (m > 0) {
			n -= (size_t)m;
			continue;
		}
		if (m == -1 && errno == EINTR)
			continue;
		if (m == -1 && errno == EAGAIN) {
			await(STDOUT_FILENO, POLLOUT);
			continue;
		}
		/* Terminals, O_APPEND files: the rest by read and write. */
		if (m == -1 && out_how == OUT_VIA_PIPE && errno == EINVAL) {
			out_how = OUT_RW;
			continue;
		}
		out_fail(m == 0 ? EIO : errno);
	}
}

static void *
receiver(void *arg)
{
	struct half *h = arg;
	ssize_t n;

	for (;;) {
		switch (out_how) {
		case OUT_SPLICE:
			n = splice(h->s, NULL, STDOUT_FILENO, NULL,
			    SPLICE_MAX, SPLICE_F_MOVE);
			break;
		case OUT_VIA_PIPE:
			n = splice(h->s, NULL, via[1], NULL, SPLICE_MAX,
			    SPLICE_F_MOVE);
			if (n > 0)
				drain_via((size_t)n);
			break;
		default:
			n = recv(h->s, out_buf, RW_BUF, 0);
			if (n > 0 && write_full(STDOUT_FILENO, out_buf,
			    (size_t)n) == -1)
				out_fail(errno);
			break;
		}
		if (n > 0) {
			moved();
			continue;
		}
		if (n == 0) {
			finish(h, 0);
			return NULL;
		}
		if (errno == EINTR)
			continue;
		if (conn_errno(errno)) {
			finish(h, errno);
			return NULL;
		}
		if (errno == EAGAIN && out_how == OUT_SPLICE) {
			await(STDOUT_FILENO, POLLOUT);
			continue;
		}
		if (errno == EINVAL && out_how != OUT_RW) {
			out_how = OUT_RW;
			continue;
		}
		out_fail(errno);
	}
}

/* "127.0.0.1 port 4000" or the path: who a message is about. */
static void
peer_name(int s, const struct sockcfg *c, char *buf, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	memset(&ss, 0, sizeof(ss));
	if (c->path != NULL)
		snprintf(buf, size, "%s", c->path);
	else if (!c->listening)
		snprintf(buf, size, "%s port %s", c->host, c->port);
	else if (client_name[0] != '\0')
		snprintf(buf, size, "%s", client_name);
	else if (getpeername(s, (struct sockaddr *)&ss, &len) == 0)
		addr_name((struct sockaddr *)&ss, len, buf, size);
	else
		snprintf(buf, size, "the client");
}

/*
 * Join the connected stream socket s to stdin and stdout until both
 * directions are done.  Returns 0; a reset exits 69, except under -k
 * where it is reported and the next client is served.
 */
int
sock_stream(int s, const struct sockcfg *c)
{
	static int ready;
	struct half in, out;
	struct timespec ts;
	char who[NI_MAXHOST + 64];
	long long deadline, wait_ns = 0;
	int e;

	if (!ready) {
		stream_init(c);
		ready = 1;
	}
	peer_name(s, c, who, sizeof(who));
	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	in.s = out.s = s;
	atomic_init(&in.abandon, 0);
	atomic_init(&out.abandon, 0);
	if (timing) {
		wait_ns = c->wait->tv_sec * 1000000000LL + c->wait->tv_nsec;
		atomic_store(&last_move, now_ns());
	}

	if (stdin_ended) {
		shutdown(s, SHUT_WR);
		in.done = 1;
	} else if ((e = pthread_create(&in.tid, NULL, sender, &in)) != 0)
		quit(EX_OSERR, e, "pthread_create");
	if ((e = pthread_create(&out.tid, NULL, receiver, &out)) != 0)
		quit(EX_OSERR, e, "pthread_create");

	pthread_mutex_lock(&mu);
	while (!(in.done && out.done) && !(out.done && out.err != 0)) {
		if (!timing) {
			pthread_cond_wait(&cv, &mu);
			continue;
		}
		deadline = atomic_load(&last_move) + wait_ns;
		if (now_ns() >= deadline)
			quit(EX_TEMPFAIL, 0, "%s: nothing moved for %s seconds",
			    who, c->waitarg);
		ts.tv_sec = deadline / 1000000000LL;
		ts.tv_nsec = deadline % 1000000000LL;
		pthread_cond_timedwait(&cv, &mu, &ts);
	}
	pthread_mutex_unlock(&mu);

	/*
	 * A reset, seen by either side, fails the connection.  Our data
	 * refused after the peer's orderly end (EPIPE) does not: the peer
	 * said it was done, and it was.
	 */
	e = out.err != 0 ? out.err : in.err == ECONNRESET ? in.err : 0;
	if (e != 0 && !c->keep)
		quit(EX_UNAVAILABLE, e, "%s", who);
	if (e != 0)
		warnx("%s: %s", who, strerror(e));

	/* -k: a sender still waiting on stdin lets go of this client. */
	pthread_mutex_lock(&mu);
	while (!in.done) {
		atomic_store(&in.abandon, 1);
		pthread_kill(in.tid, SIGUSR1);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += 50000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&cv, &mu, &ts);
	}
	pthread_mutex_unlock(&mu);
	if (in.tid != 0)
		pthread_join(in.tid, NULL);
	pthread_join(out.tid, NULL);
	return 0;
}

/* ---- The datagram engine ---- */

struct dgram {
	int			 s;
	const struct sockcfg	*c;
	struct sockaddr_storage	 peer;		/* listener: last heard */
	socklen_t		 peerlen;
	char			*in;		/* stdin, up to limit + 1 */
	size_t			 inlen;
	size_t			 limit;		/* largest line we send */
	unsigned long long	 line;
	int			 in_eof;
	char			*dg;		/* received datagram + delim */
};

/* A client's peer refused (an ICMP port unreachable, a gone socket). */
static void __attribute__((noreturn))
dg_refused(struct dgram *d, int e)
{
	char who[NI_MAXHOST + 64];

	peer_name(d->s, d->c, who, sizeof(who));
	quit(EX_UNAVAILABLE, e, "%s", who);
}

static void
dg_send(struct dgram *d, const char *p, size_t len)
{
	char who[NI_MAXHOST + 64];
	ssize_t n;

	d->line++;
	for (;;) {
		if (d->c->listening)
			n = sendto(d->s, p, len, 0,
			    (struct sockaddr *)&d->peer, d->peerlen);
		else
			n = send(d->s, p, len, 0);
		if (n != -1)
			break;
		if (errno == EINTR)
			continue;
		if (errno == EMSGSIZE)
			quit(EX_DATAERR, errno, "line %llu is %zu bytes",
			    d->line, len);
		if (d->c->listening && (conn_errno(errno) ||
		    errno == ENOENT)) {
			/* That peer is gone; later lines wait for another. */
			addr_name((struct sockaddr *)&d->peer, d->peerlen,
			    who, sizeof(who));
			warn("line %llu not sent to %s", d->line, who);
			d->peerlen = 0;
			return;
		}
		if (!d->c->listening && conn_errno(errno))
			dg_refused(d, errno);
		die("send");
	}
}

/* A line too long for one datagram: count it whole, then refuse it. */
static void __attribute__((noreturn))
dg_too_long(struct dgram *d)
{
	char buf[8192], *p;
	size_t total = d->inlen;
	ssize_t n;

	for (;;) {
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN) {
			await(STDIN_FILENO, POLLIN);
			continue;
		}
		if (n == -1)
			quit(EX_IOERR, errno, "standard input");
		if (n == 0)
			break;
		if ((p = memchr(buf, d->c->delim, (size_t)n)) != NULL) {
			total += (size_t)(p - buf);
			break;
		}
		total += (size_t)n;
	}
	quit(EX_DATAERR, 0, "line %llu is %zu bytes; a datagram holds at "
	    "most %zu", d->line + 1, total, d->limit);
}

/*
 * Send each whole line held; at end of input the rest is a line too
 * (a last line without its newline).  A listener that lost its peer
 * keeps the rest until it hears from another.
 */
static void
dg_lines(struct dgram *d)
{
	char *p, *start = d->in;
	size_t left;

	while (!d->c->listening || d->peerlen > 0) {
		left = d->inlen - (size_t)(start - d->in);
		if ((p = memchr(start, d->c->delim, left)) != NULL) {
			dg_send(d, start, (size_t)(p - start));
			start = p + 1;
		} else {
			if (d->in_eof && left > 0) {
				dg_send(d, start, left);
				start += left;
			}
			break;
		}
	}
	d->inlen -= (size_t)(start - d->in);
	memmove(d->in, start, d->inlen);
	if (d->inlen == d->limit + 1 && memchr(d->in, d->c->delim,
	    d->inlen) == NULL)
		dg_too_long(d);
}

/* Read stdin and send its lines; returns 0 once all of it is sent. */
static int
dg_input(struct dgram *d)
{
	ssize_t n;

	if (!d->in_eof && d->inlen <= d->limit) {
		n = read(STDIN_FILENO, d->in + d->inlen,
		    d->limit + 1 - d->inlen);
		if (n == -1 && errno != EINTR && errno != EAGAIN)
			quit(EX_IOERR, errno, "standard input");
		if (n == 0)
			d->in_eof = 1;
		if (n > 0)
			d->inlen += (size_t)n;
	}
	dg_lines(d);
	return !(d->in_eof && d->inlen == 0);
}

/* Print the datagrams waiting on the socket, each whole, or fail. */
static void
dg_output(struct dgram *d)
{
	struct sockaddr_storage from;
	socklen_t fromlen;
	char who[NI_MAXHOST + 64];
	ssize_t n;

	memset(&from, 0, sizeof(from));
	for (;;) {
		fromlen = sizeof(from);
		n = recvfrom(d->s, d->dg, DGRAM_MAX + 1,
		    MSG_TRUNC | MSG_DONTWAIT, (struct sockaddr *)&from,
		    &fromlen);
		if (n == -1) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			if (conn_errno(errno) && d->c->listening)
				continue;
			if (conn_errno(errno))
				dg_refused(d, errno);
			die("recv");
		}
		/* An unbound Unix sender has no address at all. */
		if (fromlen < sizeof(sa_family_t))
			from.ss_family = AF_UNIX;
		if (n > DGRAM_MAX) {
			addr_name((struct sockaddr *)&from, fromlen, who,
			    sizeof(who));
			quit(EX_DATAERR, 0, "a datagram of %zd bytes from %s "
			    "is more than the %d bytes taken", n, who,
			    DGRAM_MAX);
		}
		d->dg[n] = d->c->delim;
		if (write_full(STDOUT_FILENO, d->dg, (size_t)n + 1) == -1)
			out_fail(errno);
		/* Answer the peer heard last, if it has an address. */
		if (d->c->listening && (from.ss_family != AF_UNIX ||
		    fromlen > offsetof(struct sockaddr_un, sun_path))) {
			memcpy(&d->peer, &from, fromlen);
			d->peerlen = fromlen;
		}
	}
}

/*
 * Lines to datagrams and back, until stdin ends (a client without -w),
 * -w of silence, or a signal.  Silence while stdin is still open is a
 * timeout (75); after it ended, it is the normal end (0).
 */
void
sock_dgram(int s, const struct sockcfg *c)
{
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof(ss);
	struct pollfd pfd[2];
	struct dgram d;
	struct timespec ts;
	long long deadline = 0, left, wait_ns = 0;
	int in_open = 1, r;

	memset(&ss, 0, sizeof(ss));
	memset(&d, 0, sizeof(d));
	d.s = s;
	d.c = c;
	d.limit = DGRAM_MAX;
	if (getsockname(s, (struct sockaddr *)&ss, &sslen) == 0)
		d.limit = ss.ss_family == AF_INET ? UDP4_MAX :
		    ss.ss_family == AF_INET6 ? UDP6_MAX : DGRAM_MAX;
	if ((d.in = malloc(d.limit + 1)) == NULL ||
	    (d.dg = malloc(DGRAM_MAX + 2)) == NULL)
		die("malloc");
	if (stdin_background_tty()) {
		d.in_eof = 1;
		in_open = 0;
	}
	if (c->wait != NULL) {
		wait_ns = c->wait->tv_sec * 1000000000LL + c->wait->tv_nsec;
		deadline = now_ns() + wait_ns;
	}

	for (;;) {
		if (!in_open && !c->listening && c->wait == NULL)
			quit(EX_OK, 0, NULL);
		pfd[0].fd = in_open && (!c->listening || d.peerlen > 0) ?
		    STDIN_FILENO : -1;
		pfd[0].events = POLLIN;
		pfd[1].fd = s;
		pfd[1].events = POLLIN;
		if (c->wait != NULL) {
			if ((left = deadline - now_ns()) <= 0) {
				if (!in_open)
					quit(EX_OK, 0, NULL);
				quit(EX_TEMPFAIL, 0, "nothing moved for %s "
				    "seconds", c->waitarg);
			}
			ts.tv_sec = left / 1000000000LL;
			ts.tv_nsec = left % 1000000000LL;
		}
		r = ppoll(pfd, 2, c->wait != NULL ? &ts : NULL, NULL);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			die("poll");
		if (r == 0)
			continue;
		if (pfd[1].revents != 0)
			dg_output(&d);
		if (pfd[0].revents != 0)
			in_open = dg_input(&d);
		if (c->wait != NULL)
			deadline = now_ns() + wait_ns;
	}
}
