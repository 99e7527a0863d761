//go:build unix

package cli

import "syscall"

// privateFiles makes every file and folder this process creates readable
// by its owner only (0600, 0700): the database and its -wal and -shm
// files, backups (which SQLite creates 0644), exports, printed documents,
// reports and crash logs hold residents' personal data. The umask covers
// them all, whichever package creates them, including SQLite's own.
func privateFiles() { syscall.Umask(syscall.Umask(0o077) | 0o077) }
