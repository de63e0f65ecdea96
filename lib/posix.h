/*
 * posix.c: the POSIX objects that are files in /dev/shm (shared memory
 * from shm_open(3), semaphores from sem_open(3) as "sem.NAME"): the one
 * lookup from a posix:/NAME operand to its file, the walk over them, the
 * processes that map or hold each, listing and removal.  A struct pxkind
 * says what differs between the two.
 */
#ifndef IPCTOOLS_POSIX_H
#define IPCTOOLS_POSIX_H

#include <sys/types.h>
#include <sys/stat.h>

#include <stddef.h>

#include "ipctools.h"

/* Where glibc keeps them on Linux. */
#define PX_DIR		"/dev/shm"
/* What glibc puts before a semaphore's name. */
#define PX_SEMPREFIX	"sem."

/* The columns every POSIX kind begins with (name, mode...), in posix.c. */
#define PX_NGEN		8

struct pxkind {
	const char	*noun;		/* "segment", "semaphore" */
	const char	*prefix;	/* of the file's name: "", "sem." */
	int		(*unlink)(const char *);	/* shm_unlink, sem_unlink */
	/* The kind's own columns, after the PX_NGEN every kind has. */
	const struct column *cols;
	size_t		 ncols;
	/* The cells of the kind's own columns for "/NAME" and its stat. */
	void		(*values)(const char *, const struct stat *,
			    struct cell *);
};

extern const struct pxkind pshm_kind, psem_kind;

struct rm_sel;

int	 px_operand(const struct pxkind *, const char *, struct operand *);
int	 px_is(const char *);
int	 px_missing(const struct pxkind *, const char *, int);
int	 px_stat(const struct pxkind *, const char *, const char *,
	    struct stat *, int);
int	 px_print_name(const char *);
void	 px_print_new(const struct pxkind *, const char *, const char *, int);
void	 px_path(const struct pxkind *, const char *, char *, size_t);
const struct column	*px_columns(const struct pxkind *, size_t *);
int	 px_list(const struct pxkind *, enum list_fmt, const struct colsel *,
	    char **);
int	 px_remove(const struct pxkind *, const char *, int, int);
int	 px_remove_idle(const struct pxkind *, const struct rm_sel *, int);

#endif /* IPCTOOLS_POSIX_H */
