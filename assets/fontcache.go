package assets

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Font returns the bytes of one embedded font; name is one of the
// constants above. The first call for a font in a process takes the copy
// in the user's cache folder (FontCacheDir) when its SHA-256 is the one
// this build ships (checking it costs ≈ 10 ms for a 9 MB face), else
// inflates the embedded gzip and writes it there for the next start (once
// per release and user; docs/BENCHMARKS.md has the times). A cache that
// cannot be written costs only that: the font is used from memory, so
// every character still prints.
//
// The slice is shared: callers must not modify it (copy first if a
// library writes into its input). On Linux and macOS it maps the cached
// file (copy-on-write), so the font is not Go heap and its pages are the
// system's file cache.
func Font(name string) []byte {
	f := fontSlot(name)
	f.once.Do(func() { f.data = loadFont(name) })
	return f.data
}

type cachedFont struct {
	once sync.Once
	data []byte
}

var fonts = map[string]*cachedFont{SansRegular: {}, SansBold: {}, SerifRegular: {}, SerifBold: {}, ExtB: {}}

func fontSlot(name string) *cachedFont {
	f, ok := fonts[name]
	if !ok {
		panic("assets: no embedded font " + name) // a programming error, caught by tests
	}
	return f
}

// FontCacheDir is where the inflated fonts are kept:
// os.UserCacheDir()/Jiedao/fonts (%LocalAppData%\Jiedao\fonts on
// Windows, ~/.cache/Jiedao/fonts on Linux). "" when the system names no
// cache folder; then the fonts stay in memory only.
func FontCacheDir() string {
	if fontCacheDir != nil {
		return fontCacheDir()
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "Jiedao", "fonts")
}

// fontCacheDir replaces FontCacheDir in tests.
var fontCacheDir func() string

// loadFont is Font's first call for name: the cached copy when it is the
// right one, else the embedded font, inflated and cached.
func loadFont(name string) []byte {
	want := fontSum(name)
	dir := FontCacheDir()
	if dir != "" {
		if b, err := mapFile(filepath.Join(dir, name)); err == nil {
			if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) == want {
				return b
			}
			unmapFile(b) // stale (another release's) or damaged: replaced below
		}
	}
	b := inflate(name, want)
	if dir == "" {
		return b
	}
	if err := writeAtomic(dir, name, b); err != nil {
		return b
	}
	if m, err := mapFile(filepath.Join(dir, name)); err == nil && bytes.Equal(m, b) {
		return m // the inflated copy becomes garbage: only the file's pages stay
	} else if err == nil {
		unmapFile(m)
	}
	return b
}

// inflate returns the embedded font name, checked against its SHA-256;
// a mismatch is a build defect (fonts/*.gz not remade after a font
// changed), which TestFontsMatchTheirSums catches.
func inflate(name, want string) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(compressedFont(name)))
	if err != nil {
		panic("assets: font " + name + ": " + err.Error())
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		panic("assets: font " + name + ": " + err.Error())
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != want {
		panic("assets: font " + name + " does not match fonts/SHA256SUMS")
	}
	return b
}

// fontSum is name's SHA-256 in fonts/SHA256SUMS.
func fontSum(name string) string {
	sc := bufio.NewScanner(strings.NewReader(fontSums))
	for sc.Scan() {
		sum, file, ok := strings.Cut(sc.Text(), "  ")
		if ok && file == name {
			return sum
		}
	}
	panic("assets: font " + name + " is not in fonts/SHA256SUMS")
}

// writeAtomic writes b as dir/name through a temporary file in dir and a
// rename, so that a reader (another Jiedao starting) finds either no file
// or the whole one, never a part.
func writeAtomic(dir, name string, b []byte) (err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, name+".*.partial")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(b); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, name))
}
