package app

import (
	"fyne.io/fyne/v2"

	"jiedao/data"
)

// ownBackups lets the restore dialog offer the database's own backups
// only (data.Store.IsOwnBackup): with two databases in one folder, each
// sees its own.
type ownBackups struct{ s *data.Store }

func (f ownBackups) Matches(u fyne.URI) bool { return f.s.IsOwnBackup(u.Path()) }
