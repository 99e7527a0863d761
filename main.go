// Command jiedao is 街道通, the street office's register: with no arguments
// it opens the window; with a subcommand it does one job from the command
// line, using the same store and documents as the window, so that the
// office's IT staff can script it.
//
//	jiedao [--db PATH] [--lang zh|en]
//	jiedao version
//	jiedao demo --households N --seed S [--db PATH]
//	jiedao backup [--to DIR] [--db PATH]
//	jiedao restore FILE [--db PATH]
//	jiedao print household HOUSEHOLD-NUMBER -o FILE.pdf [--db PATH]
//	jiedao print agreement NUMBER -o FILE.pdf [--db PATH]
//	jiedao print minutes|signin|notice MEETING-ID -o FILE.pdf [--db PATH]
//	jiedao template households|organizations -o FILE.xlsx
//	jiedao import households|organizations FILE [--dry-run] [--report FILE.csv] [--skip-invalid] [--db PATH]
//	jiedao export households -o FILE.xlsx [--unmasked] [--db PATH]
//	jiedao export organizations -o FILE.xlsx [--db PATH]
//	jiedao export minutes MEETING-ID -o FILE.docx [--db PATH]
//
// The documents print knows are listed in printers(), the registers of
// template, import and export in registers() and the documents export
// writes in documentExports(): adding one is one entry there.
//
// Exit codes: 0 done, 1 the job failed, 2 bad usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	jdapp "jiedao/app"
	"jiedao/data"
	"jiedao/data/demo"
	"jiedao/docx"
	"jiedao/pdf"
	"jiedao/sheet"
)

// version is set from FyneApp.toml by the Makefile (-ldflags -X main.version).
var version = "dev"

const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// command is one subcommand: its flags are added to fs, and do runs it.
type command struct {
	name  string
	usage string
	do    func(ctx context.Context, env *cli, args []string) int
}

// cli carries what every subcommand shares: where it writes and the
// global flags.
type cli struct {
	stdout, stderr io.Writer
	db             string
	lang           string
}

// commands is a function, not a variable, because usage lists them and
// they call usage.
func commands() []command {
	return []command{
		{"version", "jiedao version", cmdVersion},
		{"demo", "jiedao demo --households N --seed S [--db PATH]", cmdDemo},
		{"backup", "jiedao backup [--to DIR] [--db PATH]", cmdBackup},
		{"restore", "jiedao restore FILE [--db PATH]", cmdRestore},
		{"print", printUsage(), cmdPrint},
		{"template", templateUsage(), cmdTemplate},
		{"import", importUsage(), cmdImport},
		{"export", strings.Join(exportUsage(), "\n  "), cmdExport},
	}
}

func run(args []string, stdout, stderr io.Writer) int {
	env := &cli{stdout: stdout, stderr: stderr}
	global := flag.NewFlagSet("jiedao", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	env.addCommon(global)
	if err := global.Parse(args); err != nil {
		return env.usage(err)
	}
	if err := jdapp.SetupLanguage(env.lang); err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	rest := global.Args()
	if len(rest) == 0 {
		return env.gui()
	}
	for _, c := range commands() {
		if c.name == rest[0] {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
			defer stop()
			return c.do(ctx, env, rest[1:])
		}
	}
	return env.usage(fmt.Errorf("%s: %s", lang.L("Unknown command"), rest[0]))
}

// addCommon adds the flags every subcommand also accepts after its name.
func (c *cli) addCommon(fs *flag.FlagSet) {
	fs.StringVar(&c.db, "db", c.db, "database file (default: $JIEDAO_DB, else the user's data folder)")
	fs.StringVar(&c.lang, "lang", c.lang, "language: zh or en (default: the system's)")
}

func (c *cli) usage(err error) int {
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(c.stderr, "jiedao:", err)
	}
	fmt.Fprintln(c.stderr, lang.L("Usage:"))
	fmt.Fprintln(c.stderr, "  jiedao [--db PATH] [--lang zh|en]")
	for _, cmd := range commands() {
		fmt.Fprintln(c.stderr, "  "+cmd.usage)
	}
	return exitUsage
}

