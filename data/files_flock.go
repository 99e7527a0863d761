//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly || solaris

package data

import (
	"os"

	"golang.org/x/sys/unix"
)

// holdTemp locks the temporary file f for as long as it is open (flock,
// which belongs to the open file, not to the process, and so cannot
// interfere with SQLite's fcntl locks), so that RemoveTempFiles in
// another process leaves it alone.
func holdTemp(f *os.File) { _ = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB) }

// removeUnlessHeld removes the file at path unless a writer holds its
// lock, and reports whether it did.
func removeUnlessHeld(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB) != nil {
		return false // a live write, or no way to tell
	}
	return os.Remove(path) == nil
}

// renameTemp gives the temporary file f its name while it is still open
// and locked, then closes it.
func renameTemp(f *os.File, path string) error {
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	return f.Close()
}
