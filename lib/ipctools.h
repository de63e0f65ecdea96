/*
 * ipctools: the library every command shares.
 * One section per file of lib/; see each file for the why.
 */
#ifndef IPCTOOLS_H
#define IPCTOOLS_H

#include <sys/types.h>
#include <sys/ipc.h>

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* sysexits(3) codes, spelled out so no command depends on <sysexits.h>. */
#define EX_OK		0
#define EX_USAGE	64
#define EX_DATAERR	65
#define EX_NOINPUT	66
#define EX_NOHOST	68
#define EX_UNAVAILABLE	69
#define EX_OSERR	71
#define EX_CANTCREAT	73
#define EX_IOERR	74
#define EX_TEMPFAIL	75
#define EX_PROTOCOL	76
#define EX_NOPERM	77

/* exit.c: errno to sysexits, and the three layers of failure. */
int	 ex_errno(int);
void	 quit(int, int, const char *, ...)
	    __attribute__((noreturn, format(printf, 3, 4)));
void	 die(const char *, ...)
	    __attribute__((noreturn, format(printf, 1, 2)));
void	 diex(int, const char *, ...)
	    __attribute__((noreturn, format(printf, 2, 3)));
int	 fail(const char *, ...) __attribute__((format(printf, 1, 2)));
int	 failx(int, const char *, ...) __attribute__((format(printf, 2, 3)));
void	 note(const char *, ...) __attribute__((format(printf, 1, 2)));

/* version.c: -V, from the file VERSION (the only file told it). */
void	 version(void) __attribute__((noreturn));

/* usage.c: --help and --version, and the option lines of -h. */
void	 opt_long(char *[]);
void	 usage_opts(int, const char *const []) __attribute__((noreturn));

/* operand.c: the OBJECT operand, parsed without touching the system. */
enum operand_form { OPERAND_KEY, OPERAND_ID, OPERAND_POSIX };
struct operand {
	const char	*arg;		/* the operand as the user wrote it */
	enum operand_form	 form;
	key_t		 key;		/* OPERAND_KEY: the key (after ftok) */
	int		 id;		/* OPERAND_ID: the identifier */
	char		*path;		/* PATH[:PROJ] form, before ftok */
	int		 proj;
	char		*name;		/* OPERAND_POSIX: "/NAME", one slash */
};
const char	*operand_parse(const char *, struct operand *);
void		 operand_free(struct operand *);

/* number.c: numbers from the command line: counts, sizes, seconds, modes. */
const char	*num_parse(const char *, long long, long long, long long *);
long long	 num_arg(const char *, const char *, long long, long long);
const char	*size_parse(const char *, uint64_t, uint64_t *);
uint64_t	 size_arg(const char *, const char *, uint64_t);
const char	*secs_parse(const char *, struct timespec *);
struct timespec	 secs_arg(const char *, const char *);
/* A duration's most seconds: a hundred years of 365 days. */
#define DUR_MAX		(36500LL * 86400)
const char	*dur_parse(const char *, long long *);
long long	 dur_arg(const char *, const char *);
const char	*mode_parse(const char *, int *);
int		 mode_arg(const char *, const char *);

/* io.c: whole reads and writes that survive EINTR and short counts. */
void	 io_init(char *[]);
ssize_t	 read_full(int, void *, size_t);
int	 write_full(int, const void *, size_t);
void	 out_write(const void *, size_t);
struct iovec;
void	 out_writev(struct iovec *, int);
extern void (*out_fault)(void);
void	 out_gone(void) __attribute__((noreturn));
void	 out_close(void);
void	 in_fail(void) __attribute__((noreturn));

/* clock.c: the one clock of timed waits, and the timer of -w. */
#define NS_PER_SEC	1000000000LL
long long	 now_ns(void);
long long	 ts_ns(const struct timespec *);
struct timespec	 ns_ts(long long);
struct timespec	 clock_after(clockid_t, const struct timespec *);
int		 clock_left(const struct timespec *, struct timespec *);
extern volatile sig_atomic_t clock_expired;
void	 clock_timer_init(void);
void	 clock_timer_arm(const struct timespec *);
void	 clock_timer_kick(void);
void	 clock_timer_disarm(void);

/* sysctl.c: kernel limits from /proc/sys. */
uint64_t	 sysctl_num(const char *, uint64_t);

/* list.c: the table and JSON that the ls commands print. */
enum col_type {
	COL_KEY,	/* 0x%08x; a JSON string */
	COL_ID,
	COL_MODE,	/* permission bits: octal in the table, a JSON number */
	COL_PERMS,	/* the same bits, octal in both: "0600" */
	COL_USER,	/* a user ID shown as its name (else the number) */
	COL_GROUP,	/* a group ID shown as its name (else the number) */
	COL_NUM,
	COL_TIME,	/* local time in the table; epoch seconds in JSON */
	COL_BOOL,
	COL_COMM,	/* a process ID shown as the command it runs */
	COL_TEXT,	/* the cell's string */
	COL_OBJECT,	/* an OBJECT operand: id:N, posix:/NAME */
	COL_NUMS	/* "1,2,3" in the table ("-": none); a JSON array */
};
struct column {
	const char	*name;		/* table header, JSON key, -o name */
	enum col_type	 type;
	int		 width;		/* least width; negative: left-aligned */
	int		 shown;		/* in the table unless -o says */
	const char	*help;		/* what -o help says of it */
};
/* One value of a row; its column's type says how to show it. */
struct cell {
	uint64_t	 n;
	const char	*s;		/* COL_TEXT, COL_NUMS */
	int		 none;		/* no value: "-" in the table, JSON null */
};
/* The most columns a listing has, and the table's choice of them. */
#define LIST_MAXCOLS	32
struct colsel {
	size_t		 n;
	unsigned char	 idx[LIST_MAXCOLS];
};
enum list_fmt { LIST_TABLE, LIST_BARE, LIST_JSON };
/*
 * The permission and owner rows every listing has, once, in this order
 * from a listing's first OWN_MODE: its columns, and its cells from the
 * mode bits and owner.
 */
enum { OWN_MODE, OWN_PERMS, OWN_UID, OWN_OWNER, OWN_GID, OWN_GROUP,
	OWN_NCOLS };
extern const struct column owner_cols[OWN_NCOLS];
void	 owner_cells(struct cell *, unsigned int, uid_t, gid_t);
const char	*list_select(const struct column *, size_t, const char *,
		    struct colsel *);
void	 list_help(const struct column *, size_t);
void	 list_begin(enum list_fmt, const struct column *, size_t,
	    const struct colsel *);
void	 list_family(const struct column *, size_t, const int *);
void	 list_row(const struct cell *);
void	 list_row_more(const struct cell *, void (*)(const void *),
	    const void *);
void	 list_end(void);
char	*list_vis(const char *);

#endif /* IPCTOOLS_H */
