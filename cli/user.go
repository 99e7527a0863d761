package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"jiedao/data"
	"jiedao/i18n"
)

// `jiedao user …` manages the accounts: an administrator's job, except
// the first account of a register (user add on a register without any,
// which must hold the admin role and makes the database when the file does
// not exist yet) and recovery with the one-time code (user recover, for
// the administrator who forgot the password: it needs no login).
//
// Roles are the English words of data.Roles(); communities are names,
// comma-separated; grids are "社区/网格" pairs (data.GridRef), since the
// same grid names (第1网格) recur in every community.

// userUsage is the usage of `jiedao user`, a line per action.
const userUsage = `jiedao user add LOGIN --name NAME --role ROLE[,ROLE…] [--community COMMUNITY[,COMMUNITY…]] [--grid COMMUNITY/GRID[,…]] [--db PATH]
jiedao user list [--db PATH]
jiedao user reset LOGIN [--db PATH]
jiedao user disable LOGIN [--db PATH]
jiedao user recover LOGIN --code CODE [--db PATH]`

// userActions are the actions of `jiedao user` (a function: they call
// usage, which lists the commands).
func userActions() map[string]func(ctx context.Context, c *env, args []string) int {
	return map[string]func(ctx context.Context, c *env, args []string) int{
		"add": userAdd, "list": userList, "reset": userReset, "disable": userDisable, "recover": userRecover,
	}
}

func cmdUser(ctx context.Context, c *env, args []string) int {
	if len(args) == 0 {
		return c.usage(errors.New(i18n.L("cli.user.action")))
	}
	do, ok := userActions()[args[0]]
	if !ok {
		return c.usage(fmt.Errorf("%s: %s", i18n.L("cli.user.action"), args[0]))
	}
	return do(ctx, c, args[1:])
}

// userArgs parses an action's flags and wants its LOGIN (want 1) or
// nothing (want 0).
func userArgs(c *env, fs *flag.FlagSet, args []string, want int) ([]string, error) {
	pos, err := c.parse(fs, args)
	if err == nil && len(pos) != want {
		err = errors.New(i18n.L("Wrong number of arguments"))
	}
	return pos, err
}

// accountFlags are user add's description of the account.
type accountFlags struct {
	name, roles, communities, grids string
}

// account checks the flags as usage (a clear message and exit 2 for an
// unknown role or a grid not written 社区/网格) and returns the account.
func (f accountFlags) account(login string) (data.Account, error) {
	a := data.Account{Login: login, Name: f.name, Roles: f.roles, Communities: f.communities, Grids: f.grids}
	if strings.TrimSpace(f.name) == "" {
		return a, errors.New(i18n.L("cli.user.name_needed"))
	}
	if len(a.RoleList()) == 0 {
		return a, errors.New(i18n.L("cli.user.role_needed"))
	}
	for _, r := range a.RoleList() {
		if !slices.Contains(data.Roles(), r) {
			return a, errors.New(i18n.Message(&data.Error{Key: data.KeyInvalidRole, Args: map[string]any{"Value": r}}))
		}
	}
	for _, g := range strings.Split(f.grids, ",") {
		if _, ok := data.ParseGridRef(g); strings.TrimSpace(g) != "" && !ok {
			return a, errors.New(i18n.Message(&data.Error{Key: data.KeyInvalidGridRef, Args: map[string]any{"Value": g}}))
		}
	}
	return a, nil
}

func userAdd(ctx context.Context, c *env, args []string) int {
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	var f accountFlags
	fs.StringVar(&f.name, "name", "", "the person's name, as audit entries show it")
	fs.StringVar(&f.roles, "role", "", "roles, comma-separated: "+strings.Join(data.Roles(), ","))
	fs.StringVar(&f.communities, "community", "", "the communities of a community worker, comma-separated")
	fs.StringVar(&f.grids, "grid", "", "the grids of a grid worker, as 社区/网格, comma-separated")
	pos, err := userArgs(c, fs, args, 1)
	var a data.Account
	if err == nil {
		a, err = f.account(pos[0])
	}
	if err != nil {
		return c.usage(err)
	}
	path, err := c.dbPath()
	if err != nil {
		return c.fail(err)
	}
	if _, err := os.Stat(path); err != nil && !a.HasRole(data.RoleAdmin) {
		// The new register's first account: refused before the file is made.
		return c.fail(&data.Error{Key: data.KeyFirstNeedsAdmin})
	}
	s, err := c.openOrCreate()
	if err != nil {
		return c.fail(err)
	}
	defer s.Close()
	has, err := s.HasAccounts(ctx)
	if err != nil {
		return c.fail(err)
	}
	// The account is checked before a password is asked for it.
	if err := a.Validate(); err != nil {
		return c.fail(err)
	}
	if !has {
		return firstAccount(ctx, c, s, a)
	}
	admin, err := c.signIn(ctx, s)
	if err != nil {
		return c.fail(err)
	}
	// JIEDAO_PASSWORD is the administrator's own here; the new account's
	// is JIEDAO_NEW_PASSWORD or typed, and must be changed at its first
	// login (the administrator knows it).
	pw, err := c.newPassword(envNewPassword, a.Login)
	if err != nil {
		return c.fail(err)
	}
	if err := admin.CreateAccount(ctx, &a, pw); err != nil {
		return c.fail(err)
	}
	c.out(i18n.L("cli.user.added", map[string]any{"Account": describeAccount(a)}))
	return exitOK
}

