package data

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Files that a backup, a restore or an export leaves behind when it is
// killed (power cut, kill -9, Task Manager) before it gives its file its
// name. None of them has a backup's name (backupName), so none is ever
// listed, pruned or offered as a backup; RemoveLeftovers clears them.
//
//   - <backup>.db.partial (and its -journal, -wal, -shm): Backup's VACUUM
//     INTO, before the copy is checked and renamed (backup.go, vacuumTo);
//   - <database>.restoring (and its -wal, -shm, -journal),
//     <database>.restoring.partial (and its side files): RestoreFile's fresh copy of the backup, before it replaces
//     the database;
//   - .<name>.jiedao-<digits>.tmp: WriteFileAtomic's temporary file, and
//     the probe of writable (RemoveTempFiles), and .<name>.<digits>.tmp,
//     as earlier releases named it.
var (
	partialName = regexp.MustCompile(`\.partial(-journal|-wal|-shm)?$`)
	hiddenTemp  = regexp.MustCompile(`^\..+\.\d+\.tmp$`)
	// sideFile is what SQLite keeps beside a database it has open: the
	// restore's copy is opened (and upgraded) before it takes the
	// database's place, so a kill then leaves these beside it.
	sideFile = regexp.MustCompile(`^-(wal|shm|journal)$`)
)

// staleAfter is how old a leftover must be to go while another process
// has the database open and so might still be writing it: far longer than
// the longest backup (a 182 MB register is copied and checked in a few
// seconds).
const staleAfter = time.Hour

// RemoveLeftovers removes the leftovers of killed backups, restores and
// exports beside the database at dbPath and in its backups folder, and
// returns the paths removed. When another process has the database open
// (a window, an import), a leftover may be its work in progress, so only
// those older than an hour go; when none has, all of them do. Temporary
// files of WriteFileAtomic go unless their writer still holds them
// (RemoveTempFiles). Open calls it; removing is best effort, and the
// error joins what could not be removed.
func RemoveLeftovers(dbPath string) ([]string, error) {
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		return nil, fmt.Errorf("data: leftovers of %s: %w", dbPath, err)
	}
	cutoff := time.Time{} // nobody else: everything goes
	if openHere(abs) || openElsewhere(abs) {
		cutoff = time.Now().Add(-staleAfter)
	}
	base := filepath.Base(abs)
	restoring := base + ".restoring"
	folders := []struct {
		dir  string
		left func(name string) bool
	}{
		{filepath.Dir(abs), func(name string) bool {
			rest, ok := strings.CutPrefix(name, restoring)
			return ok && (rest == "" || sideFile.MatchString(rest) || strings.HasPrefix(rest, ".") && partialName.MatchString(rest)) ||
				hiddenTemp.MatchString(name)
		}},
		{filepath.Join(filepath.Dir(abs), "backups"), func(name string) bool {
			return partialName.MatchString(name) || hiddenTemp.MatchString(name)
		}},
	}
	var removed []string
	var errs []error
	for _, f := range folders {
		temps, _ := RemoveTempFiles(f.dir)
		removed = append(removed, temps...)
		gone, err := removeMatching(f.dir, f.left, cutoff)
		removed = append(removed, gone...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return removed, fmt.Errorf("data: leftovers of %s: %w", abs, err)
	}
	return removed, nil
}

// removeMatching removes the regular files in dir whose names left
// accepts and that were last written before cutoff (all of them when cutoff
// is zero), and returns their paths. A missing dir holds nothing.
func removeMatching(dir string, left func(name string) bool, cutoff time.Time) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var removed []string
	var errs []error
	for _, e := range entries {
		if !e.Type().IsRegular() || !left(e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if info, err := e.Info(); err != nil || info.ModTime().After(cutoff) && !cutoff.IsZero() {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, p)
	}
	return removed, errors.Join(errs...)
}

// openElsewhere reports whether another process has the database at path
// open, by asking the system whether anyone holds one of SQLite's locks
// on its -shm file or its main file (see locked).
func openElsewhere(path string) bool {
	if exists(path+"-shm") && locked(path+"-shm", shmDeadManSwitch, 1) {
		return true
	}
	return locked(path, pendingByte, lockBytes)
}

// SQLite's locks (os_unix.c, os_win.c): every connection to a database in
// WAL mode holds a shared lock on the "dead man switch" byte of the -shm
// file for as long as it is open, and a connection in exclusive locking
// mode (no -shm) holds the main file's lock bytes. The operating system
// drops both when the process dies, kill -9 included.
const (
	shmDeadManSwitch = 128        // UNIX_SHM_DMS, WIN_SHM_DMS
	pendingByte      = 0x40000000 // PENDING_BYTE; RESERVED and SHARED follow
	lockBytes        = 2 + 510    // PENDING, RESERVED, SHARED_SIZE
)

// openStores are the stores of this process, by database file (absolute
// path), for openHere.
var openStores = struct {
	sync.Mutex
	by map[string]map[*engine]bool
}{by: map[string]map[*engine]bool{}}

// openHere reports whether a store of this process has the database at
// path open. Then RemoveLeftovers treats it as open elsewhere (that store
// may be making a backup) and does not probe the file's locks: on Linux
// and macOS, closing any descriptor of a file drops every lock the
// process holds on it (POSIX fcntl semantics), so the probe's own open
// and close would take SQLite's locks from the store's connections.
func openHere(path string) bool {
	openStores.Lock()
	defer openStores.Unlock()
	return len(openStores.by[path]) > 0
}

// storeOpened and storeClosed keep openStores; closing twice is harmless.
func storeOpened(s *Store) {
	openStores.Lock()
	defer openStores.Unlock()
	if openStores.by[s.path] == nil {
		openStores.by[s.path] = map[*engine]bool{}
	}
	openStores.by[s.path][s.engine] = true
}

func storeClosed(s *Store) {
	openStores.Lock()
	defer openStores.Unlock()
	delete(openStores.by[s.path], s.engine)
	if len(openStores.by[s.path]) == 0 {
		delete(openStores.by, s.path)
	}
}
