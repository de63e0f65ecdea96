/*
 * recvout.c: the output of mqrecv.  Messages taken from a queue are held
 * in a buffer and written together; what a write could not deliver (the
 * reader left, or stayed blocked after a terminating signal) goes back on
 * the queue, so that none is lost.  How each message is framed (its
 * prefix and separator) is the caller's.
 */
#ifndef IPCTOOLS_RECVOUT_H
#define IPCTOOLS_RECVOUT_H

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>

#include "msg.h"
#include "queue.h"

#define RECVOUT_SIZE	(64 * 1024)	/* bytes held before a write */
#define RECVOUT_MSGS	256		/* messages held before a write */

/*
 * How one message is written: its prefix, its body as written (the
 * message's bytes, or what a format made of them), its separator.
 */
struct outmsg {
	const char	*pre;
	size_t		 prelen;
	const char	*body;
	size_t		 blen;
	const char	*sep;
	size_t		 seplen;
};

/*
 * A format whose body is not the message's bytes (-j) turns what it wrote
 * back into them, into dst, to put the message back; returns their length.
 */
typedef size_t	(*recvout_decode)(const char *, size_t, char *);

/* What of the buffer is which message, to put it back. */
struct pending {
	long	 type;
	size_t	 off;		/* its body in buf[] */
	size_t	 len;
	size_t	 end;		/* past its separator */
};

struct recvout {
	const struct queue *q;		/* where messages go back */
	int		 keep;		/* -p: none was taken, none goes back */
	recvout_decode	 decode;	/* NULL: bodies are written as they are */
	/* The number of a terminating signal that came, or 0. */
	volatile sig_atomic_t *termsig;
	char		 buf[RECVOUT_SIZE];
	size_t		 len;
	struct pending	 pend[RECVOUT_MSGS];
	size_t		 npend;
	struct msg	*back;		/* for putting messages back */
	const struct msg *cur;		/* taken, not in buf[] yet */
	size_t		 curlen;
	long long	 since;		/* the last progress after a signal */
	atomic_int	 gone;		/* standard output's reader left */
	pthread_t	 watcher;
	struct pollfd	 watched[1];	/* the watcher's, off its stack */
	int		 watching;
};

void	 recvout_init(struct recvout *, const struct queue *, int,
	    volatile sig_atomic_t *);
void	 recvout_watch(struct recvout *);
void	 recvout_end(struct recvout *);
int	 recvout_gone(struct recvout *);
void	 recvout_raw(struct recvout *, const void *, size_t);
void	 recvout_put(struct recvout *, const struct msg *, size_t,
	    const struct outmsg *);
void	 recvout_flush(struct recvout *);
void	 recvout_stopped(struct recvout *) __attribute__((noreturn));

#endif /* IPCTOOLS_RECVOUT_H */
