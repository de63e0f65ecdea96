/*
 * msgloop: the raw baseline for mqsend | mqrecv.  The plainest fast C
 * program for the same job: lines of standard input become messages of
 * type 1 (newline not sent), and messages become lines of standard output.
 *
 *	msgloop send QID <lines		one msgsnd per line
 *	msgloop recv QID COUNT >out	COUNT msgrcv calls, each message + '\n'
 *	msgloop new KEY			create a queue (0600), print its id
 *
 * QID is the identifier, bare or as "id:N".  Input is read in big blocks and
 * output written in big blocks, so the cost left is the two system calls
 * per message.  Lines longer than MAXMSG bytes are cut: not a tool.
 */
#include <sys/ipc.h>
#include <sys/msg.h>

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXMSG	8192
#define BLOCK	(256 * 1024)

struct msg {
	long	mtype;
	char	mtext[MAXMSG];
};

static struct msg m;

static int
qid(const char *s)
{
	if (strncmp(s, "id:", 3) == 0)
		s += 3;
	return atoi(s);
}

static void
send_lines(int q)
{
	static char buf[BLOCK];
	size_t have = 0, len;
	ssize_t n;
	char *p, *nl, *end;

	m.mtype = 1;
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
			if (len > MAXMSG)
				len = MAXMSG;
			memcpy(m.mtext, p, len);
			if (msgsnd(q, &m, len, 0) == -1)
				err(1, "msgsnd");
			p = nl < end ? nl + 1 : end;
		}
		have = (size_t)(end - p);
		memmove(buf, p, have);
		if (n == 0)
			return;
	}
}

static void
recv_lines(int q, long count)
{
	static char out[BLOCK];
	size_t used = 0;
	ssize_t n;

	while (count-- > 0) {
		if ((n = msgrcv(q, &m, MAXMSG, 0, 0)) == -1)
			err(1, "msgrcv");
		if (used + (size_t)n + 1 > sizeof(out)) {
			if (write(STDOUT_FILENO, out, used) != (ssize_t)used)
				err(1, "write");
			used = 0;
		}
		memcpy(out + used, m.mtext, (size_t)n);
		used += (size_t)n;
		out[used++] = '\n';
	}
	if (used > 0 && write(STDOUT_FILENO, out, used) != (ssize_t)used)
		err(1, "write");
}

int
main(int argc, char *argv[])
{
	if (argc == 3 && strcmp(argv[1], "send") == 0)
		send_lines(qid(argv[2]));
	else if (argc == 3 && strcmp(argv[1], "new") == 0) {
		int q = msgget((key_t)strtoul(argv[2], NULL, 0),
		    IPC_CREAT | 0600);

		if (q == -1)
			err(1, "msgget");
		printf("%d\n", q);
	} else if (argc == 4 && strcmp(argv[1], "recv") == 0)
		recv_lines(qid(argv[2]), atol(argv[3]));
	else
		errx(1, "usage: msgloop send QID | recv QID COUNT | new KEY");
	return 0;
}
