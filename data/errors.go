package data

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"text/template"

	gosqlite "github.com/glebarez/go-sqlite"
)

// Error is an error the user gets to see. Key is a translation key listed
// in Messages; the UI translates it (with Args as template data), while
// Error() renders the Chinese text for logs and the command line.
//
// Keys are dotted and hierarchical: errors.Is(err, target) holds when
// err's Key equals target's Key or starts with target's Key followed by a
// dot, so ErrInvalid ("error.invalid") matches every validation error.
type Error struct {
	Key  string
	Args map[string]any
	Err  error
}

// Sentinel kinds, for errors.Is. They carry no Args or cause; the errors
// the store returns are fresh *Error values with the same Key.
var (
	ErrNewerVersion = &Error{Key: KeyDBNewer}
	ErrNotJiedao    = &Error{Key: KeyDBNotJiedao}
	ErrNotSQLite    = &Error{Key: KeyDBNotSQLite}
	ErrCorrupt      = &Error{Key: KeyDBCorrupt}
	ErrInUse        = &Error{Key: KeyDBInUse}
	ErrNoDatabase   = &Error{Key: KeyDBNotFound}
	ErrReadOnly     = &Error{Key: KeyDBReadOnly}
	ErrNotFound     = &Error{Key: KeyNotFound}
	ErrInvalid      = &Error{Key: KeyInvalid}
)

// Translation keys of the errors the store returns. Every one is in
// Messages.
const (
	KeyDBNewer     = "error.db.newer"
	KeyDBNotJiedao = "error.db.not_jiedao"
	KeyDBNotSQLite = "error.db.not_sqlite"
	KeyDBCorrupt   = "error.db.corrupt"
	KeyDBInUse     = "error.db.in_use"
	// KeyDBBusy: another process held the write lock for longer than
	// the busy timeout (an import, most likely). errors.Is(err, ErrInUse).
	KeyDBBusy = "error.db.in_use.busy"
	// KeyDBNotFound: OpenExisting of a path where there is no file.
	KeyDBNotFound = "error.db.not_found"
	// KeyDBReadOnly: the file or its folder may not be written.
	KeyDBReadOnly = "error.db.read_only"
	// KeyDBDamaged: Store.CheckIntegrity found damage in an open
	// database. errors.Is(err, ErrCorrupt). Args: Path, Detail.
	KeyDBDamaged = "error.db.corrupt.found"
	// KeyCrash: a panic was caught; the command line or the window wrote
	// its stack to the crash log. Args: Log (the log file's path).
	KeyCrash        = "error.crash"
	KeyDBOpen       = "error.db.open"
	KeyDBUpgrade    = "error.db.upgrade"
	KeyBackupFailed = "error.backup.failed"
	KeyRestoreFile  = "error.backup.restore"
	KeyNotFound     = "error.not_found"

	KeyInvalid         = "error.invalid"
	KeyInvalidRequired = "error.invalid.required"
	KeyInvalidTooLong  = "error.invalid.too_long"
	KeyInvalidPhone    = "error.invalid.phone"
	KeyInvalidLanguage = "error.invalid.language"
	KeyInvalidTheme    = "error.invalid.theme"
	KeyInvalidTextSize = "error.invalid.textSize"
	KeyInvalidIdleLock = "error.invalid.idleLock"
)

// Records a validation error's Args["Record"] may name, beside
// Args["Field"]: the same field name means different things in different
// records ("kind" is a household's 户别, an agreement's 协议类型, a
// meeting's 会议类型), so the UI labels a field by the two together.
const (
	RecordHousehold    = "household"
	RecordResident     = "resident"
	RecordOrganization = "organization"
	RecordAgreement    = "agreement"
	RecordAttachment   = "attachment"
	RecordMeeting      = "meeting"
	RecordEvent        = "event" // a residence event
)