// parse parses a subcommand's flags; positional arguments may come before
// or after the flags (jiedao restore FILE --db X).
func (c *cli) parse(fs *flag.FlagSet, args []string) ([]string, error) {
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

func (c *cli) dbPath() (string, error) {
	if c.db != "" {
		return c.db, nil
	}
	return data.DefaultPath()
}

func (c *cli) open() (*data.Store, error) {
	path, err := c.dbPath()
	if err != nil {
		return nil, err
	}
	return data.Open(path)
}

// fail prints err in the user's language and returns the failure code.
func (c *cli) fail(err error) int {
	fmt.Fprintln(c.stderr, "jiedao:", jdapp.Message(err))
	return exitFail
}

func (c *cli) gui() int {
	if !hasDisplay(runtime.GOOS, os.Getenv) {
		// Fyne would panic deep in GLFW; say what is wrong instead.
		fmt.Fprintf(c.stderr, "jiedao: %s\n", lang.L("No display to open the window on (DISPLAY is not set); the subcommands work without one."))
		c.usage(nil)
		return exitFail
	}
	path, err := c.dbPath()
	if err != nil {
		return c.fail(err)
	}
	if err := jdapp.Run(jdapp.Options{DBPath: path, Lang: c.lang, Version: version}); err != nil {
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

func cmdVersion(_ context.Context, c *cli, args []string) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	pos, err := c.parse(fs, args)
	if err != nil || len(pos) > 0 {
		return c.usage(err)
	}
	fmt.Fprintf(c.stdout, "街道通 Jiedao %s (%s/%s, %s)\n", version, runtime.GOOS, runtime.GOARCH, runtime.Version())
	return exitOK
}

func cmdDemo(ctx context.Context, c *cli, args []string) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	households := fs.Int("households", 300, "number of households to generate")
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same data")
	pos, err := c.parse(fs, args)
	if err != nil || len(pos) > 0 {
		return c.usage(err)
	}
	if *households <= 0 {
		return c.usage(errors.New(lang.L("--households must be a positive number")))
	}
	s, err := c.open()
	if err != nil {
		return c.fail(err)
	}
	defer s.Close()
	start := time.Now()
	last := time.Time{}
	sum, err := demo.Generate(ctx, s, demo.Options{Households: *households, Seed: *seed}, func(done, total int) {
		if time.Since(last) > time.Second || done == total {
			last = time.Now()
			fmt.Fprintf(c.stderr, "\r%d/%d", done, total)
		}
	})
	fmt.Fprintln(c.stderr)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "%s: %s\n", s.Path(), lang.L("demo.summary", map[string]any{
		"Households": sum.Households, "Residents": sum.Residents, "Tags": sum.Tags, "Events": sum.Events,
		"Organizations": sum.Organizations, "Agreements": sum.Agreements, "Meetings": sum.Meetings,
		"Seconds": fmt.Sprintf("%.1f", time.Since(start).Seconds()),
	}))
	return exitOK
}

func cmdBackup(ctx context.Context, c *cli, args []string) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	to := fs.String("to", "", "folder for the backup (default: the backups folder next to the database)")
	pos, err := c.parse(fs, args)
	if err != nil || len(pos) > 0 {
		return c.usage(err)
	}
	s, err := c.open()
	if err != nil {
		return c.fail(err)
	}
	defer s.Close()
	path, err := s.Backup(ctx, *to)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, path)
	return exitOK
}

func cmdRestore(ctx context.Context, c *cli, args []string) int {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	pos, err := c.parse(fs, args)
	if err != nil || len(pos) != 1 {
		if err == nil {
			err = errors.New(lang.L("restore needs exactly one FILE"))
		}
		return c.usage(err)
	}
	path, err := c.dbPath()
	if err != nil {
		return c.fail(err)
	}
	safety, err := data.RestoreFile(ctx, path, pos[0], time.Now())
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "%s %s\n", lang.L("Restored; the previous database was saved to"), safety)
	return exitOK
}

// printer is a document `jiedao print` writes: its kind, what identifies
// one in the usage, and the function that finds it by that key and writes
// the PDF.
type printer struct {
	kind  string
	key   string
	print func(ctx context.Context, s *data.Store, key, path string) error
}

// printers are the documents `jiedao print` knows, in the usage's order. A
// new document is one entry here.
func printers() []printer {
	return []printer{
		{"household", "HOUSEHOLD-NUMBER", pdf.PrintHousehold},
		{"agreement", "NUMBER", pdf.PrintAgreement},
		{"minutes", "MEETING-ID", pdf.PrintMinutes},
		{"signin", "MEETING-ID", pdf.PrintSignIn},
		{"notice", "MEETING-ID", pdf.PrintNotice},
	}
}

func printUsage() string {
	var kinds []string
	for _, p := range printers() {
		kinds = append(kinds, p.kind+" "+p.key)
	}
	return "jiedao print " + strings.Join(kinds, "|") + " -o FILE.pdf [--db PATH]"
}

