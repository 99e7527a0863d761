package cli

import (
	"fmt"
	"os"
	"runtime"

	"jiedao/i18n"
)

// window opens the window with the global flags: jiedao with no
// subcommand.
func (c *env) window() int {
	if !hasDisplay(runtime.GOOS, os.Getenv) {
		// Fyne would panic deep in GLFW; say what is wrong instead.
		fmt.Fprintf(c.stderr, "jiedao: %s\n", i18n.L("No display to open the window on (DISPLAY is not set); the subcommands work without one."))
		c.usage(nil)
		return exitFail
	}
	path, err := c.dbPath()
	if err != nil {
		return c.fail(err)
	}
	c.inWindow = true
	c.keepFatalReports()
	if err := c.openWindow(path, c.lang); err != nil {
		return c.fail(err)
	}
	return exitOK
}

// hasDisplay reports whether the window can open: on Linux and the BSDs an
// X11 or Wayland display must be named; Windows and macOS always have one.
func hasDisplay(goos string, getenv func(string) string) bool {
	switch goos {
	case "windows", "darwin":
		return true
	}
	return getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != ""
}
