package data

import (
	"strings"

	"golang.org/x/sys/unix"
)

// networkFSNames are the file system names macOS's statfs gives for the
// network shares a database file must not be on.
var networkFSNames = []string{"nfs", "smbfs", "afpfs", "webdav", "cifs"}

// localFSType asks statfs(2) which file system path is on.
func localFSType(path string) (string, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return "", err
	}
	name := unix.ByteSliceToString(st.Fstypename[:])
	for _, n := range networkFSNames {
		if strings.EqualFold(name, n) {
			return n, nil
		}
	}
	return "", nil
}
