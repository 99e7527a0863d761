package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"jiedao/data"
	"jiedao/i18n"
)

// auditUsage is the usage line of `jiedao audit`.
const auditUsage = "jiedao audit verify [--db PATH]"

// cmdAudit runs `jiedao audit verify`: it checks the database's audit
// trail, reading the file only, and prints "N entries, chain intact" and
// the chain's head (exit 0), or the first entry found changed, removed,
// inserted or moved (exit 1). A file it cannot read as a Jiedao database
// is a failure too (exit 1, the reason on stderr).
func cmdAudit(ctx context.Context, c *env, args []string) int {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	pos, err := c.parse(fs, args)
	if err == nil && (len(pos) != 1 || pos[0] != "verify") {
		err = errors.New(i18n.L("audit needs verify"))
	}
	if err != nil {
		return c.usage(err)
	}
	path, err := c.dbPath()
	if err != nil {
		return c.fail(err)
	}
	// The auditor's job: the store's own check names the role it takes,
	// then the file is read as it is.
	if err := c.checked(ctx, "VerifyAudit"); err != nil {
		return c.fail(err)
	}
	chain, err := data.VerifyAuditFile(ctx, path)
	if errors.Is(err, data.ErrAuditBroken) {
		fmt.Fprintln(c.stdout, i18n.Message(err))
		return exitFail
	}
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, i18n.L("{{.N}} entries, chain intact", map[string]any{"N": chain.Entries}))
	if chain.Head != "" {
		fmt.Fprintln(c.stdout, i18n.L("Head of the chain:"), chain.Head)
	}
	if chain.Chained > 0 {
		fmt.Fprintln(c.stdout, i18n.L("The first {{.N}} entries were chained as they were found, at the upgrade of {{.At}}.",
			map[string]any{"N": chain.Chained, "At": chain.ChainedAt.Local().Format("2006-01-02 15:04:05")}))
	}
	return exitOK
}
