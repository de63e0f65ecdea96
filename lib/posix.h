/*
 * posix.c: the POSIX objects, which on Linux are files of a directory:
 * segments (shm_open(3)) and semaphores (sem_open(3), as "sem.NAME") in
 * /dev/shm, queues (mq_open(3)) in /dev/mqueue.  The one lookup from a
 * posix:/NAME operand to its file, the one create-and-print, the walk
 * over them, the processes that map or hold each, listing and removal.
 * A struct pxkind says what differs between the kinds.
 */
#ifndef IPCTOOLS_POSIX_H
#define IPCTOOLS_POSIX_H

#include <sys/types.h>
#include <sys/stat.h>

#include <stddef.h>

#include "ipctools.h"

/* Where glibc keeps segments and semaphores on Linux. */
#define PX_DIR		"/dev/shm"
/* Their nolimits (below). */
#define PX_NOLIMITS	"-g shows System V limits; a POSIX object is a " \
			"file, limited by its file system (df " PX_DIR ")"

/*
 * The columns every POSIX kind begins with, by name: the object (as
 * "object", the key every listing's JSON has, and as "name"), then its
 * file's owner rows (list.c) and time.  The kind's own come after, then
 * who uses it (PXU_*).
 */
enum {
	PXC_OBJECT,
	PXC_NAME,
	PXC_OWN,
	PXC_MTIME = PXC_OWN + OWN_NCOLS,
	PX_NGEN
};
enum { PXU_NPROC, PXU_PIDS, PX_NUSE };

struct pxkind {
	const char	*noun;		/* "segment", "semaphore", "queue" */
	const char	*dir;		/* its files': PX_DIR, PMQ_DIR */
	const char	*prefix;	/* of the file's name: "", "sem." */
	/* Another kind whose files are in dir too, not ours; or NULL. */
	const struct pxkind *shares;
	int		(*unlink)(const char *);	/* shm_unlink... */
	/*
	 * Make "/NAME" (arg names it, for messages) exclusively, with the
	 * mode exactly (not narrowed by the umask) and the kind's options
	 * how (a size, a value, limits): 1 when made, 0 when it exists;
	 * any other failure exits, worded for the kind.
	 */
	int		(*create)(const char *, const char *, int,
			    const void *);
	/* Open the one that exists as create's how would; exits if not. */
	void		(*reopen)(const char *, const char *, const void *);
	/* Exits when dir is not there to list (mqueue unmounted); or NULL. */
	void		(*mounted)(void);
	/* -a of the rm command: whether "/NAME" is in use beyond being
	 * open (a queue's messages); or NULL. */
	int		(*busy)(const char *);
	/* Why -g of the ls command does not apply. */
	const char	*nolimits;
	/* Of the PX_NGEN and PXU_* columns, those not in the default table
	 * (1 << PXC_..., 1 << (PX_NGEN + PXU_...)): it fits 80 columns. */
	unsigned int	 hidden;
	/* The kind's own columns, after the PX_NGEN every kind has. */
	const struct column *cols;
	size_t		 ncols;
	/* The cells of the kind's own columns for "/NAME" and its stat. */
	void		(*values)(const char *, const struct stat *,
			    struct cell *);
};

extern const struct pxkind pshm_kind, psem_kind, pmq_kind;

struct rm_sel;

int	 px_operand(const struct pxkind *, const char *, struct operand *);
int	 px_is(const char *);
int	 px_missing(const struct pxkind *, const char *, int);
int	 px_stat(const struct pxkind *, const char *, const char *,
	    struct stat *, int);
void	 px_new(const struct pxkind *, const char *, int, int, const void *);
void	 px_path(const struct pxkind *, const char *, char *, size_t);
const struct column	*px_columns(const struct pxkind *, size_t *);
struct ls_sel;
int	 px_list(const struct pxkind *, enum list_fmt, const struct colsel *,
	    const struct ls_sel *, char **);
int	 px_rows(const struct pxkind *, const struct ls_sel *, char **);
int	 px_remove(const struct pxkind *, const char *, int, int);
int	 px_remove_idle(const struct pxkind *, const struct rm_sel *, int,
	    char **);
void	 px_patterns(const struct pxkind *, char **);

#endif /* IPCTOOLS_POSIX_H */
