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
#include <stdint.h>
#include <time.h>

#include "ipctools.h"
#include "proc.h"

struct pxkind;

/* One object as the kernel describes it. */
struct ipc_row {
	int		 id;
	/*
	 * Each kind's structure begins with its struct ipc_perm, so perm
	 * reads it whatever the kind (a union member of its own, as GNU C
	 * allows).
	 */
	union {
		struct ipc_perm	perm;
		struct shmid_ds	shm;
		struct msqid_ds	msg;
		struct semid_ds	sem;
	} ds;
};

/*
 * The columns every kind begins with, by name: the id:N operand, key,
 * id, the owner rows of list.c, the creator's.  The kind's own come after.
 */
enum {
	IPCC_OBJECT,
	IPCC_KEY,
	IPCC_ID,
	IPCC_OWN,
	IPCC_CUID = IPCC_OWN + OWN_NCOLS,
	IPCC_CUSER,
	IPCC_CGID,
	IPCC_CGROUP,
	IPC_NGEN
};

/*
 * One line of the limits view (-g): a system limit and its current use;
 * either may be missing (a use without a limit, a limit no count measures).
 */
struct ipc_limit {
	const char	*name;		/* the sysctl's name, or a word */
	const char	*what;		/* what it counts, for the table */
	uint64_t	 limit;
	uint64_t	 used;
	int		 haslimit;
	int		 hasused;
};
#define IPC_MAXLIMITS	8

/*
 * A column of -A's view (both.c): its name, the System V and POSIX
 * columns that fill it (NULL: that family has none, "-"), whether the
 * table shows it by default, and its -o help (NULL: the filling one's).
 */
struct bothcol {
	const char	*name;
	const char	*sysv;
	const char	*posix;
	int		 shown;
	const char	*help;
};

struct ipckind {
	const char	 *noun;		/* "segment", "queue" */
	/*
	 * shmget(2), msgget(2), semget(2): the id of key, asking for the
	 * access in flags, made (IPC_CREAT) with n bytes or semaphores
	 * where the kind has a size; -1 and errno.
	 */
	int		(*get)(key_t, size_t, int);
	/*
	 * shmctl(2), msgctl(2) or semctl(2) into row->ds: IPC_STAT and
	 * IPC_RMID of an id, stat_any or stat_old of a kernel index, info.
	 */
	int		(*ctl)(int, int, struct ipc_row *);
	int		  stat_any;	/* SHM_STAT_ANY, MSG_STAT_ANY */
	int		  stat_old;	/* SHM_STAT, MSG_STAT: before Linux 4.17 */
	int		  info;		/* SHM_INFO...: the highest index in use */
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
	/* The kind's own columns, after the IPC_NGEN every kind has. */
	const struct column *cols;
	size_t		  ncols;	/* at most LIST_MAXCOLS - IPC_NGEN */
	/* The cells of the kind's own columns, by its enum of them. */
	void		(*values)(const struct ipc_row *, struct cell *);
	/* In JSON, more members of a row (a struct ipc_row *); or NULL. */
	void		(*json)(const void *);
	/* The limits view: fills at most IPC_MAXLIMITS; how many. */
	size_t		(*limits)(struct ipc_limit *);
	/* Whether processes map it, as segments: -p and holders. */
	int		  mapped;
	/* The family's POSIX kind (posix.h), for posix: operands; or NULL. */
	const struct pxkind *posix;
	/* -A's view: the family's columns after those every one has. */
	const struct bothcol *both;
	size_t		  nboth;
};

/*
 * A kind's file names its functions after the members they fill (get,
 * ctl, idle, used, live, values, limits) and its columns cols[]; its
 * table entry takes them all with this.
 */
#define IPCKIND_FUNCS							\
	.get = get, .ctl = ctl, .idle = idle, .used = used, .live = live, \
	.cols = cols, .ncols = sizeof(cols) / sizeof(cols[0]),		\
	.values = values, .limits = limits

extern const struct ipckind shm_kind, msg_kind, sem_kind;

/* Which objects -a of the rm commands takes, beyond the caller's idle ones. */
struct rm_sel {
	int		 force;		/* -f: in-use ones too */
	int		 dead;		/* -d: only those no live process used */
	long long	 age;		/* -i: unused this many seconds; 0: any */
	int		 keys;		/* -r: only keys lo..hi under mask */
	unsigned int	 lo, hi, mask;
	int		 user;		/* -u: uid's instead of the caller's */
	uid_t		 uid;
	pid_t		 pid;		/* -p: only those it maps or holds */
};

/*
 * Which objects the ls commands list: -u's user's (owned or, System V,
 * created), and -p's process's (mapped or held open); 0: any.
 */
struct ls_sel {
	int		 user;
	uid_t		 uid;
	pid_t		 pid;
};

/* A walk over the kernel's table of one kind of object. */
struct ipc_iter {
	const struct ipckind *kind;
	int	idx;		/* next kernel index to look at */
	int	max;		/* highest index in use */
	int	cmd;		/* stat_any, or stat_old on old kernels */
};

void	 ipc_args(char **);
int	 ipc_find(const struct ipckind *, const char *, int, int, int *);
int	 ipc_open(const struct ipckind *, const char *, int);
const char	*ipc_new_arg(int, char *[]);
int	 ipc_new(const struct ipckind *, const char *, int, int, size_t,
	    int *);
void	 ipc_print_new(const struct ipckind *, int, int);
void	 ipc_new_mode(const struct ipckind *, int, int, const char *);
int	 ipc_missing(const struct ipckind *, const char *, int);
int	 ipc_stat(const struct ipckind *, int, struct ipc_row *);
void	 ipc_iter_begin(const struct ipckind *, struct ipc_iter *);
int	 ipc_iter_next(struct ipc_iter *, struct ipc_row *);
int	 ipc_remove(const struct ipckind *, char **, int, int);
int	 ipc_remove_idle(const struct ipckind *, const struct rm_sel *, int);
void	 rm_keys_arg(const char *, const char *, struct rm_sel *);

/* ipclist.c: the listing. */
const struct column	*ipc_columns(const struct ipckind *, size_t *);
const struct column	*ipc_limit_columns(size_t *);
int	 ipc_list(const struct ipckind *, enum list_fmt, const struct colsel *,
	    const struct ls_sel *, char **);
int	 ipc_rows(const struct ipckind *, const struct ls_sel *, char **);
void	 ipc_limits(const struct ipckind *, enum list_fmt,
	    const struct colsel *);

/* both.c: -A, System V and POSIX objects in one listing. */
const struct column	*both_columns(const struct ipckind *, size_t *);
int	 both_list(const struct ipckind *, enum list_fmt,
	    const struct colsel *, const struct ls_sel *, char **);

/* lsrm.c: the ls and rm commands of both families. */
int	 ls_main(const struct ipckind *, int, char *[]);
int	 rm_main(const struct ipckind *, int, char *[]);

#endif /* IPCTOOLS_IPCOBJ_H */
