package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"

	"jiedao/data"
	"jiedao/docx"
	"jiedao/i18n"
	"jiedao/sheet"
)

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
	// written; opt.Unmasked (with its Reason) is --unmasked, accepted
	// when maskable is set.
	export   func(ctx context.Context, s *data.Store, path string, opt sheet.ExportOptions) (int, error)
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
			export: func(ctx context.Context, s *data.Store, path string, opt sheet.ExportOptions) (int, error) {
				return sheet.ExportHouseholds(ctx, s, path, data.ResidentFilter{}, opt)
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
			export: func(ctx context.Context, s *data.Store, path string, _ sheet.ExportOptions) (int, error) {
				return sheet.ExportOrganizations(ctx, s, path)
			},
		},
		{
			// Visit records (关爱走访); their export is `jiedao visits due`.
			name: "visits",
			importer: func(ctx context.Context, s *data.Store, path string, opt sheet.ImportOptions) (sheet.Report, string, error) {
				r, err := sheet.ImportVisits(ctx, s, path, opt)
				return r.Report, r.Summary(), err
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
			flags = " [--unmasked --reason TEXT]"
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
		return sheetRegister{}, errors.New(i18n.L("Wrong number of arguments"))
	}
	for _, r := range registers() {
		if r.name == pos[0] && has(r) {
			return r, nil
		}
	}
	return sheetRegister{}, fmt.Errorf("%s: %s", i18n.L("Unknown register"), pos[0])
}

func cmdTemplate(_ context.Context, c *env, args []string) int {
	fs := flag.NewFlagSet("template", flag.ContinueOnError)
	out := fs.String("o", "", "the XLSX file to write")
	pos, err := c.parse(fs, args)
	var reg sheetRegister
	if err == nil {
		reg, err = register(pos, 1, func(r sheetRegister) bool { return r.template != nil })
	}
	if err == nil && *out == "" {
		err = errors.New(i18n.L("template needs -o FILE.xlsx"))
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

func cmdImport(ctx context.Context, c *env, args []string) int {
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
	s, err := c.open(ctx)
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
	// A file refused whole (unreadable, too large, no rows) has no rows
	// to report: the message says why.
	if *dry && err == nil || errors.Is(err, sheet.ErrInvalidRows) {
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

func cmdExport(ctx context.Context, c *env, args []string) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	out := fs.String("o", "", "the file to write")
	unmasked := fs.Bool("unmasked", false, "write ID and phone numbers whole, with --reason (the export is audited either way)")
	reason := fs.String("reason", "", "what an unmasked export is for: stamped into the file and recorded in the audit")
	pos, err := c.parse(fs, args)
	if err == nil {
		err = checkReason(*unmasked, *reason)
	}
	if err != nil {
		return c.usage(err)
	}
	// A document (a record found by its key) or a whole register.
	if len(pos) > 0 {
		if i := slices.IndexFunc(documentExports(), func(d documentExport) bool { return d.kind == pos[0] }); i >= 0 {
			return exportDocument(ctx, c, documentExports()[i], pos, *out, *unmasked)
		}
	}
	return exportRegister(ctx, c, pos, *out, sheet.ExportOptions{Unmasked: *unmasked, Reason: *reason})
}

// checkReason checks --reason as usage: an unmasked export needs one
// (data.ValidateReason: given, not only 其他：, at most 64 characters), and
// a masked one has no use for it.
func checkReason(unmasked bool, reason string) error {
	switch {
	case unmasked && strings.TrimSpace(reason) == "":
		return errors.New(i18n.L("cli.export.reason"))
	case unmasked:
		if err := data.ValidateReason(reason); err != nil {
			return errors.New(i18n.Message(err))
		}
	case reason != "":
		return errors.New(i18n.L("cli.export.reason_alone"))
	}
	return nil
}

// exportDocument is `jiedao export KIND KEY -o FILE`: pos is KIND KEY.
func exportDocument(ctx context.Context, c *env, d documentExport, pos []string, out string, unmasked bool) int {
	var err error
	switch {
	case len(pos) != 2:
		err = errors.New(i18n.L("export {{.Kind}} needs its {{.Key}}", map[string]any{"Kind": d.kind, "Key": d.key}))
	case out == "":
		err = errors.New(i18n.L("export needs -o FILE.{{.Ext}}", map[string]any{"Ext": d.ext}))
	case unmasked:
		err = errors.New(i18n.L("export {{.Kind}} has no --unmasked", map[string]any{"Kind": d.kind}))
	}
	if err != nil {
		return c.usage(err)
	}
	return c.withStore(ctx, func(s *data.Store) (string, error) {
		return out, d.export(ctx, s, pos[1], out)
	})
}

// exportRegister is `jiedao export REGISTER -o FILE.xlsx [--unmasked --reason TEXT]`:
// pos is REGISTER. It prints the file and the rows written.
func exportRegister(ctx context.Context, c *env, pos []string, out string, opt sheet.ExportOptions) int {
	unmasked := opt.Unmasked
	reg, err := register(pos, 1, func(r sheetRegister) bool { return r.export != nil })
	if err == nil && out == "" {
		err = errors.New(i18n.L("export needs -o FILE.{{.Ext}}", map[string]any{"Ext": "xlsx"}))
	}
	if err == nil && unmasked && !reg.maskable {
		err = errors.New(i18n.L("export {{.Kind}} has no --unmasked", map[string]any{"Kind": reg.name}))
	}
	if err != nil {
		return c.usage(err)
	}
	return c.withStore(ctx, func(s *data.Store) (string, error) {
		n, err := reg.export(ctx, s, out, opt)
		return fmt.Sprintf("%s: %d", out, n), err
	})
}
