/*
 * msg.c: System V message queues as the mq* commands use them.
 */
#ifndef IPCTOOLS_MSG_H
#define IPCTOOLS_MSG_H

#include <stddef.h>

/*
 * The end-of-stream mark: the body of the message that mqsend -e sends
 * and mqrecv -e stops at.  It begins and ends with a NUL, so no line of
 * text can equal it, and mqsend never sends it as data.
 */
#define MSG_ENDLEN	24
extern const char msg_endmark[MSG_ENDLEN];
int	 msg_is_end(const void *, size_t);

/* A message as msgsnd(2) and msgrcv(2) take it. */
struct msg {
	long	type;
	char	text[];
};

/* The permission an operation needs, as msgget(2)'s flag bits. */
#define MSG_READ	0400
#define MSG_WRITE	0200

int	 msg_gone(int);

/* The msgmax assumed when the kernel will not say (Linux's default). */
#define MSG_GUESS	8192
size_t	 msg_max(void);
size_t	 msg_mnb(void);
size_t	 msg_limit(int, const char **);

#endif /* IPCTOOLS_MSG_H */
