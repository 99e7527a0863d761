package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"jiedao/data/demo"
	"jiedao/i18n"
)

func cmdDemo(ctx context.Context, c *env, args []string) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	households := fs.Int("households", 300, "number of households to generate")
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same data")
	pos, err := c.parse(fs, args)
	if err != nil || len(pos) > 0 {
		return c.usage(err)
	}
	if *households <= 0 {
		return c.usage(errors.New(i18n.L("--households must be a positive number")))
	}
	s, err := c.openOrCreate()
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
	fmt.Fprintf(c.stdout, "%s: %s\n", s.Path(), i18n.L("demo.summary", map[string]any{
		"Households": sum.Households, "Residents": sum.Residents, "Tags": sum.Tags, "Events": sum.Events,
		"Organizations": sum.Organizations, "Agreements": sum.Agreements, "Meetings": sum.Meetings,
		"Seconds": fmt.Sprintf("%.1f", time.Since(start).Seconds()),
	}))
	return exitOK
}
