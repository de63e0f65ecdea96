/*
 * sem.c: semaphore sets for the sem* commands: the system's limits, and
 * sem_kind for the generic lookups, listing and removal of ipcobj.c.
 */
#ifndef IPCTOOLS_SEM_H
#define IPCTOOLS_SEM_H

/* The largest value a semaphore holds; fixed in the kernel, no sysctl. */
#define SEM_VMX		32767

/* The four numbers of kernel.sem, in its order. */
struct sem_limits {
	long long	msl;		/* semaphores per set */
	long long	mns;		/* semaphores in the system */
	long long	opm;		/* operations per semop(2) */
	long long	mni;		/* sets in the system */
};

void	 sem_limits(struct sem_limits *);

#endif /* IPCTOOLS_SEM_H */
