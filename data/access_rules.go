package data

import (
	"strings"
)

// perm is one thing an account may be allowed to do. The role matrix
// (rolePerms) grants them; every exported Store method names the one it
// needs in methodRules, and checks it first (Store.can).
type perm string

const (
	permNone          perm = ""               // no account needed (unbound stores too)
	permSignedIn      perm = "signed_in"      // any account
	permRegisterRead  perm = "register_read"  // residents and households, within the scope
	permRegisterWrite perm = "register_write" // the same, written
	permUnmask        perm = "unmask"         // whole ID and phone numbers, with a reason
	permImport        perm = "import"         // rosters, into the scope
	permExport        perm = "export"         // masked exports, within the scope
	permExportWhole   perm = "export_whole"   // unmasked exports, with a reason
	permOrgRead       perm = "org_read"       // organizations and agreements
	permOrgWrite      perm = "org_write"
	permMeetingRead   perm = "meeting_read"
	permMeetingWrite  perm = "meeting_write" // meetings and actions, within the scope
	permStats         perm = "stats"         // dashboard figures, within the scope
	permPrint         perm = "print"         // documents of what may be read
	permAudit         perm = "audit"         // the audit log and its verification
	permAccounts      perm = "accounts"
	permSettings      perm = "settings"        // every setting
	permOfficeSetting perm = "office_settings" // the office's settings (settings.go)
	permBackup        perm = "backup"          // backup, restore, compact, integrity
	permPurge         perm = "purge"           // deleting from the recycle bin for good (recycle_scope.go)
)

// rolePerms is the role matrix of issue 14: what each role may do. Scope
// (which communities and grids) is applied by the queries, not here.
var rolePerms = map[string][]perm{
	RoleAdmin: {permSignedIn, permAccounts, permSettings, permOfficeSetting, permBackup},
	RoleStreet: {permSignedIn, permRegisterRead, permRegisterWrite, permUnmask, permImport, permExport,
		permExportWhole, permOrgRead, permOrgWrite, permMeetingRead, permMeetingWrite, permStats, permPrint,
		permOfficeSetting, permPurge},
	RoleCommunity: {permSignedIn, permRegisterRead, permRegisterWrite, permUnmask, permImport, permExport,
		permOrgRead, permMeetingRead, permMeetingWrite, permStats, permPrint},
	RoleGrid: {permSignedIn, permRegisterRead, permRegisterWrite, permUnmask, permExport, permMeetingRead,
		permStats, permPrint},
	RoleViewer:  {permSignedIn, permRegisterRead, permOrgRead, permMeetingRead, permStats, permPrint},
	RoleAuditor: {permSignedIn, permAudit},
}

// may reports whether p's roles grant x.
func (p *principal) may(x perm) bool {
	if x == permNone {
		return true
	}
	for _, r := range p.roles {
		for _, g := range rolePerms[r] {
			if g == x {
				return true
			}
		}
	}
	return false
}

// can checks that s may call the exported method named method: its rule
// in methodRules, against the bound account's roles. An unbound store may
// call only the methods that need no account.
func (s *Store) can(method string) error {
	r, ok := methodRules[method]
	if !ok {
		panic("data: " + method + " has no rule in methodRules") // the rule test catches this first
	}
	return s.allow(r.need)
}

// allow checks one permission.
func (s *Store) allow(x perm) error {
	if x == permNone {
		return nil
	}
	if s.who == nil {
		return s.unboundAllowed()
	}
	if s.who.may(x) {
		return nil
	}
	return s.refusal(x)
}

// unboundAllowed is the answer to an unbound store asking for a register
// method: ErrNoAccount (请先登录). Only the methods that need no account
// (permNone: opening, first start, login, recovery) run unbound; so does
// RestoreFile onto a path with no register yet.
func (s *Store) unboundAllowed() error { return ErrNoAccount }

func (s *Store) refusal(x perm) error {
	names := make([]string, len(s.who.roles))
	for i, r := range s.who.roles {
		names[i] = Render("role."+r, "zh", nil)
	}
	return &Error{Key: KeyPermission, Args: map[string]any{
		"Role": strings.Join(names, "、"), "RoleKeys": s.who.roles,
		"Action": Render("perm."+string(x), "zh", nil), "Perm": string(x),
	}}
}

// rule is what an exported Store method needs.
type rule struct {
	need perm
}

