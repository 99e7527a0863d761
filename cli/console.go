package cli

import "strings"

// AttachConsole gives a subcommand on Windows the console it was started
// from. Jiedao.exe is linked for the GUI subsystem (-H=windowsgui), so Windows
// starts it without a console and without standard handles: double-clicking
// it must not flash a black window. The subcommands (version, import, print,
// backup…) are meant for cmd.exe, PowerShell and scripts, though, and must
// print there. So when the program is started with a subcommand it attaches
// to the console of the process that started it, before main reads
// os.Stdout and os.Stderr.
//
// main calls it first, with the arguments it then gives Run; elsewhere
// than on Windows it does nothing.
func AttachConsole(args []string) {
	if wantsConsole(args) {
		attachConsole()
	}
}

// wantsConsole reports whether args ask for more than the window: anything
// but the window's own flags (--db PATH, --lang zh|en) is a subcommand, a
// request for help or a mistake, and all of those print. Opening the
// window with --lang en must not tie it to the console it was started
// from, or closing that console would close the window too.
func wantsConsole(args []string) bool {
	for i := 0; i < len(args); i++ {
		name, hasValue := strings.CutPrefix(args[i], "--")
		if !hasValue {
			name, hasValue = strings.CutPrefix(args[i], "-")
		}
		if !hasValue {
			return true
		}
		name, _, inline := strings.Cut(name, "=")
		if name != flagDB && name != flagLang {
			return true
		}
		if !inline {
			i++ // the flag's value is the next argument
		}
	}
	return false
}
