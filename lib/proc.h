/*
 * proc.c: what /proc tells of processes, for the ls and rm commands:
 * whether one still runs (a zombie has ended), when it started, and
 * which processes map or hold open a segment, queue or semaphore (POSIX
 * objects by their file, System V segments by their /SYSV mapping), and
 * whether /proc shows every process that could.
 */
#ifndef IPCTOOLS_PROC_H
#define IPCTOOLS_PROC_H

#include <sys/types.h>

#include <stddef.h>

int	 pid_alive(pid_t);
int	 proc_start(pid_t, long long *);
void	 proc_scan(dev_t);
const char	*proc_unknown(void);
size_t	 proc_users(dev_t, ino_t, const char **);
size_t	 proc_sysv_users(int, const char **);
int	 proc_holds(pid_t, dev_t, ino_t);
int	 proc_holds_sysv(pid_t, int);
pid_t	 proc_pid_arg(const char *, const char *);

/* The device proc_scan() reads System V segments for alone. */
#define PROC_SYSV	((dev_t)-1)

#endif /* IPCTOOLS_PROC_H */
