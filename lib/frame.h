/*
 * frame.c: how messages are framed in a byte stream: standard input split
 * into the messages of mqsend, the separator mqrecv writes after each,
 * the binary records of -B, and the -0, -a and -B options that choose
 * between them in both commands.  frame_next(), frame_type() and
 * frame_bin_next() are pure functions over a buffer, so a fuzzer can
 * drive them; struct frame_in adds the reads.
 */
#ifndef IPCTOOLS_FRAME_H
#define IPCTOOLS_FRAME_H

#include <stddef.h>
#include <stdint.h>

enum frame_mode {
	FRAME_LINE,		/* one record per line, without the newline */
	FRAME_NUL,		/* one record per NUL-terminated string */
	FRAME_ALL,		/* the whole input is one record */
	FRAME_BIN,		/* -B: binary records with their types */
	FRAME_JSON,		/* -j: one JSON object per line (jsonl.c) */
	FRAME_CUT		/* -S: pieces of the most a message holds */
};

void		 frame_opt(int, enum frame_mode *);
const char	*frame_sep(enum frame_mode, size_t *);
int		 frame_next(enum frame_mode, const char *, size_t, int,
		    size_t *, size_t *);
const char	*frame_type(const char *, size_t, long *, size_t *);

/* The longest TYPE<TAB> prefix: LONG_MAX has 19 digits. */
#define FRAME_TYPEMAX	20

/*
 * The binary records of -B, byte for byte in ipctools(7): a stream header
 * (the magic, then the version in 2 bytes), then per message its type in
 * 8 bytes, its length in 4 and its body; numbers big-endian.  The magic
 * begins with 0x89, which no record can (its type would be negative), so
 * a header may come again between records: streams concatenate.
 */
#define FRAME_MAGIC	"\211IPCMQ"
#define FRAME_MAGICLEN	6
#define FRAME_VERSION	1
#define FRAME_HDRLEN	8
#define FRAME_RECLEN	12

enum frame_bin {
	FB_RECORD,		/* a record: its body follows FRAME_RECLEN */
	FB_HEADER,		/* a stream header */
	FB_MORE,		/* no whole record or header yet */
	FB_END,			/* the input ends between records */
	FB_EMPTY,		/* the input ends before its header */
	FB_MAGIC,		/* the input does not begin with a header */
	FB_VERSION,		/* a header of a version not known here */
	FB_CUT,			/* the input ends inside a header or record */
	FB_TYPE,		/* a type below 0, or above LONG_MAX */
	FB_LONG			/* a length above the limit */
};

struct frame_rec {
	int64_t		 type;
	uint32_t	 len;		/* of the body */
	unsigned int	 version;	/* FB_HEADER, FB_VERSION */
	size_t		 used;		/* its bytes; FB_CUT: those there were */
	size_t		 need;		/* FB_CUT: the bytes it needs */
};

enum frame_bin	 frame_bin_next(const char *, size_t, int, int, size_t,
		    struct frame_rec *);
void		 frame_bin_header(char [FRAME_HDRLEN]);
void		 frame_bin_rec(char [FRAME_RECLEN], long, size_t);

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
	size_t		 max;		/* the longest message */
	int		 hdr;		/* FRAME_BIN: a header must come next */
	struct frame_rec rec;		/* FRAME_BIN: what the last read found */
};

void	 frame_init(struct frame_in *, int, enum frame_mode, size_t);
int	 frame_read(struct frame_in *, const char **, size_t *);
int	 frame_rest(struct frame_in *, size_t, unsigned long long *);
enum frame_bin frame_bin_read(struct frame_in *, long *, const char **,
	    size_t *);
size_t	 frame_unsent(const struct frame_in *);
void	 frame_free(struct frame_in *);

#endif /* IPCTOOLS_FRAME_H */
