//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package assets

import "os"

// mapFile reads the file at path (Windows: into memory; mapping it is for
// a later change).
func mapFile(path string) ([]byte, error) { return os.ReadFile(path) }

// unmapFile lets the garbage collector have b.
func unmapFile([]byte) {}
