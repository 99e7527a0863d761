package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"time"

	"jiedao/data"
	"jiedao/data/demo"
	"jiedao/i18n"
)

// `jiedao demo` fills a register without households with made-up ones.
// On a new file (none at the path, or an empty one) it also makes the
// demonstration's accounts (data/demo/accounts.go), all with the password
// --password, which it then needs: the households are written as the
// street manager, the accounts by the administrator, and the list is
// printed. On an existing register it runs as the account --user names,
// like every other subcommand, and makes none.

func cmdDemo(ctx context.Context, c *env, args []string) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	households := fs.Int("households", 300, "number of households to generate")
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same data")
	password := fs.String("password", "", "the password of the accounts made on a new database")
	pos, err := c.parse(fs, args)
	if err != nil || len(pos) > 0 {
		return c.usage(err)
	}
	if *households <= 0 {
		return c.usage(errors.New(i18n.L("--households must be a positive number")))
	}
	fresh, err := c.newFile()
	if err != nil {
		return c.fail(err)
	}
	if fresh && *password == "" {
		return c.usage(errors.New(i18n.L("cli.demo.password_needed")))
	}
	s, err := c.openOrCreate()
	if err != nil {
		return c.fail(err)
	}
	defer s.Close()
	opt := demo.Options{Households: *households, Seed: *seed}
	if !fresh {
		// An existing register, from this release or the one before
		// accounts: demo runs as its account, and puts no accounts with a
		// published password into it (without accounts, signIn says how
		// to make the first one).
		bound, err := c.signIn(ctx, s)
		if err != nil {
			return c.fail(err)
		}
		return c.generate(ctx, bound, opt)
	}
	if err := data.ValidatePassword(demo.AdminLogin, *password); err != nil {
		return c.usage(errors.New(i18n.Message(err)))
	}
	return c.demoWithAccounts(ctx, s, opt, *password)
}

// demoWithAccounts makes the administrator (the register's first
// account) and the staff, generates the households as the street manager,
// then makes a worker per community and grid, and prints the accounts.
func (c *env) demoWithAccounts(ctx context.Context, s *data.Store, opt demo.Options, password string) int {
	first := data.Account{Login: demo.AdminLogin, Name: "系统管理员", Roles: data.RoleAdmin}
	code, err := s.CreateFirstAccount(ctx, first, password)
	if err != nil {
		return c.fail(err)
	}
	admin, err := s.Login(ctx, demo.AdminLogin, password)
	if err == nil {
		err = demo.CreateAccounts(ctx, admin, password, demo.StaffAccounts())
	}
	var street *data.Store
	if err == nil {
		street, err = s.Login(ctx, demo.StreetLogin, password)
	}
	if err != nil {
		return c.fail(err)
	}
	if code := c.generate(ctx, street, opt); code != exitOK {
		return code
	}
	// The street manager may not compact (demo.Generate left it).
	err = admin.Compact(ctx)
	var cs []data.CommunityGrids
	if err == nil {
		cs, err = street.Communities(ctx)
	}
	if err == nil {
		err = demo.CreateAccounts(ctx, admin, password, demo.ScopeAccounts(cs))
	}
	var as []data.Account
	if err == nil {
		as, err = admin.ListAccounts(ctx)
	}
	if err != nil {
		return c.fail(err)
	}
	c.out(i18n.L("cli.demo.accounts", map[string]any{"N": len(as)}))
	writeAccounts(c, as, s.Now)
	c.out(i18n.L("cli.user.recovery_code", map[string]any{"Code": code}))
	return exitOK
}

// generate writes the households as s's account and prints the summary.
func (c *env) generate(ctx context.Context, s *data.Store, opt demo.Options) int {
	start := time.Now()
	last := time.Time{}
	sum, err := demo.Generate(ctx, s, opt, func(done, total int) {
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

// newFile reports whether the database the flags name is yet to be made:
// no file, or an empty one (a new register, as data.Open takes it).
func (c *env) newFile() (bool, error) {
	path, err := c.dbPath()
	if err != nil {
		return false, err
	}
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return st.Size() == 0, nil
}