func (e *Error) Error() string {
	var b strings.Builder
	if f, ok := e.Args["Field"].(string); ok && f != "" {
		b.WriteString(f)
		b.WriteString(": ")
	}
	b.WriteString(Render(e.Key, "zh", e.Args))
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error whose Key is e's Key or a parent
// of it (see Error).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok || t.Key == "" {
		return false
	}
	return e.Key == t.Key || strings.HasPrefix(e.Key, t.Key+".")
}

// Render fills in the message for key in language "zh" or "en" (anything
// else means Chinese) with args. An unknown key renders as the key itself,
// so a missing translation shows up rather than vanishing.
func Render(key, language string, args map[string]any) string {
	m, ok := LookupMessage(key)
	if !ok {
		return key
	}
	text := m.ZH
	if language == "en" {
		text = m.EN
	}
	t, err := template.New(key).Option("missingkey=zero").Parse(text)
	if err != nil {
		return text
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, args); err != nil {
		return text
	}
	return buf.String()
}

// fileError builds a user-facing error about the database file at path.
func fileError(key, path string, cause error, args ...any) *Error {
	a := map[string]any{"Path": path}
	for i := 0; i+1 < len(args); i += 2 {
		a[fmt.Sprint(args[i])] = args[i+1]
	}
	return &Error{Key: key, Args: a, Err: cause}
}

// SQLite primary result codes that decide what the user is told.
const (
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteReadOnly = 8
	sqliteCorrupt  = 11
	sqliteCantOpen = 14
	sqliteNotADB   = 26
)

// sqliteCode returns the primary SQLite result code inside err, or 0.
func sqliteCode(err error) int {
	var se *gosqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// classify turns what SQLite said about the file at path into the error the
// user should see: locked files are in use, damaged ones corrupt, and a
// file or folder that may not be written is read-only. Context errors and
// anything else pass through with context added.
func classify(path, what string, err error) error {
	if err == nil {
		return nil
	}
	var de *Error
	if errors.As(err, &de) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if de := classifySQLite(path, err); de != nil {
		return de
	}
	return fmt.Errorf("data: %s %s: %w", what, path, err)
}

// classifySQLite is the user's error for what SQLite said about the file
// at path, or nil when it is none of those classify knows.
func classifySQLite(path string, err error) *Error {
	switch sqliteCode(err) {
	case sqliteBusy, sqliteLocked:
		return fileError(KeyDBBusy, path, err)
	case sqliteReadOnly:
		return fileError(KeyDBReadOnly, path, err)
	case sqliteCantOpen:
		// SQLite cannot create the -wal or -shm file beside the
		// database, or open the database for writing: the folder or
		// the file is read-only (on a full disk it says SQLITE_FULL).
		if !writable(path) {
			return fileError(KeyDBReadOnly, path, err)
		}
	case sqliteCorrupt, sqliteNotADB:
		return fileError(KeyDBCorrupt, path, err, "Detail", err.Error())
	}
	return nil
}

// fileWriteError says why the database file at path, or its folder, could
// not be made: read-only (no permission, a read-only disk), or else the
// cause with the file's name.
func fileWriteError(path string, err error) error {
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		return fileError(KeyDBReadOnly, path, err)
	}
	return fileError(KeyDBOpen, path, err)
}

// writable reports whether this process may write the file at path and
// create files in its folder, by trying: permission bits say nothing of
// a read-only disk, an ACL, or root.
func writable(path string) bool {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	if f != nil {
		f.Close()
	}
	probe, err := os.CreateTemp(filepath.Dir(path), ".write-test"+tempMark+"*.tmp")
	if err != nil {
		return false
	}
	probe.Close()
	_ = os.Remove(probe.Name())
	return true
}

// PanicError is a panic caught at the edge of package data (in Open,
// which runs the driver and the migrations' code), returned inside the
// error instead of crashing the program. Stack is where it happened, for
// the crash log the command line and the window write.
type PanicError struct {
	Value any
	Stack []byte
}

func (p *PanicError) Error() string { return fmt.Sprintf("panic: %v", p.Value) }
