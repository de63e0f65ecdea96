/*
 * shmcopy: the raw baseline for shmput and shmcat.  Attach the segment and
 * move bytes between it and a file descriptor with no buffer in between.
 *
 *	shmcopy put SHMID <in	read(2) straight into the mapping, until
 *				end of input or the end of the segment
 *	shmcopy cat SHMID >out	write(2) the whole segment from the mapping
 *
 * SHMID is the identifier, bare or as "id:N"; or "/NAME", a POSIX segment
 * from shm_open(3), mapped with mmap(2).  Not a tool: failures exit 1.
 * SHMCOPY_POPULATE=1 in the environment fills the page tables with
 * madvise(MADV_POPULATE_WRITE or _READ) first, to measure what the
 * first-touch page faults cost.
 */
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Linux moves at most this much in one read or write. */
#define MAXIO	(1UL << 30)

int
main(int argc, char *argv[])
{
	struct shmid_ds ds;
	struct stat st;
	const char *s;
	char *base;
	size_t size, off = 0, len;
	ssize_t n;
	int fd = -1, id, put;

	if (argc != 3 || (strcmp(argv[1], "put") != 0 &&
	    strcmp(argv[1], "cat") != 0))
		errx(1, "usage: shmcopy put|cat SHMID");
	put = argv[1][0] == 'p';
	s = argv[2];
	if (*s == '/') {
		if ((fd = shm_open(s, put ? O_RDWR : O_RDONLY, 0)) == -1)
			err(1, "shm_open");
		if (fstat(fd, &st) == -1)
			err(1, "fstat");
		size = (size_t)st.st_size;
		base = mmap(NULL, size, PROT_READ | (put ? PROT_WRITE : 0),
		    MAP_SHARED, fd, 0);
		if (base == MAP_FAILED)
			err(1, "mmap");
	} else {
		if (strncmp(s, "id:", 3) == 0)
			s += 3;
		id = atoi(s);
		if (shmctl(id, IPC_STAT, &ds) == -1)
			err(1, "shmctl");
		size = ds.shm_segsz;
		if ((base = shmat(id, NULL, put ? 0 : SHM_RDONLY)) ==
		    (void *)-1)
			err(1, "shmat");
	}
	/*
	 * For comparison only: fill the page tables in one call instead of
	 * taking a fault on the first touch of every page.
	 */
	if (getenv("SHMCOPY_POPULATE") != NULL && madvise(base, size,
	    put ? MADV_POPULATE_WRITE : MADV_POPULATE_READ) == -1)
		err(1, "madvise");
	while (off < size) {
		len = size - off < MAXIO ? size - off : MAXIO;
		n = put ? read(STDIN_FILENO, base + off, len) :
		    write(STDOUT_FILENO, base + off, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			err(1, put ? "read" : "write");
		}
		if (n == 0)
			break;
		off += (size_t)n;
	}
	if (fd == -1)
		shmdt(base);
	else
		munmap(base, size);
	return 0;
}
