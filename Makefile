# Jiedao build. `make run` and `make test` are the two everyday commands; both
# first install the Debian packages a Fyne (cgo) build needs when missing.

GO      ?= go
VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
# FyneApp.toml's [Migrations] fyneDo = true: callbacks and fyne.Do run on
# the UI goroutine. `go build` does not read FyneApp.toml, so pass the tag.
TAGS    := migrated_fynedo
LDFLAGS := -X main.version=$(VERSION)

# What a cgo Fyne build needs on Debian 12 (pkg-config: without it go-gl
# fails), plus poppler-utils, which the PDF tests read their output with,
# and LibreOffice Writer, with which the Word-export test converts .docx.
DEPS     := gcc libc6-dev pkg-config libgl1-mesa-dev libxcursor-dev libxrandr-dev \
            libxinerama-dev libxi-dev libxxf86vm-dev ca-certificates poppler-utils \
            libreoffice-writer-nogui
# PostgreSQL's server, for the suites run against the office server's
# engine (make test-pg, build/pg-test.sh).
PG_DEPS  := postgresql
# The Windows cross-build (mingw: Fyne needs cgo), and what the check under
# wine and the installer need: 64-bit wine only (no i386 architecture),
# a virtual display, xdotool to find the window, ImageMagick to photograph
# it, and msitools/wixl for the MSI.
WIN_DEPS   := gcc-mingw-w64-x86-64
CHECK_DEPS := wine wine64 xvfb xauth xdotool x11-utils imagemagick poppler-utils sqlite3
MSI_DEPS   := wixl msitools imagemagick

# The linters, at pinned versions, installed into GOPATH/bin by make lint.
GOCYCLO_VERSION     := v0.6.0
STATICCHECK_VERSION := v0.8.2
GOBIN_DIR           := $(shell $(GO) env GOPATH)/bin
GOCYCLO             := $(GOBIN_DIR)/gocyclo
STATICCHECK         := $(GOBIN_DIR)/staticcheck

# fyne package (fyne.io/tools) makes Jiedao.exe with its icon and version.
FYNE_TOOLS := v1.7.4
FYNE       := $(shell $(GO) env GOPATH)/bin/fyne
MSI        := dist/Jiedao-$(VERSION)-x64.msi

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

.PHONY: deps deps-pg test-pg deps-windows deps-check deps-msi fyne-tool lint-tools run test lint race bench bench-start fonts windows windows-check installer clean

deps:
	$(call apt_install,$(DEPS))

deps-pg:
	$(call apt_install,$(PG_DEPS))

deps-windows: deps
	$(call apt_install,$(WIN_DEPS))

deps-check:
	$(call apt_install,$(CHECK_DEPS) $(WIN_DEPS))

deps-msi:
	$(call apt_install,$(MSI_DEPS))

fyne-tool:
	@[ -x $(FYNE) ] && $(FYNE) version 2>/dev/null | grep -q 'cli version: $(FYNE_TOOLS)' || \
		{ echo "installing fyne.io/tools $(FYNE_TOOLS)"; $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_TOOLS); }

run: deps
	$(GO) run -tags $(TAGS) -ldflags "$(LDFLAGS)" .

test: deps
	$(GO) vet -tags $(TAGS) ./...
	$(GO) test -tags $(TAGS) ./...

# The data and sheet suites again, against a throwaway PostgreSQL cluster
# (build/pg-test.sh: initdb and pg_ctl in a temporary folder, as an
# unprivileged user, on a local port; stopped and removed afterwards).
test-pg: deps deps-pg
	GO=$(GO) TAGS=$(TAGS) build/pg-test.sh

lint-tools:
	@[ -x $(GOCYCLO) ] && $(GO) version -m $(GOCYCLO) | grep -q 'mod.*$(GOCYCLO_VERSION)' || \
		{ echo "installing gocyclo $(GOCYCLO_VERSION)"; $(GO) install github.com/fzipp/gocyclo/cmd/gocyclo@$(GOCYCLO_VERSION); }
	@[ -x $(STATICCHECK) ] && $(GO) version -m $(STATICCHECK) | grep -q 'mod.*$(STATICCHECK_VERSION)' || \
		{ echo "installing staticcheck $(STATICCHECK_VERSION)"; $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION); }

# No function over cyclomatic complexity 20 (tests and the carried forks
# excepted: gocyclo exits 1 when it lists any), and staticcheck clean.
lint: deps lint-tools
	$(GOCYCLO) -over 20 -ignore '_test\.go$$|^third_party/|/third_party/' .
	$(STATICCHECK) -tags $(TAGS) ./...

# The race detector over the packages with concurrent work: the store,
# documents, import/export and the screens' background jobs.
race: deps
	$(GO) test -race -tags $(TAGS) ./data/... ./pdf/... ./sheet/... ./screens/...

bench: deps
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem ./...

# Start-up and memory beside a bare Fyne window (docs/BENCHMARKS.md).
bench-start: deps deps-check
	build/bench-start.sh

# Jiedao embeds the fonts gzip-compressed: after assets/fonts/mkfonts.py
# (re)made a .ttf, remake its .gz and the sums (assets' tests check them).
fonts:
	cd assets/fonts && for f in *.ttf; do gzip -9 -n -k -f "$$f"; done && sha256sum *.ttf > SHA256SUMS

# The Windows executable through fyne package: GUI subsystem, release
# flags, icon and version resource from FyneApp.toml, tags migrated_fynedo
# and release, -X main.version. See build/windows/package.sh (it packages
# a copy of the tree, so the tree stays as it was) and docs/WINDOWS.md.
windows: deps-windows fyne-tool
	FYNE=$(FYNE) GO=$(GO) build/windows/package.sh dist/Jiedao.exe

# Jiedao.exe and the MSI proven under wine on a fresh prefix: subcommands,
# Chinese paths, PDFs read back, the window photographed, install, upgrade
# and uninstall. Builds what it checks first (make windows installer).
windows-check: deps-check installer
	GO=$(GO) build/windows/check.sh dist/Jiedao.exe $(MSI)

# The per-user MSI installer (wixl) for dist/Jiedao.exe.
installer: deps-msi windows
	build/windows/msi.sh $(VERSION) dist/Jiedao.exe $(MSI)

clean:
	rm -rf dist
