package data

import (
	"os"

	"golang.org/x/sys/windows"
)

// locked reports whether another handle holds a lock on n bytes of the
// file at path from off; also when that cannot be told. Windows has no
// way to ask without taking the lock, so it is taken and released at
// once; a connection opening in that instant finds the byte locked and
// retries, as it does when another connection is starting.
func locked(path string, off, n int64) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return !os.IsNotExist(err)
	}
	defer f.Close()
	h := windows.Handle(f.Fd())
	ol := &windows.Overlapped{Offset: uint32(off), OffsetHigh: uint32(off >> 32)}
	err = windows.LockFileEx(h, windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, uint32(n), 0, ol)
	if err != nil {
		return true
	}
	_ = windows.UnlockFileEx(h, 0, uint32(n), 0, ol)
	return false
}
