// Package app is Jiedao's application shell: it starts Fyne with the
// embedded Chinese font and the translations, opens the store, and builds
// the main window — navigation, menus, keyboard shortcuts, status bar,
// remembered size — around the pages in package screens. It also runs the
// flows that replace the store (restore from backup), and the full check
// of the database and the daily automatic backup after the window shows.
package app

import (
	"context"
	"errors"
	"path/filepath"
	"runtime/debug"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/lang"

	"jiedao/assets"
	"jiedao/data"
	"jiedao/screens"
)

// AppID identifies the app to Fyne (preferences, storage); it is the ID in
// FyneApp.toml.
const AppID = "org.jiedao.app"

// Version is shown in Help → About when Options.Version is empty.
var Version = "dev"

// Options tell Run what to open and how.
type Options struct {
	DBPath  string           // the database file
	Lang    string           // "zh", "en", or "" for the settings' (else the system's) language
	Version string           // shown in Help → About; "" means the package's Version
	Now     func() time.Time // the store's clock; nil means time.Now

	inline bool // tests: the screens' background work runs on the caller's goroutine (screens.Env.RunInline)
}

// FormatDate writes a date in the user's language: 2026年11月25日 or
// 2026-11-25.
func FormatDate(t time.Time) string { return screens.FormatDate(t) }

// OpenFile opens a file (a printed PDF) or folder in the system's program
// for it.
func OpenFile(a fyne.App, path string) error { return screens.OpenFile(a, path) }

// Run opens the database and shows the main window until the user quits.
// If the database cannot be opened, a window says why (in the user's
// language) and offers to retry or restore a backup; the error is also
// returned for the command line.
func Run(opts Options) error {
	if err := SetupLanguage(opts.Lang); err != nil {
		return err
	}
	a := fyneapp.NewWithID(AppID)
	a.Settings().SetTheme(newTheme())
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG()))

	var current *ui
	var openErr error
	var start func()
	start = func() {
		s, err := data.Open(opts.DBPath)
		if err != nil {
			openErr = err
			showOpenError(a, opts, err, start)
			return
		}
		openErr = nil
		if opts.Now != nil {
			s.Now = opts.Now
		}
		current = newUI(a, s, opts)
		current.win.SetMaster() // closing it quits, whatever else is open
		current.win.CenterOnScreen()
		current.win.Show()
		current.ime = startIME(current.win) // Windows: the input method follows the caret
		current.openDoors()                 // the first administrator or the login, then the checks

	}
	start()
	a.Run()
	if current != nil {
		current.shutdown()
	}
	return openErr
}

// shutdownGrace is how long quitting waits for background work (which was
// told to stop) before closing the database under it.
const shutdownGrace = 5 * time.Second

// shutdown stops background work and closes the store, after the window
// has gone.
func (u *ui) shutdown() {
	u.idle.stop()
	u.ime.stop()
	u.env.Close()
	done := make(chan struct{})
	go func() {
		u.env.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(shutdownGrace):
		// A job finishing now would wait forever for the UI loop that
		// has ended; closing the store ends its database work.
	}
	if s := u.base; s != nil {
		_ = s.Close() // the engine the bound stores share
	}
}

// whenFilled runs fn on the UI goroutine once the home page has its
// figures (screens.Env.Filled), at once when it has them already.
func (u *ui) whenFilled(fn func()) {
	if u.filled {
		fn()
		return
	}
	u.afterFilled = fn
}

// firstScreenFilled is screens.Env.Filled: it runs what whenFilled keeps.
func (u *ui) firstScreenFilled() {
	u.filled = true
	if fn := u.afterFilled; fn != nil {
		u.afterFilled = nil
		fn()
	}
}

// startChecks runs in the background, once the home page has its figures
// (never beside them: see screens.Env.Filled), what start-up
// no longer waits for: the removal of temporary files killed exports left
// in the documents folder, the full check of the database file
// (Store.CheckIntegrity, which reads all of it: 0.4 s on a 182 MB
// register), then the day's automatic backup, which also prunes old ones.
// The backup is made only when the check found nothing: a copy of a
// damaged file would push a good backup out of the rotation. Damage is
// said in a dialog that offers the restore; other failures go to the
// status bar.
func (u *ui) startChecks() {
	s := u.env.Store()
	u.autoBackup = make(chan struct{})
	done := u.autoBackup
	u.env.Background(func(ctx context.Context) (err error) {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				err = u.crashed(r, debug.Stack())
			}
		}()
		// What a killed export or print left where the window's own
		// documents go (the database's folder: Open did it).
		_, _ = data.RemoveTempFiles(filepath.Join(screens.DocumentsDir(), outputFolder))
		debug.FreeOSMemory() // what the figures' scans left
		if err := s.CheckIntegrity(ctx); err != nil {
			return err
		}
		_, err = s.AutoBackup(ctx)
		// The figures' scans and the backup leave garbage the Go heap
		// would keep from the system for minutes: give it back now that
		// the start is over (docs/BENCHMARKS.md, "Start-up and memory").
		debug.FreeOSMemory()
		return err
	}, func(err error) {
		var de *data.Error
		switch {
		case err == nil || screens.Cancelled(err):
		case errors.As(err, &de) && de.Key == data.KeyDBDamaged:
			u.setStatus(lang.L("The database is damaged"))
			u.env.Confirm(lang.L("The database is damaged"), Message(err), lang.L("Restore from backup…"), false, u.restore)
		default:
			u.setStatus(Message(err))
		}
	})
}

// outputFolder is the folder in Documents where the screens put the files
// Jiedao names itself (screens' outputFolder, which is not exported).
const outputFolder = "街道通"

// crashed writes the crash log of a panic in the window's own background
// work and returns the error that tells the user where it is; the window
// stays usable. (A panic on the UI goroutine ends the window: the command
// line catches and logs it.)
func (u *ui) crashed(value any, stack []byte) error {
	path, err := data.WriteCrashLog("", data.Crash{Version: u.opts.Version, Value: value, Stack: stack})
	if err != nil {
		path = err.Error()
	}
	return &data.Error{Key: data.KeyCrash, Args: map[string]any{"Log": path}}
}
