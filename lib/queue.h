/*
 * queue.c: a message queue of either family, System V (msgsnd(2),
 * msgrcv(2)) or POSIX (mq_send(3), mq_receive(3)), as mqsend and mqrecv
 * use it: open, take, put back, send, and whether it was removed.  A
 * POSIX queue's priority is the message's type.
 */
#ifndef IPCTOOLS_QUEUE_H
#define IPCTOOLS_QUEUE_H

#include <sys/types.h>

#include <mqueue.h>
#include <stddef.h>

#include "msg.h"

struct queue {
	const char	*arg;		/* the operand, for messages */
	int		 posix;
	int		 id;		/* System V */
	mqd_t		 mq;		/* POSIX */
	/* Sending: the largest message it takes; receiving: it may hold. */
	size_t		 limit;
	const char	*which;		/* that limit's name, for messages */
	long		 tmin, tmax;	/* a type's range */
	const char	*tname;		/* "type", or "priority" */
};

void	 queue_init(struct queue *, const char *);
void	 queue_open(struct queue *, int);
ssize_t	 queue_take(const struct queue *, struct msg *, size_t, long, int,
	    int);
int	 queue_put_back(const struct queue *, const struct msg *, size_t);
int	 queue_send(const struct queue *, struct msg *, const char *, size_t,
	    int);
long	 queue_end_type(const struct queue *, long);
int	 queue_gone(const struct queue *);

#endif /* IPCTOOLS_QUEUE_H */
