//go:build linux || darwin || freebsd || netbsd || openbsd

package assets

import (
	"errors"
	"os"
	"syscall"
)

// mapFile maps the file at path copy-on-write: reading it costs no Go
// heap, and a library that writes into the slice changes only its own
// copy of the page, never the file.
func mapFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() == 0 || st.Size() != int64(int(st.Size())) {
		return nil, errors.New("assets: empty or oversized font file")
	}
	return syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE)
}

// unmapFile releases a mapping of mapFile that is not kept.
func unmapFile(b []byte) { _ = syscall.Munmap(b) }
