/*
 * pmq.c: POSIX message queues (mq_open(3)) as the mq* commands use them:
 * a posix:/NAME operand to a descriptor with the exit codes of
 * ipctools(7), the limits of /proc/sys/fs/mqueue, listing and removal.
 */
#ifndef IPCTOOLS_PMQ_H
#define IPCTOOLS_PMQ_H

#include <mqueue.h>
#include <stddef.h>

#include "ipctools.h"

/* Where the mqueue file system lists the queues of this IPC namespace. */
#define PMQ_DIR		"/dev/mqueue"

int	 pmq_is(const char *);
char	*pmq_name(const char *);
mqd_t	 pmq_open(const char *, int, struct mq_attr *);
mqd_t	 pmq_create(const char *, int, int, long, long, int *);
long	 pmq_prio_max(void);
int	 pmq_remove(const char *, int, int);
void	 pmq_mounted(void);
int	 pmq_list(enum list_fmt, const struct colsel *, char **);
const struct column	*pmq_columns(size_t *);

#endif /* IPCTOOLS_PMQ_H */
