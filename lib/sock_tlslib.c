/*
 * Loading libtls for sockpipe -c (see tlslib.h for why it is not linked):
 * dlopen(3) of the shared object the build was made against, named by
 * TLSLIB_SONAME, and each function the table lists.
 */
#include <dlfcn.h>
#include <string.h>

#define TLSLIB_IMPL
#include "ipctools.h"
#include "tlslib.h"

#ifndef TLSLIB_SONAME
#define TLSLIB_SONAME	"libtls.so.26"
#endif

struct tlslib tlslib;

/* Load libtls once; a system without it is 71, saying which file. */
void
tlslib_load(void)
{
	static int loaded;
	static const struct {
		const char	*name;
		size_t		 off;
	} fn[] = {
#define X(f)	{ #f, offsetof(struct tlslib, f) },
		TLSLIB_FUNCS
#undef X
	};
	void *h, *p;
	size_t i;

	if (loaded)
		return;
	if ((h = dlopen(TLSLIB_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL)
		diex(EX_OSERR, "-c: TLS needs %s (Debian: libtls26): %s",
		    TLSLIB_SONAME, dlerror());
	for (i = 0; i < sizeof(fn) / sizeof(fn[0]); i++) {
		if ((p = dlsym(h, fn[i].name)) == NULL)
			diex(EX_OSERR, "-c: %s has no %s", TLSLIB_SONAME,
			    fn[i].name);
		/* A function pointer is not an object pointer in ISO C. */
		memcpy((char *)&tlslib + fn[i].off, &p, sizeof(p));
	}
	loaded = 1;
}
