/*
 * ipccmp: the textbook's comparison, measured.  One process sends COUNT
 * messages of SIZE bytes to another through one mechanism; the time from
 * creating the channel to having removed it (the child has read the last
 * byte) is printed in seconds on standard output.
 *
 *	ipccmp [-v] MODE SIZE COUNT
 *
 * MODE is one of
 *	msg	a System V message queue (msgsnd/msgrcv, one message each);
 *		as root the limits are raised in a private IPC namespace
 *		(msgmax 1 MiB, msgmnb 2 MiB), else messages over msgmax are
 *		sent as several messages of msgmax bytes
 *	unix	a Unix stream socket pair (write/read of SIZE bytes each)
 *	pipe	a pipe (default 64 KiB capacity)
 *	shmsem	a System V segment of SIZE bytes and two process-shared POSIX
 *		semaphores: one handshake (wait/post pair) per message
 *	ring	a System V segment holding a 1 MiB ring buffer; the two sides
 *		spin briefly, then sleep on a futex, and wake the other only
 *		when it sleeps
 * Each message carries its sequence number, which the receiver checks.
 * -v tells on standard error what the mode did (limits, splitting).
 *
 *	ipccmp -s msg|unix|pipe|shm SIZE COUNT
 *
 * times COUNT set-ups and tear-downs of the channel alone (shm: a segment
 * of SIZE bytes, attached, each page touched, detached and removed).
 */
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <linux/futex.h>

#include <err.h>
#include <errno.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RAISED_MSGMAX	(1 << 20)
#define RAISED_MSGMNB	(2 << 20)
#define RING		(1 << 20)
#define SPINS		200

static size_t	 size;
static long	 count;
static int	 verbose;
static char	*sbuf, *rbuf;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Stamp message i, and check it on the other side. */
static void
stamp(char *buf, long i)
{
	if (size >= sizeof(i))
		memcpy(buf, &i, sizeof(i));
	else
		buf[0] = (char)i;
}

