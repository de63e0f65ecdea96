/*
 * shmput: copy standard input into a shared-memory segment at an offset.
 * Input is read straight into the mapping, so memory stays bounded and no
 * byte is copied twice; nothing is ever written past the segment's end.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "ipcobj.h"
#include "shm.h"

static const char *const opts[] = {
	"-h, --help", "print this help and exit",
	"-o offset", "start writing at this byte of the segment",
	"-V, --version", "print the version and exit",
	"-z", "fill the rest of the segment with zero bytes",
	NULL
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [-hVz] [-o offset] object\n", getprogname());
	usage_opts(status, opts);
}

/*
 * Read into buf until it is full or the input ends; the count read.
 * read_full() would hide an error that follows some data; here every
 * failed read is one.
 */
static size_t
read_into(char *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		if ((r = read(STDIN_FILENO, buf + got, n - got)) == 0)
			break;
		if (r == -1) {
			if (errno == EINTR)
				continue;
			/* The page read into had no memory (shm.c). */
			if (errno == EFAULT)
				shm_nomem();
			in_fail();
		}
		got += (size_t)r;
	}
	return got;
}

/*
 * The input did not fit: the bytes that did are in the segment.  When
 * standard input is a regular file, say how large it is.
 */
static void __attribute__((noreturn))
overflow(const char *arg, off_t start, uint64_t off, size_t size)
{
	struct stat st;
	size_t room = size - (size_t)off;

	if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
	    start >= 0 && st.st_size > start)
		diex(EX_DATAERR, "%s: input is %lld bytes, more than the %zu "
		    "bytes from offset %llu to the end of the %zu-byte "
		    "segment; %zu bytes were written", arg,
		    (long long)(st.st_size - start), room,
		    (unsigned long long)off, size, room);
	diex(EX_DATAERR, "%s: input is more than the %zu bytes from offset "
	    "%llu to the end of the %zu-byte segment; %zu bytes were written",
	    arg, room, (unsigned long long)off, size, room);
}

int
main(int argc, char *argv[])
{
	const char *arg;
	uint64_t off = 0;
	struct shmseg s;
	size_t got, size;
	off_t start;
	char *seg, extra;
	int ch, e, gone, zero = 0;

	io_init(argv);
	while ((ch = getopt(argc, argv, "ho:Vz")) != -1) {
		switch (ch) {
		case 'h':
			usage(EX_OK);
		case 'o':
			off = size_arg("-o", optarg, SIZE_MAX);
			break;
		case 'V':
			version();
		case 'z':
			zero = 1;
			break;
		default:
			usage(EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		diex(EX_USAGE, argc == 0 ? "no object to write to" :
		    "one object only; '%s' is one too many", argv[1]);
	arg = argv[0];
	ipc_args(argv);

	if ((e = shm_attach(arg, 0, &s)) != 0)
		return e;
	seg = s.addr;
	size = s.size;
	if (off > size)
		diex(EX_USAGE, "%s: -o %llu is past the end of the %zu-byte "
		    "segment", arg, (unsigned long long)off, size);

	start = lseek(STDIN_FILENO, 0, SEEK_CUR);
	/* An empty POSIX segment has no mapping to read into. */
	got = size == 0 ? 0 : read_into(seg + off, size - (size_t)off);
	if ((size_t)off + got == size) {
		/* Full: one more byte tells a perfect fit from too much. */
		if (read_into(&extra, 1) != 0)
			overflow(arg, start, off, size);
	} else if (zero && size != 0)
		memset(seg + off + got, 0, size - (size_t)off - got);
	/* Written into a segment removed meanwhile, the data reached no one. */
	gone = shm_removed(&s);
	if (shm_detach(&s) == -1)
		die("%s: detach", arg);
	if (gone)
		diex(EX_NOINPUT, "%s: the segment was removed while it was "
		    "being written; the %zu bytes written are lost", arg, got);
	return EX_OK;
}
