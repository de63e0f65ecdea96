/*
 * TLS for sockpipe(1) -c, through libtls (loaded for -c alone, see
 * tlslib.h): the options made into one
 * struct tls_config, the handshake (bounded by -w, checked against -H),
 * and the engine of a TLS stream.
 *
 * The clear-text engine (sock_stream.c) splices; TLS cannot, as every
 * byte is encrypted in our memory, so this is a plain poll(2) loop over
 * a buffer each way, sized for a TLS record.  How it ends:
 *
 *  - At the end of standard input we send close_notify (tls_close(3)),
 *    TLS's end of our half, and go on reading: the peer may still answer.
 *  - The peer's close_notify (tls_read() returns 0) ends its half.  The
 *    session is done when both halves are (or at once on a terminal).
 *  - A connection that ends without the peer's close_notify may have lost
 *    data on the way: it is reported, 69, never taken for an end.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sockpriv.h"
#include "tlslib.h"

/* The most plain text one TLS record carries. */
#define TLS_BUF		(16 * 1024)

/*
 * A listener's handshake without -w ends after this many seconds: a
 * client that sends part of a ClientHello and stops would otherwise hold
 * every later client of -k for good.
 */
#define HANDSHAKE_SECS	10
#define STR_(x)		#x
#define STR(x)		STR_(x)

/*
 * A file -C, -K or -R names: one we may read, else 66 or 77 naming it.
 * A key that others may read is warned of, as ssh(1) does, and used.
 */
