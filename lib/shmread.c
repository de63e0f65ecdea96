/*
 * Reading a segment without changing its memory.  A page that no one has
 * written has no memory yet, and touching it through a mapping gives it
 * some (the kernel's shmem_fault allocates a zeroed page): copying a 64
 * MiB segment that holds a few bytes would make all 64 MiB resident, and
 * fill the holes of a sparse POSIX segment.  So the pages never written
 * are written out from a buffer of zeros, and only the others from the
 * mapping.  Which is which:
 *
 *  - POSIX: lseek(2) SEEK_DATA and SEEK_HOLE on the segment's descriptor.
 *    Exact; a page in swap counts as data.
 *  - System V, when we may open the mapping's /proc/self/map_files entry
 *    (CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE): the same, on that file,
 *    which is the segment's own (its inode number is the shmid).
 *  - System V otherwise: mincore(2) on the attached mapping, which tells
 *    the pages in memory.  A page not in memory was never written unless
 *    it is in swap, so its answer counts only when the segments hold no
 *    page in swap (shmctl SHM_INFO; then this one's, /proc/sysvipc/shm)
 *    both before and after the call; else those pages are read, which
 *    brings them in, as any reader would.  (A page swapped out and back
 *    in again between the two checks would be taken for a hole.)  The
 *    mincore of a hugetlb mapping tells only our own page tables, so a
 *    hugetlb segment is read whole.
 *
 * Any other failure to tell means reading the pages: the output is the
 * same, only the memory may grow.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "shm.h"

/* Bytes from the mapping per write(2): few calls, and still responsive. */
#define CHUNK	(1024 * 1024)
/* Into /dev/null, which reads nothing: any length is one call. */
#define NULL_CHUNK	(1024 * 1024 * 1024)
/* The zeros: few enough pages to stay in the TLB. */
#define ZLEN	(64 * 1024)
/* Pages asked of mincore(2) at once. */
#define VECLEN	8192

enum how { PLAIN, SEEK, MINCORE };

struct reader {
	const struct shmseg	*s;
	enum how	 how;
	int		 fd;		/* SEEK: the segment's descriptor */
	int		 ownfd;		/* fd is ours to close */
	size_t		 pg;		/* the page size */
	size_t		 vfirst, vn;	/* MINCORE: the pages in vec */
	unsigned char	 vec[VECLEN];
};

/*
 * Not const: in .bss, never written, its pages are the kernel's one zero
 * page, neither in the binary (as .rodata would be) nor in our RSS.
 */
static char		 zeros[ZLEN];
static struct iovec	 iov[IOV_MAX];
static int		 niov;
static size_t		 nmapped;
static size_t		 chunk = CHUNK;	/* mapped bytes a write */

static void
flush(void)
{
	out_writev(iov, niov);
	niov = 0;
	nmapped = 0;
}

/* Queue n bytes at p; the zeros do not count towards CHUNK. */
static void
put(const void *p, size_t n)
{
	struct iovec *last = niov ? &iov[niov - 1] : NULL;

	if (n == 0)
		return;
	if (last != NULL && p != zeros &&
	    (const char *)last->iov_base + last->iov_len == p)
		last->iov_len += n;
	else {
		iov[niov].iov_base = (void *)(uintptr_t)p;
		iov[niov++].iov_len = n;
	}
	if (p != zeros)
		nmapped += n;
	if (niov == (int)(sizeof(iov) / sizeof(iov[0])) || nmapped >= chunk)
		flush();
}

#define KPS	"KernelPageSize:"

/*
 * Whether the mapping at addr has the base page size, by its
 * KernelPageSize in /proc/self/smaps (a hugetlb one has more); unknown
 * is no.
 */
static int
basepages(const void *addr, size_t pg)
{
	char line[256], *end;
	unsigned long kb, lo;
	int in = 0, r = 0;
	FILE *fp;

	if ((fp = fopen("/proc/self/smaps", "re")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), fp) != NULL) {
		/* A mapping's line: its start in hex, zero-padded to 8. */
		if (!in) {
			errno = 0;
			lo = strtoul(line, &end, 16);
			in = errno == 0 && end != line && *end == '-' &&
			    lo == (unsigned long)(uintptr_t)addr;
		} else if (strncmp(line, KPS, sizeof(KPS) - 1) == 0) {
			errno = 0;
			kb = strtoul(line + sizeof(KPS) - 1, &end, 10);
			r = errno == 0 && strcmp(end, " kB\n") == 0 &&
			    kb * 1024 == pg;
			break;
		}
	}
	fclose(fp);
	return r;
}

/* The segment's pages in swap, or SIZE_MAX when that cannot be known. */
static size_t
swapped(int id)
{
	struct shm_info si;
	uint64_t swap;

	if (shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&si) == -1)
		return SIZE_MAX;
	if (si.shm_swp == 0)
		return 0;
	/* Some segment has pages in swap: is it this one? */
	if (shm_swap(id, &swap) == -1)
		return SIZE_MAX;
	return swap == 0 ? 0 : SIZE_MAX;
}

