/*
 * sock*.c: sockets for sockpipe(1): addresses, connecting and listening
 * (TCP, UDP, Unix domain), and the engines that join a socket to
 * standard input and output.
 */
#ifndef IPCTOOLS_SOCK_H
#define IPCTOOLS_SOCK_H

#include <time.h>

/* -c: TLS, and its options (sock_tls.c). */
#define TLS_MAXKW	16
struct tlsopt {
	const char	*cert;		/* -C */
	const char	*key;		/* -K */
	const char	*ca;		/* -R */
	const char	*name;		/* -e: the name to verify */
	const char	*hash;		/* -H: the certificate's hash */
	const char	*kw[TLS_MAXKW];	/* -T */
	size_t		 nkw;
	int		 server;	/* for a listener */
	struct tls_config *cfg;		/* made of the above */
	struct tls	*server_ctx;	/* a listener's context, of cfg */
};

struct sockcfg {
	int		 family;	/* AF_UNSPEC, AF_INET, AF_INET6 */
	int		 type;		/* SOCK_STREAM or SOCK_DGRAM */
	const char	*host;		/* NULL: loopback when listening */
	const char	*port;		/* as sock_port() returned it */
	const char	*path;		/* -U: Unix-domain socket path */
	const char	*portfile;	/* -P */
	const struct timespec *wait;	/* -w, or NULL */
	const char	*waitarg;	/* -w as written, for messages */
	int		 keep;		/* -k */
	int		 listening;	/* -l */
	char		 delim;		/* datagram records: '\n' or '\0' */
	int		 binary;	/* -B: datagrams as -B records */
	int		 verbose;	/* -v: say what was connected */
	const char	*source;	/* -s: the client's own address */
	const struct timespec *linger;	/* -q: end this long after stdin */
	const char	*lingerarg;	/* -q as written */
	const struct tlsopt *tls;	/* -c, or NULL: clear text */
	const char	*proxy;		/* -x: the proxy's host, or NULL */
	const char	*proxyport;	/* -x's port, or the protocol's */
	const char	*proxyuser;	/* -x user@, or NULL */
	int		 proxyproto;	/* -X: PROXY_SOCKS5 and the others */
	int		 nohalfclose;	/* never shutdown(SHUT_WR): a proxy */
	const char	*srcport;	/* -p: the client's own port */
	int		 numeric;	/* -n: no host name looked up */
	int		 noinput;	/* -d: standard input is not read */
	int		 rcvbuf, sndbuf;	/* -I, -O: SO_RCVBUF, SO_SNDBUF */
	int		 broadcast;	/* -b: SO_BROADCAST */
	const struct timespec *interval; /* -i: between datagrams, ports */
	long long	 recvlimit;	/* -W: end after this many datagrams */
};

/* -X: the proxy's protocol. */
enum { PROXY_SOCKS5, PROXY_SOCKS4, PROXY_CONNECT };

const char	*sock_port(const char *, int, int);
void		 sock_signals(int);
int		 sock_connect(const struct sockcfg *);
int		 sock_listen(const struct sockcfg *);
int		 sock_accept(int, const struct sockcfg *);
int		 sock_probe(const struct sockcfg *, char *[]);
int		 sock_pass(int);
int		 sock_stream(int, const struct sockcfg *);
struct tls_config *sock_tls_config(struct tlsopt *);
int		 sock_tls_hash_ok(const char *);
int		 sock_tls(int, const struct sockcfg *);
void		 sock_dgram(int, const struct sockcfg *)
		    __attribute__((noreturn));

#endif /* IPCTOOLS_SOCK_H */
