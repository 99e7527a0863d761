// Package screens holds the pages of Jiedao's main window — the dashboard
// and the welcome page; the registers: households, social organizations,
// agreements, deliberation meetings and the actions board; settings, the
// recycle bin and the audit log — and the small pieces they share: the Env
// a screen is built with, the keyboard interfaces, the registers' list
// frame and pager (listframe.go, pager.go), column layout (columns.go),
// record forms (forms.go) and child tables (widgets.go), the job runner
// with its progress dialog, and dates and error messages in the user's
// language (the messages are i18n's, which the command line shares).
//
// The shell in package app owns the window, the navigation and the store's
// lifecycle; screens never import app (app → screens → docx, pdf, sheet,
// data), so what both need lives here.
package screens

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"jiedao/data"
	"jiedao/i18n"
)

// Page ids, for Env.Navigate.
const (
	PageHome     = "home"
	PageRecycle  = "recycle"
	PageAudit    = "audit"
	PageSettings = "settings"
	PageAccounts = "accounts"
)

// Screen is one page of the main window. The shell calls BuildUI once and
// keeps the result until the language or the store changes.
type Screen interface {
	BuildUI() fyne.CanvasObject
}

// A screen implements the interfaces below for what it can do; the shell
// shows it in the menus and sends the keyboard shortcuts to it.
type (
	// Reloader is told each time the screen is shown, to fetch fresh data.
	Reloader interface{ Reload() }
	// Searcher focuses the screen's search box (Ctrl+F).
	Searcher interface{ FocusSearch() }
	// Creator starts a new record (Ctrl+N).
	Creator interface{ New() }
	// Saver saves the form (Ctrl+S).
	Saver interface{ Save() }
	// Printer prints the current record (Ctrl+P).
	Printer interface{ Print() }
)

// Env is what a screen is built with: the app, its window, the store and
// the few calls back into the shell. One Env serves every screen of a
// window.
type Env struct {
	App     fyne.App
	Window  fyne.Window
	Version string

	// Navigate shows the page with this id (PageSettings…).
	Navigate func(page string)
	// SettingsSaved is called after settings were saved, so the shell can
	// update the window title, the status bar and the language.
	SettingsSaved func(old, saved data.Settings)
	// Backup and Restore start the backup and restore-from-file flows.
	// The shell owns them because a restore replaces the store.
	Backup  func()
	Restore func()
	// Status shows a short message in the status bar.
	Status func(msg string)
	// After, when set, runs f after d on the UI goroutine instead of a
	// real timer, and returns what stops it: tests set it, since Fyne's
	// test driver runs fyne.Do on the goroutine that calls it, so a real
	// timer would touch widgets beside the test.
	After func(d time.Duration, f func()) (stop func())
	// Filled is called once, on the UI goroutine, when the first page has
	// read what it shows (the dashboard's figures), or failed to. The
	// shell starts the full check and the daily backup then: run beside
	// the figures, they read the whole register at the same time and took
	// the start to ~700 MB RSS on 120,000 households (docs/BENCHMARKS.md).
	Filled func()
	filled sync.Once

	// inline makes Go run its work on the caller's goroutine. Tests set
	// it: Fyne's test driver runs fyne.Do on whatever goroutine calls it,
	// so background work would touch widgets while the test (standing in
	// for the UI goroutine) does too, and Fyne's renderer cache is not
	// safe for that. The app never sets it.
	inline bool

	store   atomic.Pointer[data.Store]
	ctx     context.Context // cancelled by Close: the window is going away
	stop    context.CancelFunc
	jobs    sync.WaitGroup
	mu      sync.Mutex
	escapes []*escape
}

// NewEnv returns an Env for win using s; the callbacks may be set after.
func NewEnv(a fyne.App, win fyne.Window, s *data.Store) *Env {
	e := &Env{App: a, Window: win}
	e.ctx, e.stop = context.WithCancel(context.Background())
	e.store.Store(s)
	return e
}

// Close tells every job and background task of the window to stop; Wait
// waits for them.
func (e *Env) Close() { e.stop() }

// Store returns the current store. Read it when you use it, do not keep
// it: a restore from backup swaps it.
func (e *Env) Store() *data.Store { return e.store.Load() }

// firstFilled calls Filled, the first time only.
func (e *Env) firstFilled() {
	e.filled.Do(func() {
		if e.Filled != nil {
			e.Filled()
		}
	})
}

// SetStore swaps the store (after a restore).
func (e *Env) SetStore(s *data.Store) { e.store.Store(s) }

// Go runs fn in its own goroutine and counts it as background work of this
// window, so that Wait (tests, shutdown) can wait for it.
func (e *Env) Go(fn func()) {
	if e.inline {
		fn()
		return
	}
	e.jobs.Add(1)
	go func() {
		defer e.jobs.Done()
		fn()
	}()
}

// RunInline makes Go run its work on the caller's goroutine, for tests of
// the screens and of the shell (see Env.inline).
func (e *Env) RunInline() { e.inline = true }

// Wait waits until every job and goroutine started with Go has finished,
// including its UI updates.
func (e *Env) Wait() { e.jobs.Wait() }

func (e *Env) navigate(page string) {
	if e.Navigate != nil {
		e.Navigate(page)
	}
}

func (e *Env) status(msg string) {
	if e.Status != nil {
		e.Status(msg)
	}
}

// Message returns what the user is told about err, in their language; it
// is i18n.Message, which the command line shares.
func Message(err error) string { return i18n.Message(err) }

// FormatDate writes a date the way the user reads it: 2026年11月25日 in
// Chinese, 2026-11-25 in English. The layout is a translation, so it
// follows the language without any state here.
func FormatDate(t time.Time) string {
	return t.Format(lang.X("format.date", "2006-01-02"))
}

// FormatDateTime is FormatDate with the time of day, for the audit log and
// backups.
func FormatDateTime(t time.Time) string {
	return t.Format(lang.X("format.datetime", "2006-01-02 15:04"))
}
