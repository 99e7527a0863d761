package screens

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// accounts is the administrator's page of accounts: who may log in, in
// which roles, over which communities and grids. The data layer audits
// every change under the administrator.
type accounts struct {
	env *Env

	all      []data.Account
	selected int // index in all, -1 for none
	list     *widget.List
	count    *widget.Label
	problem  *widget.Label

	add, edit, reset, disable, recovery *widget.Button

	// onShown hears the temporary password or recovery code shown once
	// (tests read it; the user reads the dialog).
	onShown func(secret string)
	form    *accountForm // the form on show, for tests
}

// NewAccounts returns the accounts page.
func NewAccounts(env *Env) Screen { return &accounts{env: env, selected: -1} }

// accountColumns: login, name, roles, scope (which takes the room left),
// state.
var accountColumns = flexAt(3, 110, 110, 190, 260, 110)

func (a *accounts) BuildUI() fyne.CanvasObject {
	a.count = &widget.Label{}
	a.problem = errorLabel()
	a.list = &widget.List{
		Length: func() int { return len(a.all) },
		CreateItem: func() fyne.CanvasObject {
			return container.New(accountColumns, cell(""), cell(""), cell(""), cell(""), cell(""))
		},
		UpdateItem: a.updateRow,
		OnSelected: func(id widget.ListItemID) { a.selected = id; a.updateButtons() },
		OnUnselected: func(widget.ListItemID) {
			a.selected = -1
			a.updateButtons()
		},
	}
	a.add = &widget.Button{Text: lang.L("acc.New account…"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: func() { a.showForm(nil) }}
	a.edit = &widget.Button{Text: lang.L("acc.Roles and area…"), Icon: theme.DocumentCreateIcon(), OnTapped: func() {
		if acc, ok := a.current(); ok {
			a.showForm(&acc)
		}
	}}
	a.reset = &widget.Button{Text: lang.L("acc.Reset password"), Icon: theme.ViewRefreshIcon(), OnTapped: a.resetPassword}
	a.disable = &widget.Button{Text: lang.L("acc.Disable"), Icon: theme.CancelIcon(), Importance: widget.DangerImportance, OnTapped: a.disableAccount}
	a.recovery = &widget.Button{Text: lang.L("acc.New recovery code"), Icon: theme.WarningIcon(), OnTapped: a.newRecoveryCode}
	tools := container.NewHBox(a.count, a.recovery, a.disable, a.reset, a.edit, a.add)
	header := container.New(accountColumns,
		headerCell(lang.L("login.Login name")), headerCell(lang.L("login.Display name")), headerCell(lang.L("acc.Roles")),
		headerCell(lang.L("acc.Area")), headerCell(lang.L("acc.State")))
	a.updateButtons()
	return page(lang.L("acc.Accounts"), tools, container.NewBorder(container.NewVBox(a.problem, header), nil, nil, nil, a.list))
}

func (a *accounts) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(a.all) {
		return
	}
	acc := a.all[id]
	c := o.(*fyne.Container).Objects
	c[0].(*widget.Label).SetText(acc.Login)
	c[1].(*widget.Label).SetText(acc.Name)
	c[2].(*widget.Label).SetText(RoleNames(acc.RoleList()))
	c[3].(*widget.Label).SetText(scopeText(acc))
	c[4].(*widget.Label).SetText(a.stateText(acc))
}

// scopeText is the account's area: its communities and grids, or the
// whole street.
func scopeText(acc data.Account) string {
	var parts []string
	parts = append(parts, acc.CommunityList()...)
	for _, g := range acc.GridList() {
		parts = append(parts, g.String())
	}
	if len(parts) == 0 {
		return lang.L("acc.Whole street")
	}
	return strings.Join(parts, lang.X("list.sep", "、"))
}

func (a *accounts) stateText(acc data.Account) string {
	switch {
	case acc.Disabled:
		return lang.L("acc.Disabled")
	case acc.LockedUntil != nil && storeToday(a.env.Store()).Before(*acc.LockedUntil):
		return lang.L("acc.Locked")
	case acc.MustChange:
		return lang.L("acc.Must change password")
	}
	return lang.L("acc.Active")
}

