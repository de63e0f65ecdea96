/*
 * Private to lib/sock*.c, the files behind sockpipe(1): what they share.
 * Commands include sock.h only.
 *
 *	sock_addr.c	ports, host names and addresses, and how a peer is named
 *	sock_conn.c	connect, listen, accept, and the -P port file
 *	sock_proxy.c	-x: the SOCKS 4, 4a, 5 and HTTP CONNECT handshakes
 *	sock_file.c	the files we made (Unix socket, -P file): ours to remove,
 *			at exit and on signals; a stale socket file found
 *	sock_stream.c	the stream engine: two threads, one per direction
 *	sock_dgram.c	the datagram engine: one poll(2) loop
 */
#ifndef IPCTOOLS_SOCKPRIV_H
#define IPCTOOLS_SOCKPRIV_H

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include "ipctools.h"
#include "sock.h"

#define DGRAM_MAX	65536		/* largest datagram or record taken */

/* "203.0.113.9 port 4000", a path or "@name": who a message is about. */
#define PEER_NAME_MAX	(NI_MAXHOST + NI_MAXSERV + 8)

/* sock_addr.c */
struct addrinfo	*sock_resolve(const struct sockcfg *, const char *,
		    const char *, int);
void		 addr_name(const struct sockaddr *, socklen_t, char *, size_t);
socklen_t	 unix_addr(struct sockaddr_un *, const char *);
void		 client_named(const struct sockaddr *, socklen_t);
void		 peer_name(int, const struct sockcfg *, char *, size_t);

/* sock_proxy.c */
const char	*proxy_proto_name(int);
int		 sock_proxy(int, const struct sockcfg *);

/* sock_file.c */
enum { OWN_SOCKET, OWN_PORTFILE, OWN_MAX };
void		 own(int, const char *);
void		 own_hold(sigset_t *);
void		 own_release(const sigset_t *);
int		 unix_stale(const struct sockcfg *, const struct sockaddr_un *,
		    socklen_t);

/* Wait until fd is ready, for a descriptor someone made non-blocking. */
static inline void
await(int fd, short events)
{
	struct pollfd pfd;

	pfd.fd = fd;
	pfd.events = events;
	(void)poll(&pfd, 1, -1);
}

/* Standard output failed: a reader that left is no error. */
static inline void __attribute__((noreturn))
out_fail(int e)
{
	if (e == EPIPE)
		quit(EX_OK, 0, NULL);
	quit(EX_IOERR, e, "standard output");
}

/*
 * Whether an errno belongs to the connection rather than to standard
 * input or output: what ex_errno() maps to 69, and a connection timed
 * out.  EPIPE is not among them: it is ours to interpret.
 */
static inline int
conn_errno(int e)
{
	return e != EPIPE &&
	    (e == ETIMEDOUT || ex_errno(e) == EX_UNAVAILABLE);
}

/*
 * Standard input is the terminal of a job in the background: reading it
 * would stop us (SIGTTIN) in the middle of a transfer, so it counts as
 * empty, as it would be in a script.
 */
static inline int
stdin_background_tty(void)
{
	pid_t fg;

	if (!isatty(STDIN_FILENO))
		return 0;
	fg = tcgetpgrp(STDIN_FILENO);
	return fg != -1 && fg != getpgrp();
}

#endif /* IPCTOOLS_SOCKPRIV_H */
