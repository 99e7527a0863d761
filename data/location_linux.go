package data

import "golang.org/x/sys/unix"

// networkFS are the statfs f_type magic numbers of the network file
// systems a database file must not be on (linux/magic.h and the CIFS
// client's own): NFS, SMB (smbfs), CIFS and SMB2/3 (cifs.ko), AFS, Coda
// and NCP. FUSE is left out: it carries local file systems (NTFS-3G) too.
var networkFS = map[uint32]string{
	0x6969:     "nfs",
	0x517B:     "smb",
	0xFF534D42: "cifs",
	0xFE534D42: "smb2",
	0x5346414F: "afs",
	0x6B414653: "afs",
	0x73757245: "coda",
	0x564C:     "ncp",
}

// localFSType asks statfs(2) which file system path is on.
func localFSType(path string) (string, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return "", err
	}
	return fsTypeName(uint32(st.Type)), nil
}

// fsTypeName is the network file system of magic, or "" for a local one.
func fsTypeName(magic uint32) string { return networkFS[magic] }
