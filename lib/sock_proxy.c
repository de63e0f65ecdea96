/*
 * Proxies for sockpipe(1) -x: the handshake that asks a SOCKS 4, 4a or 5
 * server (RFC 1928, and RFC 1929's user and password) or an HTTP proxy
 * (CONNECT, Basic authentication) for a connection to host and port, on
 * a socket already connected to the proxy.  A destination given as a
 * name goes to the proxy as a name: it is never looked up here.
 *
 * The whole exchange is bounded by -w.  Each answer of the proxy that
 * refuses has its status: authentication refused 77, host unreachable
 * 68, connection refused 69, a timeout 75, and a reply that is not the
 * protocol 76.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <readpassphrase.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sockpriv.h"

#define HTTP_HEAD_MAX	8192	/* the longest reply head we read */

/* One exchange with the proxy: its socket, the deadline, what to say. */
struct px {
	int		 s;
	long long	 deadline;	/* CLOCK_MONOTONIC ns; LLONG_MAX: none */
	const struct sockcfg *c;
	char		 name[NI_MAXHOST + NI_MAXSERV + 8]; /* "proxy p:1080" */
};

const char *
proxy_proto_name(int proto)
{
	switch (proto) {
	case PROXY_SOCKS4:
		return "SOCKS 4";
	case PROXY_CONNECT:
		return "HTTP CONNECT";
	default:
		return "SOCKS 5";
	}
}

/* Wait until the socket is ready; 0 when it is, else a status said. */
static int
px_wait(struct px *p, short events)
{
	struct pollfd pfd;
	long long left;
	int ms, r;

	for (;;) {
		ms = -1;
		if (p->deadline != LLONG_MAX) {
			left = p->deadline - now_ns();
			if (left <= 0)
				return failx(EX_TEMPFAIL, "%s: no answer in %s "
				    "seconds", p->name, p->c->waitarg);
			ms = left / 1000000 > INT_MAX ? INT_MAX :
			    (int)(left / 1000000 + 1);
		}
		pfd.fd = p->s;
		pfd.events = events;
		if ((r = poll(&pfd, 1, ms)) > 0)
			return 0;
		if (r == -1 && errno != EINTR)
			quit(EX_OSERR, errno, "poll");
	}
}

