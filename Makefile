# Makefile: builds libostrec (static and shared), the ostrec program and
# ostrec.pc; runs the tests plain (test), under ASan+UBSan, valgrind and
# ThreadSanitizer, checks an install and fuzzes briefly (check); fuzzes at
# length (fuzz); installs; and installs the Debian packages the build needs
# (deps).

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
EXTRA_CFLAGS ?=
EXTRA_LDFLAGS ?=

VERSION := $(shell sed -n 's/^\#define OSTREC_VERSION "\(.*\)"/\1/p' engine/ostrec.h)

CFLAGS  ?= -O2 -g
# -pthread: the library uses pthread_once (store.c), and tests/test_threads.c
# runs queries from several threads.
# libxml2's headers live in a directory of their own (history_read.c reads XSPF).
XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null)
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -pthread -Wall -Wextra -Werror -fPIC -fvisibility=hidden -Iengine -I$(BUILD)/gen \
             $(XML_CFLAGS) $(CFLAGS) $(EXTRA_CFLAGS) -MMD -MP
# GSL is linked against OpenBLAS's CBLAS, not the reference libgslcblas.
LIBS    = -lsqlite3 -lcjson -lcsv -lxml2 -lgsl -lopenblas -lm
LDFLAGS_ALL = $(LDFLAGS) $(EXTRA_LDFLAGS)

