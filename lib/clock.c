/*
 * The one clock of timed waits, and the one timer that bounds a blocking
 * call.  Time is CLOCK_MONOTONIC, counted in nanoseconds where it is
 * reckoned with, except where an interface takes only CLOCK_REALTIME
 * (mq_timedsend(3), mq_timedreceive(3)).
 *
 * The timer: msgsnd(2) and msgrcv(2) take no time limit, so a signal
 * ends their wait (no SA_RESTART).  One signal could land just before
 * the process goes to sleep and be lost, so after the first the timer
 * fires again every few milliseconds until disarmed.  It uses a
 * real-time signal, leaving SIGALRM to mean what it means to the
 * commands (mqrecv catches it as a terminating signal).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "ipctools.h"

#define REFIRE_NS	10000000	/* 10 ms between late timer signals */

volatile sig_atomic_t	 clock_expired;
static timer_t		 timer;
static int		 timer_made;

/* The monotonic clock in nanoseconds, for the loops that time a wait. */
long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts_ns(&ts);
}

long long
ts_ns(const struct timespec *ts)
{
	return ts->tv_sec * NS_PER_SEC + ts->tv_nsec;
}

struct timespec
ns_ts(long long ns)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ns / NS_PER_SEC);
	ts.tv_nsec = (long)(ns % NS_PER_SEC);
	return ts;
}

/* The time on clock c after the duration d from now. */
struct timespec
clock_after(clockid_t c, const struct timespec *d)
{
	struct timespec now;

	clock_gettime(c, &now);
	return ns_ts(ts_ns(&now) + ts_ns(d));
}

/*
 * The time left until the monotonic deadline, into *left: 1, or 0 with
 * *left zero when it has passed.
 */
int
clock_left(const struct timespec *deadline, struct timespec *left)
{
	long long ns = ts_ns(deadline) - now_ns();

	*left = ns_ts(ns > 0 ? ns : 0);
	return ns > 0;
}

static void
on_timer(int sig)
{
	(void)sig;
	clock_expired = 1;
}

/* Make the timer, and catch its signal without SA_RESTART. */
void
clock_timer_init(void)
{
	struct sigaction sa;
	struct sigevent sev;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGRTMIN;
	if (timer_create(CLOCK_MONOTONIC, &sev, &timer) == -1)
		die("timer_create");
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_timer;
	if (sigaction(SIGRTMIN, &sa, NULL) == -1)
		die("sigaction");
	timer_made = 1;
}

static void
timer_set(long long first)
{
	struct itimerspec it;
	int e = errno;

	/* A first of 0 would disarm it. */
	it.it_value = ns_ts(first > 0 ? first : 1);
	it.it_interval = ns_ts(REFIRE_NS);
	if (timer_made && timer_settime(timer, 0, &it, NULL) == -1)
		die("timer_settime");
	errno = e;
}

/* The first signal after the duration d, then more until disarmed. */
void
clock_timer_arm(const struct timespec *d)
{
	clock_expired = 0;
	timer_set(ts_ns(d));
}

/*
 * Signals every few milliseconds from now on, so that a blocking call
 * entered just after a flag was set (by a signal handler) is interrupted
 * too.  Safe in a signal handler.
 */
void
clock_timer_kick(void)
{
	timer_set(REFIRE_NS);
}

void
clock_timer_disarm(void)
{
	struct itimerspec it;
	int e = errno;

	memset(&it, 0, sizeof(it));
	if (timer_made)
		timer_settime(timer, 0, &it, NULL);
	errno = e;
}
