/*
 * Whole reads and writes.  Short counts and EINTR are handled here, once;
 * a reader that leaves early ends the command quietly, as it would end
 * cat(1), but without a signal, so that buffered work can be undone.
 */
#include <sys/types.h>
#include <sys/uio.h>

#include <fcntl.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "ipctools.h"

void
io_init(char *argv[])
{
	int fd;

	/* getopt(3) speaks as argv[0]: make it the name every message uses. */
	argv[0] = (char *)getprogname();
	/* Every command's first call: the long spellings before getopt. */
	opt_long(argv);

	/*
	 * A closed standard descriptor would be taken by the next open(2) or
	 * socket(2), and we would read or write our own object.  Fill the hole
	 * with /dev/null, read-only even for standard output, so that input
	 * reads as empty and output fails with EBADF (74) as it should.
	 */
	for (fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
		if (fcntl(fd, F_GETFD) == -1 && open("/dev/null",
		    fd == STDERR_FILENO ? O_WRONLY : O_RDONLY) != fd)
			_exit(EX_OSERR);
	/* EPIPE is an answer we handle; SIGPIPE would kill us mid-message. */
	signal(SIGPIPE, SIG_IGN);
}

/*
 * Read until n bytes or end of input; returns the count, or -1 with errno
 * when nothing could be read because of an error.
 */
ssize_t
read_full(int fd, void *buf, size_t n)
{
	char *p = buf;
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = read(fd, p + got, n - got);
		if (r == 0)
			break;
		if (r == -1) {
			if (errno == EINTR)
				continue;
			if (got > 0)
				break;
			return -1;
		}
		got += (size_t)r;
	}
	return (ssize_t)got;
}

int
write_full(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Standard output's reader is gone: not an error worth a message. */
void
out_gone(void)
{
	_exit(EX_OK);
}

/*
 * Called when out_write() gets EFAULT: the buffer was a mapping whose
 * page could not be had (shm.c sets it), where it can say why.
 */
void	(*out_fault)(void);

void
out_write(const void *buf, size_t n)
{
	if (write_full(STDOUT_FILENO, buf, n) == -1) {
		if (errno == EPIPE)
			out_gone();
		if (errno == EFAULT && out_fault != NULL)
			out_fault();
		quit(EX_IOERR, errno, "standard output");
	}
}

/*
 * out_write() of n pieces at once (writev(2)); iov is used up.  A short
 * count resumes where it stopped.
 */
void
out_writev(struct iovec *iov, int n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = writev(STDOUT_FILENO, iov, n)) == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE)
				out_gone();
			if (errno == EFAULT && out_fault != NULL)
				out_fault();
			quit(EX_IOERR, errno, "standard output");
		}
		for (; n > 0 && (size_t)w >= iov->iov_len; iov++, n--)
			w -= (ssize_t)iov->iov_len;
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
}

/* Flush and check standard output at exit: a full disk is an error. */
void
out_close(void)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (errno == EPIPE)
			out_gone();
		quit(EX_IOERR, errno, "standard output");
	}
	if (fclose(stdout) == EOF && errno != EBADF) {
		if (errno == EPIPE)
			out_gone();
		quit(EX_IOERR, errno, "standard output");
	}
}

void
in_fail(void)
{
	quit(EX_IOERR, errno, "standard input");
}
