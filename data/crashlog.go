package data

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Crash is what is known of a panic that was caught: the command line or
// the window tells the user it happened (KeyCrash) and WriteCrashLog keeps
// the rest for whoever looks into it.
type Crash struct {
	Time    time.Time
	Version string   // Jiedao's version
	Args    []string // the command line, without the program's name
	Value   any      // what panic was called with
	Stack   []byte   // the panicking goroutine's stack (debug.Stack)
}

// WriteCrashLog writes c to a new file crash-YYYYMMDD-HHMMSS.log in dir
// (LogDir() when dir is ""), readable by its owner only, and returns its
// path. It never panics itself.
func WriteCrashLog(dir string, c Crash) (path string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("data: crash log: %v", r)
		}
	}()
	if dir == "" {
		if dir, err = LogDir(); err != nil {
			return "", err
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("data: crash log: %w", err)
	}
	if c.Time.IsZero() {
		c.Time = time.Now()
	}
	base := "crash-" + c.Time.Format(stampLayout)
	var f *os.File
	for i := 1; ; i++ {
		path = filepath.Join(dir, base+".log")
		if i > 1 {
			path = filepath.Join(dir, fmt.Sprintf("%s-%d.log", base, i))
		}
		f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if !errors.Is(err, fs.ErrExist) || i == 100 {
			break
		}
	}
	if err != nil {
		return "", fmt.Errorf("data: crash log: %w", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "街道通 Jiedao %s (%s/%s, %s)\n", c.Version, runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Fprintf(&b, "time: %s\n", c.Time.Format(time.RFC3339))
	fmt.Fprintf(&b, "args: %q\n", redactArgs(c.Args))
	fmt.Fprintf(&b, "panic: %v\n\n%s", c.Value, c.Stack)
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		return path, fmt.Errorf("data: crash log: %w", err)
	}
	if err := f.Close(); err != nil {
		return path, fmt.Errorf("data: crash log: %w", err)
	}
	return path, nil
}

// redactArgs is args with the password of a server URL (--db
// postgres://user:password@…) replaced by ***: a crash log is handed to
// IT staff and may be mailed around.
func redactArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		if j := strings.Index(a, "://"); j >= 0 {
			k := strings.LastIndexAny(a[:j+3], " =")
			out[i] = a[:k+1] + RedactLocation(a[k+1:])
		}
	}
	return out
}
