//go:build unix

package data

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// openElsewhere reports whether another process has the database at path
// open, by asking the system whether anyone holds one of SQLite's locks
// on its -shm or main file (F_GETLK, which takes no lock itself, so a
// process opening the database at the same moment is not disturbed). The
// locks of this process are not seen: it asks about the others.
func openElsewhere(path string) bool {
	if exists(path+"-shm") && locked(path+"-shm", shmDeadManSwitch, 1) {
		return true
	}
	return locked(path, pendingByte, lockBytes)
}

// locked reports whether another process holds a lock on n bytes of the
// file at path from off; also when that cannot be told.
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
