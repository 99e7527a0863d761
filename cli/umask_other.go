//go:build !unix

package cli

// privateFiles has nothing to do: on Windows a user's files in %APPDATA%
// and Documents are already theirs alone, by the folders' ACLs.
func privateFiles() {}