func cmdPrint(ctx context.Context, c *cli, args []string) int {
	fs := flag.NewFlagSet("print", flag.ContinueOnError)
	out := fs.String("o", "", "the PDF file to write")
	pos, err := c.parse(fs, args)
	if err == nil && (len(pos) != 2 || *out == "") {
		err = errors.New(lang.L("print needs a document kind, its number and -o FILE.pdf"))
	}
	if err != nil {
		return c.usage(err)
	}
	kind, key := pos[0], pos[1]
	i := slices.IndexFunc(printers(), func(p printer) bool { return p.kind == kind })
	if i < 0 {
		return c.usage(fmt.Errorf("%s: %s", lang.L("Unknown document"), kind))
	}
	print := printers()[i].print
	s, err := c.open()
	if err != nil {
		return c.fail(err)
	}
	defer s.Close()
	if err := print(ctx, s, key, *out); err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, *out)
	return exitOK
}

// sheetRegister is a register the spreadsheet subcommands (template,
// import, export) know. A new register is one entry in registers().
type sheetRegister struct {
	name string
	// template writes the blank register; nil when it has none.
	template func(path string) error
	// importer imports a file; it returns the report and the line a
	// finished import prints. nil when the register cannot be imported.
	importer func(ctx context.Context, s *data.Store, path string, opt sheet.ImportOptions) (sheet.Report, string, error)
	// export writes the register to an XLSX file and returns the rows
	// written; unmasked is --unmasked, accepted when maskable is set.
	export   func(ctx context.Context, s *data.Store, path string, unmasked bool) (int, error)
	maskable bool
}

// registers are the registers of the spreadsheet subcommands, in the
// usage's order.
func registers() []sheetRegister {
	return []sheetRegister{
		{
			name:     "households",
			template: sheet.WriteHouseholdTemplate,
			importer: func(ctx context.Context, s *data.Store, path string, opt sheet.ImportOptions) (sheet.Report, string, error) {
				r, err := sheet.ImportHouseholds(ctx, s, path, opt)
				return r, r.Summary(), err
			},
			export: func(ctx context.Context, s *data.Store, path string, unmasked bool) (int, error) {
				return sheet.ExportHouseholds(ctx, s, path, data.ResidentFilter{}, sheet.ExportOptions{Unmasked: unmasked})
			},
			maskable: true,
		},
		{
			name:     "organizations",
			template: sheet.WriteOrganizationTemplate,
			importer: func(ctx context.Context, s *data.Store, path string, opt sheet.ImportOptions) (sheet.Report, string, error) {
				r, err := sheet.ImportOrganizationsReport(ctx, s, path, opt)
				return r.Report, r.Summary(), err
			},
			export: func(ctx context.Context, s *data.Store, path string, _ bool) (int, error) {
				return sheet.ExportOrganizations(ctx, s, path)
			},
		},
	}
}

// documentExport is a single record `jiedao export KIND KEY -o FILE`
// writes as a document (minutes as .docx, say), found by its key.
type documentExport struct {
	kind   string
	key    string // what identifies one in the usage: ID, NUMBER
	ext    string // the file's extension, for the usage: docx
	export func(ctx context.Context, s *data.Store, key, path string) error
}

// documentExports are the documents `jiedao export` knows besides the
// registers. A new one is one entry here.
func documentExports() []documentExport {
	return []documentExport{
		{"minutes", "MEETING-ID", "docx", docx.ExportMinutes},
	}
}

// registerNames lists the registers that have what has says they have,
// for the usage: households|organizations.
func registerNames(has func(sheetRegister) bool) string {
	var names []string
	for _, r := range registers() {
		if has(r) {
			names = append(names, r.name)
		}
	}
	return strings.Join(names, "|")
}

func templateUsage() string {
	return "jiedao template " + registerNames(func(r sheetRegister) bool { return r.template != nil }) + " -o FILE.xlsx"
}

func importUsage() string {
	return "jiedao import " + registerNames(func(r sheetRegister) bool { return r.importer != nil }) +
		" FILE.xlsx|FILE.csv [--dry-run] [--report FILE.csv] [--skip-invalid] [--db PATH]"
}

// exportUsage is one line per register and document: their flags differ.
func exportUsage() []string {
	var lines []string
	for _, r := range registers() {
		if r.export == nil {
			continue
		}
		flags := ""
		if r.maskable {
			flags = " [--unmasked]"
		}
		lines = append(lines, "jiedao export "+r.name+" -o FILE.xlsx"+flags+" [--db PATH]")
	}
	for _, d := range documentExports() {
		lines = append(lines, "jiedao export "+d.kind+" "+d.key+" -o FILE."+d.ext+" [--db PATH]")
	}
	return lines
}

