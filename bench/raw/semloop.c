/*
 * semloop: the raw baseline for a semop lock round trip.  The plainest C
 * loop: take the lock (-1, SEM_UNDO, as `semop L -1 -- cmd` takes it) and
 * give it back (+1), COUNT times, on semaphore 0 of the set QID.
 *
 *	semloop QID COUNT
 *
 * QID is the identifier, bare or as "id:N".
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/sem.h>

#include <err.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char *argv[])
{
	struct sembuf take = { 0, -1, SEM_UNDO }, give = { 0, 1, SEM_UNDO };
	const char *q;
	long i, n;
	int id;

	if (argc != 3)
		errx(2, "usage: semloop QID COUNT");
	q = strncmp(argv[1], "id:", 3) == 0 ? argv[1] + 3 : argv[1];
	id = atoi(q);
	n = atol(argv[2]);
	for (i = 0; i < n; i++) {
		if (semop(id, &take, 1) == -1)
			err(1, "semop -1");
		if (semop(id, &give, 1) == -1)
			err(1, "semop +1");
	}
	return 0;
}
