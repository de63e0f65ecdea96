/*
 * splicecat: the raw baseline for sockpipe.  The fastest plain way this
 * kernel offers to move a byte stream between a file or pipe and a stream
 * socket: splice(2) through a pipe, so that no byte is copied to user space.
 *
 *	splicecat -l tcp PORT  >out	accept one client on 127.0.0.1:PORT
 *	splicecat -l unix PATH >out	accept one client on a Unix socket
 *	splicecat tcp PORT     <in	connect and send, then half-close
 *	splicecat unix PATH    <in
 *
 * The listener writes the socket's bytes to standard output; the client
 * sends standard input, half-closes, and drains what the peer sends back.
 * Not a tool: no option parsing beyond this, failures just exit 1.
 * SPLICECAT_SENDFILE=1 in the environment makes the client use sendfile(2)
 * for a regular file instead, to compare the two.
 */
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK	(1 << 20)

static int
sock_open(const char *fam, const char *where, int listening)
{
	struct sockaddr_in sin;
	struct sockaddr_un sun;
	struct sockaddr *sa;
	socklen_t len;
	int fd, c, one = 1;

	if (strcmp(fam, "tcp") == 0) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons((unsigned short)atoi(where));
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sa = (struct sockaddr *)&sin;
		len = sizeof(sin);
		fd = socket(AF_INET, SOCK_STREAM, 0);
	} else {
		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		strncpy(sun.sun_path, where, sizeof(sun.sun_path) - 1);
		sa = (struct sockaddr *)&sun;
		len = sizeof(sun);
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
	}
	if (fd == -1)
		err(1, "socket");
	if (!listening) {
		if (connect(fd, sa, len) == -1)
			err(1, "connect %s", where);
		return fd;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (sa->sa_family == AF_UNIX)
		unlink(where);
	if (bind(fd, sa, len) == -1 || listen(fd, 1) == -1)
		err(1, "listen %s", where);
	if ((c = accept(fd, NULL, NULL)) == -1)
		err(1, "accept");
	close(fd);
	return c;
}

/* Move everything from in to out; a pipe in between unless one is a pipe. */
static void
pump(int in, int out)
{
	struct stat st;
	int p[2], inpipe, outpipe;
	ssize_t n, m;

	inpipe = fstat(in, &st) == 0 && S_ISFIFO(st.st_mode);
	/* For comparison only: what sendfile(2) does with the same job. */
	if (S_ISREG(st.st_mode) && getenv("SPLICECAT_SENDFILE") != NULL) {
		while ((n = sendfile(out, in, NULL, CHUNK)) > 0)
			;
		if (n == -1)
			err(1, "sendfile");
		return;
	}
	outpipe = fstat(out, &st) == 0 && S_ISFIFO(st.st_mode);
	if (inpipe || outpipe) {
		while ((n = splice(in, NULL, out, NULL, CHUNK,
		    SPLICE_F_MOVE | SPLICE_F_MORE)) > 0)
			;
		if (n == -1)
			err(1, "splice");
		return;
	}
	if (pipe(p) == -1)
		err(1, "pipe");
	fcntl(p[1], F_SETPIPE_SZ, CHUNK);
	for (;;) {
		n = splice(in, NULL, p[1], NULL, CHUNK,
		    SPLICE_F_MOVE | SPLICE_F_MORE);
		if (n == -1)
			err(1, "splice in");
		if (n == 0)
			break;
		while (n > 0) {
			m = splice(p[0], NULL, out, NULL, (size_t)n,
			    SPLICE_F_MOVE | SPLICE_F_MORE);
			if (m <= 0)
				err(1, "splice out");
			n -= m;
		}
	}
	close(p[0]);
	close(p[1]);
}

int
main(int argc, char *argv[])
{
	int s;

	if (argc == 4 && strcmp(argv[1], "-l") == 0) {
		s = sock_open(argv[2], argv[3], 1);
		pump(s, STDOUT_FILENO);
		return 0;
	}
	if (argc != 3)
		errx(1, "usage: splicecat [-l] tcp|unix PORT|PATH");
	s = sock_open(argv[1], argv[2], 0);
	pump(STDIN_FILENO, s);
	shutdown(s, SHUT_WR);
	{
		char buf[4096];

		while (read(s, buf, sizeof(buf)) > 0)
			;
	}
	return 0;
}
