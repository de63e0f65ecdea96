/*
 * jsonl.c: a queue message as one line of JSON (mqrecv -j, mqsend -j),
 * both ways, as pure functions over buffers, so that a fuzzer can drive
 * them.  The grammar is in ipctools(7) and mqrecv(1).
 */
#ifndef IPCTOOLS_JSONL_H
#define IPCTOOLS_JSONL_H

#include <stddef.h>

/* The line of the end-of-stream mark (mqrecv -j -e writes it). */
#define JSONL_END	"{\"end\":true}"
#define JSONL_ENDLEN	(sizeof(JSONL_END) - 1)

/*
 * Types above this are written as strings of digits: past 2^53 a JSON
 * number is not exact in every reader (jq 1.6 rounds it to a double).
 */
#define JSONL_EXACT	9007199254740992LL

/* What a line of mqrecv -j holds besides its body, at most. */
#define JSONL_OVER	96

/*
 * The longest line mqsend -j reads for a message of up to n bytes: six
 * bytes a byte (\u0000), and room for keys, whitespace and reordering.
 */
#define JSONL_SLACK	4096
size_t	 jsonl_max(size_t);

size_t	 jsonl_encode(char *, long, const char *, size_t);

/* What a line holds. */
struct jsonl_msg {
	int		 end;		/* the end-of-stream mark */
	int		 typed;		/* it has a "type" */
	long		 type;
	size_t		 len;		/* of the body, all of it */
	int		 sized;		/* it has a "size" */
	unsigned long long size;
	size_t		 at;		/* where an error is, from 1; 0: nowhere */
};

const char	*jsonl_parse(const char *, size_t, char *, size_t,
		    struct jsonl_msg *);
int		 jsonl_utf8(const char *, size_t);
size_t		 jsonl_utf8_seq(const char *, size_t);
size_t		 jsonl_b64(char *, const char *, size_t);

#endif /* IPCTOOLS_JSONL_H */
