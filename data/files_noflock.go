//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly || solaris)

package data

import "os"

// holdTemp has nothing to do: on Windows an open file cannot be deleted
// (Go opens files without FILE_SHARE_DELETE), which keeps a live write's
// temporary file from RemoveTempFiles in another process.
func holdTemp(*os.File) {}

// removeUnlessHeld removes the file at path, which fails while another
// process has it open, and reports whether it did.
func removeUnlessHeld(path string) bool { return os.Remove(path) == nil }

// renameTemp closes the temporary file f, which Windows will not rename
// while it is open, and gives it its name.
func renameTemp(f *os.File, path string) error {
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
