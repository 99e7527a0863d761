package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"jiedao/data"
	"jiedao/i18n"
	"jiedao/sheet"
)

// reportUsage is the usage of `jiedao report`.
func reportUsage() string {
	return strings.Join([]string{
		"jiedao report indicators [--db PATH]",
		"jiedao report fill TEMPLATE.xlsx --map MAP.csv [--as-of DATE] [--detail] -o OUT.xlsx [--db PATH]",
	}, "\n  ")
}

// cmdReport runs `jiedao report indicators` (the catalogue, each
// indicator with its definition) and `jiedao report fill` (a superior's
// form filled from the register; see sheet.Fill). A bad mapping row is
// said with its line, every one of them, and nothing is written (exit 1).
func cmdReport(ctx context.Context, c *env, args []string) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	mapping := fs.String("map", "", "the mapping CSV: sheet,cell,indicator,community")
	asOf := fs.String("as-of", "", "the as-of date, 2006-01-02 (default: today)")
	detail := fs.Bool("detail", false, "add the sheet 明细 with each cell's definition and count")
	out := fs.String("o", "", "the filled form to write")
	pos, err := c.parse(fs, args)
	if err != nil {
		return c.usage(err)
	}
	if len(pos) == 0 {
		return c.usage(errors.New(i18n.L("report needs indicators or fill")))
	}
	switch pos[0] {
	case "indicators":
		if len(pos) != 1 {
			return c.usage(errors.New(i18n.L("report indicators takes no file")))
		}
		return c.withStore(ctx, func(s *data.Store) (string, error) { return reportIndicators(ctx, s) })
	case "fill":
		req, err := fillRequest(pos, *mapping, *asOf, *detail, *out)
		if err != nil {
			return c.usage(err)
		}
		return c.reportFill(ctx, req, *mapping)
	}
	return c.usage(errors.New(i18n.L("report needs indicators or fill")))
}

// fillRequest checks fill's arguments (bad usage when wrong).
func fillRequest(pos []string, mapping, asOf string, detail bool, out string) (sheet.FillRequest, error) {
	req := sheet.FillRequest{Detail: detail, Out: out, AsOf: time.Now()}
	switch {
	case len(pos) != 2:
		return req, errors.New(i18n.L("report fill needs one TEMPLATE.xlsx"))
	case mapping == "":
		return req, errors.New(i18n.L("report fill needs --map MAP.csv"))
	case out == "":
		return req, errors.New(i18n.L("report fill needs -o OUT.xlsx"))
	}
	req.Template = pos[1]
	if asOf != "" {
		d, err := time.Parse(time.DateOnly, asOf)
		if err != nil {
			return req, errors.New(i18n.L("--as-of {{.Value}} is not a date such as 2026-12-31", map[string]any{"Value": asOf}))
		}
		req.AsOf = d
	}
	return req, nil
}

// reportFill reads the mapping and fills the form. Each problem the
// mapping has is printed on a line of its own.
func (c *env) reportFill(ctx context.Context, req sheet.FillRequest, mapping string) int {
	rows, err := sheet.ReadMapping(mapping)
	if err != nil {
		return c.failEach(err)
	}
	req.Rows = rows
	s, err := c.open(ctx)
	if err != nil {
		return c.fail(err)
	}
	defer s.Close()
	rec, err := sheet.Fill(ctx, s, req)
	if err != nil {
		return c.failEach(err)
	}
	fmt.Fprintln(c.stdout, i18n.L("{{.File}}: {{.N}} cells filled, as of {{.AsOf}}", map[string]any{"File": rec.File, "N": rec.Cells, "AsOf": rec.AsOf}))
	return exitOK
}

// failEach is fail for each of the errors err joins.
func (c *env) failEach(err error) int {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return c.fail(err)
	}
	for _, e := range j.Unwrap() {
		fmt.Fprintln(c.stderr, "jiedao:", i18n.Message(e))
	}
	fmt.Fprintln(c.stderr, "jiedao:", i18n.L("Nothing was written."))
	return exitFail
}

// reportIndicators lists the catalogue: name, unit and definition, one
// indicator a line (tab-separated, for scripts).
func reportIndicators(ctx context.Context, s *data.Store) (string, error) {
	cat, err := s.Indicators(ctx)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for i, ind := range cat {
		if i > 0 {
			b.WriteByte('\n')
		}
		kind := i18n.L("indicator.builtin")
		switch {
		case ind.Computed():
			kind = i18n.L("indicator.computed")
		case !ind.BuiltIn:
			kind = i18n.L("indicator.own")
		}
		unit := ind.Unit
		if unit == "" {
			unit = "-"
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s", ind.Name, unit, kind, ind.Definition())
	}
	return b.String(), nil
}
