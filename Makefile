# SPDX-License-Identifier: MIT
# flushcheck - GNU make.  `make` builds build/flushcheck; `make test` runs
# the unit tests, every scenario's expect lines, the docs' command
# transcripts, the --html report's links and screenshots (tests/html-check.sh) and the differential run (`make differential`, tests/README), then the unit tests and scenarios
# again under AddressSanitizer and UndefinedBehaviorSanitizer; `make run` runs the
# scenario catalogue; `make bench` the side-by-side benchmark against SPIN
# (`make bench LIMIT=SECONDS` caps each run).

CC      ?= cc
ifeq ($(origin CC),default)
CC      := cc
endif
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
WARN    := -std=c11 -D_POSIX_C_SOURCE=200809L -pthread -Wall -Wextra
ifdef WERROR
WARN    += -Werror
endif
LDLIBS  := -lxxhash -pthread
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

B       := build
SRCS    := $(wildcard src/model/*.c src/lang/*.c src/explore/*.c src/check/*.c src/report/*.c) \
	src/cli/args.c
MACHINES:= $(sort $(wildcard machines/*.machine))
POLICIES:= $(sort $(wildcard policies/*.pol kernel/*.pol))
TESTS   := $(sort $(wildcard tests/unit/test_*.c))

LIBOBJ  := $(SRCS:%.c=$(B)/obj/%.o) $(B)/obj/embedded.o
ASANOBJ := $(SRCS:%.c=$(B)/asan/%.o) $(B)/asan/embedded.o

.PHONY: all units test unit scenarios asan-test differential run bench clean deps FORCE \
	transcripts json html install uninstall packaging \
	hostile fuzz fuzzers herd-check herd-diff herd-selftest
all: $(B)/flushcheck

deps:
	@sh tools/deps.sh

$(B)/embedded.c: tools/embed.sh $(MACHINES) $(POLICIES)
	@mkdir -p $(@D)
	{ sh tools/embed.sh fc_embedded_machines $(MACHINES); \
	  sh tools/embed.sh fc_embedded_policies $(POLICIES) | sed 1,2d; } > $@

$(B)/obj/%.o: %.c $(wildcard src/*/*.h)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -c $< -o $@
$(B)/obj/embedded.o: $(B)/embedded.c
	$(CC) $(WARN) $(CFLAGS) -c $< -o $@
