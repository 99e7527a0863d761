// Package cli is Jiedao's command line: with no arguments it opens the
// window (through the function main gives it); with a subcommand it does
// one job, using the same store and documents as the window, so that the
// office's IT staff can script it.
//
//	jiedao [--db PATH] [--lang zh|en]
//	jiedao help [COMMAND]
//	jiedao version
//	jiedao demo --households N --seed S --password P [--db PATH]
//	jiedao user add LOGIN --name NAME --role ROLE[,ROLE…] [--community C[,C…]] [--grid C/G[,C/G…]] [--db PATH]
//	jiedao user list|reset LOGIN|disable LOGIN [--db PATH]
//	jiedao user recover LOGIN --code CODE [--db PATH]
//	jiedao backup [--to DIR] [--db PATH]
//	jiedao restore FILE [--db PATH]
//	jiedao print household HOUSEHOLD-NUMBER -o FILE.pdf [--db PATH]
//	jiedao print agreement NUMBER -o FILE.pdf [--db PATH]
//	jiedao print minutes|signin|notice MEETING-ID -o FILE.pdf [--db PATH]
//	jiedao template households|organizations -o FILE.xlsx
//	jiedao import households|organizations FILE [--dry-run] [--report FILE.csv] [--skip-invalid] [--db PATH]
//	jiedao export households -o FILE.xlsx [--unmasked --reason TEXT] [--db PATH]
//	jiedao export organizations -o FILE.xlsx [--db PATH]
//	jiedao export minutes MEETING-ID -o FILE.docx [--db PATH]
//	jiedao report indicators [--db PATH]
//	jiedao report fill TEMPLATE.xlsx --map MAP.csv [--as-of DATE] [--detail] -o OUT.xlsx [--db PATH]
//
// The names, flags, exit codes and output are a contract with the
// office's scripts. Each family of subcommands has a file of its own:
// print.go, sheets.go (template, import, export), report.go (report
// forms), backup.go (backup,
// restore), user.go, demo.go, version.go and help.go (help, and the usage
// with its placeholders in the user's language); this file has the flags
// every subcommand shares, login.go the opening of the store as an account
// (--user, JIEDAO_USER, JIEDAO_PASSWORD) and password.go the passwords'
// prompts, window.go the window. The documents print knows are listed in printers(), the
// registers of template, import and export in registers() and the
// documents export writes in documentExports(): adding one is one entry
// there.
//
// Exit codes: 0 done, 1 the job failed (a refused login or permission
// too), 2 bad usage. A subcommand that reads a database needs the file to
// exist (only demo and the first user add make one) and an account; a panic
// is written to a crash log in the data folder's logs (data.LogDir) and
// exits 1. Files the program creates are its user's alone (umask 077).
//
// cli imports no Fyne package of its own and not the window (app,
// screens): it speaks the user's language through package i18n, so the
// subcommands run where no display is.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"

	"jiedao/data"
	"jiedao/i18n"
)

const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// OpenWindow opens the main window on the database file dbPath in the
// language lang ("zh", "en", or "" for the settings' or system's) and
// returns when the user quits; an error is the reason the database could
// not be opened. main gives it (package app), so that cli links no GUI.
type OpenWindow func(dbPath, lang string) error

// Run runs the command line with args (without the program's name),
// writing to stdout and stderr, and returns the exit code. version is what
// `jiedao version` prints; openWindow is called when args name no
// subcommand.
//
// No panic leaves Run: one is written to a crash log (see crashed) and
// exits 1.
func Run(args []string, stdout, stderr io.Writer, version string, openWindow OpenWindow) (code int) {
	return run(args, stdout, stderr, version, openWindow, nil, nil)
}

