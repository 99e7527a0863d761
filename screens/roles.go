package screens

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"jiedao/data"
)

// Capability is one thing the window may offer an account: a page, a
// button. The data layer refuses what the account's roles do not grant
// anyway; the window must not offer it (issue 14). The table mirrors
// data's role matrix (data/access_rules.go rolePerms, unexported there);
// TestCapabilitiesMatchTheStore calls the store with every role to keep
// the two in step.
type Capability string

// The capabilities, named as data's permissions.
const (
	CapRegisterRead   Capability = "register_read"
	CapRegisterWrite  Capability = "register_write"
	CapUnmask         Capability = "unmask"
	CapImport         Capability = "import"
	CapExport         Capability = "export"
	CapExportWhole    Capability = "export_whole"
	CapOrgRead        Capability = "org_read"
	CapOrgWrite       Capability = "org_write"
	CapMeetingRead    Capability = "meeting_read"
	CapMeetingWrite   Capability = "meeting_write"
	CapStats          Capability = "stats"
	CapPrint          Capability = "print"
	CapAudit          Capability = "audit"
	CapAccounts       Capability = "accounts"
	CapSettings       Capability = "settings"
	CapOfficeSettings Capability = "office_settings"
	CapBackup         Capability = "backup"
	CapPurge          Capability = "purge" // emptying the recycle bin for good
)

// roleCaps is issue 14's table, role by role.
var roleCaps = map[string][]Capability{
	data.RoleAdmin: {CapAccounts, CapSettings, CapOfficeSettings, CapBackup},
	data.RoleStreet: {CapRegisterRead, CapRegisterWrite, CapUnmask, CapImport, CapExport, CapExportWhole,
		CapOrgRead, CapOrgWrite, CapMeetingRead, CapMeetingWrite, CapStats, CapPrint, CapOfficeSettings, CapPurge},
	data.RoleCommunity: {CapRegisterRead, CapRegisterWrite, CapUnmask, CapImport, CapExport,
		CapOrgRead, CapMeetingRead, CapMeetingWrite, CapStats, CapPrint},
	data.RoleGrid:    {CapRegisterRead, CapRegisterWrite, CapUnmask, CapExport, CapMeetingRead, CapStats, CapPrint},
	data.RoleViewer:  {CapRegisterRead, CapOrgRead, CapMeetingRead, CapStats, CapPrint},
	data.RoleAuditor: {CapAudit},
}

// RoleAllows reports whether roles grant c.
func RoleAllows(roles []string, c Capability) bool {
	for _, r := range roles {
		if slices.Contains(roleCaps[r], c) {
			return true
		}
	}
	return false
}

// Can reports whether the account the window runs as may do c. An unbound
// store (before the data layer requires a login everywhere, and in the
// tests of single screens) is offered everything, as the store allows it.
func (e *Env) Can(c Capability) bool { return storeCan(e.Store())(c) }

// storeCan is Can for the account s runs as, for work that holds its
// store (a background load).
func storeCan(s *data.Store) func(Capability) bool {
	return func(c Capability) bool {
		a, ok := s.Who()
		return !ok || RoleAllows(a.RoleList(), c)
	}
}

// offer hides each of objs unless the account may do c: the window does
// not offer what the store would refuse.
func (e *Env) offer(c Capability, objs ...fyne.CanvasObject) {
	if e.Can(c) {
		return
	}
	for _, o := range objs {
		o.Hide()
	}
}

// pageCaps is what each page of the navigation needs (any one of them).
var pageCaps = map[string][]Capability{
	PageHome:          {CapStats},
	PageHouseholds:    {CapRegisterRead},
	PageOrganizations: {CapOrgRead},
	PageAgreements:    {CapOrgRead},
	PageMeetings:      {CapMeetingRead},
	PageActions:       {CapMeetingRead},
	// The recycle bin restores what was written: only for those who write.
	PageRecycle:  {CapRegisterWrite, CapOrgWrite, CapMeetingWrite},
	PageAudit:    {CapAudit},
	PageSettings: {CapSettings, CapOfficeSettings},
	PageAccounts: {CapAccounts},
	PageReports:  {CapStats},        // figures of the account's area
	PageVisits:   {CapRegisterRead}, // visits are the residents'
}

// createCaps is what a page's new record (Ctrl+N, its 新建 button) needs.
var createCaps = map[string]Capability{
	PageHouseholds: CapRegisterWrite, PageOrganizations: CapOrgWrite, PageAgreements: CapOrgWrite,
	PageMeetings: CapMeetingWrite, PageAccounts: CapAccounts,
}

// MayCreate reports whether page's new record is offered to the account
// (the shell greys out 新建 in the Edit menu otherwise).
func (e *Env) MayCreate(page string) bool {
	c, ok := createCaps[page]
	return !ok || e.Can(c)
}

// PageAllowed reports whether the window offers page to the account.
func (e *Env) PageAllowed(page string) bool {
	caps, ok := pageCaps[page]
	if !ok {
		return true // a page without a rule (another issue's) is everyone's
	}
	for _, c := range caps {
		if e.Can(c) {
			return true
		}
	}
	return false
}

// RoleNames writes roles in the user's language: "社区工作者、网格员".
func RoleNames(roles []string) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = lang.L("role." + r)
	}
	return strings.Join(names, lang.X("list.sep", "、"))
}

// WhoText is the status bar's account: "张三 · 社区工作者"; "" for an
// unbound store.
func (e *Env) WhoText() string {
	a, ok := e.Store().Who()
	if !ok {
		return ""
	}
	return a.Name + " · " + RoleNames(a.RoleList())
}