// firstAccount creates the register's first account (it must hold the
// admin role) with the password JIEDAO_PASSWORD or typed twice, and prints
// its one-time recovery code.
func firstAccount(ctx context.Context, c *env, s *data.Store, a data.Account) int {
	if !a.HasRole(data.RoleAdmin) {
		return c.fail(&data.Error{Key: data.KeyFirstNeedsAdmin})
	}
	pw, err := c.newPassword(envPassword, a.Login)
	if err != nil {
		return c.fail(err)
	}
	code, err := s.CreateFirstAccount(ctx, a, pw)
	if err != nil {
		return c.fail(err)
	}
	c.out(i18n.L("cli.user.added", map[string]any{"Account": describeAccount(a)}))
	c.out(i18n.L("cli.user.recovery_code", map[string]any{"Code": code}))
	c.say(i18n.L("cli.user.recovery_note", map[string]any{"Login": data.NormalizeLogin(a.Login)}))
	return exitOK
}

// describeAccount is "zhangsan（张三）：社区工作者，春晖社区": the login, the
// name, the roles in words and the scope.
func describeAccount(a data.Account) string {
	roles := make([]string, 0, len(a.RoleList()))
	for _, r := range a.RoleList() {
		roles = append(roles, i18n.L("role."+r))
	}
	parts := []string{strings.Join(roles, i18n.L("cli.list.sep"))}
	if scope := scopeOf(a); scope != "" {
		parts = append(parts, scope)
	}
	return data.NormalizeLogin(a.Login) + "（" + strings.TrimSpace(a.Name) + "）：" + strings.Join(parts, i18n.L("cli.list.sep"))
}

// scopeOf is the account's communities and grids, or "" for the whole
// street.
func scopeOf(a data.Account) string {
	var out []string
	out = append(out, a.CommunityList()...)
	for _, g := range a.GridList() {
		out = append(out, g.String())
	}
	return strings.Join(out, ",")
}

func userList(ctx context.Context, c *env, args []string) int {
	fs := flag.NewFlagSet("user list", flag.ContinueOnError)
	if _, err := userArgs(c, fs, args, 0); err != nil {
		return c.usage(err)
	}
	s, err := c.open(ctx)
	if err != nil {
		return c.fail(err)
	}
	defer s.Close()
	as, err := s.ListAccounts(ctx)
	if err != nil {
		return c.fail(err)
	}
	writeAccounts(c, as, s.Now)
	return exitOK
}

func userReset(ctx context.Context, c *env, args []string) int {
	fs := flag.NewFlagSet("user reset", flag.ContinueOnError)
	pos, err := userArgs(c, fs, args, 1)
	if err != nil {
		return c.usage(err)
	}
	return c.withStore(ctx, func(s *data.Store) (string, error) {
		temp, err := s.ResetPassword(ctx, pos[0])
		return i18n.L("cli.user.temporary", map[string]any{"Login": data.NormalizeLogin(pos[0]), "Password": temp}), err
	})
}

func userDisable(ctx context.Context, c *env, args []string) int {
	fs := flag.NewFlagSet("user disable", flag.ContinueOnError)
	pos, err := userArgs(c, fs, args, 1)
	if err != nil {
		return c.usage(err)
	}
	return c.withStore(ctx, func(s *data.Store) (string, error) {
		return i18n.L("cli.user.disabled", map[string]any{"Login": data.NormalizeLogin(pos[0])}), s.DisableAccount(ctx, pos[0])
	})
}

// userRecover sets a new password with the one-time recovery code: no
// login (its password is what was lost); the new password is
// JIEDAO_PASSWORD or typed twice.
func userRecover(ctx context.Context, c *env, args []string) int {
	fs := flag.NewFlagSet("user recover", flag.ContinueOnError)
	code := fs.String("code", "", "the one-time recovery code")
	pos, err := userArgs(c, fs, args, 1)
	if err == nil && strings.TrimSpace(*code) == "" {
		err = errors.New(i18n.L("cli.user.code_needed"))
	}
	if err != nil {
		return c.usage(err)
	}
	path, err := c.dbPath()
	if err != nil {
		return c.fail(err)
	}
	s, err := data.OpenExisting(path)
	if err != nil {
		return c.fail(err)
	}
	defer s.Close()
	has, err := s.HasAccounts(ctx)
	if err != nil {
		return c.fail(err)
	}
	if !has {
		return c.fail(c.noAccounts())
	}
	pw, err := c.newPassword(envPassword, pos[0])
	if err != nil {
		return c.fail(err)
	}
	if err := s.Recover(ctx, pos[0], *code, pw); err != nil {
		return c.fail(err)
	}
	c.out(i18n.L("cli.user.recovered", map[string]any{"Login": data.NormalizeLogin(pos[0])}))
	return exitOK
}

// writeAccounts prints the accounts a line each, the columns separated by
// tabs (a script splits them; a spreadsheet pastes them) under a header:
// login, name, roles, scope, state.
func writeAccounts(c *env, as []data.Account, now func() time.Time) {
	c.out(strings.Join([]string{i18n.L("cli.list.login"), i18n.L("cli.list.name"), i18n.L("cli.list.roles"),
		i18n.L("cli.list.scope"), i18n.L("cli.list.state")}, "\t"))
	for _, a := range as {
		scope := scopeOf(a)
		if scope == "" {
			scope = i18n.L("cli.list.whole_street")
		}
		c.out(strings.Join([]string{a.Login, a.Name, a.Roles, scope, accountState(a, now())}, "\t"))
	}
}

// accountState is what stands in the way of the account's next login, or
// that nothing does.
func accountState(a data.Account, now time.Time) string {
	switch {
	case a.Disabled:
		return i18n.L("cli.list.disabled")
	case a.LockedUntil != nil && now.Before(*a.LockedUntil):
		return i18n.L("cli.list.locked")
	case a.MustChange:
		return i18n.L("cli.list.must_change")
	}
	return i18n.L("cli.list.active")
}