// methodRules names the permission of every exported Store method; a test
// lists the methods by reflection and fails on one without a rule. Scope is
// applied inside the methods that read or write scoped rows.
var methodRules = map[string]rule{
	// Needing no account: opening, first start, login, recovery, and
	// what the window shows before a login (where backups go, the
	// integrity check that runs at start and only reports).
	"Path": {permNone}, "Close": {permNone}, "HasAccounts": {permNone}, "Login": {permNone},
	"CreateFirstAdmin": {permNone}, "CreateFirstAccount": {permNone}, "Recover": {permNone},
	"Who": {permNone}, "BackupDir": {permNone}, "IsOwnBackup": {permNone}, "CheckIntegrity": {permNone},
	"Operator": {permNone}, "RequireOperator": {permNone},

	// Any account: its own password; reading the office's settings (on
	// every letterhead); the generic write calls, whose model decides
	// the permission (entityPerm); maintenance the window runs for
	// whoever is logged in (the daily backup, rebuilding indexes).
	"ChangePassword": {permSignedIn}, "MustChangePassword": {permSignedIn},
	"Settings": {permSignedIn}, "FirstRun": {permSignedIn},
	"Tx": {permSignedIn}, "Create": {permSignedIn}, "Update": {permSignedIn}, "Delete": {permSignedIn},
	"WriteAudited": {permSignedIn}, "AutoBackup": {permSignedIn},
	"ReindexAddresses": {permSignedIn}, "ReindexMeetings": {permSignedIn},
	"Communities": {permSignedIn}, "Covers": {permSignedIn}, "RecycleBin": {permSignedIn}, "Restore": {permSignedIn}, "Purge": {permPurge},

	// Accounts, settings, backup.
	"CreateAccount": {permAccounts}, "ListAccounts": {permAccounts}, "UpdateAccount": {permAccounts},
	"DisableAccount": {permAccounts}, "ResetPassword": {permAccounts}, "NewRecoveryCode": {permAccounts},
	"SaveSettings": {permOfficeSetting}, "SaveOperator": {permSettings},
	"SaveAgreementNumberPattern": {permOfficeSetting}, "SaveClauseTemplate": {permOfficeSetting},
	"Backup": {permBackup}, "Compact": {permBackup}, "RestorePermit": {permBackup},

	// The audit trail.
	"AuditLog": {permAudit}, "VerifyAudit": {permAudit}, "DescribeAudit": {permAudit},

	// Residents and households (scoped).
	"SearchResidents": {permRegisterRead}, "CountResidents": {permRegisterRead},
	"SearchHouseholds": {permRegisterRead}, "CountHouseholds": {permRegisterRead},
	"Household": {permRegisterRead}, "HouseholdByNumber": {permRegisterRead}, "Members": {permRegisterRead},
	"Resident": {permRegisterRead}, "CareTags": {permRegisterRead},
	"ResidentEvents": {permRegisterRead}, "HouseholdTimeline": {permRegisterRead},
	"HouseholdsByID": {permRegisterRead}, "ResidentsByID": {permRegisterRead},
	"StoredHouseholds": {permRegisterRead}, "ResidentsByIDNumber": {permRegisterRead},
	"CommunityAdults": {permRegisterRead},
	"CreateHousehold": {permRegisterWrite}, "UpdateHousehold": {permRegisterWrite}, "SetHead": {permRegisterWrite},
	"AddResident": {permRegisterWrite}, "UpdateResident": {permRegisterWrite},
	"RecordEvent": {permRegisterWrite}, "MoveResident": {permRegisterWrite},
	"Unmask": {permUnmask}, "WholeNumbers": {permUnmask},
	"RosterPages": {permExport}, "CheckImport": {permImport},
	"Stats": {permStats},

	// Organizations and agreements.
	"ListOrganizations": {permOrgRead}, "Organization": {permOrgRead}, "OrganizationByUSCC": {permOrgRead},
	"OrganizationTotals": {permOrgRead}, "OrganizationHoldingUSCC": {permOrgRead},
	"OrganizationsNamed": {permOrgRead}, "OrganizationRegisterIsEmpty": {permOrgRead},
	"CreateOrganization": {permOrgWrite}, "UpdateOrganization": {permOrgWrite},
	"ListAgreements": {permOrgRead}, "Agreement": {permOrgRead}, "AgreementByNumber": {permOrgRead},
	"Supplements": {permOrgRead}, "AttachmentData": {permOrgRead}, "AgreementReminders": {permOrgRead},
	"AgreementNumberPattern": {permOrgRead}, "NextAgreementSeq": {permOrgRead}, "ClauseTemplate": {permOrgRead},
	"AgreementParties": {permOrgRead}, "AgreementClauses": {permOrgRead}, "ResolutionForAgreement": {permOrgRead},
	"CreateAgreement": {permOrgWrite}, "CreateSupplement": {permOrgWrite}, "UpdateAgreement": {permOrgWrite},
	"DeleteAgreement": {permOrgWrite}, "TransitionAgreement": {permOrgWrite}, "RecordPayment": {permOrgWrite},
	"AddEvaluation": {permOrgWrite}, "DeleteEvaluation": {permOrgWrite}, "AddAttachment": {permOrgWrite},
	"DeleteAttachment": {permOrgWrite}, "ResolutionToAgreement": {permOrgWrite},

	// Meetings and actions.
	"ListMeetings": {permMeetingRead}, "Meeting": {permMeetingRead}, "MeetingVersions": {permMeetingRead},
	"MeetingCounts": {permMeetingRead}, "MeetingOrdinal": {permMeetingRead}, "MeetingByKey": {permMeetingRead},
	"ListActions": {permMeetingRead}, "ActionChain": {permMeetingRead}, "MeetingRegisterIsEmpty": {permMeetingRead},
	"CreateMeeting": {permMeetingWrite}, "UpdateMeeting": {permMeetingWrite}, "DeleteMeeting": {permMeetingWrite},
	"FinalizeMeeting": {permMeetingWrite}, "PublishMeeting": {permMeetingWrite}, "AmendMeeting": {permMeetingWrite},
	"AddActionNote": {permMeetingWrite}, "UpdateActionStatus": {permMeetingWrite}, "CarryAction": {permMeetingWrite},
	"BackdateMeetingSignOff": {permMeetingWrite},
}
