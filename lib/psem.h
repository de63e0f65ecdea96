/*
 * psem.c: POSIX semaphores (posix:/NAME) for the sem* commands: the
 * kind entry for posix.c (create, list, remove), open, and one step down
 * or up.
 */
#ifndef IPCTOOLS_PSEM_H
#define IPCTOOLS_PSEM_H

#include <sys/types.h>

#include <limits.h>
#include <semaphore.h>
#include <signal.h>
#include <time.h>

/* An open semaphore, and what names it. */
struct psem {
	sem_t		*sem;
	const char	*arg;		/* the operand, for messages */
	char		 name[NAME_MAX + 2];	/* "/NAME" */
	ino_t		 ino;		/* its file's, to see it removed */
};

void	 psem_open(const char *, struct psem *);
int	 psem_take(const struct psem *, int, const struct timespec *,
	    const char *, volatile sig_atomic_t *);
void	 psem_give(const struct psem *);
int	 psem_gone(const struct psem *);

#endif /* IPCTOOLS_PSEM_H */
