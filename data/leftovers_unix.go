//go:build unix

package data

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// locked reports whether another process holds a lock on n bytes of the
// file at path from off; also when that cannot be told. It asks with
// F_GETLK, which takes no lock itself, so a process opening the database
// at that moment is not disturbed. The locks of this process are not
// seen: it asks about the others.
func locked(path string, off, n int64) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		if f, err = os.Open(path); err != nil {
			return !os.IsNotExist(err)
		}
	}
	defer f.Close()
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: io.SeekStart, Start: off, Len: n}
	if err := unix.FcntlFlock(f.Fd(), unix.F_GETLK, &lk); err != nil {
		return true
	}
	return lk.Type != unix.F_UNLCK
}
