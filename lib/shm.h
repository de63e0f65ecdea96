/*
 * shm.c: what the shm* commands share: an OBJECT operand to a segment id,
 * attaching, stat, and a walk over every segment the caller may see.
 */
#ifndef IPCTOOLS_SHM_H
#define IPCTOOLS_SHM_H

#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include <stddef.h>

struct shm_iter {
	int	idx;		/* next kernel index to look at */
	int	max;		/* highest index in use */
	int	cmd;		/* SHM_STAT_ANY, or SHM_STAT on old kernels */
};

void	 shm_args(char **);
int	 shm_find(const char *, int *, int);
int	 shm_attach(const char *, int, void **, size_t *);
int	 shm_stat(int, struct shmid_ds *);
void	 shm_iter_begin(struct shm_iter *);
int	 shm_iter_next(struct shm_iter *, struct shmid_ds *);

#endif /* IPCTOOLS_SHM_H */
