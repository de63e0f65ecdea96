/*
 * pmq.c: POSIX message queues (mq_open(3)) as the mq* commands use them:
 * pmq_kind for posix.c (create, list, remove), a posix:/NAME operand to
 * a descriptor with the exit codes of ipctools(7), the limits of
 * /proc/sys/fs/mqueue.
 */
#ifndef IPCTOOLS_PMQ_H
#define IPCTOOLS_PMQ_H

#include <mqueue.h>
#include <stddef.h>

#include "ipctools.h"

/* Where the mqueue file system lists the queues of this IPC namespace. */
#define PMQ_DIR		"/dev/mqueue"

/* mqnew's options for a POSIX queue, pmq_kind's create (posix.h). */
struct pmq_how {
	long	 maxmsg;		/* -M; 0: the system's default */
	long	 msgsize;		/* -s; 0: the system's default */
};

mqd_t	 pmq_open(const char *, int, struct mq_attr *);
long	 pmq_prio_max(void);

#endif /* IPCTOOLS_PMQ_H */
