// Command jiedao is 街道通, the street office's register: with no arguments
// it opens the window; with a subcommand it does one job from the command
// line (package cli has the list), using the same store and documents as
// the window, so that the office's IT staff can script it.
//
// Exit codes: 0 done, 1 the job failed, 2 bad usage.
package main

import (
	"os"

	"jiedao/app"
	"jiedao/cli"
)

// version is set from FyneApp.toml by the Makefile and
// build/windows/package.sh (-ldflags -X main.version).
var version = "dev"

func main() {
	args := os.Args[1:]
	// On Windows, before os.Stdout and os.Stderr are read below.
	cli.AttachConsole(args)
	os.Exit(cli.Run(args, os.Stdout, os.Stderr, version, openWindow))
}

// openWindow shows the main window on the database file until the user
// quits.
func openWindow(dbPath, lang string) error {
	return app.Run(app.Options{DBPath: dbPath, Lang: lang, Version: version})
}
