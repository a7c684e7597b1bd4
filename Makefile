# followup — the README's commands. `make demo` and `make test` set up what they need.
SWIFT ?= swift
PREFIX ?= /usr/local
# Build: sqlite3, libgit2, hunspell with its en_US dictionary. Tests: python3-jsonschema, python3-icalendar, and real git servers on loopback
# (git daemon, lighttpd + git http-backend, sshd, gitolite3); bash, zsh and fish load the completion scripts; the torture
# campaigns sign forged events with python3-cryptography and use chattr (e2fsprogs). The calendar
# tests run Radicale with an htpasswd file (apache2-utils) and read it back with curl; followup-cal
# talks HTTP through Foundation's URLSession, which links the system libcurl (libcurl4-openssl-dev). `remind` notifies through
# notify-send (libnotify-bin); its tests run dunst under Xvfb on a dbus session and check the
# units with systemd-analyze; the benchmarks compare start-up with hyperfine. The report tests
# render in headless Chromium, count PDF pages with pdfinfo (poppler-utils) and read screenshots with PIL.
APT_PACKAGES := libsqlite3-dev libgit2-dev libhunspell-dev hunspell-en-us pkg-config python3-jsonschema python3-icalendar git openssl lighttpd lighttpd-mod-openssl openssh-server gitolite3 zsh fish python3-cryptography e2fsprogs \
  libcurl4-openssl-dev radicale apache2-utils curl libnotify-bin dunst xvfb dbus systemd hyperfine \
  chromium poppler-utils python3-pil
# make torture: TORTURE_SCALE multiplies the trials of each campaign (1: a few minutes each).
TORTURE_SCALE ?= 1
RELEASE_FLAGS := -c release --static-swift-stdlib
BIN_RELEASE := .build/release/followup

.PHONY: all deps build release test torture demo man install uninstall schema bench clean

all: build

# Install the system libraries through apt when any is missing (as root, or with sudo).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

build: deps
	$(SWIFT) build

# One product at a time: built all at once, SwiftPM also links GRDB's dynamic library product,
# which cannot link against the static standard library.
release: deps
	for product in followup followup-sync followup-proof followup-cal; do $(SWIFT) build $(RELEASE_FLAGS) --product $$product || exit 1; done

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel
	./torture/run --quick

# The reliability campaigns (torture/): kills, concurrency, convergence, hostile input and
# fuzzing, faults outside the process. Exits non-zero if anything was lost or a check was skipped.
torture: build
	./torture/run --strict --scale $(TORTURE_SCALE)

demo: release
	./scripts/demo.sh $(BIN_RELEASE)

# Man pages generated from the commands by swift-argument-parser's generate-manual plugin (from
# the debug build, so the static release binaries are left as they are).
MAN_OUT := .build/plugins/GenerateManual/outputs
SHARE := $(DESTDIR)$(PREFIX)/share
man: deps
	$(SWIFT) package plugin generate-manual --configuration debug

# The binaries, man pages, and the completion scripts each shell loads from its standard place.
install: release man
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BIN_RELEASE) $(DESTDIR)$(PREFIX)/bin/followup
	install -m 0755 $(BIN_RELEASE)-sync $(DESTDIR)$(PREFIX)/bin/followup-sync
	install -m 0755 $(BIN_RELEASE)-proof $(DESTDIR)$(PREFIX)/bin/followup-proof
	install -m 0755 $(BIN_RELEASE)-cal $(DESTDIR)$(PREFIX)/bin/followup-cal
	install -d $(SHARE)/man/man1 $(SHARE)/bash-completion/completions $(SHARE)/zsh/site-functions \
	  $(SHARE)/fish/vendor_completions.d
	for page in followup followup-sync followup-proof followup-cal; do install -m 0644 $(MAN_OUT)/$$page/$$page.1 $(SHARE)/man/man1/; done
	$(BIN_RELEASE) --generate-completion-script bash > $(SHARE)/bash-completion/completions/followup
	$(BIN_RELEASE) --generate-completion-script zsh > $(SHARE)/zsh/site-functions/_followup
	$(BIN_RELEASE) --generate-completion-script fish > $(SHARE)/fish/vendor_completions.d/followup.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/followup $(DESTDIR)$(PREFIX)/bin/followup-sync $(DESTDIR)$(PREFIX)/bin/followup-proof \
	  $(DESTDIR)$(PREFIX)/bin/followup-cal
	rm -f $(SHARE)/man/man1/followup.1 $(SHARE)/man/man1/followup-sync.1 $(SHARE)/man/man1/followup-proof.1 \
	  $(SHARE)/man/man1/followup-cal.1
	rm -f $(SHARE)/bash-completion/completions/followup $(SHARE)/zsh/site-functions/_followup \
	  $(SHARE)/fish/vendor_completions.d/followup.fish

# Regenerate the embedded copy of Schema/*.sql after adding a migration.
schema:
	./scripts/generate-schema.sh

# Benchmarks live in their own package so the main build stays light. Figures are printed
# next to their peers (Taskwarrior, sqlite3, the git CLI) and written to bench-out/.
bench: release
	./Benchmarks/run.sh
	./Benchmarks/sync.sh
	./Benchmarks/encryption.sh
	./Benchmarks/calendar.sh
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

clean:
	rm -rf .build Benchmarks/.build
