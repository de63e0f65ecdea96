/*
 * shmcat: write the bytes of shared-memory segments to standard output,
 * one after another as cat(1) does.  Segments are attached read-only, so
 * read permission suffices, and written straight from the mapping, except
 * the pages never written, which are written as zeros so that reading
 * does not give them memory (lib/shmread.c).
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "ipcobj.h"
#include "shm.h"

static uint64_t	 off, len;
static int	 haslen, zero;

static const char *const opts[] = {
	"-h, --help", "print this help and exit",
	"-n length", "write at most this many bytes",
	"-o offset", "start at this byte of the segment",
	"-V, --version", "print the version and exit",
	"-z", "stop at the first NUL byte (a C string)",
	NULL
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: %s [-hVz] [-o offset] [-n length] object ...\n",
	    getprogname());
	usage_opts(status, opts);
}

/* One operand; 0, or the exit status after a warning. */
static int
cat(const char *arg)
{
	struct shmseg s;
	size_t size;
	int e;

	if ((e = shm_attach(arg, 1, &s)) != 0)
		return e;
	size = s.size;
	if (off > size) {
		e = failx(EX_USAGE, "%s: -o %llu is past the end of the "
		    "%zu-byte segment", arg, (unsigned long long)off, size);
	} else if (haslen && len > size - off) {
		/* Compared as a difference, so that off + len cannot wrap. */
		e = failx(EX_USAGE, "%s: -o %llu -n %llu is past the end of "
		    "the %zu-byte segment", arg, (unsigned long long)off,
		    (unsigned long long)len, size);
	} else if (s.addr != NULL)
		shm_cat(&s, (size_t)off, haslen ? (size_t)len :
		    size - (size_t)off, zero);
	shm_detach(&s);
	return e;
}

int
main(int argc, char *argv[])
{
	int ch, e, status = EX_OK;

	io_init(argv);
	while ((ch = getopt(argc, argv, "hn:o:Vz")) != -1) {
		switch (ch) {
		case 'h':
			usage(EX_OK);
		case 'n':
			len = size_arg("-n", optarg, SIZE_MAX);
			haslen = 1;
			break;
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
	if (argc == 0)
		diex(EX_USAGE, "no object to read");
	ipc_args(argv);

	for (; *argv != NULL; argv++)
		if ((e = cat(*argv)) != 0 && status == EX_OK)
			status = e;
	return status;
}
