/*
 * Connections for sockpipe(1): connect (bounded by -w), bind and listen
 * (loopback unless a host is given), accept, and the -P file that tells
 * a script the port once it can connect.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <ctype.h>
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

/*
 * The socket options of nc's letters: -I and -O (buffer sizes), -b
 * (broadcast).  Exits on a refusal: the user asked for them.
 */
static void
sock_opts(int s, const struct sockcfg *c)
{
	int on = 1;

	if (c->rcvbuf != 0 && setsockopt(s, SOL_SOCKET, SO_RCVBUF,
	    &c->rcvbuf, sizeof(c->rcvbuf)) == -1)
		die("-I %d", c->rcvbuf);
	if (c->sndbuf != 0 && setsockopt(s, SOL_SOCKET, SO_SNDBUF,
	    &c->sndbuf, sizeof(c->sndbuf)) == -1)
		die("-O %d", c->sndbuf);
	if (c->broadcast && setsockopt(s, SOL_SOCKET, SO_BROADCAST, &on,
	    sizeof(on)) == -1)
		die("-b");
}

/* A socket for one address of getaddrinfo(3)'s list, with c's options. */
static int
ai_socket(const struct addrinfo *ai, const struct sockcfg *c)
{
	int s;

	if ((s = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
	    ai->ai_protocol)) != -1)
		sock_opts(s, c);
	return s;
}

/*
 * -p: bind s to the source port, on the -s address (from) or on every
 * address of the family.
 */
static void
bind_port(int s, const struct sockcfg *c, const struct addrinfo *ai,
    const struct addrinfo *from)
{
	struct sockaddr_storage ss;
	int on = 1;

	memset(&ss, 0, sizeof(ss));
	if (from != NULL)
		memcpy(&ss, from->ai_addr, from->ai_addrlen);
	else
		ss.ss_family = ai->ai_family;
	if (ss.ss_family == AF_INET)
		((struct sockaddr_in *)(void *)&ss)->sin_port =
		    htons((unsigned short)strtol(c->srcport, NULL, 10));
	else
		((struct sockaddr_in6 *)(void *)&ss)->sin6_port =
		    htons((unsigned short)strtol(c->srcport, NULL, 10));
	(void)setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(s, (struct sockaddr *)&ss, ai->ai_addrlen) == -1)
		die("-p %s", c->srcport);
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
	sock_opts(s, c);
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

/* -s: of the source's addresses, the one of family af, or NULL. */
static const struct addrinfo *
source_of(const struct addrinfo *src, int af)
{
	for (; src != NULL; src = src->ai_next)
		if (src->ai_family == af)
			return src;
	return NULL;
}

/*
 * Connect to host and port, trying each address in turn (those of the
 * -s address's family, with -s); the socket, or -1 and errno.
 */
static int
inet_connect(const struct sockcfg *c, const struct addrinfo *src)
{
	const struct addrinfo *from;
	struct addrinfo *res, *ai;
	int e = 0, s, tried = 0;

	res = sock_resolve(c, "host", c->host, 0);
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		from = source_of(src, ai->ai_family);
		if (src != NULL && from == NULL)
			continue;
		tried = 1;
		if ((s = ai_socket(ai, c)) == -1) {
			e = errno;
			continue;
		}
		if (c->srcport != NULL)
			bind_port(s, c, ai, from);
		else if (from != NULL && bind(s, from->ai_addr,
		    from->ai_addrlen) == -1)
			die("-s '%s'", c->source);
		if (connect_wait(s, ai->ai_addr, ai->ai_addrlen,
		    c->wait) == 0) {
			freeaddrinfo(res);
			return s;
		}
		e = errno;
		close(s);
	}
	freeaddrinfo(res);
	if (!tried)
		diex(EX_USAGE, "-s '%s' and host '%s' have no address family "
		    "in common", c->source, c->host);
	errno = e;
	return -1;
}

/* -s: the source's addresses, or NULL without -s. */
static struct addrinfo *
source_resolve(const struct sockcfg *c)
{
	struct sockcfg sc = *c;

	if (c->source == NULL)
		return NULL;
	sc.port = NULL;
	return sock_resolve(&sc, "-s", c->source, 0);
}

/* A failed connect, said as the user will look for it. */
static int
connect_failed(const struct sockcfg *c, int e)
{
	if (e == ETIMEDOUT && c->wait != NULL)
		return failx(EX_TEMPFAIL, "connect to %s port %s: no answer "
		    "in %s seconds", c->host, c->port, c->waitarg);
	errno = e;
	return fail("connect to %s port %s", c->host, c->port);
}