static void
reader_open(struct reader *r, const struct shmseg *s, int nul)
{
	char path[64];
	struct stat st;
	uintptr_t a = (uintptr_t)s->addr;
	size_t len;

	memset(r, 0, sizeof(*r));
	r->s = s;
	r->fd = -1;
	r->pg = (size_t)sysconf(_SC_PAGESIZE);
	len = (s->size + r->pg - 1) / r->pg * r->pg;
	/*
	 * Writing to /dev/null reads no byte, so no page is touched and
	 * there is nothing to tell apart (GNU tar takes the same shortcut);
	 * asking costs 40 ns a page, 10 ms a GiB of process time.  -z
	 * reads every byte it writes, so it asks.  /dev/null takes any
	 * length at once: a GiB a write(2), not a MiB.
	 */
	if (!nul && fstat(STDOUT_FILENO, &st) == 0 && S_ISCHR(st.st_mode) &&
	    st.st_rdev == makedev(1, 3)) {
		chunk = NULL_CHUNK;
		return;
	}
	if (s->fd != -1)
		r->fd = s->fd;
	else {
		snprintf(path, sizeof(path), "/proc/self/map_files/%lx-%lx",
		    (unsigned long)a, (unsigned long)(a + len));
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r->fd != -1 && (fstat(r->fd, &st) == -1 ||
		    !S_ISREG(st.st_mode) || st.st_ino != (ino_t)s->id)) {
			close(r->fd);
			r->fd = -1;
		}
		r->ownfd = r->fd != -1;
	}
	/*
	 * A file system without SEEK_DATA (hugetlbfs) says EINVAL.  Asked
	 * at the last byte, where the answer costs one page: from 0, it
	 * would walk every page up to the first written one.
	 */
	if (r->fd != -1 && (lseek(r->fd, (off_t)s->size - 1, SEEK_DATA) !=
	    -1 || errno == ENXIO))
		r->how = SEEK;
	else if (s->fd == -1 && basepages(s->addr, r->pg))
		r->how = MINCORE;
	else
		r->how = PLAIN;
}

static void
reader_close(struct reader *r)
{
	if (r->ownfd)
		close(r->fd);
}

/*
 * The run of pages of one kind that starts at offset at: the end of the
 * run (at most lim), and whether it is a hole (never written).
 */
static size_t
run(struct reader *r, size_t at, size_t lim, int *hole)
{
	size_t p, e, last, i;
	off_t d;

	*hole = 0;
	switch (r->how) {
	case PLAIN:
		return lim;
	case SEEK:
		d = lseek(r->fd, (off_t)at, SEEK_DATA);
		if (d == -1 && errno != ENXIO)
			return lim;
		if (d == -1 || (size_t)d > at) {
			*hole = 1;
			return d == -1 || (size_t)d > lim ? lim : (size_t)d;
		}
		if ((d = lseek(r->fd, (off_t)at, SEEK_HOLE)) == -1)
			return lim;
		return (size_t)d > lim || (size_t)d <= at ? lim : (size_t)d;
	case MINCORE:
		p = at / r->pg;
		if (p < r->vfirst || p >= r->vfirst + r->vn) {
			last = (lim - 1) / r->pg;
			r->vfirst = p;
			r->vn = last - p + 1 < VECLEN ? last - p + 1 : VECLEN;
			if (swapped(r->s->id) != 0 || mincore((char *)r->s->addr
			    + p * r->pg, r->vn * r->pg, r->vec) == -1 ||
			    swapped(r->s->id) != 0)
				memset(r->vec, 1, r->vn);
		}
		i = p - r->vfirst;
		*hole = (r->vec[i] & 1) == 0;
		while (++i < r->vn && ((r->vec[i] & 1) == 0) == *hole)
			;
		e = (r->vfirst + i) * r->pg;
		return e < lim ? e : lim;
	}
	return lim;
}

/*
 * Map the pages of [p, p + n), all written ones, into our page tables in
 * one call, before write(2) copies from them: the mapping of a System V
 * segment has no fault-around, so each 4 KiB page would be a fault of
 * its own (4 s a GiB into a pipe here, against 1 s so).  Only for pages
 * known to be written: on a hole it would allocate.  Before Linux 5.14,
 * EINVAL, and the faults happen as before.
 */
static void
populate(const struct reader *r, const char *p, size_t n)
{
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)(r->pg - 1);

	(void)madvise((void *)a, (uintptr_t)p + n - a, MADV_POPULATE_READ);
}

/*
 * Write bytes [off, off + n) of an attached segment to standard output;
 * with nul, only those before the first NUL byte.  A hole's first byte
 * is a NUL, so -z never looks past one.
 */
void
shm_cat(const struct shmseg *s, size_t off, size_t n, int nul)
{
	struct reader r;
	const char *p, *z;
	size_t at, e, k, len, end = off + n;
	int hole;

	reader_open(&r, s, nul);
	for (at = off; at < end; at = e) {
		e = run(&r, at, end, &hole);
		if (hole && nul)
			break;
		if (hole) {
			for (k = at; k < e; k += ZLEN)
				put(zeros, e - k < ZLEN ? e - k : ZLEN);
			continue;
		}
		p = (const char *)s->addr + at;
		if (nul && (z = memchr(p, '\0', e - at)) != NULL) {
			put(p, (size_t)(z - p));
			break;
		}
		for (k = at; k < e; k += chunk) {
			len = e - k < chunk ? e - k : chunk;
			if (r.how != PLAIN)
				populate(&r, p + (k - at), len);
			put(p + (k - at), len);
		}
	}
	if (niov != 0)
		flush();
	reader_close(&r);
}
