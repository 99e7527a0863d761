package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"jiedao/data"
	"jiedao/i18n"
)

// crashed is what Run does with a panic that reached it, from a
// subcommand or from the window, whose event loop runs on Run's goroutine:
// the stack goes to a crash log in the data folder (data.LogDir), the user
// is told in their language that the job did not finish and where the log
// is — in the window, where no console is, in a message box as well — and
// the exit code is 1: 2 stays reserved for bad usage.
func (c *env) crashed(value any, stack []byte) int {
	path, err := data.WriteCrashLog(c.logDir, data.Crash{Version: c.version, Args: c.args, Value: value, Stack: stack})
	if err != nil {
		// No log: the stack goes where a script or a terminal keeps it.
		fmt.Fprintf(c.stderr, "jiedao: panic: %v\n%s\n%v\n", value, stack, err)
		path = "stderr"
	}
	msg := i18n.Message(&data.Error{Key: data.KeyCrash, Args: map[string]any{"Log": path}})
	fmt.Fprintln(c.stderr, "jiedao:", msg)
	if c.inWindow {
		showCrash(i18n.L("Jiedao"), msg)
	}
	return exitFail
}

// crashNote writes the crash log of a panic that package data caught and
// returned inside err (data.PanicError), and returns the line that says
// where it is; "" when err holds none.
func (c *env) crashNote(err error) string {
	var pe *data.PanicError
	if !errors.As(err, &pe) {
		return ""
	}
	path, werr := data.WriteCrashLog(c.logDir, data.Crash{Version: c.version, Args: c.args, Value: pe.Value, Stack: pe.Stack})
	if werr != nil {
		fmt.Fprintf(c.stderr, "%s\n%v\n", pe.Stack, werr)
		path = "stderr"
	}
	return i18n.Message(&data.Error{Key: data.KeyCrash, Args: map[string]any{"Log": path}})
}

// keepFatalReports makes the Go runtime write what it reports of a panic
// nothing recovered (one in a background goroutine of the window) to
// logs/fatal.log in the data folder as well as to stderr, which a window
// started from the desktop has nowhere to show.
func (c *env) keepFatalReports() {
	dir := c.logDir
	if dir == "" {
		var err error
		if dir, err = data.LogDir(); err != nil {
			return
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return
	}
	f, err := os.OpenFile(filepath.Join(dir, "fatal.log"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return
	}
	defer f.Close() // the runtime keeps a copy of the descriptor
	_ = debug.SetCrashOutput(f, debug.CrashOptions{})
}
