/*
 * Connections for sockpipe(1): connect (bounded by -w), bind and listen
 * (loopback unless a host is given), accept, and the -P file that tells
 * a script the port once it can connect.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sockpriv.h"

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

/* A socket for one address of getaddrinfo(3)'s list. */
static int
ai_socket(const struct addrinfo *ai)
{
	return socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
	    ai->ai_protocol);
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
	res = sock_resolve(c, c->host, 0);
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((s = ai_socket(ai)) == -1) {
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
		diex(EX_TEMPFAIL, "connect to %s port %s: no answer in %s "
		    "seconds", c->host, c->port, c->waitarg);
	die("connect to %s port %s", c->host, c->port);
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
			diex(EX_CANTCREAT, "%s: exists and is not a socket; "
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
	res = sock_resolve(c, host, 1);
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((s = ai_socket(ai)) == -1) {
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
		diex(EX_OSERR, "cannot name the bound port");
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
			client_named((struct sockaddr *)&ss, len);
			return s;
		}
		if (errno != EINTR && errno != ECONNABORTED)
			die("accept");
	}
}
