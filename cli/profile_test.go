package cli

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestStartProfiles: the hidden profiling switches write a CPU and a heap
// profile (gzipped protobuf, as pprof reads them) when stopped, and
// nothing when not set.
func TestStartProfiles(t *testing.T) {
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.pprof"), filepath.Join(dir, "mem.pprof")
	env := map[string]string{envCPUProfile: cpu, envMemProfile: mem, envProfileSeconds: "60"}
	var stderr bytes.Buffer
	stop := startProfiles(func(k string) string { return env[k] }, &stderr)
	stop()
	stop() // a second call does nothing
	if stderr.Len() != 0 {
		t.Fatalf("stderr: %s", stderr.String())
	}
	for _, p := range []string{cpu, mem} {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if b, err := io.ReadAll(zr); err != nil || len(b) == 0 {
			t.Fatalf("%s: %d bytes, %v", p, len(b), err)
		}
		_ = f.Close()
	}

	none := startProfiles(func(string) string { return "" }, &stderr)
	none()
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Fatalf("files: %v", entries)
	}
}