// register finds the register pos[0] names among those has accepts, and
// checks that pos has want arguments.
func register(pos []string, want int, has func(sheetRegister) bool) (sheetRegister, error) {
	if len(pos) != want {
		return sheetRegister{}, errors.New(lang.L("Wrong number of arguments"))
	}
	for _, r := range registers() {
		if r.name == pos[0] && has(r) {
			return r, nil
		}
	}
	return sheetRegister{}, fmt.Errorf("%s: %s", lang.L("Unknown register"), pos[0])
}

func cmdTemplate(_ context.Context, c *cli, args []string) int {
	fs := flag.NewFlagSet("template", flag.ContinueOnError)
	out := fs.String("o", "", "the XLSX file to write")
	pos, err := c.parse(fs, args)
	var reg sheetRegister
	if err == nil {
		reg, err = register(pos, 1, func(r sheetRegister) bool { return r.template != nil })
	}
	if err == nil && *out == "" {
		err = errors.New(lang.L("template needs -o FILE.xlsx"))
	}
	if err != nil {
		return c.usage(err)
	}
	if err := reg.template(*out); err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, *out)
	return exitOK
}

func cmdImport(ctx context.Context, c *cli, args []string) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dry := fs.Bool("dry-run", false, "check the file and report; change nothing")
	report := fs.String("report", "", "write every invalid row to this CSV file (row,column,value,reason)")
	skip := fs.Bool("skip-invalid", false, "import the valid rows even when some rows are invalid")
	pos, err := c.parse(fs, args)
	var reg sheetRegister
	if err == nil {
		reg, err = register(pos, 2, func(r sheetRegister) bool { return r.importer != nil })
	}
	if err != nil {
		return c.usage(err)
	}
	s, err := c.open()
	if err != nil {
		return c.fail(err)
	}
	defer s.Close()
	r, summary, err := reg.importer(ctx, s, pos[1], sheet.ImportOptions{DryRun: *dry, SkipInvalid: *skip})
	if *report != "" {
		if werr := sheet.WriteReport(*report, r); werr != nil {
			return c.fail(werr)
		}
	}
	if *dry || errors.Is(err, sheet.ErrInvalidRows) {
		r.WriteText(c.stdout)
	} else if err == nil {
		fmt.Fprintln(c.stdout, summary)
	}
	if err != nil {
		return c.fail(err)
	}
	if *dry && r.Invalid > 0 {
		return exitFail
	}
	return exitOK
}

func cmdExport(ctx context.Context, c *cli, args []string) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	out := fs.String("o", "", "the file to write")
	unmasked := fs.Bool("unmasked", false, "write ID and phone numbers whole (the export is audited either way)")
	pos, err := c.parse(fs, args)
	if err != nil {
		return c.usage(err)
	}
	// A document (a record found by its key) or a whole register.
	if len(pos) > 0 {
		if i := slices.IndexFunc(documentExports(), func(d documentExport) bool { return d.kind == pos[0] }); i >= 0 {
			d := documentExports()[i]
			switch {
			case len(pos) != 2:
				err = errors.New(lang.L("export {{.Kind}} needs its {{.Key}}", map[string]any{"Kind": d.kind, "Key": d.key}))
			case *out == "":
				err = errors.New(lang.L("export needs -o FILE.{{.Ext}}", map[string]any{"Ext": d.ext}))
			case *unmasked:
				err = errors.New(lang.L("export {{.Kind}} has no --unmasked", map[string]any{"Kind": d.kind}))
			}
			if err != nil {
				return c.usage(err)
			}
			s, err := c.open()
			if err != nil {
				return c.fail(err)
			}
			defer s.Close()
			if err := d.export(ctx, s, pos[1], *out); err != nil {
				return c.fail(err)
			}
			fmt.Fprintln(c.stdout, *out)
			return exitOK
		}
	}
	reg, err := register(pos, 1, func(r sheetRegister) bool { return r.export != nil })
	if err == nil && *out == "" {
		err = errors.New(lang.L("export needs -o FILE.{{.Ext}}", map[string]any{"Ext": "xlsx"}))
	}
	if err == nil && *unmasked && !reg.maskable {
		err = errors.New(lang.L("export {{.Kind}} has no --unmasked", map[string]any{"Kind": reg.name}))
	}
	if err != nil {
		return c.usage(err)
	}
	s, err := c.open()
	if err != nil {
		return c.fail(err)
	}
	defer s.Close()
	n, err := reg.export(ctx, s, *out, *unmasked)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "%s: %d\n", *out, n)
	return exitOK
}
