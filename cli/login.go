package cli

import (
	"context"
	"errors"
	"os"
	"strings"

	"jiedao/data"
	"jiedao/i18n"
)

// Every subcommand that reads or writes the register runs as an account:
// the global flag --user LOGIN or the environment variable JIEDAO_USER
// names it, and its password comes from JIEDAO_PASSWORD or is asked for
// on the terminal (password.go). The store the job gets is bound to that
// account (data.Store.Login), so that the roles and the scope are applied
// in data and every audit entry names the account. A refused login or a
// missing permission is said in the user's language and exits 1, like any
// other failed job.
//
// A database without accounts — a new one, or one from the release before
// accounts — runs only version, help, demo and user add (the first
// administrator); every other subcommand says how to create that account
// and exits 1.

// The environment variables of the login.
const (
	envUser     = "JIEDAO_USER"
	envPassword = "JIEDAO_PASSWORD"
	// envNewPassword is the password of an account an administrator
	// creates (`user add` once there are accounts): JIEDAO_PASSWORD is
	// then the administrator's own.
	envNewPassword = "JIEDAO_NEW_PASSWORD"
)

// flagUser is the global flag naming the account.
const flagUser = "user"

// getenv reads the environment (the tests give their own).
func (c *env) getenv(key string) string {
	if c.environ != nil {
		return c.environ(key)
	}
	return os.Getenv(key)
}

// login is the account the subcommand runs as: --user, else JIEDAO_USER.
func (c *env) login() string {
	if c.user != "" {
		return c.user
	}
	return strings.TrimSpace(c.getenv(envUser))
}

// open opens the database the flags name, which must exist (a mistyped
// --db must not make an empty register that the job then finds nothing in:
// data.OpenExisting), and logs in: the store returned is bound to the
// account. Closing it closes the database.
func (c *env) open(ctx context.Context) (*data.Store, error) {
	path, err := c.dbPath()
	if err != nil {
		return nil, err
	}
	s, err := data.OpenExisting(path)
	if err != nil {
		return nil, err
	}
	bound, err := c.signIn(ctx, s)
	if err != nil {
		s.Close()
		return nil, err
	}
	return bound, nil
}

// signIn logs in to s as the account the flags and the environment name.
// A register without accounts is refused with the command that makes the
// first one (errNoAccounts). An account that must change its password (a
// reset, or created by an administrator) changes it first on a terminal;
// a script is refused, since the temporary password was meant to be used
// once.
func (c *env) signIn(ctx context.Context, s *data.Store) (*data.Store, error) {
	has, err := s.HasAccounts(ctx)
	if err != nil {
		return nil, err
	}
	if !has {
		return nil, c.noAccounts()
	}
	login := c.login()
	if login == "" {
		return nil, errors.New(i18n.L("cli.login.who"))
	}
	pw, err := c.password(envPassword, i18n.L("cli.login.password", map[string]any{"Login": login}), false)
	if err != nil {
		return nil, err
	}
	bound, err := s.Login(ctx, login, pw)
	if err != nil {
		return nil, err
	}
	must, err := bound.MustChangePassword(ctx)
	if err != nil || !must {
		return bound, err
	}
	if !c.terminal().interactive() {
		return nil, errors.New(i18n.L("cli.login.must_change", map[string]any{"Login": login}))
	}
	c.say(i18n.L("cli.login.change_now", map[string]any{"Login": login}))
	np, err := c.newPassword("", login)
	if err != nil {
		return nil, err
	}
	if err := bound.ChangePassword(ctx, pw, np); err != nil {
		return nil, err
	}
	return bound, nil
}

// noAccounts is the refusal on a register without accounts: it gives the
// command that creates the first administrator, with this --db.
func (c *env) noAccounts() error {
	cmd := "jiedao user add admin --name " + i18n.L("cli.first.name") + " --role admin"
	if c.db != "" {
		cmd += " --db " + quoteArg(c.db)
	}
	return errors.New(i18n.L("cli.first.needed", map[string]any{"Command": cmd, "Env": envPassword}))
}

// quoteArg quotes a path with spaces for the shell the message is pasted
// into.
func quoteArg(s string) string {
	if strings.ContainsAny(s, " \t'\"") {
		return `"` + s + `"`
	}
	return s
}

// withStore opens the store, logs in and runs job on it: a job that fails
// is said in the user's language (exit 1), one that is done prints the
// line it returns (exit 0).
func (c *env) withStore(ctx context.Context, job func(s *data.Store) (string, error)) int {
	s, err := c.open(ctx)
	if err != nil {
		return c.fail(err)
	}
	defer s.Close()
	line, err := job(s)
	if err != nil {
		return c.fail(err)
	}
	c.out(line)
	return exitOK
}

// checked logs in and checks that the account may call the Store method
// named method, then closes the database: for a job that is not a Store
// call (a restore replaces the file, `audit verify` reads it).
func (c *env) checked(ctx context.Context, method string) error {
	s, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.Can(method)
}
