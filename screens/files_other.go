//go:build !windows

package screens

// Printing and the Documents folder on Linux, the BSDs and macOS: CUPS's
// lp and lpstat (where installed) and the XDG user folders.

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"time"
)

// DefaultPrinter returns CUPS's default destination (lpstat -d), if any.
func DefaultPrinter() (string, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "lpstat", "-d").Output()
	if err != nil {
		return "", false
	}
	return parseLpstatDefault(string(out))
}

// parseLpstatDefault reads lpstat -d's "system default destination: NAME"
// ("no system default destination" when there is none). lpstat translates
// the sentence, so only the part after the colon is relied on.
func parseLpstatDefault(out string) (string, bool) {
	line := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
	if i := strings.LastIndex(line, "："); i >= 0 {
		line = line[i+len("："):]
	} else if i := strings.LastIndex(line, ":"); i >= 0 {
		line = line[i+1:]
	} else {
		return "", false
	}
	name := strings.TrimSpace(line)
	return name, name != ""
}

// printDirect sends path to the default printer with lp.
func printDirect(path string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return exec.CommandContext(ctx, "lp", path).Run() // path is absolute: never an option
}

func documentsDir() string {
	home, _ := os.UserHomeDir()
	return xdgDocumentsDir(os.Getenv, home, os.ReadFile)
}
