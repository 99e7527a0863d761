package app

import (
	"context"
	"errors"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/screens"
)

// backup writes a backup to the backups folder, with progress, and says
// where it went.
func (u *ui) backup() {
	s := u.env.Store()
	var path string
	u.env.RunJob(lang.L("Backing up"), func(ctx context.Context, _ func(int, int)) error {
		var err error
		path, err = s.Backup(ctx, "")
		return err
	}, func(err error) {
		if err != nil {
			u.env.ShowError(err)
			return
		}
		u.setStatus(lang.L("Backed up to {{.Path}}", map[string]any{"Path": path}))
		msg := &widget.Label{Text: lang.L("The data was backed up to:"), Wrapping: fyne.TextWrapWord}
		where := &widget.Label{Text: path, Wrapping: fyne.TextWrapBreak, Selectable: true}
		open := &widget.Button{Text: lang.L("Open folder"), Icon: theme.FolderOpenIcon(), OnTapped: func() {
			if err := OpenFile(u.app, filepath.Dir(path)); err != nil {
				u.env.ShowError(err)
			}
		}}
		d := dialog.NewCustom(lang.L("Backup done"), lang.L("OK"), container.NewVBox(msg, where, container.NewHBox(open)), u.win)
		d.Resize(fyne.NewSize(520, d.MinSize().Height))
		u.env.ShowDialog(d)
		u.reload()
	})
}

// reload lets the current page fetch its data again (the dashboard shows
// the last backup).
func (u *ui) reload() {
	if r, ok := u.currentScreen().(screens.Reloader); ok {
		r.Reload()
	}
}

// restore asks for a backup file and replaces the database with it.
func (u *ui) restore() {
	fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.env.ShowError(err)
			return
		}
		if r == nil {
			return // cancelled
		}
		path := r.URI().Path()
		_ = r.Close()
		msg := lang.L("Replace all data with the backup {{.File}}? The current data is first saved in the backups folder, so this can be undone.",
			map[string]any{"File": filepath.Base(path)})
		u.env.Confirm(lang.L("Restore from backup"), msg, lang.L("Restore"), true, func() { u.runRestore(path) })
	}, u.win)
	fd.SetFilter(ownBackups{u.env.Store()})
	if dir, err := storage.ListerForURI(storage.NewFileURI(u.env.Store().BackupDir())); err == nil {
		fd.SetLocation(dir)
	}
	fd.Resize(fyne.NewSize(900, 600))
	u.env.ShowDialog(fd)
}

// runRestore closes the store, restores the backup over the database and
// opens it again. If the backup is refused, nothing changes; whatever
// happens, the window ends up on a working store when one can be opened.
func (u *ui) runRestore(backup string) {
	old := u.env.Store()
	dbPath, clock := old.Path(), old.Now
	wait := u.autoBackup
	var safety string
	var fresh *data.Store
	// The administrator's leave, taken while the store is open: the
	// restore runs with the store closed, and its entry names the account.
	permit, err := old.RestorePermit()
	if err != nil {
		u.env.ShowError(err)
		return
	}
	u.env.RunJob(lang.L("Restoring"), func(ctx context.Context, _ func(int, int)) error {
		// Refuse a bad file while the current data is still open.
		if err := data.CheckBackup(ctx, backup); err != nil {
			return err
		}
		if wait != nil {
			select { // the automatic backup reads the store
			case <-wait:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if err := old.Close(); err != nil {
			return err
		}
		var err error
		safety, err = data.RestoreFileAs(ctx, permit, backup, clock())
		// Reopen whichever file is there now: the restored one, or the
		// untouched old one when the restore failed or was cancelled.
		s, oerr := data.Open(dbPath)
		if oerr != nil {
			return errors.Join(err, oerr)
		}
		s.Now = clock
		fresh = s
		return err
	}, func(err error) {
		if fresh == nil {
			// The old store is closed and none could be opened: say
			// why and offer what the start-up screen offers.
			u.env.ShowError(err)
			u.win.SetContent(openErrorContent(u.app, u.win, u.opts, err, u.reopen))
			return
		}
		// The restored register has its own accounts: whoever goes on
		// logs in to it.
		u.base = fresh
		u.signOut()
		note := lang.L("The data was restored from {{.File}}. The data as it was before is saved as {{.Safety}}.",
			map[string]any{"File": filepath.Base(backup), "Safety": safety})
		if err != nil {
			note = Message(err)
		}
		u.openDoorsWith(note)
	})
}

// reopen tries the database again after a failed restore left the window
// without one.
func (u *ui) reopen() {
	s, err := data.Open(u.opts.DBPath)
	if err != nil {
		u.env.ShowError(err)
		return
	}
	if u.opts.Now != nil {
		s.Now = u.opts.Now
	}
	u.base = s
	u.signOut()
	u.openDoors()
}