func (a *accounts) current() (data.Account, bool) {
	if a.selected < 0 || a.selected >= len(a.all) {
		return data.Account{}, false
	}
	return a.all[a.selected], true
}

func (a *accounts) updateButtons() {
	acc, ok := a.current()
	for _, b := range []*widget.Button{a.edit, a.reset, a.disable} {
		if ok {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	if ok && acc.Disabled {
		a.disable.Disable()
	}
}

// Reload reads the accounts again.
func (a *accounts) Reload() {
	var got []data.Account
	a.env.Background(func(ctx context.Context) error {
		var err error
		got, err = a.env.Store().ListAccounts(ctx)
		return err
	}, func(err error) {
		setError(a.problem, "")
		if err != nil {
			setError(a.problem, Message(err))
			return
		}
		a.all = got
		a.count.SetText(lang.L("acc.{{.N}} accounts", map[string]any{"N": len(got)}))
		a.list.UnselectAll()
		a.selected = -1
		a.list.Refresh()
		a.updateButtons()
	})
}

// New starts a new account (Ctrl+N).
func (a *accounts) New() { a.showForm(nil) }

// showSecret shows a password or code once, selectable to copy.
func (a *accounts) showSecret(title, intro, secret string) {
	if a.onShown != nil {
		a.onShown(secret)
	}
	text := &widget.Label{Text: secret, TextStyle: fyne.TextStyle{Bold: true}, Selectable: true, Alignment: fyne.TextAlignCenter}
	copyBtn := &widget.Button{Text: lang.L("login.Copy"), Icon: theme.ContentCopyIcon(), OnTapped: func() { a.env.App.Clipboard().SetContent(secret) }}
	d := dialog.NewCustom(title, lang.L("OK"), container.NewVBox(&widget.Label{Text: intro, Wrapping: fyne.TextWrapWord}, text, container.NewCenter(copyBtn)), a.env.Window)
	d.Resize(fyne.NewSize(460, d.MinSize().Height))
	a.env.ShowDialog(d)
}

func (a *accounts) resetPassword() {
	acc, ok := a.current()
	if !ok {
		return
	}
	msg := lang.L("acc.Give {{.Name}} a new temporary password? The old one stops working, and {{.Name}} must choose a new one at the next login.", map[string]any{"Name": acc.Name})
	a.env.Confirm(lang.L("acc.Reset password"), msg, lang.L("acc.Reset password"), true, func() {
		pw, err := a.env.Store().ResetPassword(context.Background(), acc.Login)
		if err != nil {
			a.env.ShowError(err)
			return
		}
		a.showSecret(lang.L("acc.Temporary password"), lang.L("acc.The temporary password of {{.Login}}, shown only now. Tell it to {{.Name}} in person.", map[string]any{"Login": acc.Login, "Name": acc.Name}), pw)
		a.Reload()
	})
}

func (a *accounts) disableAccount() {
	acc, ok := a.current()
	if !ok {
		return
	}
	msg := lang.L("acc.Disable {{.Name}} ({{.Login}})? The account can no longer log in; what it recorded stays in the audit log.", map[string]any{"Name": acc.Name, "Login": acc.Login})
	a.env.Confirm(lang.L("acc.Disable"), msg, lang.L("acc.Disable"), true, func() {
		if err := a.env.Store().DisableAccount(context.Background(), acc.Login); err != nil {
			a.env.ShowError(err)
			return
		}
		a.Reload()
	})
}

func (a *accounts) newRecoveryCode() {
	who, _ := a.env.Store().Who()
	msg := lang.L("acc.Make a new one-time recovery code for {{.Login}}? The old code stops working.", map[string]any{"Login": who.Login})
	a.env.Confirm(lang.L("acc.New recovery code"), msg, lang.L("acc.New recovery code"), false, func() {
		code, err := a.env.Store().NewRecoveryCode(context.Background())
		if err != nil {
			a.env.ShowError(err)
			return
		}
		a.showSecret(lang.L("login.Recovery code"), lang.L("acc.The new recovery code, shown only now. Print it or copy it and keep it safe."), code)
		ShowRecoverySheet(a.env, who.Login, code)
	})
}

// accountForm is the form of a new account or of an account's roles and
// area.
type accountForm struct {
	dialogForm
	login, name, password *widget.Entry
	disabled              *widget.Check // editing only: an account is enabled again here
	roles                 *widget.CheckGroup
	communities, grids    *widget.CheckGroup
}

// roleOptions are the roles' names in the user's language, in the
// table's order, and back.
func roleOptions() ([]string, map[string]string) {
	var names []string
	back := map[string]string{}
	for _, r := range data.Roles() {
		n := lang.L("role." + r)
		names = append(names, n)
		back[n] = r
	}
	return names, back
}

func (a *accounts) showForm(acc *data.Account) {
	names, back := roleOptions()
	f := &accountForm{
		login: &widget.Entry{}, name: &widget.Entry{}, password: &widget.Entry{Password: true},
		roles:       widget.NewCheckGroup(names, nil),
		communities: widget.NewCheckGroup(nil, nil),
		grids:       widget.NewCheckGroup(nil, nil),
	}
	f.roles.Horizontal = true
	f.communities.Horizontal = true
	f.grids.Horizontal = true
	known, _ := a.env.Store().Communities(context.Background())
	var cs, gs []string
	for _, c := range known {
		cs = append(cs, c.Community)
		for _, g := range c.Grids {
			gs = append(gs, data.GridRef{Community: c.Community, Grid: g}.String())
		}
	}
	f.fields = []*formField{
		newFormField("login", lang.L("login.Login name"), f.login),
		newFormField("name", lang.L("login.Display name"), f.name),
	}
	title := lang.L("acc.New account")
	if acc == nil {
		f.fields = append(f.fields, newFormField("password", lang.L("acc.First password"), f.password))
		f.fields[2].hint = &widget.Label{Text: lang.L("acc.The account must change it at its first login."), Importance: widget.LowImportance}
	} else {
		title = lang.L("acc.Roles and area of {{.Login}}", map[string]any{"Login": acc.Login})
		f.login.SetText(acc.Login)
		f.login.Disable() // the login names the account's audit entries
		f.name.SetText(acc.Name)
		for _, r := range acc.RoleList() {
			f.roles.Selected = append(f.roles.Selected, lang.L("role."+r))
		}
		// What the account has keeps its place even where no household
		// names it yet.
		for _, c := range acc.CommunityList() {
			if !slices.Contains(cs, c) {
				cs = append(cs, c)
			}
		}
		for _, g := range acc.GridList() {
			if !slices.Contains(gs, g.String()) {
				gs = append(gs, g.String())
			}
		}
		f.disabled = &widget.Check{Text: lang.L("acc.Disabled: cannot log in"), Checked: acc.Disabled}
		f.communities.Selected = acc.CommunityList()
		for _, g := range acc.GridList() {
			f.grids.Selected = append(f.grids.Selected, g.String())
		}
	}
	f.communities.Options, f.grids.Options = cs, gs
	f.fields = append(f.fields,
		newFormField("roles", lang.L("acc.Roles"), f.roles),
		newFormField("communities", lang.L("acc.Communities"), f.communities),
		newFormField("grids", lang.L("acc.Grids"), f.grids))
	if f.disabled != nil {
		f.fields = append(f.fields, newFormField("disabled", lang.L("acc.State"), f.disabled))
	}
	f.show(a.env, title, lang.L("Save"), fyne.NewSize(760, 560), func() { a.saveForm(f, acc == nil, back) })
	a.form = f
}

func (a *accounts) saveForm(f *accountForm, isNew bool, back map[string]string) {
	var roles []string
	for _, n := range f.roles.Selected {
		roles = append(roles, back[n])
	}
	acc := data.Account{
		Login: f.login.Text, Name: f.name.Text, Roles: strings.Join(roles, ","),
		Communities: strings.Join(f.communities.Selected, ","), Grids: strings.Join(f.grids.Selected, ","),
	}
	if f.disabled != nil {
		acc.Disabled = f.disabled.Checked // an edit keeps the state unless it is changed here
	}
	password := f.password.Text
	f.run(a.env, func(ctx context.Context) error {
		if isNew {
			return a.env.Store().CreateAccount(ctx, &acc, password)
		}
		return a.env.Store().UpdateAccount(ctx, &acc)
	}, a.Reload)
}
