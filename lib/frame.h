/*
 * frame.c: how messages are framed in a byte stream: standard input split
 * into the messages of mqsend, the separator mqrecv writes after each,
 * and the -0 and -a options that choose between them in both commands.
 * frame_next() and frame_type() are pure functions over a buffer, so a
 * fuzzer can drive them; struct frame_in adds the reads.
 */
#ifndef FRAME_H
#define FRAME_H

#include <stddef.h>

enum frame_mode {
	FRAME_LINE,		/* one record per line, without the newline */
	FRAME_NUL,		/* one record per NUL-terminated string */
	FRAME_ALL		/* the whole input is one record */
};

void		 frame_opt(int, enum frame_mode *);
const char	*frame_sep(enum frame_mode, size_t *);
int		 frame_next(enum frame_mode, const char *, size_t, int,
		    size_t *, size_t *);
const char	*frame_type(const char *, size_t, long *, size_t *);

/* The longest TYPE<TAB> prefix: LONG_MAX has 19 digits. */
#define FRAME_TYPEMAX	20

struct frame_in {
	int		 fd;
	enum frame_mode	 mode;
	char		*buf;
	size_t		 cap;		/* the longest record that fits */
	size_t		 last;		/* start of the last record returned */
	size_t		 start;		/* unread records begin here */
	size_t		 end;		/* and end here */
	int		 eof;
	int		 done;		/* FRAME_ALL: the one record is out */
};

void	 frame_init(struct frame_in *, int, enum frame_mode, size_t);
int	 frame_read(struct frame_in *, const char **, size_t *);
int	 frame_rest(struct frame_in *, size_t, unsigned long long *);
size_t	 frame_unsent(const struct frame_in *);
void	 frame_free(struct frame_in *);

#endif /* FRAME_H */
