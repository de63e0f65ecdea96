/*
 * What every fuzz harness of tests/fuzz shares: CHECK, a property that
 * must hold, and abort(3) (libFuzzer keeps the input) when it does not.
 */
#ifndef IPCTOOLS_FUZZ_H
#define IPCTOOLS_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond, what) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "property failed: %s\n", (what));	\
		abort();						\
	}								\
} while (0)

#endif /* IPCTOOLS_FUZZ_H */