$(B)/asan/%.o: %.c $(wildcard src/*/*.h)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(SAN) -c $< -o $@
$(B)/asan/embedded.o: $(B)/embedded.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(SAN) -c $< -o $@

# --version's commit: `git describe --always --dirty` in a git checkout,
# else "unknown"; build/version.c is rewritten only when it changes.
FC_COMMIT := $(shell test -e .git && git describe --always --dirty 2>/dev/null || echo unknown)
$(B)/version.c: FORCE
	@mkdir -p $(@D)
	@echo 'const char fc_commit[] = "$(FC_COMMIT)";' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(B)/obj/version.o: $(B)/version.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -c $< -o $@
$(B)/asan/version.o: $(B)/version.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(SAN) -c $< -o $@
FORCE:

$(B)/flushcheck: $(B)/obj/src/cli/main.o $(B)/obj/version.o $(LIBOBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)
$(B)/asan/flushcheck: $(B)/asan/src/cli/main.o $(B)/asan/version.o $(ASANOBJ)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

$(B)/tests/%: tests/unit/%.c tests/unit/helpers.h $(LIBOBJ)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -Isrc -o $@ $< $(LIBOBJ) $(LDLIBS) -lcmocka
$(B)/asan/tests/%: tests/unit/%.c tests/unit/helpers.h $(ASANOBJ)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(SAN) -Isrc -o $@ $< $(ASANOBJ) $(LDLIBS) -lcmocka

UNIT     := $(TESTS:tests/unit/%.c=$(B)/tests/%)
ASANUNIT := $(TESTS:tests/unit/%.c=$(B)/asan/tests/%)

GEN      := $(B)/tests/gen_scenarios
$(GEN): tests/gen/gen_scenarios.c $(LIBOBJ)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -Isrc -o $@ $< $(LIBOBJ) $(LDLIBS)

units: $(UNIT) $(GEN)

unit: deps $(UNIT)
	@sh tests/run-unit.sh $(UNIT)
scenarios: deps $(B)/flushcheck
	@sh tests/run-scenarios.sh $(B)/flushcheck
	@sh tests/run-litmus.sh $(B)/flushcheck
	@sh tests/cli.sh $(B)/flushcheck
asan-test: deps $(B)/asan/flushcheck $(ASANUNIT)
	@echo "== the same suite under ASan + UBSan"
	@sh tests/run-unit.sh $(ASANUNIT)
	@sh tests/run-scenarios.sh $(B)/asan/flushcheck
	@sh tests/run-litmus.sh $(B)/asan/flushcheck

# The differential run (tests/README): DIFF_COUNT random scenarios of
# DIFF_SEED (in $(B)/random/) and the catalogue, under each pair of option
# strings "A|B", which must agree on verdicts, outcomes, observations and
# counterexamples.  One pair per line; a new search reduction adds one:
#   DIFF_PAIRS += --reduce none|--reduce spec;
DIFF_SEED  ?= 1
DIFF_COUNT ?= 1000
DIFF_PAIRS := --reduce none --bfs|--reduce none --dfs;
DIFF_PAIRS += --bfs|--dfs;
DIFF_PAIRS += --reduce none|--reduce spec;
DIFF_PAIRS += --reduce none|--reduce symmetry;
DIFF_PAIRS += --reduce none|--reduce por;
DIFF_PAIRS += --reduce spec|--reduce spec,por;
DIFF_PAIRS += --reduce none|--reduce all;
# the default (every reduction) with --shortest: the plain search's lengths
DIFF_PAIRS += --reduce none|--shortest;

# FLUSHCHECK_PACK=check: every random state must respect the model's
# masks (explore/pack.h), or the search aborts and its pair fails.
differential: deps $(B)/flushcheck $(GEN)
	@FLUSHCHECK_PACK=check sh tests/run-differential.sh $(B)/flushcheck $(GEN) "$(DIFF_PAIRS)" \
		$(DIFF_SEED) $(DIFF_COUNT) $(B)/random

# `make test`: each suite is a target; tests/run-suites.sh prints a line
# per suite and keeps the whole output in $(B)/test.log (TEST_VERBOSE=1:
# on the terminal too).  The differential run once, with the plain build
# (not under ASan).
TEST_SUITES := unit packaging scenarios transcripts json html herd-selftest differential \
	asan-test hostile
test: deps
	@sh tests/run-suites.sh $(B)/test.log "$(MAKE)" $(TEST_SUITES)

transcripts: $(B)/flushcheck
	@sh tests/doc-transcripts.sh $(B)/flushcheck
json: $(B)/flushcheck
	@sh tests/json-check.sh $(B)/flushcheck
html: $(B)/flushcheck
	@sh tests/html-check.sh $(B)/flushcheck $(B)

# Hostile input (tests/fuzz/README): the command line against FIFOs,
# link loops and the like (tests/hostile.sh), every regression input of
# tests/fuzz/regress/ through each target under ASan + UBSan, then each
# libFuzzer target briefly over its seed corpus (FUZZ_RUNS inputs), if
# clang's libFuzzer is installed.  `make fuzz` fuzzes each target for
# FUZZ_SECONDS.
FUZZ_TARGETS := scenario policy machine litmus
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_RUNS    ?= 3000
FUZZ_SAN     := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZOBJ      := $(SRCS:%.c=$(B)/fuzzobj/%.o) $(B)/fuzzobj/embedded.o
REPLAY       := $(FUZZ_TARGETS:%=$(B)/asan/replay_%)
FUZZERS      := $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%)

$(B)/asan/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(ASANOBJ)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(SAN) -Isrc -Itests/fuzz -o $@ $< tests/fuzz/replay.c $(ASANOBJ) $(LDLIBS)

$(B)/fuzzobj/%.o: %.c $(wildcard src/*/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WARN) -g -O1 $(FUZZ_SAN) -c $< -o $@
$(B)/fuzzobj/embedded.o: $(B)/embedded.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WARN) -g -O1 $(FUZZ_SAN) -c $< -o $@
$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZOBJ)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WARN) -g -O1 $(FUZZ_SAN) -fsanitize=fuzzer -Isrc -Itests/fuzz -o $@ $< $(FUZZOBJ) $(LDLIBS)

hostile: deps $(B)/flushcheck $(REPLAY)
	@sh tests/hostile.sh $(B)/flushcheck
	@sh tests/fuzz/run.sh regress $(B) $(FUZZ_RUNS) "$(FUZZ_TARGETS)" "$(FUZZ_CC)"

fuzz: deps
	@sh tools/deps.sh fuzz
	@sh tests/fuzz/run.sh fuzz $(B) $(FUZZ_SECONDS) "$(FUZZ_TARGETS)" "$(FUZZ_CC)"

# what tests/fuzz/run.sh builds once it knows libFuzzer is there
fuzzers: $(FUZZERS)

