package data

// Translation keys of accounts, logins and permissions.
const (
	// KeyLoginFailed: unknown login, wrong password or a disabled
	// account — one message for all three, so that a guesser learns
	// nothing of which logins exist.
	KeyLoginFailed = "error.login.failed"
	// KeyLoginLocked: five wrong passwords within ten minutes. Args:
	// Minutes (until the lock ends, rounded up).
	KeyLoginLocked = "error.login.locked"
	// KeyAccountRequired: a register method called on a store that is
	// not bound to an account (see Login). errors.Is(err, ErrNoAccount).
	KeyAccountRequired = "error.account.required"
	// KeyAccountsExist: CreateFirstAdmin on a register that has accounts.
	KeyAccountsExist = "error.account.exist"
	// KeyFirstNeedsAdmin: the first account must hold the admin role.
	KeyFirstNeedsAdmin = "error.account.first_admin"
	// KeyLoginTaken: another account has the login. Args: Login.
	KeyLoginTaken = "error.account.login_taken"
	// KeyRecoveryFailed: the recovery code does not match, or the account
	// has none (it was used).
	KeyRecoveryFailed = "error.account.recovery_failed"
	// KeyWrongPassword: ChangePassword with a wrong current password.
	KeyWrongPassword = "error.account.wrong_password"
	// KeyLastAdmin: disabling (or taking the role from) the last enabled
	// admin, which would lock everyone out of the accounts.
	KeyLastAdmin = "error.account.last_admin"
	// KeyPermission: the account's roles do not allow the call. Args:
	// Role (the account's roles, in words), Action (what was refused, a
	// message key "perm.<permission>"). errors.Is(err, ErrPermission).
	KeyPermission = "error.permission"
	// KeyOutOfScope: a write (or an import row) for a community or grid
	// outside the account's scope. errors.Is(err, ErrPermission).
	KeyOutOfScope = "error.permission.scope"
	// KeyReasonRequired: a look at whole numbers (Unmask, an unmasked
	// export) without a reason.
	KeyReasonRequired = "error.reason.required"

	KeyInvalidLogin    = "error.invalid.login"
	KeyInvalidRole     = "error.invalid.role"
	KeyInvalidGridRef  = "error.invalid.grid_ref"
	KeyPasswordShort   = "error.invalid.password_short"
	KeyPasswordIsLogin = "error.invalid.password_login"
	KeyPasswordCommon  = "error.invalid.password_common"
)

// RecordAccount is Args["Record"] of an account's validation errors.
const RecordAccount = "account"

// Sentinels of accounts and permissions, for errors.Is.
var (
	ErrLoginFailed = &Error{Key: KeyLoginFailed}
	ErrLocked      = &Error{Key: KeyLoginLocked}
	ErrNoAccount   = &Error{Key: KeyAccountRequired}
	ErrPermission  = &Error{Key: KeyPermission}
)

// Audit actions of accounts (entity "accounts"; creation and changes of
// an account are ActionCreate and ActionUpdate, without its hashes).
const (
	ActionLogin         = "login"
	ActionLoginFailed   = "login_failed"
	ActionLocked        = "locked"
	ActionPasswordReset = "password_reset"
	ActionPasswordSet   = "password_change"
	ActionRecover       = "recover"
	ActionDisable       = "disable"
)

// UnmaskReasons are the reasons offered for a look at whole numbers; the
// last takes a text after it (其他：…).
var UnmaskReasons = []string{"办理业务", "核实身份", "上级核查", "其他："}

