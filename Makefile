# Jiedao build. `make run` and `make test` are the two everyday commands; both
# first install the Debian packages a Fyne (cgo) build needs when missing.

GO      ?= go
VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
# FyneApp.toml's [Migrations] fyneDo = true: callbacks and fyne.Do run on
# the UI goroutine. `go build` does not read FyneApp.toml, so pass the tag.
TAGS    := migrated_fynedo
LDFLAGS := -X main.version=$(VERSION)

# What a cgo Fyne build needs on Debian 12 (pkg-config: without it go-gl
# fails), plus poppler-utils, which the PDF tests read their output with.
DEPS     := gcc libc6-dev pkg-config libgl1-mesa-dev libxcursor-dev libxrandr-dev \
            libxinerama-dev libxi-dev libxxf86vm-dev ca-certificates poppler-utils
WIN_DEPS := gcc-mingw-w64-x86-64

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

.PHONY: deps deps-windows run test bench windows clean

deps:
	$(call apt_install,$(DEPS))

deps-windows: deps
	$(call apt_install,$(WIN_DEPS))

run: deps
	$(GO) run -tags $(TAGS) -ldflags "$(LDFLAGS)" .

test: deps
	$(GO) vet -tags $(TAGS) ./...
	$(GO) test -tags $(TAGS) ./...

bench: deps
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem ./...

# The Windows executable: GUI subsystem (no console window), cross-compiled
# with mingw because Fyne needs cgo.
windows: deps-windows
	mkdir -p dist
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
		$(GO) build -tags $(TAGS) -trimpath -ldflags "$(LDFLAGS) -s -w -H=windowsgui" -o dist/Jiedao.exe .
	@ls -l dist/Jiedao.exe

clean:
	rm -rf dist