# flushcheck against herd (docs/herd.md).  Optional: they need a herd
# catalogue and herd7, which the project does not ship; `make test` runs
# only tests/herd-selftest.sh, the scripts on fixtures.
#   make herd-check [HERD_TESTS=DIR] [HERD_MIN_ACCEPT=97]: every .litmus
#     below DIR against its kinds.txt
#   make herd-diff [HERD7=.../herd7] [DIY7=.../diy7] [HERD7_LIBDIR=DIR]:
#     herd7 and flushcheck side by side on HERD_TESTS and on the diy7
#     tests made in HERD_GEN (default: diy7 and libdir beside herd7)
# FLUSHCHECK is the command they run (a binary and options); HERD_TIMEOUT
# the seconds one run may take.
HERD_TESTS      ?= ../shared/herd/aarch64-ifetch
HERD_MIN_ACCEPT ?= 97
HERD_TIMEOUT    ?= 60
HERD_GEN        ?= $(B)/herd-gen
HERD7           ?= $(shell command -v herd7 2>/dev/null)
HERD7_BUILD     ?= ../shared/herd/build-herd7.sh
FLUSHCHECK      ?= $(B)/flushcheck
HERD_ENV := HERD_MIN_ACCEPT=$(HERD_MIN_ACCEPT) HERD_TIMEOUT=$(HERD_TIMEOUT) \
	DIY7="$(DIY7)" HERD7_LIBDIR="$(HERD7_LIBDIR)" HERD7_BUILD="$(HERD7_BUILD)"

herd-check: $(B)/flushcheck
	@$(HERD_ENV) sh tools/herd-check.sh "$(FLUSHCHECK)" "$(HERD_TESTS)"
herd-diff: $(B)/flushcheck
	@$(HERD_ENV) sh tools/herd-diff.sh "$(FLUSHCHECK)" "$(HERD7)" "$(HERD_TESTS)" "$(HERD_GEN)"
herd-selftest:
	@sh tests/herd-selftest.sh

# The seed race under the policy that had it and the one that fixed it,
# then the whole catalogue as one table of scenarios x policies.  The build
# is silent (warnings and errors still show); each command is echoed as a
# shell would show it.
RUN_SEED := $(B)/flushcheck --shortest --policy arm-2.6.33 --policy arm-2.6.37 \
	scenarios/kernel/k1-seed.flush
RUN_MATRIX := $(B)/flushcheck --matrix scenarios/kernel scenarios/isa
run: deps
	@$(MAKE) -s --no-print-directory $(B)/flushcheck
	@echo '$$ $(RUN_SEED)'
	@$(RUN_SEED)
	@echo
	@echo '$$ $(RUN_MATRIX)'
	@$(RUN_MATRIX)

# `make install [PREFIX=/usr/local] [DESTDIR=]`: the binary, the man page,
# bash completion and Vim's syntax files (README.md, Installing).  The
# built-in machines and policies are compiled in; nothing else is needed.
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
VIMDIR      ?= $(PREFIX)/share/vim/vimfiles
INSTALL     ?= install
INSTALLED   := $(BINDIR)/flushcheck $(MANDIR)/man1/flushcheck.1 \
	$(BASHCOMPDIR)/flushcheck $(VIMDIR)/ftdetect/flushcheck.vim \
	$(VIMDIR)/syntax/flush.vim $(VIMDIR)/syntax/flushpol.vim
install: $(B)/flushcheck
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(VIMDIR)/ftdetect $(DESTDIR)$(VIMDIR)/syntax
	$(INSTALL) -m 755 $(B)/flushcheck $(DESTDIR)$(BINDIR)/flushcheck
	$(INSTALL) -m 644 docs/flushcheck.1 $(DESTDIR)$(MANDIR)/man1/flushcheck.1
	$(INSTALL) -m 644 tools/completion/flushcheck.bash $(DESTDIR)$(BASHCOMPDIR)/flushcheck
	$(INSTALL) -m 644 tools/vim/ftdetect/flushcheck.vim $(DESTDIR)$(VIMDIR)/ftdetect/flushcheck.vim
	$(INSTALL) -m 644 tools/vim/syntax/flush.vim tools/vim/syntax/flushpol.vim \
		$(DESTDIR)$(VIMDIR)/syntax/
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))

# the packaging (tests/install.sh): make install into a scratch DESTDIR,
# the man page against --help, the completion, Vim's files, list widths
packaging: $(B)/flushcheck
	@sh tests/install.sh $(B)/flushcheck "$(MAKE)"

# LIMIT: seconds one run may take (larger members are then skipped)
LIMIT   ?= 120
bench: $(B)/flushcheck
	@sh tools/deps.sh bench
	@sh bench/run.sh -t $(LIMIT) $(B)/flushcheck
	@sh bench/herd.sh $(B)/flushcheck

clean:
	rm -rf $(B)