ENGINE_SRC := $(wildcard engine/*.c)
CLI_SRC    := $(wildcard cli/*.c)
GEN_SRC    := $(BUILD)/gen/schema_sql.c $(BUILD)/gen/vocab_json.c $(BUILD)/gen/model_json.c \
              $(BUILD)/gen/scenes_json.c
TEST_SRC   := $(wildcard tests/test_*.c)

ENGINE_OBJ := $(ENGINE_SRC:%.c=$(BUILD)/%.o) $(GEN_SRC:%.c=%.o)
CLI_OBJ    := $(CLI_SRC:%.c=$(BUILD)/%.o)
TESTS      := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

# Fuzzing: see "Fuzzing" below.
FUZZ_TARGETS := import_csv import_json import_artists model vocab scenes text history
FUZZ_CC      ?= clang-14
FUZZ_BUILD   ?= build/fuzz
FUZZ_SECONDS ?= 300
FUZZ_JOBS    ?= 2
CHECK_FUZZ_SECONDS ?= 10
FUZZ_SAN     := -fsanitize=address,undefined,float-cast-overflow,integer -fno-sanitize-recover=all \
                -fsanitize-ignorelist=fuzz/ignorelist.txt
FUZZ_GEN     := $(BUILD)/gen/fuzz_mini_csv.o $(BUILD)/gen/fuzz_catalog_csv.o
FUZZ_REPLAY  := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay_%)
FUZZ_CFLAGS   = $(filter-out -MMD -MP,$(ALL_CFLAGS)) -Ifuzz
FUZZ_ENV     := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:quarantine_size_mb=32 OPENBLAS_NUM_THREADS=1 \
                UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer-14

.PHONY: all test unit check check-plain check-asan check-valgrind check-tsan check-fuzz fuzz fuzz-build bench eval install \
        install-ldconfig installcheck uninstall clean deps deps-quiet demo
.DEFAULT_GOAL := all

all: $(BUILD)/libostrec.a $(BUILD)/libostrec.so $(BUILD)/ostrec $(BUILD)/ostrec.pc $(BUILD)/ostrec-static.pc

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# Text files compiled in as C strings: the schema, and the default vocabulary
# so the program works from any directory (a --vocab file overrides it).
define embed
	@mkdir -p $(dir $@)
	{ printf '/* generated from %s: do not edit */\nconst char %s[] =\n' $< $(1); \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	  printf ';\n'; } > $@
endef
$(BUILD)/gen/schema_sql.c: data/schema.sql
	$(call embed,ostrec_schema_sql)
$(BUILD)/gen/vocab_json.c: models/vocab.json
	$(call embed,ostrec_default_vocab_json)
$(BUILD)/gen/model_json.c: models/default.json
	$(call embed,ostrec_default_model_json)
$(BUILD)/gen/scenes_json.c: data/scenes.json
	$(call embed,ostrec_default_scenes_json)

$(BUILD)/libostrec.a: $(ENGINE_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/libostrec.so: $(ENGINE_OBJ)
	$(CC) -shared -Wl,-soname,libostrec.so.0 $(ALL_CFLAGS) -o $@ $^ $(LDFLAGS_ALL) $(LIBS)

$(BUILD)/ostrec: $(CLI_OBJ) $(BUILD)/libostrec.a
	$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libostrec.a $(LDFLAGS_ALL) $(LIBS)

$(BUILD)/%.pc: %.pc.in engine/ostrec.h
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' $< > $@

# test_oom and test_import_faults make the library's n-th allocation fail,
# through the linker.
$(BUILD)/tests/test_oom $(BUILD)/tests/test_import_faults: TEST_LDFLAGS = -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc
$(BUILD)/tests/%: tests/%.c $(BUILD)/libostrec.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(BUILD)/libostrec.a $(LDFLAGS_ALL) $(TEST_LDFLAGS) $(LIBS) -lcmocka

# The public header compiled as C++, linked against the static library.
CXX ?= g++
$(BUILD)/tests/cplusplus: tests/cplusplus.cpp engine/ostrec.h $(BUILD)/libostrec.a
	@mkdir -p $(dir $@)
	$(CXX) -std=c++11 -Wall -Wextra -Werror -pedantic -Iengine $(CFLAGS) $(EXTRA_CFLAGS) -o $@ $< \
	  $(BUILD)/libostrec.a $(LDFLAGS_ALL) $(LIBS)

# The C example in README.md, cut out of the README itself so the text a
# reader copies is the text that is compiled and run.
$(BUILD)/tests/readme_example.c: README.md
	@mkdir -p $(dir $@)
	awk '/<!-- the example that make test compiles -->/ { on = 1; next } on && /^```c/ { next } on && /^```/ { exit } on' $< > $@
$(BUILD)/tests/readme_example: $(BUILD)/tests/readme_example.c $(BUILD)/libostrec.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libostrec.a $(LDFLAGS_ALL) $(LIBS)

# The checks of the set-up (deps, BLAS binding, exported names), the
# shipped catalog's promises (tests/catalog_test.py), then the unit tests, the
# C++ header test and the fuzz regressions, side by side with the end-to-end
# tests of the program (their output held in BUILD/cli-tests.log and shown
# at the end): under valgrind each half takes minutes, and one core would
# otherwise wait.
# RUN prefixes each test program (valgrind, for instance).
RUN ?=
test: deps-quiet all $(TESTS) $(BUILD)/tests/readme_example $(BUILD)/tests/cplusplus $(FUZZ_REPLAY)
	@bash tests/deps_test.sh
	@sh scripts/check-blas.sh $(BUILD)/ostrec $(BUILD)/libostrec.so
	@bash tests/exports_test.sh $(BUILD)/libostrec.so
	@python3 tests/catalog_test.py data/catalog.csv data/artists.csv
	@OSTREC="$(RUN) $(CURDIR)/$(BUILD)/ostrec" bash tests/cli/run.sh > $(BUILD)/cli-tests.log 2>&1 & cli=$$!; \
	status=0; \
	for t in $(TESTS) $(BUILD)/tests/cplusplus; do echo "== $$t"; (cd tests && $(RUN) ../$$t) || { status=1; break; }; done; \
	for t in $(FUZZ_TARGETS); do [ $$status -ne 0 ] || [ ! -d fuzz/regressions/$$t ] || \
	  $(RUN) $(BUILD)/fuzz/replay_$$t fuzz/regressions/$$t || status=1; done; \
	[ $$status -ne 0 ] || OSTREC="$(CURDIR)/$(BUILD)/ostrec" EXAMPLE="$(RUN) $(CURDIR)/$(BUILD)/tests/readme_example" \
	  bash tests/readme_example.sh || status=1; \
	wait $$cli || status=1; cat $(BUILD)/cli-tests.log; exit $$status

# The unit tests alone, each run as in test.
UNIT ?= $(TESTS)
unit: deps-quiet $(UNIT)
	@set -e; for t in $(UNIT); do echo "== $$t"; (cd tests && $(RUN) ../$$t); done

# Possibly-lost blocks are neither errors nor shown: the program ends with
# _exit (cli/main.c), so OpenBLAS's worker threads are never joined and their
# stacks stay "possibly lost".
VALGRIND = valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
           --show-leak-kinds=definite,indirect
# make check builds each of its trees with this many jobs; the tests run one
# at a time.
JOBS ?= $(shell nproc 2>/dev/null || echo 1)
# The plain, ASan and valgrind runs go side by side (valgrind's is the
# longest), each one's output held until it ends (-Orecurse); the plain run
# is the one that tries the program under memory limits, which neither a
# sanitizer runtime nor valgrind can run under.
check: deps-quiet
	$(MAKE) -j3 -Orecurse check-plain check-asan check-valgrind
	$(MAKE) check-tsan
	$(MAKE) installcheck
	$(MAKE) check-fuzz
	@echo "check: all tests passed plain, under ASan+UBSan, valgrind and ThreadSanitizer, the install check, and $(CHECK_FUZZ_SECONDS) s of fuzzing per target found nothing"
check-plain:
	$(MAKE) -j$(JOBS) test
check-asan:
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	$(MAKE) -j$(JOBS) BUILD=build/asan CFLAGS="-O1 -g -fno-omit-frame-pointer" \
	  EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" \
	  EXTRA_LDFLAGS="-fsanitize=address,undefined" test
# test_import_faults tries every 8th allocation there (every one in the other
# runs). Valgrind runs a program's threads one at a time, so OpenBLAS's thread
# pool only adds its start-up (0.4 of each program's 1.9 s) there: one thread.
check-valgrind:
	OSTREC_FAULT_STEP=8 OPENBLAS_NUM_THREADS=1 $(MAKE) -j$(JOBS) BUILD=build/valgrind CFLAGS="-O0 -g" RUN="$(VALGRIND)" test
# ThreadSanitizer over test_threads (one index shared by eight threads, each
# with its own handle) and test_rank (rank_batch shares its scans among
# threads); the first report fails the run. The other unit tests run one
# thread, where it has nothing to find. OpenBLAS runs one thread here: its
# own pool hands results over by spinning on flags, which ThreadSanitizer
# cannot see in an uninstrumented library (it reported the batch's sgemm
# output, written by a pool thread, as a race).
check-tsan:
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" OPENBLAS_NUM_THREADS=1 \
	$(MAKE) -j$(JOBS) BUILD=build/tsan CFLAGS="-O1 -g -fno-omit-frame-pointer" \
	  EXTRA_CFLAGS="-fsanitize=thread" EXTRA_LDFLAGS="-fsanitize=thread" UNIT="build/tsan/tests/test_threads build/tsan/tests/test_rank" unit

# ---- Fuzzing (fuzz/) -------------------------------------------------------
# One libFuzzer target per input the library reads: CSV and JSON imports, the
# model, vocabulary and scenes files, the text a user types, and listening
# histories and playlists. Each checks the library's promises besides the
# sanitizers. The library is built again
# with clang under $(FUZZ_BUILD), instrumented for coverage and sanitized
# (the integer checks skip what fuzz/ignorelist.txt names: intended unsigned
# wraparound). The same target files, linked with fuzz/replay.c by the normal
# compiler, replay fuzz/regressions/TARGET/ in make test: the inputs that once
# crashed, kept so they stay fixed.
$(BUILD)/gen/fuzz_mini_csv.c: tests/fixtures/mini.csv
	$(call embed,ostrec_fuzz_mini_csv)
$(BUILD)/gen/fuzz_catalog_csv.c: data/catalog.csv
	$(call embed,ostrec_fuzz_catalog_csv)
$(BUILD)/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h $(FUZZ_GEN) $(BUILD)/libostrec.a
	@mkdir -p $(dir $@)
	$(CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_GEN) $(BUILD)/libostrec.a $(LDFLAGS_ALL) $(LIBS)
$(BUILD)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay.c fuzz/fuzz.h $(FUZZ_GEN) $(BUILD)/libostrec.a
	@mkdir -p $(dir $@)
	$(CC) $(FUZZ_CFLAGS) -o $@ $< fuzz/replay.c $(FUZZ_GEN) $(BUILD)/libostrec.a $(LDFLAGS_ALL) $(LIBS)

# Seeds, written afresh from the shipped files (fuzz/seeds.sh) with the
# program of the plain build.
$(FUZZ_BUILD)/seeds/.done: fuzz/seeds.sh data/catalog.csv data/artists.csv tests/fixtures/mini.csv models/default.json \
                           models/vocab.json data/scenes.json $(wildcard tests/fixtures/history/*)
	@$(MAKE) --no-print-directory BUILD=build build/ostrec
	bash fuzz/seeds.sh $(FUZZ_BUILD)/seeds build/ostrec
	touch $@

fuzz-build: deps-quiet
	@$(MAKE) --no-print-directory -j$(JOBS) BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) CFLAGS="-O1 -g -fno-omit-frame-pointer" \
	  EXTRA_CFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" EXTRA_LDFLAGS="$(FUZZ_SAN)" \
	  $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz/fuzz_%)
	@$(MAKE) --no-print-directory $(FUZZ_BUILD)/seeds/.done

# Each target for FUZZ_SECONDS on its working corpus (seeds and regressions
# merged in), FUZZ_JOBS at a time; a crash's input lands in
# $(FUZZ_BUILD)/crashes/TARGET/ and the log in $(FUZZ_BUILD)/TARGET.log.
fuzz: fuzz-build
	@$(MAKE) --no-print-directory -j$(FUZZ_JOBS) $(FUZZ_TARGETS:%=fuzz-run-%)
fuzz-run-%:
	@mkdir -p $(FUZZ_BUILD)/corpus/$* $(FUZZ_BUILD)/crashes/$*
	@echo "fuzz $*: $(FUZZ_SECONDS) s"
	@$(FUZZ_ENV) $(FUZZ_BUILD)/fuzz/fuzz_$* -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 \
	  $(if $(filter import_json model vocab scenes,$*),-dict=fuzz/json.dict) \
	  -artifact_prefix=$(FUZZ_BUILD)/crashes/$*/ $(FUZZ_BUILD)/corpus/$* $(FUZZ_BUILD)/seeds/$* \
	  $(wildcard fuzz/regressions/$*) > $(FUZZ_BUILD)/$*.log 2>&1 \
	  || { tail -n 80 $(FUZZ_BUILD)/$*.log; echo "fuzz $*: FAILED; input in $(FUZZ_BUILD)/crashes/$*/"; exit 1; }
	@echo "fuzz $*: $$(sed -n 's/^stat::number_of_executed_units: *//p' $(FUZZ_BUILD)/$*.log) runs, nothing found"
check-fuzz:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS)

# The benchmark, in two parts, as Markdown tables; it prints figures and
# fails only when a check does. bench/bench.c: the library's compact index
# against a dense float32 baseline (sgemv/sgemm and a bounded heap, standing
# for a flat index), single queries and 1,000-query batches on synthetic
# catalogs of 100k and 1M songs; both must give the same top-10. Single
# queries run one OpenBLAS thread; batches run on every processor, both
# kinds. bench/cli_bench.py: the program end to end on the shipped catalog
# and on synthetic catalogs of 100k and 1M songs (bench/gen_catalog.py):
# import, the first query, similar and an arc with the index kept, each
# beside `show`. BENCH_ARGS and CLI_BENCH_ARGS pass options, e.g.
# BENCH_ARGS="--sizes 100000 --runs 31" CLI_BENCH_ARGS="--sizes 0,100000".
BENCH_ARGS ?=
CLI_BENCH_ARGS ?=
$(BUILD)/bench/bench: bench/bench.c $(BUILD)/libostrec.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -O2 -o $@ $< $(BUILD)/libostrec.a $(LDFLAGS_ALL) $(LIBS)
bench: all $(BUILD)/bench/bench
	OPENBLAS_NUM_THREADS=1 $(BUILD)/bench/bench $(BENCH_ARGS)
	python3 bench/cli_bench.py --ostrec $(BUILD)/ostrec $(CLI_BENCH_ARGS)

# The evaluation of "more like this" on lists real people made
# (data/eval/, eval/eval.c): baselines and the shipped model, train and
# held-out lists: the models before this work, hand-set with the soundtrack
# and artist groups, and fitted (the shipped default). `make eval FIT=1`
# fits again from models/hand.json (EVAL_LAMBDA: the pull toward it) and
# writes the result to build/fitted.json, which models/default.json is.
# Then "for me" on real listening histories and playlists
# (data/eval/histories.csv, eval/profiles.c) beside its baselines.
$(BUILD)/eval/eval: eval/eval.c $(BUILD)/libostrec.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -O2 -o $@ $< $(BUILD)/libostrec.a $(LDFLAGS_ALL) $(LIBS)
EVAL_ARGS = data/catalog.csv data/artists.csv data/eval/lists.csv data/eval/splits.csv \
            models/hand.json models/before.json models/default.json
EVAL_LAMBDA ?= 0.1
$(BUILD)/eval/profiles: eval/profiles.c $(BUILD)/libostrec.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -O2 -o $@ $< $(BUILD)/libostrec.a $(LDFLAGS_ALL) $(LIBS)
eval: all $(BUILD)/eval/eval $(BUILD)/eval/profiles
	OPENBLAS_NUM_THREADS=1 $(BUILD)/eval/eval $(EVAL_ARGS) $(if $(FIT),--lambda $(EVAL_LAMBDA) --fit $(BUILD)/fitted.json)
	OPENBLAS_NUM_THREADS=1 $(BUILD)/eval/profiles data/catalog.csv data/artists.csv data/eval/histories.csv

# Install the Debian packages the build and tests need, when dpkg says they are
# missing (scripts/deps.sh; DEPS_FLAGS=--dry-run shows what it would install).
DEPS_FLAGS ?=
deps:
	@sh scripts/deps.sh $(DEPS_FLAGS)
deps-quiet:
	@sh scripts/deps.sh $(DEPS_FLAGS) >/dev/null

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/ostrec
	install -m 755 $(BUILD)/ostrec $(DESTDIR)$(PREFIX)/bin/ostrec
	install -m 644 $(BUILD)/libostrec.a $(DESTDIR)$(PREFIX)/lib/libostrec.a
	install -m 755 $(BUILD)/libostrec.so $(DESTDIR)$(PREFIX)/lib/libostrec.so.$(VERSION)
	ln -sf libostrec.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libostrec.so.0
	ln -sf libostrec.so.0 $(DESTDIR)$(PREFIX)/lib/libostrec.so
	install -m 644 engine/ostrec.h $(DESTDIR)$(PREFIX)/include/ostrec.h
	# written afresh, so the PREFIX given to install is the one they name
	for pc in ostrec ostrec-static; do \
	  sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' $$pc.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/$$pc.pc; done
	install -m 644 data/catalog.csv data/artists.csv data/scenes.json data/schema.sql models/vocab.json models/default.json $(DESTDIR)$(PREFIX)/share/ostrec/
	@$(MAKE) --no-print-directory install-ldconfig

# Refresh the loader's cache after installing into the live system (no
# DESTDIR; NO_LDCONFIG=1 skips it, as make installcheck does), so programs linked with -lostrec find libostrec.so.0. The ostrec
# program itself links libostrec.a and runs without it. Not being root is no
# failure: it says what to run instead.
install-ldconfig:
	@[ -z "$(DESTDIR)$(NO_LDCONFIG)" ] || exit 0; PATH="$$PATH:/sbin:/usr/sbin"; \
	if ! command -v ldconfig >/dev/null 2>&1; then \
	  echo "install: no ldconfig; programs linked with -lostrec may need LD_LIBRARY_PATH=$(PREFIX)/lib"; \
	elif ! ldconfig 2>/dev/null; then \
	  echo "install: could not run ldconfig (not root?): run it as root, or set LD_LIBRARY_PATH=$(PREFIX)/lib for programs linked with -lostrec"; \
	elif ! ldconfig -p | grep -qF "$(PREFIX)/lib/libostrec.so.0"; then \
	  echo "install: ran ldconfig, but $(PREFIX)/lib is not one of the loader's directories: programs linked with -lostrec need LD_LIBRARY_PATH=$(PREFIX)/lib (or a line in /etc/ld.so.conf.d/)"; \
	else echo "install: ran ldconfig"; fi

# Install into a temporary prefix and build the README's example from the
# installed header and .pc files, shared and static (tests/installcheck.sh).
# Plain flags: run it without BUILD, CFLAGS or RUN of a sanitizer build.
installcheck: all $(BUILD)/tests/readme_example.c
	@bash tests/installcheck.sh $(BUILD)

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ostrec $(DESTDIR)$(PREFIX)/lib/libostrec.a \
	  $(DESTDIR)$(PREFIX)/lib/libostrec.so $(DESTDIR)$(PREFIX)/lib/libostrec.so.0 \
	  $(DESTDIR)$(PREFIX)/lib/libostrec.so.$(VERSION) $(DESTDIR)$(PREFIX)/include/ostrec.h \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig/ostrec.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/ostrec-static.pc
	rm -rf $(DESTDIR)$(PREFIX)/share/ostrec
	@[ -n "$(DESTDIR)" ] || PATH="$$PATH:/sbin:/usr/sbin" ldconfig 2>/dev/null || true

# The quick start: build, load the shipped catalog, and recommend from it.
DEMO_DB = $(BUILD)/demo.db
demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/check-blas.sh $(BUILD)/ostrec $(BUILD)/libostrec.so
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BUILD)/ostrec --db $(DEMO_DB) import data/catalog.csv
	$(BUILD)/ostrec --db $(DEMO_DB) import --artists data/artists.csv
	$(BUILD)/ostrec --db $(DEMO_DB) stats
	$(BUILD)/ostrec --db $(DEMO_DB) similar "Stay With Me" -n 10 --explain
	$(BUILD)/ostrec --db $(DEMO_DB) playlist --arc calm,tense,triumphant -n 12

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