var accountMessages = []Message{
	{KeyLoginFailed, "用户名或密码错误。", "Wrong login or password."},
	{KeyLoginLocked, "账户已锁定，请 {{.Minutes}} 分钟后再试。", "The account is locked; try again in {{.Minutes}} minutes."},
	{KeyAccountRequired, "请先登录：每一项操作都要记下是哪个账户做的。", "Log in first: every operation records which account made it."},
	{KeyAccountsExist, "已有账户，不能再创建首个管理员。", "Accounts exist already; the first administrator cannot be created again."},
	{KeyFirstNeedsAdmin, "第一个账户必须具有系统管理员角色（admin）。", "The first account must hold the administrator role (admin)."},
	{KeyLoginTaken, "用户名“{{.Login}}”已被使用。", "The login “{{.Login}}” is taken."},
	{KeyRecoveryFailed, "恢复码不正确或已使用。", "The recovery code is wrong or has been used."},
	{KeyWrongPassword, "当前密码不正确。", "The current password is wrong."},
	{KeyLastAdmin, "这是最后一个可用的系统管理员账户，不能停用或取消其管理员角色。", "This is the last enabled administrator account; it cannot be disabled or lose the admin role."},
	{KeyPermission, "您的角色（{{.Role}}）无权{{.Action}}。", "Your role ({{.Role}}) may not {{.Action}}."},
	{KeyOutOfScope, "不在您的管辖范围内。", "Outside your area."},
	{KeyReasonRequired, "请填写查看或导出完整号码的用途。", "Give the reason for viewing or exporting whole numbers."},
	{KeyInvalidLogin, "用户名须为 2–32 个小写字母、数字或“._-”，以字母开头。", "A login is 2–32 lower-case letters, digits or “._-”, starting with a letter."},
	{KeyInvalidRole, "“{{.Value}}”不是角色；可选 admin、street、community、grid、viewer、auditor。", "“{{.Value}}” is not a role; choose admin, street, community, grid, viewer or auditor."},
	{KeyInvalidGridRef, "网格“{{.Value}}”须写成“社区/网格”。", "Write the grid “{{.Value}}” as “community/grid”."},
	{KeyPasswordShort, "密码至少 {{.Min}} 个字符。", "A password has at least {{.Min}} characters."},
	{KeyPasswordIsLogin, "密码不能与用户名相同。", "The password may not be the login."},
	{KeyPasswordCommon, "这个密码太常见，容易被猜到，请换一个。", "That password is too common to be safe; choose another."},

	{"role." + RoleAdmin, "系统管理员", "Administrator"},
	{"role." + RoleStreet, "街道管理员", "Street manager"},
	{"role." + RoleCommunity, "社区工作者", "Community worker"},
	{"role." + RoleGrid, "网格员", "Grid worker"},
	{"role." + RoleViewer, "领导", "Leader (read only)"},
	{"role." + RoleAuditor, "审计员", "Auditor"},

	{"audit.entity." + EntityAccounts, "账户", "Account"},
	{"audit.action." + ActionLogin, "登录", "Logged in"},
	{"audit.action." + ActionLoginFailed, "密码错误", "Wrong password"},
	{"audit.action." + ActionLocked, "账户锁定", "Account locked"},
	{"audit.action." + ActionPasswordReset, "重置密码", "Password reset"},
	{"audit.action." + ActionPasswordSet, "修改密码", "Password changed"},
	{"audit.action." + ActionRecover, "用恢复码重设密码", "Password set with the recovery code"},
	{"audit.action." + ActionDisable, "停用账户", "Account disabled"},
}

// permMessages name each permission, for KeyPermission's Action.
var permMessages = []Message{
	{"perm." + string(permSignedIn), "使用街道通", "use Jiedao"},
	{"perm." + string(permRegisterRead), "查看住户和人员", "see households and residents"},
	{"perm." + string(permRegisterWrite), "修改住户和人员", "change households and residents"},
	{"perm." + string(permUnmask), "查看完整的身份证号和电话号码", "see whole ID and phone numbers"},
	{"perm." + string(permImport), "导入花名册", "import rosters"},
	{"perm." + string(permExport), "导出花名册", "export rosters"},
	{"perm." + string(permExportWhole), "导出完整号码", "export whole numbers"},
	{"perm." + string(permOrgRead), "查看社会组织和协议", "see organizations and agreements"},
	{"perm." + string(permOrgWrite), "修改社会组织和协议", "change organizations and agreements"},
	{"perm." + string(permMeetingRead), "查看会议和事项", "see meetings and actions"},
	{"perm." + string(permMeetingWrite), "修改会议和事项", "change meetings and actions"},
	{"perm." + string(permStats), "查看统计数字", "see the figures"},
	{"perm." + string(permPrint), "打印", "print"},
	{"perm." + string(permAudit), "查看审计日志", "read the audit log"},
	{"perm." + string(permAccounts), "管理账户", "manage accounts"},
	{"perm." + string(permSettings), "修改系统设置", "change the settings"},
	{"perm." + string(permOfficeSetting), "修改单位设置", "change the office's settings"},
	{"perm." + string(permBackup), "备份和恢复数据", "back up and restore"},
	{"perm." + string(permPurge), "彻底删除回收站中的记录", "delete records from the recycle bin for good"},
}
