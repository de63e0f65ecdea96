# ipctools: build, test, install.  GNU make.
#
# User CFLAGS, CPPFLAGS and LDFLAGS are respected; what the project needs
# (warnings, hardening, libbsd) lives in IPC_* below.

PREFIX ?=	/usr/local
BINDIR ?=	$(PREFIX)/bin
MANDIR ?=	$(PREFIX)/share/man
BASHCOMPDIR ?=	$(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?=	$(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?=	$(PREFIX)/share/fish/vendor_completions.d
# The files the completions share, which name no command: kept out of the
# directories above, where the shells take each file for a command's.
COMPLIBDIR ?=	$(PREFIX)/share/ipctools/completions
DESTDIR ?=

CC ?=		cc
CFLAGS ?=	-O2 -g
INSTALL ?=	install

# The one place that holds the version: VERSION.  -V of every command, the
# installed pages' footer, the tarball and the package take it from there
# (tests/version.bats checks that debian/changelog and NEWS agree).
VERSION :=	$(shell cat VERSION)

BSD_CFLAGS :=	$(shell pkg-config --cflags libbsd-overlay 2>/dev/null)
BSD_LIBS :=	$(shell pkg-config --libs libbsd-overlay 2>/dev/null)
# libtls (libretls on Debian): sockpipe -c.  It is not linked but loaded
# by sockpipe when -c asks for it (lib/tlslib.h says why), by the name of
# the shared object found here (its SONAME), so the build still needs
# libtls-dev.
TLS_CFLAGS :=	$(shell pkg-config --cflags libtls 2>/dev/null)
TLS_SONAME :=	$(shell readelf -d "$$(pkg-config --variable=libdir libtls \
		2>/dev/null)/libtls.so" 2>/dev/null | \
		sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
ifneq ($(TLS_SONAME),)
TLS_CFLAGS +=	-DTLSLIB_SONAME='"$(TLS_SONAME)"'
endif

# Without them the compiler stops at "tls.h: No such file": the packages
# that provide them are named before anything compiles (devcheck below).
MISSING :=	$(if $(shell pkg-config --exists libbsd-overlay 2>/dev/null && \
		echo y),,libbsd-dev) $(if $(shell pkg-config --exists libtls \
		2>/dev/null && echo y),,libtls-dev)

IPC_CPPFLAGS =	-D_GNU_SOURCE -Ilib $(BSD_CFLAGS) $(TLS_CFLAGS)
# Only lib/version.c is told the version, so a new VERSION rebuilds one
# object and relinks, not the whole tree.
VERSION_CPPFLAGS = -DIPCTOOLS_VERSION='"$(VERSION)"'
# Each object's headers, as the compiler saw them (-MP: a header that went
# away is no error).
DEPFLAGS =	-MMD -MP
IPC_CFLAGS =	-std=c11 -Wall -Wextra -Wpedantic \
		-fstack-protector-strong -fPIE
# WERROR=1 (CI sets it): warnings are errors.  Off by default, so that a
# distribution's newer compiler with new warnings still builds the tools.
ifeq ($(WERROR),1)
IPC_CFLAGS +=	-Werror
endif
IPC_LDFLAGS =	-pie -Wl,-z,relro,-z,now -Wl,-z,noexecstack
IPC_LIBS =	-Wl,--as-needed $(BSD_LIBS) -lpthread

# SANITIZE=1: AddressSanitizer and UndefinedBehaviorSanitizer, in a build
# tree of its own so that it never mixes with the normal objects.
ifeq ($(SANITIZE),1)
B ?=		build/asan
IPC_CFLAGS +=	-fsanitize=address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer
IPC_LDFLAGS +=	-fsanitize=address,undefined
else
B ?=		build
IPC_CPPFLAGS +=	-D_FORTIFY_SOURCE=2
endif

ALL_CPPFLAGS =	$(IPC_CPPFLAGS) $(CPPFLAGS)
ALL_CFLAGS =	$(IPC_CFLAGS) $(CFLAGS)
ALL_LDFLAGS =	$(IPC_LDFLAGS) $(LDFLAGS)

CMDS :=		$(basename $(notdir $(wildcard cmd/*.c)))
LIBSRC :=	$(wildcard lib/*.c)
LIBOBJ :=	$(LIBSRC:lib/%.c=$(B)/lib/%.o)
BINS :=		$(CMDS:%=$(B)/bin/%)
FIXTURES :=	$(basename $(notdir $(wildcard tests/fixtures/*.c)))
FIXBINS :=	$(FIXTURES:%=$(B)/fixtures/%)
MANS :=		$(wildcard man/*.1 man/*.7)

BATS ?=		bats
BATS_LIB_PATH ?= /usr/lib/bats
# scripts/runtests gives each test file a private IPC namespace when it can
# (root, or a kernel that lets users have one), so that no file sees the
# host's objects or another file's.  The demo gets one too.
UNSHARE :=	$(shell unshare --ipc true 2>/dev/null && echo unshare --ipc)
TESTS ?=	tests
# A sanitizer's finding becomes exit status 99, which no test expects.
SAN_ENV =	ASAN_OPTIONS=detect_leaks=1:exitcode=99:abort_on_error=0 \
		LSAN_OPTIONS=exitcode=99 \
		UBSAN_OPTIONS=halt_on_error=1:exitcode=99:print_stacktrace=1

.PHONY: all deps devcheck check check-asan check-valgrind check-installed demo \
	install uninstall clean lint bench fuzz fixtures dist distcheck deb

all: $(BINS)

devcheck:
ifneq ($(strip $(MISSING)),)
	@echo "make: $(strip $(MISSING)) missing (pkg-config knows no $(if $(findstring bsd,$(MISSING)),libbsd-overlay )$(if $(findstring tls,$(MISSING)),libtls)): scripts/deps installs what the build needs, or: apt-get install $(strip $(MISSING))" >&2
	@exit 1
endif

$(B)/lib/%.o: lib/%.c | devcheck
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(DEPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(B)/lib/version.o: VERSION
$(B)/lib/version.o: IPC_CPPFLAGS += $(VERSION_CPPFLAGS)

$(B)/libipctools.a: $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

$(B)/bin/%: cmd/%.c $(B)/libipctools.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(DEPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< \
		$(B)/libipctools.a $(IPC_LIBS)

# C peers the tests talk to: textbook programs, built with the same flags.
$(B)/fixtures/%: tests/fixtures/%.c | devcheck
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(DEPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(IPC_LIBS)

fixtures: $(FIXBINS)

-include $(LIBOBJ:.o=.d) $(BINS:=.d) $(FIXBINS:=.d)

# Where scripts/deps cannot install (not root, not Debian), say what is
# missing and go on: the build and the tests that can run still do.
deps:
	scripts/deps || echo "make: scripts/deps could not install what is missing; going on without it" >&2

check: deps
	$(MAKE) all fixtures
	PATH="$(CURDIR)/$(B)/bin:$(CURDIR)/$(B)/fixtures:$$PATH" \
	BATS_LIB_PATH="$(BATS_LIB_PATH)" IPCTOOLS_BUILD="$(CURDIR)/$(B)" \
	IPCTOOLS_SANITIZE="$(SANITIZE)" \
	$(SAN_ENV) BATS="$(BATS)" scripts/runtests $(TESTS)

check-asan:
	$(MAKE) check SANITIZE=1

# The suite against the commands on PATH, as a package's autopkgtest runs
# it: no build tree and IPCTOOLS_BUILD unset; only the C peers the tests
# talk to are built, in IB.
IB ?=		build/installed
check-installed:
	$(MAKE) fixtures B=$(IB)
	PATH="$(abspath $(IB))/fixtures:$$PATH" \
	BATS_LIB_PATH="$(BATS_LIB_PATH)" BATS="$(BATS)" \
	scripts/runtests $(TESTS)

demo: deps
	$(MAKE) all
	PATH="$(CURDIR)/$(B)/bin:$$PATH" $(UNSHARE) sh scripts/demo

# Each command's completion file, which its shell looks for by the
# command's name, and the helpers they share (COMPLIBDIR): make install
# writes the helpers' installed directory into the command's files.
BASHLIB :=	$(filter-out $(CMDS:%=completions/bash/%), \
		    $(wildcard completions/bash/*))
ZSHLIB :=	$(filter-out $(CMDS:%=completions/zsh/_%), \
		    $(wildcard completions/zsh/_*))
FISHLIB :=	$(filter-out $(CMDS:%=completions/fish/%.fish), \
		    $(wildcard completions/fish/*.fish))

install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	$(INSTALL) -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	for m in $(MANS); do \
		sed 's/^\.Os$$/.Os ipctools $(VERSION)/' $$m \
		    >$(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/} && \
		chmod 644 $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/} || exit 1; \
	done
	$(INSTALL) -d $(DESTDIR)$(COMPLIBDIR)/bash $(DESTDIR)$(COMPLIBDIR)/zsh \
		$(DESTDIR)$(COMPLIBDIR)/fish
	for c in $(CMDS); do \
		sed 's|\$${BASH_SOURCE\[0\]%/\*}|$(COMPLIBDIR)/bash|' \
		    completions/bash/$$c >$(DESTDIR)$(BASHCOMPDIR)/$$c && \
		sed 's|autoload -Uz _|autoload -Uz $(COMPLIBDIR)/zsh/_|' \
		    completions/zsh/_$$c >$(DESTDIR)$(ZSHCOMPDIR)/_$$c && \
		sed 's|(status dirname)|$(COMPLIBDIR)/fish|' \
		    completions/fish/$$c.fish >$(DESTDIR)$(FISHCOMPDIR)/$$c.fish && \
		chmod 644 $(DESTDIR)$(BASHCOMPDIR)/$$c \
		    $(DESTDIR)$(ZSHCOMPDIR)/_$$c \
		    $(DESTDIR)$(FISHCOMPDIR)/$$c.fish || exit 1; \
	done
	$(INSTALL) -m 644 $(BASHLIB) $(DESTDIR)$(COMPLIBDIR)/bash
	$(INSTALL) -m 644 $(ZSHLIB) $(DESTDIR)$(COMPLIBDIR)/zsh
	$(INSTALL) -m 644 $(FISHLIB) $(DESTDIR)$(COMPLIBDIR)/fish

MAN1 :=		$(notdir $(wildcard man/*.1))
MAN7 :=		$(notdir $(wildcard man/*.7))
uninstall:
	rm -f $(CMDS:%=$(DESTDIR)$(BINDIR)/%) \
	    $(MAN1:%=$(DESTDIR)$(MANDIR)/man1/%) \
	    $(MAN7:%=$(DESTDIR)$(MANDIR)/man7/%) \
	    $(CMDS:%=$(DESTDIR)$(BASHCOMPDIR)/%) \
	    $(CMDS:%=$(DESTDIR)$(ZSHCOMPDIR)/_%) \
	    $(CMDS:%=$(DESTDIR)$(FISHCOMPDIR)/%.fish) \
	    $(BASHLIB:completions/%=$(DESTDIR)$(COMPLIBDIR)/%) \
	    $(ZSHLIB:completions/%=$(DESTDIR)$(COMPLIBDIR)/%) \
	    $(FISHLIB:completions/%=$(DESTDIR)$(COMPLIBDIR)/%)
	-rmdir $(DESTDIR)$(COMPLIBDIR)/bash $(DESTDIR)$(COMPLIBDIR)/zsh \
	    $(DESTDIR)$(COMPLIBDIR)/fish $(DESTDIR)$(COMPLIBDIR) \
	    $(dir $(DESTDIR)$(COMPLIBDIR)) 2>/dev/null

# A representative part of the suite under valgrind: each command is
# replaced on PATH by a wrapper that runs it under memcheck, and any error
# or definite leak turns into exit status 99, which no test expects.
# Only definite leaks are shown: a thread still running at exit (mqrecv's
# output watcher) leaves a "possibly lost" stack that is no leak of ours.
VALGRIND_TESTS ?= $(wildcard tests/shm*.bats tests/mqsend.bats \
		tests/mqrecv.bats tests/mqnew.bats tests/mqls.bats)
check-valgrind: deps
	$(MAKE) all fixtures
	rm -rf $(B)/valgrind && mkdir -p $(B)/valgrind
	for c in $(CMDS); do \
		printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite %s "$$@"\n' \
		    "$(CURDIR)/$(B)/bin/$$c" >$(B)/valgrind/$$c && \
		chmod 755 $(B)/valgrind/$$c || exit 1; \
	done
	PATH="$(CURDIR)/$(B)/valgrind:$(CURDIR)/$(B)/fixtures:$$PATH" \
	BATS_LIB_PATH="$(BATS_LIB_PATH)" IPCTOOLS_BUILD="$(CURDIR)/$(B)" \
	IPCTOOLS_VALGRIND=1 BATS="$(BATS)" scripts/runtests $(VALGRIND_TESTS)

# libFuzzer harnesses for the parsers of lib/, each run for a bounded time
# from its committed seed corpus (a copy, so the tree stays clean).
FUZZ_SECONDS ?=	10
FUZZERS :=	$(basename $(notdir $(wildcard tests/fuzz/*.c)))
fuzz: deps
	@mkdir -p build/fuzz
	for f in $(FUZZERS); do \
		clang -g -O1 -fsanitize=fuzzer,address,undefined \
		    -fno-sanitize-recover=all $(IPC_CPPFLAGS) $(VERSION_CPPFLAGS) \
		    -o build/fuzz/$$f tests/fuzz/$$f.c $(LIBSRC) $(IPC_LIBS) \
		    || exit 1; \
		rm -rf build/fuzz/$$f.corpus && mkdir -p build/fuzz/$$f.corpus && \
		cp tests/fuzz/corpus/$$f/* build/fuzz/$$f.corpus/ 2>/dev/null; \
		build/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) \
		    -artifact_prefix=build/fuzz/$$f- build/fuzz/$$f.corpus \
		    || exit 1; \
	done

bench: all
	scripts/deps bench
	PATH="$(CURDIR)/$(B)/bin:$$PATH" IPCTOOLS_BUILD="$(CURDIR)/$(B)" \
	bench/run

lint:
	mandoc -Tlint -W warning $(MANS)
	shellcheck -s bash completions/bash/* scripts/* .ci/run tests/*.bash
	shellcheck -s bash -S warning tests/*.bats
	shellcheck -s bash bench/run bench/lib.bash bench/cmp/*.bash
	scripts/lint-c

# A release tarball of the tracked files, as they are in the work tree.
DIST =		ipctools-$(VERSION)
dist:
	rm -f $(DIST).tar.gz
	git ls-files -z | tar --null -T - --transform 's,^,$(DIST)/,' \
	    --owner=0 --group=0 --numeric-owner --sort=name \
	    --mtime="$$(git log -1 --format=@%ct)" \
	    -czf $(DIST).tar.gz
	@echo "$(DIST).tar.gz"

# The tarball builds and passes the suite on its own, away from this tree.
distcheck: dist
	rm -rf build/distcheck && mkdir -p build/distcheck
	tar -xzf $(DIST).tar.gz -C build/distcheck
	$(MAKE) -C build/distcheck/$(DIST) check
	@echo "$(DIST).tar.gz is ready"

# The Debian package, built from the tarball (so that only tracked files go
# in) in build/deb; the .deb lands here.  DEB_BUILD_OPTIONS is honoured
# (nocheck skips the suite in the build).
deb:
	scripts/deps deb
	$(MAKE) dist
	rm -rf build/deb && mkdir -p build/deb
	tar -xzf $(DIST).tar.gz -C build/deb
	cd build/deb/$(DIST) && dpkg-buildpackage -us -uc -b
	cp build/deb/ipctools_$(VERSION)_*.deb .
	lintian --fail-on error,warning build/deb/ipctools_$(VERSION)_*.changes
	@ls ipctools_$(VERSION)_*.deb

clean:
	rm -rf build