/* -v: "connected to localhost port 80 (::1)", the address that answered. */
static void
say_connected(int s, const struct sockcfg *c)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char host[NI_MAXHOST];
	const char *verb;

	verb = c->type == SOCK_DGRAM ? "sending to" : "connected to";
	memset(&ss, 0, sizeof(ss));
	if (c->proxy != NULL)
		note("%s %s port %s through the proxy", verb, c->host, c->port);
	else if (c->path != NULL)
		note("%s %s", verb, c->path);
	else if (getpeername(s, (struct sockaddr *)&ss, &len) == 0 &&
	    getnameinfo((struct sockaddr *)&ss, len, host, sizeof(host),
	    NULL, 0, NI_NUMERICHOST) == 0 && strcmp(host, c->host) != 0)
		note("%s %s port %s (%s)", verb, c->host, c->port, host);
	else
		note("%s %s port %s", verb, c->host, c->port);
}

/*
 * Connect to c's host and port, with -x through the proxy: the socket,
 * or -1 after a warning, with the exit status in *status.  The host is
 * the proxy's to resolve: it is never looked up here.
 */
static int
dial(const struct sockcfg *c, const struct addrinfo *src, int *status)
{
	struct sockcfg pc;
	int s;

	if (c->proxy == NULL) {
		if ((s = inet_connect(c, src)) == -1)
			*status = connect_failed(c, errno);
		return s;
	}
	pc = *c;
	pc.host = c->proxy;
	pc.port = c->proxyport;
	if ((s = inet_connect(&pc, src)) == -1) {
		*status = connect_failed(&pc, errno);
		return -1;
	}
	if (c->verbose)
		note("connected to proxy %s port %s (%s)", c->proxy,
		    c->proxyport, proxy_proto_name(c->proxyproto));
	if ((*status = sock_proxy(s, c)) != 0) {
		close(s);
		return -1;
	}
	return s;
}

int
sock_connect(const struct sockcfg *c)
{
	struct addrinfo *src;
	int s, status;

	if (c->path != NULL)
		s = unix_connect(c);
	else {
		src = source_resolve(c);
		if ((s = dial(c, src, &status)) == -1)
			quit(status, 0, NULL);
		if (src != NULL)
			freeaddrinfo(src);
	}
	if (c->verbose)
		say_connected(s, c);
	return s;
}

/*
 * -F: pass the connected socket s to standard output (SCM_RIGHTS), as
 * ssh(1) asks of a ProxyCommand with ProxyUseFdpass; 0 once it went.
 */
int
sock_pass(int s)
{
	union {
		struct cmsghdr	 h;
		char		 buf[CMSG_SPACE(sizeof(int))];
	} cm;
	struct cmsghdr *h;
	struct msghdr msg;
	struct iovec iov;
	char byte = '\0';
	ssize_t r;

	memset(&cm, 0, sizeof(cm));
	memset(&msg, 0, sizeof(msg));
	iov.iov_base = &byte;
	iov.iov_len = 1;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cm.buf;
	msg.msg_controllen = sizeof(cm.buf);
	h = CMSG_FIRSTHDR(&msg);
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(h), &s, sizeof(int));
	while ((r = sendmsg(STDOUT_FILENO, &msg, MSG_NOSIGNAL)) == -1 &&
	    (errno == EINTR || errno == EAGAIN))
		await(STDOUT_FILENO, POLLOUT);
	if (r == -1 && (errno == ENOTSOCK || errno == EINVAL ||
	    errno == EOPNOTSUPP))
		diex(EX_USAGE, "-F: standard output is not a Unix socket to "
		    "pass the connection on");
	if (r == -1)
		die("-F: standard output");
	close(s);
	return EX_OK;
}

/*
 * A PORT operand of -z: a port or service name, or a range LOW-HIGH of
 * port numbers.  Exits 64 on a bad one.
 */
static void
port_range(const char *arg, long long *lo, long long *hi)
{
	const char *dash, *why;
	char *low;

	if ((dash = strchr(arg, '-')) == NULL ||
	    !isdigit((unsigned char)*arg)) {
		*lo = *hi = strtoll(sock_port(arg, SOCK_STREAM, 0), NULL, 10);
		return;
	}
	if ((low = strndup(arg, (size_t)(dash - arg))) == NULL)
		die("strndup");
	if ((why = num_parse(low, 1, 65535, lo)) != NULL ||
	    (why = num_parse(dash + 1, 1, 65535, hi)) != NULL)
		diex(EX_USAGE, "port range '%s': %s (1 to 65535)", arg, why);
	free(low);
	if (*lo > *hi)
		diex(EX_USAGE, "port range '%s': ends before it begins", arg);
}