static void
tls_file(const char *opt, const char *path, int key)
{
	struct stat st;
	int fd;

	/* O_NONBLOCK: a FIFO must not hold us in open(2) for a writer. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		quit(ex_errno(errno), errno, "%s '%s'", opt, path);
	if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode))
		diex(EX_NOINPUT, "%s '%s': not a regular file", opt, path);
	if (key && (st.st_mode & 077) != 0)
		note("%s '%s': the private key is readable by others "
		    "(mode %04o); chmod 600 it", opt, path,
		    (unsigned int)(st.st_mode & 07777));
	close(fd);
}

/* One -T keyword into cfg; 64 for one we do not know. */
static void
tls_keyword(struct tls_config *cfg, const char *kw, const struct tlsopt *o)
{
	uint32_t protos;

	if (strcmp(kw, "noverify") == 0) {
		tls_config_insecure_noverifycert(cfg);
		tls_config_insecure_noverifyname(cfg);
	} else if (strcmp(kw, "noname") == 0)
		tls_config_insecure_noverifyname(cfg);
	else if (strcmp(kw, "clientcert") == 0) {
		if (!o->server)
			diex(EX_USAGE, "-T clientcert is for a listener (-l): "
			    "a client presents its certificate with -C and -K");
		tls_config_verify_client(cfg);
	} else if (strcmp(kw, "muststaple") == 0)
		tls_config_ocsp_require_stapling(cfg);
	else if (strcmp(kw, "tlsall") == 0)
		(void)tls_config_set_protocols(cfg, TLS_PROTOCOLS_ALL);
	else if (strcmp(kw, "tlscompat") == 0)
		(void)tls_config_set_ciphers(cfg, "compat");
	else if (strncmp(kw, "protocols=", 10) == 0) {
		if (tls_config_parse_protocols(&protos, kw + 10) == -1 ||
		    tls_config_set_protocols(cfg, protos) == -1)
			diex(EX_USAGE, "-T '%s': not a list of TLS protocols "
			    "(tlsv1.2, tlsv1.3, secure, default, all)", kw);
	} else if (strncmp(kw, "ciphers=", 8) == 0) {
		if (tls_config_set_ciphers(cfg, kw + 8) == -1)
			diex(EX_USAGE, "-T '%s': %s", kw,
			    tls_config_error(cfg));
	} else
		diex(EX_USAGE, "-T '%s': not a keyword (noverify, noname, "
		    "clientcert, muststaple, tlsall, tlscompat, protocols=, "
		    "ciphers=)", kw);
}

/* libtls's reason, without the ": Success" it adds when errno was 0. */
static const char *
tls_reason(const char *e)
{
	static char buf[256];
	size_t n;

	(void)strlcpy(buf, e != NULL ? e : "cannot set up libtls",
	    sizeof(buf));
	n = strlen(buf);
	if (n > 9 && strcmp(buf + n - 9, ": Success") == 0)
		buf[n - 9] = '\0';
	return buf;
}

/*
 * Try cfg as a listener's context (server) or as a client's connection on
 * a socket pair, where nothing is sent: libtls reads a client's key and
 * CAs only as it connects, and a bad file is better found before any peer
 * sees us.  NULL, or libtls's reason.
 */
static const char *
tls_try(struct tls_config *cfg, int server)
{
	struct tls *t;
	const char *e = NULL;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
		quit(EX_OSERR, errno, "socketpair");
	if ((t = server ? tls_server() : tls_client()) == NULL)
		diex(EX_OSERR, "TLS: cannot set up libtls");
	if (tls_configure(t, cfg) == -1 || (!server &&
	    tls_connect_socket(t, sv[0], "localhost") == -1))
		e = tls_reason(tls_error(t));
	tls_free(t);
	close(sv[0]);
	close(sv[1]);
	return e;
}

/* A new configuration of -C and -K, or of -R, or both (all). */
static struct tls_config *
tls_cfg(const struct tlsopt *o, int pair, int ca)
{
	struct tls_config *cfg;

	if ((cfg = tls_config_new()) == NULL)
		diex(EX_OSERR, "TLS: cannot set up libtls");
	if (ca && o->ca != NULL && tls_config_set_ca_file(cfg, o->ca) == -1)
		diex(EX_USAGE, "-R '%s': %s", o->ca,
		    tls_reason(tls_config_error(cfg)));
	if (pair && o->cert != NULL) {
		if (tls_config_set_cert_file(cfg, o->cert) == -1)
			diex(EX_USAGE, "-C '%s': %s", o->cert,
			    tls_reason(tls_config_error(cfg)));
		if (tls_config_set_key_file(cfg, o->key) == -1)
			diex(EX_USAGE, "-K '%s': %s", o->key,
			    tls_reason(tls_config_error(cfg)));
	}
	return cfg;
}

/*
 * The TLS configuration of -C, -K, -R and -T, for a client or a listener
 * (o->server, whose context is made here too).  Every file is read and
 * tried now: one that is missing, unreadable or of no use to libtls (not
 * PEM, a key not of the certificate) exits with the status of
 * ipctools(7), naming it.
 */
struct tls_config *
sock_tls_config(struct tlsopt *o)
{
	struct tls_config *cfg;
	const char *e;
	size_t i;

	if (o->server && (o->cert == NULL || o->key == NULL))
		diex(EX_USAGE, "-c -l: a TLS listener needs its certificate "
		    "and key: %s", o->cert == NULL && o->key == NULL ?
		    "-C certfile -K keyfile" : o->cert == NULL ?
		    "-C certfile" : "-K keyfile");
	if ((o->cert == NULL) != (o->key == NULL))
		diex(EX_USAGE, "%s without %s: a certificate goes with its key",
		    o->cert != NULL ? "-C" : "-K", o->cert != NULL ? "-K" :
		    "-C");
	tlslib_load();
	if (o->cert != NULL) {
		tls_file("-C", o->cert, 0);
		tls_file("-K", o->key, 1);
	}
	if (o->ca != NULL)
		tls_file("-R", o->ca, 0);
	if (tls_init() == -1)
		diex(EX_OSERR, "TLS: cannot set up libtls");
	/* The pair alone, then the CAs alone: the error names its files. */
	if (o->cert != NULL) {
		cfg = tls_cfg(o, 1, 0);
		if ((e = tls_try(cfg, 1)) != NULL)
			diex(EX_USAGE, "-C '%s' -K '%s': %s", o->cert, o->key,
			    e);
		tls_config_free(cfg);
	}
	if (o->ca != NULL) {
		cfg = tls_cfg(o, 0, 1);
		if ((e = tls_try(cfg, 0)) != NULL)
			diex(EX_USAGE, "-R '%s': %s", o->ca, e);
		tls_config_free(cfg);
	}
	cfg = tls_cfg(o, 1, 1);
	for (i = 0; i < o->nkw; i++)
		tls_keyword(cfg, o->kw[i], o);
	if (o->server && ((o->server_ctx = tls_server()) == NULL ||
	    tls_configure(o->server_ctx, cfg) == -1))
		diex(EX_USAGE, "TLS: %s", tls_reason(o->server_ctx != NULL ?
		    tls_error(o->server_ctx) : NULL));
	return cfg;
}

/* The -H form: "SHA256:" and 64 hex digits, as tls_peer_cert_hash(3). */
int
sock_tls_hash_ok(const char *h)
{
	size_t i;

	if (strncmp(h, "SHA256:", 7) != 0 || strlen(h) != 7 + 64)
		return 0;
	for (i = 7; h[i] != '\0'; i++)
		if (strchr("0123456789abcdefABCDEF", h[i]) == NULL)
			return 0;
	return 1;
}

/* Time left until deadline (ns; LLONG_MAX: none) for poll(2), in ms. */
static int
ms_left(long long deadline)
{
	long long left;

	if (deadline == LLONG_MAX)
		return -1;
	left = deadline - now_ns();
	if (left <= 0)
		return 0;
	return left / 1000000 > INT_MAX ? INT_MAX : (int)(left / 1000000 + 1);
}

/* Wait for s to be ready for what libtls asked (TLS_WANT_*); 0: timeout. */
static int
tls_await(int s, ssize_t want, long long deadline)
{
	struct pollfd pfd;
	int r;

	pfd.fd = s;
	pfd.events = want == TLS_WANT_POLLOUT ? POLLOUT : POLLIN;
	while ((r = poll(&pfd, 1, ms_left(deadline))) == -1)
		if (errno != EINTR)
			quit(EX_OSERR, errno, "poll");
	return r;
}

/* A client that refused the peer's certificate: how to trust it. */
static const char *
trust_hint(const char *err)
{
	if (err == NULL || strstr(err, "certificate") == NULL)
		return "";
	if (strstr(err, "not present in") != NULL)
		return " (-e names what it must hold; -T noname skips the name)";
	return " (to trust this peer: -R CAfile, the CA that signed it; "
	    "-T noverify -H hash, its certificate, whose hash -v shows; "
	    "or -T noverify)";
}

/*
 * The handshake on t, within -w, and -H's check: 0, or the exit status
 * after a warning (76 for what TLS refused, 75 for the time).
 */
static int
handshake(struct tls *t, int s, const struct sockcfg *c, const char *who)
{
	const char *h;
	long long deadline = LLONG_MAX;
	int r;

	if (c->wait != NULL)
		deadline = now_ns() + ts_ns(c->wait);
	else if (c->listening)
		deadline = now_ns() + HANDSHAKE_SECS * NS_PER_SEC;
	while ((r = tls_handshake(t)) == TLS_WANT_POLLIN ||
	    r == TLS_WANT_POLLOUT)
		if (tls_await(s, r, deadline) == 0)
			return failx(EX_TEMPFAIL, "%s: TLS handshake: no "
			    "answer in %s seconds", who, c->wait != NULL ?
			    c->waitarg : STR(HANDSHAKE_SECS));
	if (r == -1)
		return failx(EX_PROTOCOL, "%s: TLS handshake: %s%s", who,
		    tls_error(t), c->listening ? "" : trust_hint(tls_error(t)));
	if (c->tls->hash != NULL && ((h = tls_peer_cert_hash(t)) == NULL ||
	    strcasecmp(h, c->tls->hash) != 0))
		return failx(EX_PROTOCOL, "%s: TLS: the peer's certificate is "
		    "%s, not -H %s", who, h != NULL && *h != '\0' ? h :
		    "none", c->tls->hash);
	/* The hash is what -H takes: said, so that it can be pinned. */
	if (c->verbose)
		note("%s: %s, %s%s%s", who, tls_conn_version(t),
		    tls_conn_cipher(t), tls_peer_cert_provided(t) ?
		    ", certificate " : "", tls_peer_cert_provided(t) &&
		    (h = tls_peer_cert_hash(t)) != NULL ? h : "");
	return 0;
}

/*
 * Whether a connection that ended without close_notify is a client that
 * refused us: a listener's client that ends right after the handshake,
 * having sent nothing, did not take our certificate.  libtls checks the
 * name and -H after OpenSSL's handshake, so such a client says no by
 * closing, without an alert.
 */
static int
refused(const struct sockcfg *c, int heard)
{
	return c->listening && !heard;
}

/* The peer refused the session: 76, with what we can see of why. */
static int
refusal(struct tls *t, const char *who)
{
	if (strstr(tls_error(t), "alert") != NULL)
		return failx(EX_PROTOCOL, "%s: TLS: %s", who, tls_error(t));
	return failx(EX_PROTOCOL, "%s: TLS: the client closed the connection "
	    "right after the handshake, without a word: it did not accept "
	    "our certificate (its name, a -H pin or a CA it does not trust)",
	    who);
}

/* What lasts across the clients of -k: standard input and its end. */
static char	in_buf[TLS_BUF];
static size_t	in_off, in_len;
static int	in_eof;

/*
 * Join t (on the connected socket s) to standard input and output until
 * both halves are done; 0, or the exit status after a warning.
 */
static int
pump(struct tls *t, int s, const struct sockcfg *c, const char *who)
{
	char out[TLS_BUF];
	struct pollfd pfd[2];
	long long wait_ns = 0, last, deadline, eof_at = 0;
	ssize_t n, rwant = 0, wwant = 0;
	int closed = 0, peer_done = 0, heard = 0, tty;

	tty = isatty(STDIN_FILENO);
	if (c->wait != NULL)
		wait_ns = ts_ns(c->wait);
	last = now_ns();
	if (!in_eof && stdin_background_tty())
		in_eof = 1;
	for (;;) {
		/* Our half: what is read goes out, then close_notify. */
		wwant = 0;
		while (in_off < in_len) {
			n = tls_write(t, in_buf + in_off, in_len - in_off);
			if (n == TLS_WANT_POLLIN || n == TLS_WANT_POLLOUT) {
				wwant = n;
				break;
			}
			if (n == -1 && (strstr(tls_error(t), "alert") !=
			    NULL || refused(c, heard)))
				return refusal(t, who);
			if (n == -1)
				return failx(EX_UNAVAILABLE, "%s: TLS: %s; "
				    "input remained unsent", who, tls_error(t));
			in_off += (size_t)n;
			last = now_ns();
		}
		if (in_off == in_len)
			in_off = in_len = 0;
		if (in_eof && in_len == 0 && !closed) {
			n = tls_close(t);
			if (n == TLS_WANT_POLLIN || n == TLS_WANT_POLLOUT)
				wwant = n;
			else {
				closed = 1;
				if (eof_at == 0)
					eof_at = now_ns();
			}
		}
		/* The peer's half: everything libtls holds, then wait. */
		rwant = 0;
		while (!peer_done) {
			n = tls_read(t, out, sizeof(out));
			if (n == TLS_WANT_POLLIN || n == TLS_WANT_POLLOUT) {
				rwant = n;
				break;
			}
			if (n == 0) {
				peer_done = 1;
				break;
			}
			/* A fatal alert: the peer refused (a TLS 1.3
			 * server checks our certificate after the
			 * handshake). */
			if (n == -1 && (strstr(tls_error(t), "alert") !=
			    NULL || refused(c, heard)))
				return refusal(t, who);
			if (n == -1)
				return failx(EX_UNAVAILABLE, "%s: TLS: %s: the "
				    "connection ended without the peer's "
				    "close_notify, so what came may be cut "
				    "short", who, tls_error(t));
			out_write(out, (size_t)n);
			heard = 1;
			last = now_ns();
		}
		if (peer_done && (closed || tty))
			return 0;

		deadline = LLONG_MAX;
		if (c->wait != NULL)
			deadline = last + wait_ns;
		if (c->linger != NULL && eof_at != 0 &&
		    eof_at + ts_ns(c->linger) < deadline)
			deadline = eof_at + ts_ns(c->linger);
		if (deadline != LLONG_MAX && now_ns() >= deadline) {
			/* -q ran out, or -w after an answer: the end. */
			if (closed && (c->linger != NULL || heard))
				return 0;
			return failx(EX_TEMPFAIL, closed ? "%s: no answer in "
			    "%s seconds after our input ended" : "%s: nothing "
			    "moved for %s seconds", who, c->waitarg);
		}

		pfd[0].fd = !in_eof && in_len == 0 ? STDIN_FILENO : -1;
		pfd[0].events = POLLIN;
		pfd[1].fd = s;
		pfd[1].events = 0;
		if (rwant == TLS_WANT_POLLOUT || wwant == TLS_WANT_POLLOUT)
			pfd[1].events |= POLLOUT;
		if (rwant == TLS_WANT_POLLIN || wwant == TLS_WANT_POLLIN)
			pfd[1].events |= POLLIN;
		if (pfd[1].events == 0)
			pfd[1].fd = -1;
		if (poll(pfd, 2, ms_left(deadline)) == -1) {
			if (errno == EINTR)
				continue;
			quit(EX_OSERR, errno, "poll");
		}
		if (pfd[0].fd != -1 && pfd[0].revents != 0) {
			n = read(STDIN_FILENO, in_buf, sizeof(in_buf));
			if (n == -1 && errno != EINTR && errno != EAGAIN)
				in_fail();
			if (n == 0)
				in_eof = 1;
			else if (n > 0) {
				in_len = (size_t)n;
				last = now_ns();
			}
		}
	}
}

/*
 * A TLS session on the connected stream socket s: the handshake, then
 * the engine.  0, or under -k the status after a warning; otherwise a
 * failure exits.
 */
int
sock_tls(int s, const struct sockcfg *c)
{
	struct tls *t = NULL;
	char who[PEER_NAME_MAX];
	int e, fl;

	peer_name(s, c, who, sizeof(who));
	if ((fl = fcntl(s, F_GETFL)) == -1 ||
	    fcntl(s, F_SETFL, fl | O_NONBLOCK) == -1)
		quit(EX_OSERR, errno, "%s", who);
	if (c->listening) {
		if (tls_accept_socket(c->tls->server_ctx, &t, s) == -1)
			diex(EX_OSERR, "%s: TLS: %s", who,
			    tls_error(c->tls->server_ctx));
	} else {
		if ((t = tls_client()) == NULL ||
		    tls_configure(t, c->tls->cfg) == -1)
			diex(EX_USAGE, "TLS: %s", t != NULL ? tls_error(t) :
			    "cannot set up libtls");
		if (tls_connect_socket(t, s, c->tls->name != NULL ?
		    c->tls->name : c->host) == -1)
			diex(EX_USAGE, "TLS: %s", tls_error(t));
	}
	if ((e = handshake(t, s, c, who)) == 0)
		e = pump(t, s, c, who);
	tls_free(t);
	if (e != 0 && !c->keep)
		quit(e, 0, NULL);
	return e;
}
