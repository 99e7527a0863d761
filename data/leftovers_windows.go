package data

import (
	"os"

	"golang.org/x/sys/windows"
)

// openElsewhere reports whether another process has the database at path
// open: whether the "dead man switch" byte of its -shm file, on which every
// open connection holds a shared lock, can be locked exclusively. The
// probe lock is released at once. Windows has no way to ask without
// taking the lock; a connection opening in that instant finds the byte
// locked and retries, as it does when another connection is starting. A
// database in exclusive locking mode keeps no -shm; its main file is then
// locked for writing, which the same probe on the lock bytes finds.
func openElsewhere(path string) bool {
	if exists(path+"-shm") && locked(path+"-shm", shmDeadManSwitch, 1) {
		return true
	}
	return locked(path, pendingByte, lockBytes)
}

// locked reports whether another handle holds a lock on n bytes of the
// file at path from off; also when that cannot be told.
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
