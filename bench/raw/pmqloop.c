/*
 * pmqloop: the raw baseline for mqsend | mqrecv on a POSIX queue.  The
 * plainest fast C program for the same job: lines of standard input
 * become messages of priority 0 (newline not sent), and messages become
 * lines of standard output.
 *
 *	pmqloop send /NAME <lines	one mq_send per line
 *	pmqloop recv /NAME COUNT >out	COUNT mq_receive calls, each + '\n'
 *	pmqloop new /NAME		create the queue (0600, the defaults)
 *	pmqloop rm /NAME		mq_unlink it
 *
 * Input is read in big blocks and output written in big blocks, so the
 * cost left is the two system calls per message.  Lines longer than the
 * queue's mq_msgsize are cut: not a tool.
 */
#include <err.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK	(256 * 1024)

static mqd_t
open_q(const char *name, int flags, size_t *max)
{
	struct mq_attr a;
	mqd_t q;

	if ((q = mq_open(name, flags)) == (mqd_t)-1)
		err(1, "mq_open %s", name);
	if (mq_getattr(q, &a) == -1)
		err(1, "mq_getattr");
	*max = (size_t)a.mq_msgsize;
	return q;
}

static void
send_lines(const char *name)
{
	static char buf[BLOCK];
	size_t have = 0, len, max;
	ssize_t n;
	char *p, *nl, *end;
	mqd_t q = open_q(name, O_WRONLY, &max);

	for (;;) {
		n = read(STDIN_FILENO, buf + have, sizeof(buf) - have);
		if (n == -1)
			err(1, "read");
		if (n == 0 && have == 0)
			return;
		end = buf + have + n;
		p = buf;
		while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL ||
		    (n == 0 && p < end)) {
			if (nl == NULL)
				nl = end;
			len = (size_t)(nl - p);
			if (len > max)
				len = max;
			if (mq_send(q, p, len, 0) == -1)
				err(1, "mq_send");
			p = nl < end ? nl + 1 : end;
		}
		have = (size_t)(end - p);
		memmove(buf, p, have);
		if (n == 0)
			return;
	}
}

static void
recv_lines(const char *name, long count)
{
	static char out[BLOCK];
	size_t used = 0, max;
	ssize_t n;
	char *m;
	mqd_t q = open_q(name, O_RDONLY, &max);

	if ((m = malloc(max)) == NULL)
		err(1, "malloc");
	while (count-- > 0) {
		if ((n = mq_receive(q, m, max, NULL)) == -1)
			err(1, "mq_receive");
		if (used + (size_t)n + 1 > sizeof(out)) {
			if (write(STDOUT_FILENO, out, used) != (ssize_t)used)
				err(1, "write");
			used = 0;
		}
		memcpy(out + used, m, (size_t)n);
		used += (size_t)n;
		out[used++] = '\n';
	}
	if (used > 0 && write(STDOUT_FILENO, out, used) != (ssize_t)used)
		err(1, "write");
	free(m);
}

int
main(int argc, char *argv[])
{
	mqd_t q;

	if (argc == 3 && strcmp(argv[1], "send") == 0)
		send_lines(argv[2]);
	else if (argc == 3 && strcmp(argv[1], "new") == 0) {
		if ((q = mq_open(argv[2], O_RDWR | O_CREAT, 0600, NULL)) ==
		    (mqd_t)-1)
			err(1, "mq_open %s", argv[2]);
		mq_close(q);
	} else if (argc == 3 && strcmp(argv[1], "rm") == 0) {
		if (mq_unlink(argv[2]) == -1)
			err(1, "mq_unlink %s", argv[2]);
	} else if (argc == 4 && strcmp(argv[1], "recv") == 0)
		recv_lines(argv[2], atol(argv[3]));
	else
		errx(1, "usage: pmqloop send /NAME | recv /NAME COUNT | "
		    "new /NAME | rm /NAME");
	return 0;
}
