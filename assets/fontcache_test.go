package assets

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var allFonts = []string{SansRegular, SansBold, SerifRegular, SerifBold, ExtB}

// TestFontsMatchTheirSums: each embedded gzip inflates to the TrueType
// file beside it in fonts/, whose SHA-256 is the one in SHA256SUMS; a
// font remade without remaking its .gz (or the sums) fails here.
func TestFontsMatchTheirSums(t *testing.T) {
	for _, name := range allFonts {
		src, err := os.ReadFile(filepath.Join("fonts", name))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(src)
		if got := hex.EncodeToString(sum[:]); got != fontSum(name) {
			t.Errorf("%s: SHA-256 %s, SHA256SUMS says %s (run make fonts)", name, got, fontSum(name))
		}
		start := time.Now()
		b := inflate(name, fontSum(name))
		t.Logf("%s: %d bytes from %d compressed (%.1f%%), inflated and hashed in %v",
			name, len(b), len(compressedFont(name)), 100*float64(len(compressedFont(name)))/float64(len(b)), time.Since(start))
		if !bytes.Equal(b, src) {
			t.Errorf("%s: the embedded gzip is not the file in fonts/ (run make fonts)", name)
		}
	}
}

// TestFontCache: the first load writes the font to the cache folder, the
// next uses that file, and a damaged or stale file is replaced.
func TestFontCache(t *testing.T) {
	dir := t.TempDir()
	fontCacheDir = func() string { return dir }
	t.Cleanup(func() { fontCacheDir = nil })
	want := inflate(SansBold, fontSum(SansBold))
	path := filepath.Join(dir, SansBold)

	if b := loadFont(SansBold); !bytes.Equal(b, want) {
		t.Fatal("first load: wrong bytes")
	}
	if b, err := os.ReadFile(path); err != nil || !bytes.Equal(b, want) {
		t.Fatalf("not cached: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.partial")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}

	// A copy of another release (same name, other bytes) is replaced.
	if err := os.WriteFile(path, []byte("not this release's font"), 0o600); err != nil {
		t.Fatal(err)
	}
	if b := loadFont(SansBold); !bytes.Equal(b, want) {
		t.Fatal("stale cache: wrong bytes")
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, want) {
		t.Error("stale cache not replaced")
	}

	// The cached file is what a later start uses: a copy that passes the
	// check is taken as it is, without inflating.
	st1, _ := os.Stat(path)
	if b := loadFont(SansBold); !bytes.Equal(b, want) {
		t.Fatal("cached: wrong bytes")
	}
	if st2, _ := os.Stat(path); !os.SameFile(st1, st2) {
		t.Error("a good cached copy was rewritten")
	}
}

// TestFontWithoutCache: where the cache cannot be written, the font comes
// from memory, complete.
func TestFontWithoutCache(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"", filepath.Join(blocker, "fonts")} {
		fontCacheDir = func() string { return dir }
		b := loadFont(SansRegular)
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != fontSum(SansRegular) {
			t.Errorf("cache %q: wrong bytes", dir)
		}
	}
	fontCacheDir = nil
}

// TestFontUnknownPanics: asking for a font that is not embedded is a
// programming error.
func TestFontUnknownPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	Font("Missing.ttf")
}

// BenchmarkFontCached is what a start pays per font once cached: map the
// file and check its SHA-256.
func BenchmarkFontCached(b *testing.B) {
	dir := b.TempDir()
	fontCacheDir = func() string { return dir }
	defer func() { fontCacheDir = nil }()
	loadFont(SansRegular)
	b.ResetTimer()
	for b.Loop() {
		m := loadFont(SansRegular)
		unmapFile(m)
	}
}