/*
 * -z: connect to each port and close at once; ports is a NULL-ended list
 * of PORT operands.  0 when every port was open, else the status of the
 * first that was not; each one not open is said, and with -v each open
 * one too.
 */
int
sock_probe(const struct sockcfg *c, char *ports[])
{
	struct sockcfg pc = *c;
	struct addrinfo *src;
	char num[8];
	long long lo, hi, p;
	int e, i, s, status = 0;

	/* Every operand checked before the first connect. */
	for (i = 0; ports[i] != NULL; i++)
		port_range(ports[i], &lo, &hi);
	if (c->path != NULL) {
		pc.verbose = 0;
		close(sock_connect(&pc));
		if (c->verbose)
			note("%s: open", c->path);
		return 0;
	}
	src = source_resolve(c);
	pc.port = num;
	for (i = 0; ports[i] != NULL; i++) {
		port_range(ports[i], &lo, &hi);
		for (p = lo; p <= hi; p++) {
			/* -i: the pause between two ports, as nc(1). */
			if (c->interval != NULL && (i > 0 || p > lo))
				(void)nanosleep(c->interval, NULL);
			snprintf(num, sizeof(num), "%lld", p);
			if ((s = dial(&pc, src, &e)) != -1) {
				close(s);
				if (c->verbose)
					note("%s port %s: open", c->host, num);
			} else if (status == 0)
				status = e;
		}
	}
	if (src != NULL)
		freeaddrinfo(src);
	return status;
}

static int
unix_listen(const struct sockcfg *c)
{
	struct sockaddr_un sun;
	struct stat st;
	sigset_t old;
	socklen_t len;
	mode_t mask;
	int r, s;

	len = unix_addr(&sun, c->path);
	if ((s = socket(AF_UNIX, c->type | SOCK_CLOEXEC, 0)) == -1)
		die("socket");
	sock_opts(s, c);
	/* An abstract name has no file: nothing to check, own or remove. */
	if (*c->path == '@') {
		if (bind(s, (struct sockaddr *)&sun, len) == -1)
			die("%s", c->path);
		if (c->type == SOCK_STREAM && listen(s, SOMAXCONN) == -1)
			die("listen on %s", c->path);
		return s;
	}
	/* The socket file is made mode 0600, like every new object. */
	own_hold(&old);
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
	own_release(&old);
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
	res = sock_resolve(c, "host", host, 1);
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((s = ai_socket(ai, c)) == -1) {
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
	sigset_t old;
	char *tmp;
	mode_t mask;
	int fd;

	if (asprintf(&tmp, "%s.XXXXXX", file) == -1)
		die("-P %s", file);
	own_hold(&old);
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
	own_release(&old);
}

/* -v: "listening on 127.0.0.1 port 4000", or on the socket's path. */
static void
say_bound(int s, const struct sockcfg *c)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char name[PEER_NAME_MAX];

	memset(&ss, 0, sizeof(ss));
	if (c->path != NULL)
		note("listening on %s", c->path);
	else if (getsockname(s, (struct sockaddr *)&ss, &len) == 0) {
		addr_name((struct sockaddr *)&ss, len, name, sizeof(name));
		note("listening on %s", name);
	}
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
	if (c->verbose)
		say_bound(s, c);
	return s;
}

/* -v: "accepted 127.0.0.1 port 51234", or a client on a path. */
static void
say_accepted(int s, const struct sockcfg *c)
{
	char who[PEER_NAME_MAX];

	if (c->path != NULL)
		note("accepted a client on %s", c->path);
	else {
		peer_name(s, c, who, sizeof(who));
		note("accepted %s", who);
	}
}

int
sock_accept(int ls, const struct sockcfg *c)
{
	struct sockaddr_storage ss;
	struct pollfd pfd;
	socklen_t len;
	int r, s;

	for (;;) {
		/* A -k listener waits for its next client however long. */
		if (c->wait != NULL && !c->keep) {
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
			if (c->verbose)
				say_accepted(s, c);
			return s;
		}
		if (errno != EINTR && errno != ECONNABORTED)
			die("accept");
	}
}
