package data

import (
	"path/filepath"

	"golang.org/x/sys/windows"
)

// localFSType asks Windows whether path's drive is a network drive (a
// share mapped to a letter: GetDriveType says DRIVE_REMOTE). UNC paths
// never get here: checkLocation refuses them by their form.
func localFSType(path string) (string, error) {
	root := filepath.VolumeName(path) + `\`
	p, err := windows.UTF16PtrFromString(root)
	if err != nil {
		return "", err
	}
	if windows.GetDriveType(p) == windows.DRIVE_REMOTE {
		return "remote", nil
	}
	return "", nil
}
