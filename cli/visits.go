package cli

// jiedao visits plan|due: the care visits' paper and list.
//
//	jiedao visits plan [--community NAME] --grid NAME [--week DATE] -o FILE.pdf
//	jiedao visits due [--community NAME] [--grid NAME] [--as-of DATE] -o FILE.xlsx
//
// Grid names repeat across communities (第1网格 is in every one), so a
// grid named without its community must be unique among the communities
// the account sees; otherwise it is refused as bad usage (exit 2), listing
// the communities that have it. A grid or community that does not exist
// fails (exit 1), as an unknown household number does. The import of visit
// records is `jiedao import visits` (sheets.go).

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"jiedao/data"
	"jiedao/i18n"
	"jiedao/pdf"
	"jiedao/sheet"
)

const visitsUsage = "jiedao visits plan [--community NAME] --grid NAME [--week DATE] -o FILE.pdf [--db PATH]\n  " +
	"jiedao visits due [--community NAME] [--grid NAME] [--as-of DATE] -o FILE.xlsx [--db PATH]"

// visitsArgs are the flags both subcommands share.
type visitsArgs struct {
	community, grid, day, out string
}

func cmdVisits(ctx context.Context, c *env, args []string) int {
	if len(args) == 0 || args[0] != "plan" && args[0] != "due" {
		return c.usage(errors.New(i18n.L("visits needs plan or due")))
	}
	sub := args[0]
	fs := flag.NewFlagSet("visits "+sub, flag.ContinueOnError)
	var a visitsArgs
	fs.StringVar(&a.community, "community", "", "the community")
	fs.StringVar(&a.grid, "grid", "", "the grid")
	dayFlag, ext := "as-of", "xlsx"
	if sub == "plan" {
		dayFlag, ext = "week", "pdf"
	}
	fs.StringVar(&a.day, dayFlag, "", "a day (2006-01-02)")
	fs.StringVar(&a.out, "o", "", "the file to write")
	pos, err := c.parse(fs, args[1:])
	day, derr := visitsDay(a.day)
	switch {
	case err != nil:
	case len(pos) != 0:
		err = errors.New(i18n.L("Wrong number of arguments"))
	case a.out == "":
		err = errors.New(i18n.L("visits {{.Sub}} needs -o FILE.{{.Ext}}", map[string]any{"Sub": sub, "Ext": ext}))
	case sub == "plan" && a.grid == "":
		err = errors.New(i18n.L("visits plan needs --grid NAME"))
	case derr != nil:
		err = derr
	}
	if err != nil {
		return c.usage(err)
	}
	s, err := c.open(ctx)
	if err != nil {
		return c.fail(err)
	}
	defer s.Close()
	community, err := resolveGrid(ctx, s, a.community, a.grid)
	var amb *ambiguousGrid
	if errors.As(err, &amb) {
		return c.usage(err)
	}
	if err != nil {
		return c.fail(err)
	}
	f := data.VisitFilter{Community: community, Grid: a.grid}
	var n int
	if sub == "plan" {
		n, err = pdf.VisitPlan(ctx, s, f, day, a.out)
	} else {
		f.AsOf = day
		n, err = sheet.ExportVisitsDue(ctx, s, a.out, f)
	}
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "%s: %d\n", a.out, n)
	return exitOK
}

// visitsDay reads --week or --as-of: zero when empty (today).
func visitsDay(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(v), time.Local)
	if err != nil {
		return time.Time{}, errors.New(i18n.L("“{{.Value}}” is not a date; write it as 2026-01-31", map[string]any{"Value": v}))
	}
	// Noon: the day is the same in every zone the clock may be read in.
	return t.Add(12 * time.Hour), nil
}

// ambiguousGrid is a grid name several communities have.
type ambiguousGrid struct {
	grid        string
	communities []string
}

func (e *ambiguousGrid) Error() string {
	return i18n.L("The grid {{.Grid}} is in several communities ({{.Communities}}); name one with --community",
		map[string]any{"Grid": e.grid, "Communities": strings.Join(e.communities, "、")})
}

// resolveGrid checks the community and grid against the register (as the
// account sees it) and returns the community: the given one, or the only
// one that has the grid.
func resolveGrid(ctx context.Context, s *data.Store, community, grid string) (string, error) {
	if community == "" && grid == "" {
		return "", nil
	}
	cs, err := s.Communities(ctx)
	if err != nil {
		return "", err
	}
	var having []string
	for _, c := range cs {
		if community != "" && c.Community != community {
			continue
		}
		if grid == "" || slices.Contains(c.Grids, grid) {
			having = append(having, c.Community)
		}
	}
	switch {
	case len(having) == 0 && grid == "":
		return "", errors.New(i18n.L("There is no community {{.Community}}", map[string]any{"Community": community}))
	case len(having) == 0:
		return "", errors.New(i18n.L("There is no grid {{.Grid}}{{if .Community}} in {{.Community}}{{end}}", map[string]any{"Grid": grid, "Community": community}))
	case len(having) > 1:
		return "", &ambiguousGrid{grid: grid, communities: having}
	}
	return having[0], nil
}
