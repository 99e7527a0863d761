package data

import "slices"

// Message is one user-facing text of package data in both languages. ZH
// and EN are Go text/template strings (the syntax Fyne's lang package uses);
// their data is the Args of the Error that carries Key.
type Message struct {
	Key, ZH, EN string
}

// Messages lists every key package data hands to the UI: error keys, audit
// action and entity names, and the "operator not set" label, from the store
// (storeMessages) and each register (registryMessages, …). The UI copies
// them into its translation files; a test in app/ checks each is there.
var Messages = slices.Concat(storeMessages, accountMessages, permMessages, openMessages, registryMessages, idMessages, demoMessages, agreementMessages, meetingMessages, fileMessages, personalMessages, auditMessages, describeMessages, serverMessages, reportMessages, reportFillMessages, visitMessages)

// storeMessages are the texts of the store itself.
var storeMessages = []Message{
	// The database file.
	{KeyDBNewer,
		"数据库文件 {{.Path}} 来自更新版本的街道通（数据版本 {{.Version}}，本程序只认识到 {{.Known}}）。请先升级街道通再打开；文件未做任何改动。",
		"The database {{.Path}} comes from a newer release of Jiedao (data version {{.Version}}; this release knows up to {{.Known}}). Update Jiedao to open it; the file was not changed."},
	{KeyDBNotJiedao,
		"文件 {{.Path}} 是其他程序的数据库，不是街道通的数据文件；文件未做任何改动。",
		"{{.Path}} is another program's database, not a Jiedao data file; it was not changed."},
	{KeyDBNotSQLite,
		"文件 {{.Path}} 不是数据库文件；文件未做任何改动。",
		"{{.Path}} is not a database file; it was not changed."},
	{KeyDBCorrupt,
		"数据库文件 {{.Path}} 已损坏（{{.Detail}}）。文件未做任何改动，请从备份恢复。",
		"The database {{.Path}} is damaged ({{.Detail}}). It was not changed; restore it from a backup."},
	{KeyDBInUse,
		"数据库文件 {{.Path}} 正被另一个程序占用。请关闭其他街道通窗口后重试。",
		"The database {{.Path}} is in use by another program. Close other Jiedao windows and try again."},
	{KeyDBOpen,
		"无法打开数据库文件 {{.Path}}。",
		"Cannot open the database {{.Path}}."},
	{KeyDBUpgrade,
		"数据库 {{.Path}} 升级失败，已撤销，数据未改变。升级前的备份：{{.Backup}}",
		"Upgrading the database {{.Path}} failed and was undone; no data changed. Backup taken before the upgrade: {{.Backup}}"},
	{KeyBackupFailed,
		"备份到 {{.Path}} 失败。",
		"Backing up to {{.Path}} failed."},
	{KeyRestoreFile,
		"从备份 {{.Path}} 恢复失败。",
		"Restoring from the backup {{.Path}} failed."},

	// Records. A record that is not there says whether it is in the
	// recycle bin (".deleted", see missing): only then "deleted".
	{KeyNotFound,
		"找不到该记录（{{.Entity}} {{.ID}}）。",
		"The record was not found ({{.Entity}} {{.ID}})."},
	{KeyNotFoundDeleted,
		"该记录（{{.Entity}} {{.ID}}）在回收站中，可能已被删除；可在“回收站”中恢复。",
		"The record ({{.Entity}} {{.ID}}) is in the recycle bin: it may have been deleted. It can be restored from the recycle bin."},
	{KeyNotFound + ".households",
		"找不到住户 {{.ID}}。",
		"Household {{.ID}} was not found."},
	{KeyNotFound + ".households.deleted",
		"住户 {{.ID}} 在回收站中，可能已被删除；可在“回收站”中恢复。",
		"Household {{.ID}} is in the recycle bin: it may have been deleted. It can be restored from the recycle bin."},
	{KeyNotFound + ".residents",
		"找不到该居民（编号 {{.ID}}）。",
		"The resident (ID {{.ID}}) was not found."},
	{KeyNotFound + ".residents.deleted",
		"该居民（编号 {{.ID}}）在回收站中，可能已被删除；可在“回收站”中恢复。",
		"The resident (ID {{.ID}}) is in the recycle bin: they may have been deleted. They can be restored from the recycle bin."},
	{KeyNotFound + ".organizations",
		"找不到社会组织 {{.ID}}。",
		"Organization {{.ID}} was not found."},
	{KeyNotFound + ".organizations.deleted",
		"社会组织 {{.ID}} 在回收站中，可能已被删除；可在“回收站”中恢复。",
		"Organization {{.ID}} is in the recycle bin: it may have been deleted. It can be restored from the recycle bin."},
	{KeyNotFound + ".agreements",
		"找不到协议 {{.ID}}。",
		"Agreement {{.ID}} was not found."},
	{KeyNotFound + ".agreements.deleted",
		"协议 {{.ID}} 在回收站中，可能已被删除；可在“回收站”中恢复。",
		"Agreement {{.ID}} is in the recycle bin: it may have been deleted. It can be restored from the recycle bin."},
	{KeyNotFound + ".meetings",
		"找不到编号为 {{.ID}} 的议事会议。",
		"Meeting {{.ID}} was not found."},
	{KeyNotFound + ".meetings.deleted",
		"编号为 {{.ID}} 的议事会议在回收站中，可能已被删除；可在“回收站”中恢复。",
		"Meeting {{.ID}} is in the recycle bin: it may have been deleted. It can be restored from the recycle bin."},
	{KeyNotFound + ".meeting_actions",
		"找不到该督办事项（编号 {{.ID}}），它可能已被删除。",
		"The follow-up action (ID {{.ID}}) was not found; it may have been deleted."},
	{KeyNotFound + ".meeting_resolutions",
		"没有关联到该协议（编号 {{.ID}}）的会议决议。",
		"No meeting resolution is linked to agreement {{.ID}}."},

	// Validation. Args["Field"] names the form field (the JSON name of the
	// struct field) so a form can show the message next to it.
	{KeyInvalid,
		"填写的内容不符合要求。",
		"Some entries are not valid."},
	{KeyInvalidRequired,
		"此项必填。",
		"Required."},
	{KeyInvalidTooLong,
		"不能超过 {{.Max}} 个字。",
		"At most {{.Max}} characters."},
	{KeyInvalidPhone,
		"电话号码格式不对：手机为 11 位数字，座机须带区号，如 010-65123456 或 0755-8123456-801。",
		"Not a valid phone number: mobile numbers have 11 digits, landlines need their area code, like 010-65123456 or 0755-8123456-801."},
	{KeyInvalidLanguage,
		"界面语言只能是跟随系统、中文或英文。",
		"The language must be the system's, Chinese or English."},
	{KeyInvalidTheme,
		"界面颜色只能是浅色、深色或跟随系统。",
		"The colours must be light, dark or the system's."},
	{KeyInvalidTextSize,
		"文字大小只能是标准、大或特大。",
		"The text size must be standard, large or extra large."},
	{KeyInvalidIdleLock,
		"自动锁定时间须为 1–240 分钟。",
		"The idle lock must be 1–240 minutes."},

	// The audit log.
	{"audit.operator.unset", "未设置", "Not set"},
	{"audit.action." + ActionCreate, "新增", "Created"},
	{"audit.action." + ActionUpdate, "修改", "Changed"},
	{"audit.action." + ActionDelete, "删除（移入回收站）", "Deleted (to recycle bin)"},
	{"audit.action." + ActionRestore, "从回收站恢复", "Restored from recycle bin"},
	{"audit.action." + ActionPurge, "彻底删除", "Deleted permanently"},
	{"audit.action." + ActionBackup, "备份", "Backed up"},
	{"audit.action." + ActionUpgrade, "升级数据库", "Database upgraded"},
	{"audit.action." + ActionRestoreFile, "从备份恢复数据库", "Database restored from backup"},
	{"audit.entity." + EntityDatabase, "数据库", "Database"},
	{"audit.entity." + EntitySettings, "设置", "Settings"},
	{"audit.entity.households", "住户", "Households"},
	{"audit.entity.residents", "居民", "Residents"},
}

// LookupMessage returns the message with key.
func LookupMessage(key string) (Message, bool) {
	for _, m := range Messages {
		if m.Key == key {
			return m, true
		}
	}
	return Message{}, false
}
