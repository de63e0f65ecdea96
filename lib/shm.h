/*
 * shm.c: segments for the shm* commands: attaching, and shm_kind for
 * the generic lookups, listing and removal of ipcobj.c.
 */
#ifndef IPCTOOLS_SHM_H
#define IPCTOOLS_SHM_H

#include <stddef.h>

int	 shm_attach(const char *, int, int *, void **, size_t *);
int	 shm_removed(int);

#endif /* IPCTOOLS_SHM_H */
