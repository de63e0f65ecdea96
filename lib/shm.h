/*
 * shm.c: segments for the shm* commands: attaching (System V) or mapping
 * (POSIX), shm_kind for the generic lookups, listing and removal of
 * ipcobj.c, and pshm_kind for those of posix.c.
 */
#ifndef IPCTOOLS_SHM_H
#define IPCTOOLS_SHM_H

#include <stddef.h>
#include <stdint.h>

/* A segment in our address space, whichever kind it is. */
struct shmseg {
	int	 id;		/* System V: its id; POSIX: -1 */
	int	 fd;		/* POSIX: its descriptor; System V: -1 */
	void	*addr;		/* NULL for an empty POSIX segment */
	size_t	 size;
};

/* shmnew's options for a POSIX segment, pshm_kind's create (posix.h). */
struct pshm_how {
	uint64_t	 size;
	const char	*sarg;		/* -s as given; NULL: the default */
};

int	 shm_attach(const char *, int, struct shmseg *);
int	 shm_detach(struct shmseg *);
int	 shm_removed(const struct shmseg *);
int	 shm_swap(int, uint64_t *);
void	 shm_cat(const struct shmseg *, size_t, size_t, int);
void	 shm_nomem(void) __attribute__((noreturn));

#endif /* IPCTOOLS_SHM_H */
