package data

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// leftoverNames are what killed backups, restores and exports leave
// (see leftovers.go), and keep are files beside them that must stay.
var (
	leftoverNames = []string{
		"jiedao.db.restoring",
		"jiedao.db.restoring-wal",
		"jiedao.db.restoring-shm",
		"jiedao.db.restoring.partial",
		"jiedao.db.restoring.partial-journal",
		".花名册.xlsx.123456789.tmp", // as WriteFileAtomic named it before
		"backups/jiedao-20261125-101500.db.partial",
		"backups/jiedao-20261125-101500.db.partial-journal",
		"backups/jiedao-before-restore-20261125-101500-2.db.partial",
		"backups/.jiedao-20261125-101500.db.77.tmp",
	}
	// tempNames are WriteFileAtomic's: they go whenever no writer holds
	// them, whoever has the database open.
	tempNames = []string{
		".花名册.xlsx.jiedao-123456789.tmp",
		".write-test.jiedao-42.tmp",
		"backups/.x.db.jiedao-77.tmp",
	}
	keepNames = []string{
		"backups/jiedao-20261124-101500.db",
		"backups/jiedao-before-restore-20261125-101500.db",
		"other.db.restoring",
		"partial.db",
		".hidden",
		"notes.tmp",
	}
)

func plantLeftovers(t *testing.T, dir string, age time.Duration) {
	t.Helper()
	when := time.Now().Add(-age)
	for _, n := range slices.Concat(leftoverNames, tempNames, keepNames) {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, when, when); err != nil {
			t.Fatal(err)
		}
	}
}

// remaining lists which of names are still in dir.
func remaining(dir string, names []string) []string {
	var out []string
	for _, n := range names {
		if exists(filepath.Join(dir, filepath.FromSlash(n))) {
			out = append(out, n)
		}
	}
	return out
}

// TestOpenRemovesLeftovers: opening the database clears what killed jobs
// left beside it and in its backups folder, and nothing else; none of it
// was ever taken for a backup.
func TestOpenRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "jiedao.db")
	mustOpenWith(t, path, options{}).Close()
	plantLeftovers(t, dir, 0)
	backups, err := listBackups(filepath.Join(dir, "backups"), "jiedao", time.Local)
	if err != nil {
		t.Fatal(err)
	}
	if len(backups) != 1 || filepath.Base(backups[0].path) != "jiedao-20261124-101500.db" {
		t.Errorf("backups listed: %+v", backups)
	}

	s := mustOpenWith(t, path, options{})
	defer s.Close()
	if left := remaining(dir, slices.Concat(leftoverNames, tempNames)); len(left) > 0 {
		t.Errorf("left after Open: %v", left)
	}
	if gone := slices.DeleteFunc(slices.Clone(keepNames), func(n string) bool {
		return slices.Contains(remaining(dir, keepNames), n)
	}); len(gone) > 0 {
		t.Errorf("removed, and not leftovers: %v", gone)
	}
}

// TestLeftoversWhileOpen: while the database is open — by another store of
// this process, or by another process (a window making a backup) — what
// looks left over may be work in progress, and only old files go.
func TestLeftoversWhileOpen(t *testing.T) {
	for _, by := range []string{"this process", "another process"} {
		t.Run(by, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "jiedao.db")
			mustOpenWith(t, path, options{}).Close()
			if by == "this process" {
				s := mustOpenWith(t, path, options{})
				defer s.Close()
			} else {
				holdOpenElsewhere(t, path)
				if !openElsewhere(path) {
					t.Fatal("openElsewhere does not see the other process")
				}
			}
			plantLeftovers(t, dir, time.Minute)
			removed, err := RemoveLeftovers(path)
			if err != nil {
				t.Fatal(err)
			}
			if left := remaining(dir, leftoverNames); len(left) != len(leftoverNames) {
				t.Errorf("recent leftovers removed while the database is open: %v", removed)
			}
			if left := remaining(dir, tempNames); len(left) > 0 {
				t.Errorf("temporary files no one holds stayed: %v", left)
			}
			plantLeftovers(t, dir, 2*staleAfter)
			if _, err := RemoveLeftovers(path); err != nil {
				t.Fatal(err)
			}
			if left := remaining(dir, leftoverNames); len(left) > 0 {
				t.Errorf("old leftovers stayed: %v", left)
			}
		})
	}
	t.Run("nobody", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "jiedao.db")
		mustOpenWith(t, path, options{}).Close()
		if openElsewhere(path) {
			t.Error("openElsewhere with nobody there")
		}
	})
}

// holdOpenElsewhere starts this test binary again as a process that opens
// the database at path and keeps it open until the test ends.
func holdOpenElsewhere(t *testing.T, path string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldOpen$")
	cmd.Env = append(os.Environ(), "JIEDAO_TEST_HOLD="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "open\n" {
		t.Fatalf("helper: %q, %v", line, err)
	}
}

// TestHelperHoldOpen is the process holdOpenElsewhere starts; alone it
// does nothing.
func TestHelperHoldOpen(t *testing.T) {
	path := os.Getenv("JIEDAO_TEST_HOLD")
	if path == "" {
		t.Skip("a helper process of TestLeftoversWhileOpen")
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s = asTester(t, s)
	if _, err := s.Settings(context.Background()); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("open\n")
	_, _ = io.Copy(io.Discard, os.Stdin) // until the test closes it
}

// TestRemoveTempFiles: a temporary file a write left goes; one a write
// still holds (here in this process: flock locks are the open file's)
// stays, and so does a file of another program.
func TestRemoveTempFiles(t *testing.T) {
	dir := t.TempDir()
	dead := filepath.Join(dir, ".纪要.pdf.jiedao-1.tmp")
	other := filepath.Join(dir, ".report.pdf.1.tmp")
	for _, p := range []string{dead, other} {
		if err := os.WriteFile(p, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	live, err := os.CreateTemp(dir, ".花名册.xlsx"+tempMark+"*.tmp")
	if err != nil {
		t.Fatal(err)
	}
	holdTemp(live)
	defer live.Close()
	removed, err := RemoveTempFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(removed, []string{dead}) {
		t.Errorf("removed %v, want only %s", removed, dead)
	}
	if !exists(live.Name()) || !exists(other) {
		t.Errorf("the live write's file or another program's went")
	}
}