static void
check(const char *buf, long i)
{
	long got;

	if (size >= sizeof(i)) {
		memcpy(&got, buf, sizeof(got));
		if (got != i)
			errx(2, "message %ld arrived as %ld", i, got);
	} else if (buf[0] != (char)i)
		errx(2, "message %ld arrived out of order", i);
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
read_all(int fd, char *p, size_t n)
{
	ssize_t r;

	while (n > 0) {
		if ((r = read(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Runs the receiver in a child and the sender here; returns when both end. */
static void
run(void (*sender)(void *), void (*receiver)(void *), void *arg)
{
	pid_t pid;
	int st;

	if ((pid = fork()) == -1)
		err(1, "fork");
	if (pid == 0) {
		receiver(arg);
		_exit(0);
	}
	sender(arg);
	if (waitpid(pid, &st, 0) == -1)
		err(1, "waitpid");
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		errx(1, "receiver failed");
}

/* ---- (a) System V message queue ---- */

struct mq {
	int	 id;
	size_t	 chunk;
	char	*m;		/* long mtype, then the text */
};

static long
sysctl_get(const char *path)
{
	FILE *f;
	long v = -1;

	if ((f = fopen(path, "r")) != NULL) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static int
sysctl_set(const char *path, long v)
{
	FILE *f;
	int ok;

	if ((f = fopen(path, "w")) == NULL)
		return -1;
	ok = fprintf(f, "%ld\n", v) > 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

static void
mq_send(void *arg)
{
	struct mq *q = arg;
	size_t off, n;
	long i;

	for (i = 0; i < count; i++) {
		stamp(sbuf, i);
		for (off = 0; off < size; off += n) {
			n = size - off < q->chunk ? size - off : q->chunk;
			memcpy(q->m + sizeof(long), sbuf + off, n);
			if (msgsnd(q->id, q->m, n, 0) == -1)
				err(1, "msgsnd");
		}
	}
}

static void
mq_recv(void *arg)
{
	struct mq *q = arg;
	char *m = malloc(sizeof(long) + q->chunk);
	size_t off;
	ssize_t n;
	long i;

	if (m == NULL)
		err(1, NULL);
	for (i = 0; i < count; i++) {
		for (off = 0; off < size; off += (size_t)n) {
			if ((n = msgrcv(q->id, m, q->chunk, 0, 0)) == -1)
				err(1, "msgrcv");
			memcpy(rbuf + off, m + sizeof(long), (size_t)n);
		}
		check(rbuf, i);
	}
	free(m);
}

static double
do_msg(void)
{
	struct mq q;
	long max;
	double t0, t1;

	if (geteuid() == 0 && unshare(CLONE_NEWIPC) == 0 &&
	    sysctl_set("/proc/sys/kernel/msgmax", RAISED_MSGMAX) == 0 &&
	    sysctl_set("/proc/sys/kernel/msgmnb", RAISED_MSGMNB) == 0) {
		if (verbose)
			fprintf(stderr, "msg: private IPC namespace, "
			    "msgmax %d, msgmnb %d\n", RAISED_MSGMAX,
			    RAISED_MSGMNB);
	}
	max = sysctl_get("/proc/sys/kernel/msgmax");
	if (max <= 0)
		max = 8192;
	q.chunk = size < (size_t)max ? size : (size_t)max;
	if (verbose && q.chunk < size)
		fprintf(stderr, "msg: %zu-byte messages sent as %zu parts "
		    "of at most %zu bytes (msgmax)\n", size,
		    (size + q.chunk - 1) / q.chunk, q.chunk);
	if ((q.m = malloc(sizeof(long) + q.chunk)) == NULL)
		err(1, NULL);
	*(long *)(void *)q.m = 1;

	t0 = now();
	if ((q.id = msgget(IPC_PRIVATE, IPC_CREAT | 0600)) == -1)
		err(1, "msgget");
	run(mq_send, mq_recv, &q);
	msgctl(q.id, IPC_RMID, NULL);
	t1 = now();
	free(q.m);
	return t1 - t0;
}

/* ---- (b) Unix socket and (c) pipe: byte streams ---- */

static void
fd_send(void *arg)
{
	int *fd = arg;
	long i;

	close(fd[0]);
	for (i = 0; i < count; i++) {
		stamp(sbuf, i);
		if (write_all(fd[1], sbuf, size) == -1)
			err(1, "write");
	}
	close(fd[1]);
}

static void
fd_recv(void *arg)
{
	int *fd = arg;
	long i;

	close(fd[1]);
	for (i = 0; i < count; i++) {
		if (read_all(fd[0], rbuf, size) == -1)
			err(1, "read");
		check(rbuf, i);
	}
}

static double
do_stream(int sock)
{
	double t0, t1;
	int fd[2];

	t0 = now();
	if (sock ? socketpair(AF_UNIX, SOCK_STREAM, 0, fd) : pipe(fd))
		err(1, sock ? "socketpair" : "pipe");
	run(fd_send, fd_recv, fd);
	t1 = now();
	return t1 - t0;
}

/* ---- (d) shared memory, one semaphore handshake per message ---- */

struct hand {
	sem_t	full;		/* a message waits in data */
	sem_t	empty;		/* data may be overwritten */
	char	data[];
};

static void
hand_send(void *arg)
{
	struct hand *h = arg;
	long i;

	for (i = 0; i < count; i++) {
		stamp(sbuf, i);
		while (sem_wait(&h->empty) == -1)
			if (errno != EINTR)
				err(1, "sem_wait");
		memcpy(h->data, sbuf, size);
		sem_post(&h->full);
	}
}

static void
hand_recv(void *arg)
{
	struct hand *h = arg;
	long i;

	for (i = 0; i < count; i++) {
		while (sem_wait(&h->full) == -1)
			if (errno != EINTR)
				err(1, "sem_wait");
		memcpy(rbuf, h->data, size);
		sem_post(&h->empty);
		check(rbuf, i);
	}
}

static double
do_shmsem(void)
{
	struct hand *h;
	double t0, t1;
	int id;

	t0 = now();
	if ((id = shmget(IPC_PRIVATE, sizeof(*h) + size,
	    IPC_CREAT | 0600)) == -1)
		err(1, "shmget");
	if ((h = shmat(id, NULL, 0)) == (void *)-1)
		err(1, "shmat");
	shmctl(id, IPC_RMID, NULL);
	if (sem_init(&h->full, 1, 0) == -1 || sem_init(&h->empty, 1, 1) == -1)
		err(1, "sem_init");
	run(hand_send, hand_recv, h);
	shmdt(h);
	t1 = now();
	return t1 - t0;
}

/* ---- (e) shared-memory ring buffer ---- */

struct ring {
	_Alignas(64) _Atomic uint64_t	head;	/* bytes written, producer */
	_Atomic uint32_t		hseq;	/* bumped with head: futex */
	_Atomic uint32_t		cwait;	/* consumer sleeps on hseq */
	_Alignas(64) _Atomic uint64_t	tail;	/* bytes read, consumer */
	_Atomic uint32_t		tseq;
	_Atomic uint32_t		pwait;	/* producer sleeps on tseq */
	_Alignas(64) char		data[RING];
};

static void
futex_wait(_Atomic uint32_t *w, uint32_t v)
{
	syscall(SYS_futex, w, FUTEX_WAIT, v, NULL, NULL, 0);
}

static void
futex_wake(_Atomic uint32_t *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
}

static inline void
relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

/*
 * Wait until cond(r) holds: spin, then announce ourselves in *flag, read
 * the sequence word, check again, and sleep on it.  The other side bumps
 * the sequence word after each move and wakes us only if *flag is set.
 */
static void
ring_wait(struct ring *r, int (*cond)(struct ring *), _Atomic uint32_t *seq,
    _Atomic uint32_t *flag)
{
	uint32_t v;
	int i;

	for (;;) {
		for (i = 0; i < SPINS; i++) {
			if (cond(r))
				return;
			relax();
		}
		atomic_store(flag, 1);
		v = atomic_load(seq);
		if (cond(r)) {
			atomic_store(flag, 0);
			return;
		}
		futex_wait(seq, v);
		atomic_store(flag, 0);
	}
}

static int
has_room(struct ring *r)
{
	return atomic_load_explicit(&r->head, memory_order_relaxed) -
	    atomic_load_explicit(&r->tail, memory_order_acquire) < RING;
}

static int
has_data(struct ring *r)
{
	return atomic_load_explicit(&r->head, memory_order_acquire) !=
	    atomic_load_explicit(&r->tail, memory_order_relaxed);
}

static void
ring_send(void *arg)
{
	struct ring *r = arg;
	uint64_t head, room;
	size_t off, n, at;
	long i;

	for (i = 0; i < count; i++) {
		stamp(sbuf, i);
		for (off = 0; off < size; off += n) {
			if (!has_room(r))
				ring_wait(r, has_room, &r->tseq, &r->pwait);
			head = atomic_load_explicit(&r->head,
			    memory_order_relaxed);
			room = RING - (head - atomic_load_explicit(&r->tail,
			    memory_order_acquire));
			n = size - off < room ? size - off : room;
			at = head % RING;
			if (n > RING - at)
				n = RING - at;
			memcpy(r->data + at, sbuf + off, n);
			atomic_store_explicit(&r->head, head + n,
			    memory_order_release);
			atomic_fetch_add(&r->hseq, 1);
			if (atomic_load(&r->cwait))
				futex_wake(&r->hseq);
		}
	}
}

static void
ring_recv(void *arg)
{
	struct ring *r = arg;
	uint64_t tail, avail;
	size_t off, n, at;
	long i;

	for (i = 0; i < count; i++) {
		for (off = 0; off < size; off += n) {
			if (!has_data(r))
				ring_wait(r, has_data, &r->hseq, &r->cwait);
			tail = atomic_load_explicit(&r->tail,
			    memory_order_relaxed);
			avail = atomic_load_explicit(&r->head,
			    memory_order_acquire) - tail;
			n = size - off < avail ? size - off : avail;
			at = tail % RING;
			if (n > RING - at)
				n = RING - at;
			memcpy(rbuf + off, r->data + at, n);
			atomic_store_explicit(&r->tail, tail + n,
			    memory_order_release);
			atomic_fetch_add(&r->tseq, 1);
			if (atomic_load(&r->pwait))
				futex_wake(&r->tseq);
		}
		check(rbuf, i);
	}
}

static double
do_ring(void)
{
	struct ring *r;
	double t0, t1;
	int id;

	t0 = now();
	if ((id = shmget(IPC_PRIVATE, sizeof(*r), IPC_CREAT | 0600)) == -1)
		err(1, "shmget");
	if ((r = shmat(id, NULL, 0)) == (void *)-1)
		err(1, "shmat");
	shmctl(id, IPC_RMID, NULL);
	run(ring_send, ring_recv, r);
	shmdt(r);
	t1 = now();
	return t1 - t0;
}

/*
 * -s: the set-up and tear-down of a channel alone, COUNT times: the
 * notes call shmget and shmat expensive.  The segment is SIZE bytes and
 * every page of it is touched once, as a first use would.
 */
static double
setup_only(const char *mode)
{
	double t0;
	long i;
	size_t off;
	char *p;
	int fd[2], id;

	t0 = now();
	for (i = 0; i < count; i++) {
		if (strcmp(mode, "msg") == 0) {
			if ((id = msgget(IPC_PRIVATE, IPC_CREAT | 0600)) == -1)
				err(1, "msgget");
			msgctl(id, IPC_RMID, NULL);
		} else if (strcmp(mode, "pipe") == 0 ||
		    strcmp(mode, "unix") == 0) {
			if (mode[0] == 'p' ? pipe(fd) :
			    socketpair(AF_UNIX, SOCK_STREAM, 0, fd))
				err(1, "%s", mode);
			close(fd[0]);
			close(fd[1]);
		} else if (strcmp(mode, "shm") == 0) {
			if ((id = shmget(IPC_PRIVATE, size,
			    IPC_CREAT | 0600)) == -1)
				err(1, "shmget");
			if ((p = shmat(id, NULL, 0)) == (void *)-1)
				err(1, "shmat");
			for (off = 0; off < size; off += 4096)
				p[off] = 1;
			shmdt(p);
			shmctl(id, IPC_RMID, NULL);
		} else
			errx(1, "-s: unknown mode %s", mode);
	}
	return now() - t0;
}

int
main(int argc, char *argv[])
{
	const char *mode;
	double t;
	int setup = 0;

	for (; argc > 1 && argv[1][0] == '-'; argc--, argv++) {
		if (strcmp(argv[1], "-v") == 0)
			verbose = 1;
		else if (strcmp(argv[1], "-s") == 0)
			setup = 1;
		else
			break;
	}
	if (argc != 4)
		errx(1, "usage: ipccmp [-v] msg|unix|pipe|shmsem|ring "
		    "SIZE COUNT\n       ipccmp -s msg|unix|pipe|shm SIZE COUNT");
	mode = argv[1];
	size = strtoul(argv[2], NULL, 10);
	count = strtol(argv[3], NULL, 10);
	if (size == 0 || count <= 0)
		errx(1, "SIZE and COUNT must be positive");
	if ((sbuf = malloc(size)) == NULL || (rbuf = malloc(size)) == NULL)
		err(1, NULL);
	memset(sbuf, 'x', size);
	memset(rbuf, 0, size);

	if (setup)
		t = setup_only(mode);
	else if (strcmp(mode, "msg") == 0)
		t = do_msg();
	else if (strcmp(mode, "unix") == 0)
		t = do_stream(1);
	else if (strcmp(mode, "pipe") == 0)
		t = do_stream(0);
	else if (strcmp(mode, "shmsem") == 0)
		t = do_shmsem();
	else if (strcmp(mode, "ring") == 0)
		t = do_ring();
	else
		errx(1, "unknown mode %s", mode);
	printf("%.6f\n", t);
	return 0;
}
