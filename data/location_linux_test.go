package data

import "testing"

// TestNetworkMagic: statfs's f_type of the network file systems is named,
// a local one's is not.
func TestNetworkMagic(t *testing.T) {
	for magic, want := range map[uint32]string{
		0x6969: "nfs", 0xFF534D42: "cifs", 0xFE534D42: "smb2", 0x517B: "smb",
		0xEF53: "", 0x01021994: "", 0x58465342: "", 0x9123683E: "", // ext4, tmpfs, xfs, btrfs
	} {
		if got := fsTypeName(magic); got != want {
			t.Errorf("fsTypeName(%#x) = %q, want %q", magic, got, want)
		}
	}
}