// run is Run with the environment and the terminal the tests give (nil:
// the process's).
func run(args []string, stdout, stderr io.Writer, version string, openWindow OpenWindow, environ func(string) string, term terminal) (code int) {
	c := &env{stdout: stdout, stderr: stderr, version: version, openWindow: openWindow, args: args, environ: environ, term: term}
	defer func() {
		if r := recover(); r != nil {
			code = c.crashed(r, debug.Stack())
		}
	}()
	privateFiles()
	defer startProfiles(os.Getenv, stderr)()
	global := flag.NewFlagSet("jiedao", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	c.addCommon(global)
	if err := global.Parse(args); err != nil {
		return c.usage(err)
	}
	if err := i18n.SetupLanguage(c.lang); err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	rest := global.Args()
	if len(rest) == 0 {
		return c.window()
	}
	for _, cmd := range commands() {
		if cmd.name == rest[0] {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
			defer stop()
			return cmd.do(ctx, c, rest[1:])
		}
	}
	return c.usage(fmt.Errorf("%s: %s", i18n.L("Unknown command"), rest[0]))
}

// command is one subcommand: its flags are added to fs, and do runs it.
type command struct {
	name  string
	usage string
	do    func(ctx context.Context, c *env, args []string) int
}

// commands is a function, not a variable, because usage lists them and
// they call usage.
func commands() []command {
	return []command{
		{"help", helpUsage, cmdHelp},
		{"version", "jiedao version", cmdVersion},
		{"demo", "jiedao demo --households N --seed S --password P [--db PATH]", cmdDemo},
		{"backup", "jiedao backup [--to DIR] [--db PATH]", cmdBackup},
		{"restore", "jiedao restore FILE [--db PATH]", cmdRestore},
		{"audit", auditUsage, cmdAudit},
		{"user", userUsage, cmdUser},
		{"print", printUsage(), cmdPrint},
		{"template", templateUsage(), cmdTemplate},
		{"import", importUsage(), cmdImport},
		{"export", strings.Join(exportUsage(), "\n  "), cmdExport},
		{"report", reportUsage(), cmdReport},
		{"visits", visitsUsage, cmdVisits},
	}
}

// env carries what every subcommand shares: where it writes, what main
// gave and the global flags.
type env struct {
	stdout, stderr io.Writer
	version        string
	openWindow     OpenWindow
	args           []string // as Run got them, for the crash log
	db             string
	lang           string
	logDir         string // crash logs; "" is data.LogDir()
	inWindow       bool   // the window is open: a crash is also shown
	user           string // --user: the account to log in as (login.go)
	// environ and term stand for the process's environment and terminal
	// in tests; nil is the real ones (login.go, password.go).
	environ func(string) string
	term    terminal
}

// The window's own flags, which every subcommand also accepts after its
// name (see addCommon); WantsConsole knows them too.
const (
	flagDB   = "db"
	flagLang = "lang"
)

// addCommon adds the flags every subcommand also accepts after its name.
func (c *env) addCommon(fs *flag.FlagSet) {
	fs.StringVar(&c.db, flagDB, c.db, "database file (default: $JIEDAO_DB, else the user's data folder)")
	fs.StringVar(&c.lang, flagLang, c.lang, "language: zh or en (default: the system's)")
	fs.StringVar(&c.user, flagUser, c.user, "the account to log in as (default: $JIEDAO_USER)")
}

// usage reports bad usage: err and the usage on stderr, exit 2. Asked for
// with -h or --help, the usage goes to stdout and the exit is 0, as with
// `jiedao help`.
func (c *env) usage(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		writeUsage(c.stdout)
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(c.stderr, "jiedao:", err)
	}
	writeUsage(c.stderr)
	return exitUsage
}

// parse parses a subcommand's flags; positional arguments may come before
// or after the flags (jiedao restore FILE --db X).
func (c *env) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	c.addCommon(fs)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func (c *env) dbPath() (string, error) {
	if c.db != "" {
		return c.db, nil
	}
	return data.DefaultPath()
}

// openOrCreate opens the database the flags name, making a missing file:
// for the subcommands that start a register (demo, the first user add).
// The store is not bound to an account.
func (c *env) openOrCreate() (*data.Store, error) {
	path, err := c.dbPath()
	if err != nil {
		return nil, err
	}
	return data.Open(path)
}

// fail prints err in the user's language and returns the failure code.
// A panic that package data caught and returned (data.PanicError) is
// written to a crash log, as one that reached Run would be.
func (c *env) fail(err error) int {
	fmt.Fprintln(c.stderr, "jiedao:", i18n.Message(err))
	if note := c.crashNote(err); note != "" {
		fmt.Fprintln(c.stderr, "jiedao:", note)
	}
	return exitFail
}
