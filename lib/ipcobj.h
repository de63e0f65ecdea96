/*
 * ipcobj.c: what the shm* and mq* commands do alike to segments and
 * queues: an OBJECT operand to an id, stat, a walk over every object the
 * caller may see, listing and removing.  A struct ipckind says how each
 * step is done for one kind of object.
 */
#ifndef IPCTOOLS_IPCOBJ_H
#define IPCTOOLS_IPCOBJ_H

#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include <stddef.h>
#include <time.h>

#include "ipctools.h"

/* One object as the kernel describes it. */
struct ipc_row {
	int		 id;
	struct ipc_perm	 perm;		/* a copy of the kind's own */
	union {
		struct shmid_ds	shm;
		struct msqid_ds	msg;
		struct semid_ds	sem;
	} ds;
};

/* The most columns a kind's table may have. */
#define IPC_MAXCOLS	16

struct ipckind {
	const char	 *noun;		/* "segment", "queue" */
	/*
	 * shmget(2), msgget(2), semget(2): the id of key, asking for the
	 * access in flags, made (IPC_CREAT) with n bytes or semaphores
	 * where the kind has a size; -1 and errno.
	 */
	int		(*get)(key_t, size_t, int);
	/*
	 * shmctl(2) or msgctl(2) into row->ds, copying the permissions to
	 * row->perm: IPC_STAT and IPC_RMID of an id, or stat_any or
	 * stat_old of a kernel index.
	 */
	int		(*ctl)(int, int, struct ipc_row *);
	int		  stat_any;	/* SHM_STAT_ANY, MSG_STAT_ANY */
	int		  stat_old;	/* SHM_STAT, MSG_STAT: before Linux 4.17 */
	/* The highest kernel index in use (*_INFO); exits on failure. */
	int		(*maxidx)(void);
	/*
	 * Whether -a of the rm command may remove it (owner aside): 1 when
	 * idle, 0 when in use (taken only with -f), -1 when it is going
	 * already (never taken).
	 */
	int		(*idle)(const struct ipc_row *);
	/* rm -a -i: when it was last used; an object in use now: now. */
	time_t		(*used)(const struct ipc_row *);
	/* rm -a -d: whether a process it records (made, used it) lives. */
	int		(*live)(const struct ipc_row *);
	/* The table: key, id, mode and owner, then the kind's own. */
	const struct column *cols;
	size_t		  ncols;		/* at most IPC_MAXCOLS */
	/* The values of the kind's own columns, from v[4] on. */
	void		(*values)(const struct ipc_row *, long long *);
	/* In JSON, more members of a row (a struct ipc_row *); or NULL. */
	void		(*json)(const void *);
};

extern const struct ipckind shm_kind, msg_kind, sem_kind;

/* Which objects -a of the rm commands takes, beyond the caller's idle ones. */
struct rm_sel {
	int		 force;		/* -f: in-use ones too */
	int		 dead;		/* -d: only those no live process used */
	long long	 age;		/* -i: unused this many seconds; 0: any */
	int		 keys;		/* -r: only keys lo..hi under mask */
	unsigned int	 lo, hi, mask;
};

void	 ipc_args(char **);
int	 ipc_find(const struct ipckind *, const char *, int, int, int *);
int	 ipc_open(const struct ipckind *, const char *, int);
const char	*ipc_new_arg(int, char *[]);
int	 ipc_new(const struct ipckind *, const char *, int, int, size_t,
	    int *);
void	 ipc_print_new(const struct ipckind *, int, int);
int	 ipc_missing(const struct ipckind *, const char *, int);
int	 ipc_stat(const struct ipckind *, int, struct ipc_row *);
int	 ipc_list(const struct ipckind *, enum list_fmt, char **);
int	 ipc_remove(const struct ipckind *, char **, int, int);
int	 ipc_remove_idle(const struct ipckind *, const struct rm_sel *, int);
void	 rm_keys_arg(const char *, const char *, struct rm_sel *);
int	 pid_alive(pid_t);

/* lsrm.c: the ls and rm commands of both families. */
int	 ls_main(const struct ipckind *, int, char *[]);
int	 rm_main(const struct ipckind *, int, char *[]);

#endif /* IPCTOOLS_IPCOBJ_H */
