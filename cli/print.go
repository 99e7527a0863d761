package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"

	"jiedao/data"
	"jiedao/i18n"
	"jiedao/pdf"
)

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

func cmdPrint(ctx context.Context, c *env, args []string) int {
	fs := flag.NewFlagSet("print", flag.ContinueOnError)
	out := fs.String("o", "", "the PDF file to write")
	pos, err := c.parse(fs, args)
	if err == nil && (len(pos) != 2 || *out == "") {
		err = errors.New(i18n.L("print needs a document kind, its number and -o FILE.pdf"))
	}
	if err != nil {
		return c.usage(err)
	}
	kind, key := pos[0], pos[1]
	i := slices.IndexFunc(printers(), func(p printer) bool { return p.kind == kind })
	if i < 0 {
		return c.usage(fmt.Errorf("%s: %s", i18n.L("Unknown document"), kind))
	}
	print := printers()[i].print
	return c.withStore(ctx, func(s *data.Store) (string, error) {
		return *out, print(ctx, s, key, *out)
	})
}
