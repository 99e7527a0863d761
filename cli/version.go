package cli

import (
	"context"
	"flag"
	"fmt"
	"runtime"
)

func cmdVersion(_ context.Context, c *env, args []string) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	pos, err := c.parse(fs, args)
	if err != nil || len(pos) > 0 {
		return c.usage(err)
	}
	fmt.Fprintf(c.stdout, "街道通 Jiedao %s (%s/%s, %s)\n", c.version, runtime.GOOS, runtime.GOARCH, runtime.Version())
	return exitOK
}