static int
px_send(struct px *p, const void *buf, size_t n)
{
	const char *b = buf;
	ssize_t w;
	int st;

	while (n > 0) {
		if ((st = px_wait(p, POLLOUT)) != 0)
			return st;
		if ((w = send(p->s, b, n, MSG_NOSIGNAL | MSG_DONTWAIT)) ==
		    -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return fail("%s", p->name);
		}
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Exactly n bytes of the reply; the proxy's end before them is 76. */
static int
px_recv(struct px *p, void *buf, size_t n)
{
	char *b = buf;
	ssize_t r;
	int st;

	while (n > 0) {
		if ((st = px_wait(p, POLLIN)) != 0)
			return st;
		if ((r = recv(p->s, b, n, MSG_DONTWAIT)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return fail("%s", p->name);
		}
		if (r == 0)
			return failx(EX_PROTOCOL, "%s: closed the connection "
			    "in the middle of the %s handshake", p->name,
			    proxy_proto_name(p->c->proxyproto));
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

/*
 * The proxy password: SOCKPIPE_PROXY_PASSWORD, else asked on the
 * terminal; never from the command line.  Kept for the process.
 */
static const char *
px_password(struct px *p)
{
	static char buf[256];
	static const char *pass;
	char prompt[512];

	if (pass != NULL)
		return pass;
	if ((pass = getenv("SOCKPIPE_PROXY_PASSWORD")) != NULL)
		return pass;
	snprintf(prompt, sizeof(prompt), "%s: password for %s@%s: ",
	    getprogname(), p->c->proxyuser, p->c->proxy);
	if ((pass = readpassphrase(prompt, buf, sizeof(buf),
	    RPP_REQUIRE_TTY)) == NULL)
		failx(EX_NOPERM, "%s: a password for %s, and no terminal to "
		    "ask it on: set SOCKPIPE_PROXY_PASSWORD", p->name,
		    p->c->proxyuser);
	return pass;
}

/* The destination as an address: 4 or 16 bytes in a, else 0 (a name). */
static size_t
px_numeric(const char *host, unsigned char *a)
{
	if (inet_pton(AF_INET, host, a) == 1)
		return 4;
	if (inet_pton(AF_INET6, host, a) == 1)
		return 16;
	return 0;
}

/* SOCKS 5: RFC 1928's reply codes, as the proxy's reason and our status. */
static int
socks5_refused(struct px *p, int rep)
{
	static const struct {
		int		 status;
		const char	*why;
	} r[] = {
		{ EX_UNAVAILABLE, "general SOCKS server failure" },
		{ EX_NOPERM, "connection not allowed by ruleset" },
		{ EX_NOHOST, "network unreachable" },
		{ EX_NOHOST, "host unreachable" },
		{ EX_UNAVAILABLE, "connection refused" },
		{ EX_TEMPFAIL, "TTL expired" },
		{ EX_PROTOCOL, "command not supported" },
		{ EX_PROTOCOL, "address type not supported" },
	};

	size_t i = (size_t)rep - 1;	/* 0, success, is no refusal */

	if (rep < 1 || i >= sizeof(r) / sizeof(r[0]))
		return failx(EX_PROTOCOL, "%s: SOCKS 5 reply code %d",
		    p->name, rep);
	return failx(r[i].status, "%s: %s port %s: %s", p->name,
	    p->c->host, p->c->port, r[i].why);
}

/* RFC 1929: the user and the password, when the proxy chose them. */
static int
socks5_auth(struct px *p)
{
	unsigned char buf[3 + 2 * 255], rep[2];
	const char *pass;
	size_t ulen, plen;
	int st;

	if (p->c->proxyuser == NULL)
		return failx(EX_NOPERM, "%s: asks for a user and password: "
		    "give -x user@proxy", p->name);
	if ((pass = px_password(p)) == NULL)
		return EX_NOPERM;
	ulen = strlen(p->c->proxyuser);
	plen = strlen(pass);
	if (plen > 255)
		return failx(EX_USAGE, "%s: a password longer than 255 "
		    "bytes", p->name);
	buf[0] = 1;
	buf[1] = (unsigned char)ulen;
	memcpy(buf + 2, p->c->proxyuser, ulen);
	buf[2 + ulen] = (unsigned char)plen;
	memcpy(buf + 3 + ulen, pass, plen);
	if ((st = px_send(p, buf, 3 + ulen + plen)) != 0 ||
	    (st = px_recv(p, rep, 2)) != 0)
		return st;
	if (rep[0] != 1)
		return failx(EX_PROTOCOL, "%s: not a SOCKS 5 password reply",
		    p->name);
	if (rep[1] != 0)
		return failx(EX_NOPERM, "%s: user %s and password refused",
		    p->name, p->c->proxyuser);
	return 0;
}

static int
socks5(struct px *p)
{
	const struct sockcfg *c = p->c;
	unsigned char buf[4 + 1 + 255 + 2], a[16];
	size_t alen, n, skip;
	unsigned short port = htons((unsigned short)strtol(c->port, NULL,
	    10));
	int st;

	/* No authentication, and user and password when we have a user. */
	buf[0] = 5;
	buf[1] = c->proxyuser != NULL ? 2 : 1;
	buf[2] = 0;
	buf[3] = 2;
	if ((st = px_send(p, buf, 2 + buf[1])) != 0 ||
	    (st = px_recv(p, buf, 2)) != 0)
		return st;
	if (buf[0] != 5)
		return failx(EX_PROTOCOL, "%s: not a SOCKS 5 server (it "
		    "answered version %d)", p->name, buf[0]);
	if (buf[1] == 0xff)
		return failx(EX_NOPERM, "%s: accepts none of our "
		    "authentication methods%s", p->name,
		    c->proxyuser == NULL ? " (none; give -x user@proxy)" :
		    " (none, user and password)");
	if (buf[1] == 2 && (st = socks5_auth(p)) != 0)
		return st;
	else if (buf[1] != 0 && buf[1] != 2)
		return failx(EX_PROTOCOL, "%s: chose authentication method %d, "
		    "which we did not offer", p->name, buf[1]);

	buf[0] = 5;
	buf[1] = 1;	/* CONNECT */
	buf[2] = 0;
	if ((alen = px_numeric(c->host, a)) != 0) {
		buf[3] = alen == 4 ? 1 : 4;
		memcpy(buf + 4, a, alen);
		n = 4 + alen;
	} else {
		buf[3] = 3;
		alen = strlen(c->host);
		buf[4] = (unsigned char)alen;
		memcpy(buf + 5, c->host, alen);
		n = 5 + alen;
	}
	memcpy(buf + n, &port, 2);
	if ((st = px_send(p, buf, n + 2)) != 0 ||
	    (st = px_recv(p, buf, 5)) != 0)
		return st;
	if (buf[0] != 5 || buf[2] != 0)
		return failx(EX_PROTOCOL, "%s: not a SOCKS 5 reply", p->name);
	if (buf[1] != 0)
		return socks5_refused(p, buf[1]);
	/* The bound address we do not need: 5 bytes read of it already. */
	switch (buf[3]) {
	case 1:
		skip = 4 + 2 - 1;
		break;
	case 4:
		skip = 16 + 2 - 1;
		break;
	case 3:
		skip = (size_t)buf[4] + 2;
		break;
	default:
		return failx(EX_PROTOCOL, "%s: SOCKS 5 address type %d",
		    p->name, buf[3]);
	}
	return px_recv(p, buf, skip);
}

/* SOCKS 4, or 4a for a name: the proxy resolves it. */
static int
socks4(struct px *p)
{
	const struct sockcfg *c = p->c;
	const char *user = c->proxyuser != NULL ? c->proxyuser : "";
	unsigned char buf[8 + 256 + 256], a[16];
	unsigned short port = htons((unsigned short)strtol(c->port, NULL,
	    10));
	size_t n, len;
	int st;

	buf[0] = 4;
	buf[1] = 1;	/* CONNECT */
	memcpy(buf + 2, &port, 2);
	switch (px_numeric(c->host, a)) {
	case 4:
		memcpy(buf + 4, a, 4);
		break;
	case 16:	/* refused by main() already */
	default:
		/* 4a: 0.0.0.x, and the name after the user. */
		memcpy(buf + 4, "\0\0\0\1", 4);
		break;
	}
	n = 8;
	len = strlen(user) + 1;
	memcpy(buf + n, user, len);
	n += len;
	if (px_numeric(c->host, a) == 0) {
		len = strlen(c->host) + 1;
		memcpy(buf + n, c->host, len);
		n += len;
	}
	if ((st = px_send(p, buf, n)) != 0 || (st = px_recv(p, buf, 8)) != 0)
		return st;
	if (buf[0] != 0)
		return failx(EX_PROTOCOL, "%s: not a SOCKS 4 reply", p->name);
	switch (buf[1]) {
	case 90:
		return 0;
	case 91:
		return failx(EX_UNAVAILABLE, "%s: %s port %s: request "
		    "rejected or failed", p->name, c->host, c->port);
	case 92:
	case 93:
		return failx(EX_NOPERM, "%s: request refused: identd does "
		    "not confirm user '%s'", p->name, user);
	default:
		return failx(EX_PROTOCOL, "%s: SOCKS 4 reply code %d",
		    p->name, buf[1]);
	}
}

/* Base64 of s, for Basic authentication; NUL-ended in out. */
static void
base64(const char *s, char *out)
{
	static const char b[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *u = (const unsigned char *)s;
	size_t i, n = strlen(s);
	unsigned long v;

	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned long)u[i] << 16 | u[i + 1] << 8 | u[i + 2];
		*out++ = b[v >> 18 & 63];
		*out++ = b[v >> 12 & 63];
		*out++ = b[v >> 6 & 63];
		*out++ = b[v & 63];
	}
	if (i < n) {
		v = (unsigned long)u[i] << 16 |
		    (i + 1 < n ? u[i + 1] << 8 : 0);
		*out++ = b[v >> 18 & 63];
		*out++ = b[v >> 12 & 63];
		*out++ = b[v >> 6 & 63];
		if (i + 1 == n)
			out[-1] = '=';
		*out++ = '=';
	}
	*out = '\0';
}

/* An HTTP status from the proxy, as our status. */
static int
http_status(int code)
{
	if (code == 401 || code == 403 || code == 407)
		return EX_NOPERM;
	if (code == 504 || code == 408)
		return EX_TEMPFAIL;
	if (code == 404)
		return EX_NOHOST;
	return EX_UNAVAILABLE;
}

/*
 * HTTP CONNECT.  The reply's head is read a byte at a time, so that
 * nothing of the destination's own bytes after it is taken.
 */
static int
http_connect(struct px *p)
{
	const struct sockcfg *c = p->c;
	char head[HTTP_HEAD_MAX], *cred, *auth = NULL, *req, *e, *reason;
	const char *pass, *lb, *rb;
	size_t n = 0;
	long code;
	int st;

	lb = rb = "";
	if (strchr(c->host, ':') != NULL) {
		lb = "[";
		rb = "]";
	}
	if (c->proxyuser != NULL) {
		if ((pass = px_password(p)) == NULL)
			return EX_NOPERM;
		if (asprintf(&cred, "%s:%s", c->proxyuser, pass) == -1 ||
		    (auth = malloc(strlen(cred) / 3 * 4 + 8)) == NULL)
			die("malloc");
		base64(cred, auth);
		explicit_bzero(cred, strlen(cred));
		free(cred);
	}
	if (asprintf(&req, "CONNECT %s%s%s:%s HTTP/1.0\r\n"
	    "Host: %s%s%s:%s\r\n%s%s%s\r\n", lb, c->host, rb, c->port,
	    lb, c->host, rb, c->port, auth != NULL ?
	    "Proxy-Authorization: Basic " : "", auth != NULL ? auth : "",
	    auth != NULL ? "\r\n" : "") == -1)
		die("asprintf");
	st = px_send(p, req, strlen(req));
	explicit_bzero(req, strlen(req));
	free(req);
	free(auth);
	if (st != 0)
		return st;
	for (;;) {
		if (n == sizeof(head) - 1)
			return failx(EX_PROTOCOL, "%s: an HTTP reply head "
			    "longer than %d bytes", p->name, HTTP_HEAD_MAX);
		if ((st = px_recv(p, head + n, 1)) != 0)
			return st;
		n++;
		if (n >= 4 && memcmp(head + n - 4, "\r\n\r\n", 4) == 0)
			break;
		if (n >= 2 && memcmp(head + n - 2, "\n\n", 2) == 0)
			break;
	}
	head[n] = '\0';
	if (strncmp(head, "HTTP/1.", 7) != 0 || !isdigit((unsigned char)
	    head[7]) || head[8] != ' ')
		return failx(EX_PROTOCOL, "%s: not an HTTP reply", p->name);
	code = strtol(head + 9, &e, 10);
	if (e != head + 12 || (*e != ' ' && *e != '\r' && *e != '\n'))
		return failx(EX_PROTOCOL, "%s: not an HTTP status line",
		    p->name);
	if (code >= 200 && code < 300)
		return 0;
	reason = e + strspn(e, " ");
	reason[strcspn(reason, "\r\n")] = '\0';
	return failx(http_status((int)code), "%s: %s port %s: %ld %s%s",
	    p->name, c->host, c->port, code, reason, code == 407 &&
	    c->proxyuser == NULL ? " (give -x user@proxy)" : "");
}

/*
 * The handshake on s, connected to c's proxy, for c->host and c->port:
 * 0, or the exit status after a warning.
 */
int
sock_proxy(int s, const struct sockcfg *c)
{
	struct px p;

	memset(&p, 0, sizeof(p));
	p.s = s;
	p.c = c;
	p.deadline = LLONG_MAX;
	if (c->wait != NULL)
		p.deadline = now_ns() + c->wait->tv_sec * 1000000000LL +
		    c->wait->tv_nsec;
	snprintf(p.name, sizeof(p.name), "proxy %s port %s", c->proxy,
	    c->proxyport);
	if (strlen(c->host) > 255)
		return failx(EX_USAGE, "host '%.20s...': longer than the 255 "
		    "bytes a proxy takes", c->host);
	switch (c->proxyproto) {
	case PROXY_SOCKS4:
		return socks4(&p);
	case PROXY_CONNECT:
		return http_connect(&p);
	default:
		return socks5(&p);
	}
}
