/*
 * Processes as /proc shows them, for the ls and rm commands.
 *
 * A process is alive while it runs: kill(2) finds a zombie too, so its
 * state is read as well.  Its start is boot time plus its start in clock
 * ticks, both rounded down to seconds.
 *
 * The users of an object are the processes whose /proc/PID/maps or
 * /proc/PID/fd name it: a POSIX object by its file's device and inode
 * (so that an unlinked file is still recognised), a System V segment by
 * its mapping "/SYSV%08x (deleted)", whose inode is the shmid.  They are
 * read once per command.  Where /proc cannot show every process that
 * could use one (no /proc or another's, hidepid, a PID namespace of our
 * own), proc_unknown() says why, and the callers call the users unknown
 * instead of none.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipctools.h"
#include "proc.h"

/*
 * Field 3 (the state) and field 22 (the start, in clock ticks after
 * boot) of /proc/PID/stat; -1 when it cannot be read.
 */
static int
stat_fields(pid_t pid, char *state, unsigned long long *ticks)
{
	char buf[1024], path[40], *end, *p;
	size_t n;
	FILE *fp;
	int i;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((fp = fopen(path, "re")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	/* After the command, which may hold ") ", field 3 on. */
	if ((p = strrchr(buf, ')')) == NULL || p[1] != ' ' || p[2] == '\0')
		return -1;
	*state = p[2];
	for (i = 2; i < 22 && p != NULL; i++)
		p = strchr(p + 1, ' ');
	if (p == NULL)
		return -1;
	errno = 0;
	*ticks = strtoull(p + 1, &end, 10);
	if (end == p + 1 || errno != 0)
		return -1;
	return 0;
}

/*
 * Whether a process runs: kill(2) with no signal (EPERM is a process we
 * may not signal, alive all the same), and not a zombie (Z) or dead (X):
 * one that has exited and waits for its parent to reap it has ended.  A
 * pid of 0 (none recorded, or one outside our pid namespace) is no live
 * process.  Where /proc cannot tell the state, kill(2) decides.
 */
int
pid_alive(pid_t pid)
{
	unsigned long long ticks;
	char state;

	if (pid <= 0 || (kill(pid, 0) == -1 && errno != EPERM))
		return 0;
	if (stat_fields(pid, &state, &ticks) == 0 &&
	    (state == 'Z' || state == 'X' || state == 'x'))
		return 0;
	return 1;
}

/*
 * When a running process started, in epoch seconds, rounded down (the
 * boot time /proc/stat gives is whole seconds too): 0, or -1 when it is
 * gone, a zombie, or /proc will not say.
 */
int
proc_start(pid_t pid, long long *start)
{
	static long long btime = -1;
	unsigned long long ticks;
	char buf[256], state, *end;
	long hz;
	FILE *fp;

	if (pid <= 0 || (hz = sysconf(_SC_CLK_TCK)) <= 0)
		return -1;
	if (btime == -1 && (fp = fopen("/proc/stat", "re")) != NULL) {
		btime = -2;
		while (fgets(buf, sizeof(buf), fp) != NULL)
			if (strncmp(buf, "btime ", 6) == 0) {
				errno = 0;
				btime = strtoll(buf + 6, &end, 10);
				if (end == buf + 6 || errno != 0 || btime < 0)
					btime = -2;
				break;
			}
		fclose(fp);
	}
	if (btime < 0 || stat_fields(pid, &state, &ticks) == -1 ||
	    state == 'Z' || state == 'X' || state == 'x')
		return -1;
	*start = btime + (long long)(ticks / (unsigned long)hz);
	return 0;
}

/* The inode of the initial PID namespace, the same on every Linux. */
#define PID_INIT_INO	0xEFFFFFFCU

/* One process using one object: a file's, or a System V segment's. */
struct holder {
	dev_t	 dev;		/* PROC_SYSV for a segment */
	ino_t	 ino;		/* a segment's: its shmid */
	pid_t	 pid;
};
static struct holder	*holders;
static size_t		 nholders, capholders;
static int		 scanned;
static dev_t		 scandev;	/* the device the files were read for */
static const char	*unknown;	/* why /proc does not show them all */

static void
hold(dev_t dev, ino_t ino, pid_t pid)
{
	struct holder *h;

	if (nholders == capholders) {
		capholders = capholders ? capholders * 2 : 64;
		if ((h = reallocarray(holders, capholders, sizeof(*h))) ==
		    NULL)
			die("/proc");
		holders = h;
	}
	holders[nholders].dev = dev;
	holders[nholders].ino = ino;
	holders[nholders++].pid = pid;
}

static int
holder_cmp(const void *a, const void *b)
{
	const struct holder *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

/*
 * One line of /proc/PID/maps, "lo-hi perms off MM:mm ino [path]": its
 * device and inode, the device PROC_SYSV for a System V segment (the
 * kernel names its mapping "/SYSV" and the key in 8 hex digits, and
 * gives it the shmid as inode); 0 when it has none or is no such line.
 */
static int
maps_line(const char *line, dev_t *dev, unsigned long long *ino)
{
	const char *p = line;
	unsigned long maj, min;
	char *end;
	int i;

	/* Past lo-hi, perms and off. */
	for (i = 0; i < 3; i++) {
		p += strcspn(p, " ");
		p += strspn(p, " ");
	}
	maj = strtoul(p, &end, 16);
	if (end == p || *end != ':')
		return 0;
	p = end + 1;
	min = strtoul(p, &end, 16);
	if (end == p || *end != ' ')
		return 0;
	p = end + 1;
	*ino = strtoull(p, &end, 10);
	if (end == p)
		return 0;
	p = end + strspn(end, " ");
	if (strncmp(p, "/SYSV", 5) == 0 && strspn(p + 5,
	    "0123456789abcdef") == 8 && strcmp(p + 13, " (deleted)\n") == 0 &&
	    *ino <= INT_MAX) {
		*dev = PROC_SYSV;
		return 1;
	}
	if (*ino == 0)
		return 0;
	*dev = makedev(maj, min);
	return 1;
}

/* The mappings of pid: its segments, and its files on the device asked. */
static int
scan_maps(pid_t pid)
{
	char path[48], line[512];
	unsigned long long ino;
	int whole = 1;
	dev_t dev;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	if ((fp = fopen(path, "re")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL) {
		/* The rest of a line longer than the buffer is no new line. */
		if (whole && maps_line(line, &dev, &ino) &&
		    (dev == PROC_SYSV || dev == scandev))
			hold(dev, (ino_t)ino, pid);
		whole = strchr(line, '\n') != NULL;
	}
	fclose(fp);
	return 0;
}

/* The descriptors pid holds on the device asked. */
static int
scan_fds(pid_t pid)
{
	char path[48];
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (scandev == PROC_SYSV)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.' &&
		    fstatat(dirfd(d), de->d_name, &st, 0) == 0 &&
		    st.st_dev == scandev && S_ISREG(st.st_mode))
			hold(st.st_dev, st.st_ino, pid);
	closedir(d);
	return 0;
}

/*
 * Why /proc cannot show every process that could use an object, or
 * NULL: it is missing or empty, or not our PID namespace's (it does not
 * show this process as itself); it hides other users' processes from us
 * (hidepid); or we run in a PID namespace of our own, whose /proc shows
 * none of the processes outside it.
 */
static const char *
blind(void)
{
	char buf[4096], self[32], link[32];
	struct stat st;
	ssize_t n;
	FILE *fp;
	int hidden = 0;

	snprintf(self, sizeof(self), "%d", (int)getpid());
	if ((n = readlink("/proc/self", link, sizeof(link) - 1)) == -1)
		return "/proc does not show this process (no /proc, or "
		    "another's)";
	link[n] = '\0';
	if (strcmp(link, self) != 0)
		return "/proc is another PID namespace's: it does not show "
		    "this process as itself";
	/* The initial PID namespace's inode is fixed (PROC_PID_INIT_INO). */
	if (stat("/proc/self/ns/pid", &st) == 0 && st.st_ino != PID_INIT_INO)
		hidden = 2;
	if (hidden == 2)
		return "this process runs in a PID namespace of its own: "
		    "/proc does not show the processes outside it";
	if (geteuid() != 0 && (fp = fopen("/proc/self/mounts", "re")) !=
	    NULL) {
		while (fgets(buf, sizeof(buf), fp) != NULL)
			if (strncmp(buf, "proc /proc proc ", 16) == 0)
				hidden = strstr(buf, "hidepid=") != NULL &&
				    strstr(buf, "hidepid=0") == NULL &&
				    strstr(buf, "hidepid=off") == NULL;
		fclose(fp);
	}
	if (hidden)
		return "/proc hides other users' processes (hidepid)";
	return NULL;
}

/*
 * Read the users of every System V segment, and of the files on dev
 * (PROC_SYSV: of none), once: a second call for the same device reads
 * nothing again.  A process we may not inspect (another user's, without
 * privilege) is not seen; our own process is no user.
 */
void
proc_scan(dev_t dev)
{
	struct dirent *de;
	pid_t self = getpid();
	long v;
	char *end;
	size_t i, j;
	DIR *d;

	if (scanned && scandev == dev)
		return;
	scanned = 1;
	scandev = dev;
	nholders = 0;
	if ((unknown = blind()) != NULL || (d = opendir("/proc")) == NULL) {
		if (unknown == NULL)
			unknown = "/proc cannot be read";
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		errno = 0;
		v = strtol(de->d_name, &end, 10);
		if (*end != '\0' || errno != 0 || v <= 0 || v > INT32_MAX ||
		    (pid_t)v == self)
			continue;
		if (scan_maps((pid_t)v) == 0)
			scan_fds((pid_t)v);
	}
	closedir(d);
	if (nholders != 0)
		qsort(holders, nholders, sizeof(*holders), holder_cmp);
	/* A process that maps and holds the same file counts once. */
	for (i = j = 0; i < nholders; i++)
		if (j == 0 || holder_cmp(&holders[i], &holders[j - 1]) != 0)
			holders[j++] = holders[i];
	nholders = j;
}

/* Why the last scan's users are unknown, or NULL when they are known. */
const char *
proc_unknown(void)
{
	return unknown;
}

/*
 * The processes using (dev, ino): how many, and with pids, every one of
 * their pids comma-separated, in a buffer of ours that the next call
 * reuses.  The list is whole however long: a listing cuts it where it
 * must, and says so (list.c).
 */
static size_t
users(dev_t dev, ino_t ino, const char **pids)
{
	static char *buf;
	static size_t cap;
	char one[24], *p;
	size_t i, n = 0, off = 0, w;

	for (i = 0; i < nholders; i++) {
		if (holders[i].dev != dev || holders[i].ino != ino)
			continue;
		n++;
		if (pids == NULL)
			continue;
		w = (size_t)snprintf(one, sizeof(one), "%s%d", off ? "," : "",
		    (int)holders[i].pid);
		if (off + w + 1 > cap) {
			cap = cap == 0 ? 256 : cap * 2;
			if (off + w + 1 > cap)
				cap = off + w + 1;
			if ((p = realloc(buf, cap)) == NULL)
				die("malloc");
			buf = p;
		}
		memcpy(buf + off, one, w + 1);
		off += w;
	}
	if (pids != NULL)
		*pids = off == 0 ? "" : buf;
	return n;
}

/* The users of the file (dev, ino), after proc_scan(dev). */
size_t
proc_users(dev_t dev, ino_t ino, const char **pids)
{
	proc_scan(dev);
	return users(dev, ino, pids);
}

/* The users of System V segment shmid. */
size_t
proc_sysv_users(int shmid, const char **pids)
{
	if (!scanned)
		proc_scan(PROC_SYSV);
	return users(PROC_SYSV, (ino_t)shmid, pids);
}

static int
holds(pid_t pid, dev_t dev, ino_t ino)
{
	size_t i;

	for (i = 0; i < nholders; i++)
		if (holders[i].pid == pid && holders[i].dev == dev &&
		    holders[i].ino == ino)
			return 1;
	return 0;
}

/* Whether pid maps or holds open the file (dev, ino). */
int
proc_holds(pid_t pid, dev_t dev, ino_t ino)
{
	proc_scan(dev);
	return holds(pid, dev, ino);
}

/* Whether pid maps System V segment shmid. */
int
proc_holds_sysv(pid_t pid, int shmid)
{
	if (!scanned)
		proc_scan(PROC_SYSV);
	return holds(pid, PROC_SYSV, (ino_t)shmid);
}

/*
 * -p's PID: a process that runs now (a zombie maps nothing, but is
 * there), whose maps and descriptors we may read, in a /proc that is
 * ours.  A bad form is 64, no such process 66, one we may not inspect
 * 77, a /proc that cannot say 69.
 */
pid_t
proc_pid_arg(const char *opt, const char *s)
{
	const char *why = NULL;
	char path[48];
	long long v;
	FILE *fp;

	v = strtonum(s, 1, INT32_MAX, &why);
	if (why != NULL || !isdigit((unsigned char)s[0]))
		diex(EX_USAGE, "%s '%s': not a process ID (1 to %d)", opt, s,
		    INT32_MAX);
	if (kill((pid_t)v, 0) == -1 && errno == ESRCH)
		diex(EX_NOINPUT, "%s '%s': no such process", opt, s);
	if ((why = blind()) != NULL && strstr(why, "namespace of its own") ==
	    NULL)
		diex(EX_UNAVAILABLE, "%s '%s': %s", opt, s, why);
	snprintf(path, sizeof(path), "/proc/%lld/maps", v);
	if ((fp = fopen(path, "re")) == NULL) {
		if (errno == ENOENT)
			diex(EX_NOINPUT, "%s '%s': no such process", opt, s);
		die("%s '%s': %s", opt, s, path);
	}
	fclose(fp);
	return (pid_t)v;
}
