#!/usr/bin/env bash
# package.sh OUT.exe — builds Jiedao.exe with `fyne package -os windows`:
# GUI subsystem, release flags (-s -w, -trimpath, the `release` tag), the
# icon and the version resource from FyneApp.toml, and the tags fyne adds
# itself from FyneApp.toml ([Migrations] fyneDo → migrated_fynedo).
#
# fyne package works in its source folder: it writes fyne.syso, an icon, a
# manifest and a metadata .go file next to main.go while it builds, and it
# always rewrites FyneApp.toml with Build+1 afterwards, even when
# --app-build is given. Other builds and tests may be running in the same
# tree at that moment (a stray fyne.syso breaks every Linux build of
# package main), so it packages a copy of the sources in a temporary folder
# and the working tree is never touched.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: package.sh OUT.exe}
: "${FYNE:=fyne}" "${GO:=go}"

version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
build=$(sed -n 's/^ *Build *= *\([0-9][0-9]*\).*/\1/p' FyneApp.toml)
[ -n "$version" ] && [ -n "$build" ] || { echo "package.sh: no Version/Build in FyneApp.toml" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=$tmp/jiedao
mkdir "$src"
# The sources as they are now (committed or not), without the outputs.
tar --exclude=./.git --exclude=./dist --exclude='*.db' --exclude='*.db-wal' --exclude='*.db-shm' \
    -cf - . | tar -C "$src" -xf -

# fyne passes -ldflags found in GOFLAGS on to go build; GOFLAGS splits on
# spaces, hence -X=name=value.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-ldflags=-X=main.version=$version"
export CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc
# Given no executable, fyne package builds one, then builds it again with
# the resource; an existing (empty) --exe skips the first, useless build.
: >"$src/jiedao.exe"
start=$(date +%s)
(cd "$src" && "$FYNE" package -os windows -release --app-version "$version" --app-build "$build" --exe jiedao.exe -v) >"$tmp/fyne.log" 2>&1 ||
  { cat "$tmp/fyne.log" >&2; echo "package.sh: fyne package failed" >&2; exit 1; }

# fyne names the program after the app (街道通.exe); the file keeps an
# ASCII name so that scripts, the installer and cmd.exe find it easily.
mkdir -p "$(dirname "$out")"
mv "$src/街道通.exe" "$out"

# Check that the packaged build got what go build would have been told:
# the go build command fyne ran (with -trimpath, go version -m does not
# record -ldflags), the tags in the build info, and the PE subsystem.
gobuild=$(grep -m1 '^Running .* build' "$tmp/fyne.log" || true)
info=$(GOOS= GOARCH= "$GO" version -m "$out")
for want in "-X=main.version=$version" '-H=windowsgui' '-s -w' '-trimpath'; do
  grep -q -- "$want" <<<"$gobuild" || { echo "package.sh: fyne package ran go build without $want: $gobuild" >&2; exit 1; }
done
for want in 'migrated_fynedo' 'release'; do
  grep -q -- "-tags=.*$want" <<<"$info" || { echo "package.sh: $out was built without the tag $want" >&2; exit 1; }
done
pe=$(x86_64-w64-mingw32-objdump -p "$out")
grep -q 'Subsystem.*Windows GUI' <<<"$pe" ||
  { echo "package.sh: $out is not a GUI-subsystem program" >&2; exit 1; }
"$(dirname "$0")/sign.sh" "$out"
echo "$out: $(stat -c %s "$out") bytes, version $version build $build, tags migrated_fynedo,release, built in $(( $(date +%s) - start )) s"
