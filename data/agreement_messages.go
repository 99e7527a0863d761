package data

// Translation keys of the organization register and the agreements.
// Validation keys are under "error.invalid" (errors.Is(err, ErrInvalid)
// holds) and carry Args["Field"], the JSON name of the field. The USCC
// keys are in uscc.go.
const (
	KeyInvalidBankAccount = "error.invalid.bank_account"

	// KeyOrgDuplicateUSCC: the code is another organization's. Args:
	// USCC, Name and OrganizationID of that organization, Deleted (it is
	// in the recycle bin).
	KeyOrgDuplicateUSCC = "error.organization.duplicate_uscc"
	KeyOrgHasAgreements = "error.organization.has_agreements" // Args: Name, Count

	KeyAgreementTermOrder         = "error.invalid.agreement.term_order" // Args: Start, End
	KeyAgreementAmountRange       = "error.invalid.agreement.amount"     // Args: Max
	KeyAgreementCopies            = "error.invalid.agreement.copies"
	KeyAgreementNoScan            = "error.invalid.agreement.no_scan"
	KeyAgreementDateFuture        = "error.invalid.agreement.date_future"         // Args: Date
	KeyAgreementDateBeforeSigning = "error.invalid.agreement.date_before_signing" // Args: Date, Signed
	KeyMilestoneShare             = "error.invalid.milestone.share"               // Args: Seq
	KeyMilestoneAmount            = "error.invalid.milestone.amount"              // Args: Seq
	KeyMilestoneConditionNote     = "error.invalid.milestone.condition_note"      // Args: Seq
	KeyMilestoneSum               = "error.invalid.milestone.sum"                 // Args: Sum, Total (formatted)
	KeyIndicatorWeight            = "error.invalid.indicator.weight"              // Args: Seq
	KeyIndicatorWeightSum         = "error.invalid.indicator.weight_sum"          // Args: Sum
	KeyPaymentAmount              = "error.invalid.payment.amount"                // Args: Max (formatted)
	KeyEvaluationScore            = "error.invalid.evaluation.score"              // Args: Max
	KeyAttachmentEmpty            = "error.invalid.attachment.empty"
	KeyAttachmentTooLarge         = "error.invalid.attachment.too_large" // Args: Max (MiB)
	KeyAttachmentScanType         = "error.invalid.attachment.scan_type"
	KeyNumberPattern              = "error.invalid.number_pattern"         // Args: Pattern, Token
	KeyNumberPatternTokens        = "error.invalid.number_pattern.tokens"  // Args: Pattern
	KeyNumberPatternShared        = "error.invalid.number_pattern.shared"  // Args: Pattern, Kind
	KeyClauseBeforeHeading        = "error.invalid.clauses.before_heading" // Args: Line
	KeyClauseEmptyHeading         = "error.invalid.clauses.empty_heading"  // Args: Line
	KeyClauseNone                 = "error.invalid.clauses.none"
	KeyClausePlaceholder          = "error.invalid.clauses.placeholder" // Args: Heading, Name
	KeyClauseTemplate             = "error.invalid.clauses.template"    // Args: Heading, Detail

	// Refusals of the workflow. Args: Number and Status of the agreement
	// unless noted.
	KeyAgreementTransition       = "error.agreement.transition" // Args: Number, From, To
	KeyAgreementFrozen           = "error.agreement.frozen"
	KeyAgreementLocked           = "error.agreement.locked"
	KeyAgreementDeleteSigned     = "error.agreement.delete_signed"
	KeyAgreementSupplementParent = "error.agreement.supplement_parent" // the parent's Number and Status
	KeyAgreementUseSupplement    = "error.agreement.use_supplement"
	KeyAgreementOrgStatus        = "error.agreement.organization_status" // Args: Name, Status of the organization
	KeyAgreementNoOffice         = "error.agreement.no_office"
	KeyAgreementNotEvaluated     = "error.agreement.not_evaluated" // Args: Number
	KeyAgreementNotSigned        = "error.agreement.not_signed"
	KeyEvaluationStatus          = "error.agreement.evaluation_status"
	KeyAttachmentDamaged         = "error.attachment.damaged" // Args: FileName
)

// agreementMessages are the texts of organizations and agreements in both
// languages.
var agreementMessages = []Message{
	// Unified Social Credit Codes.
	{KeyUSCCLength, "统一社会信用代码应为18位，现为{{.Length}}位。", "A unified social credit code has 18 characters; this one has {{.Length}}."},
	{KeyUSCCChars,
		"统一社会信用代码第{{.Position}}位“{{.Char}}”无效：只能是数字和除I、O、S、V、Z以外的大写字母。{{if .Suggest}}是否应为“{{.Suggest}}”？{{end}}",
		"Character {{.Position}} of the credit code (“{{.Char}}”) is not allowed: only digits and capital letters other than I, O, S, V and Z. {{if .Suggest}}Did you mean “{{.Suggest}}”?{{end}}"},
	{KeyUSCCAuthority,
		"统一社会信用代码第1位“{{.Char}}”不是有效的登记管理部门代码（应为1-9、A、N或Y）。",
		"The first character of the credit code, “{{.Char}}”, is not a registration authority (1-9, A, N or Y)."},
	{KeyUSCCMistyped,
		"统一社会信用代码很可能抄错了：校验位不符（按规则应为 {{.Expected}}），其中的组织机构代码（第9—17位）也对不上。请与营业执照或登记证书逐位核对。",
		"The credit code is probably mistyped: its check character does not match (it should be {{.Expected}}), and neither does the organization code inside it (characters 9–17). Compare it character by character with the registration certificate."},
	{KeyUSCCCheckWarning,
		"统一社会信用代码校验位不符（按规则应为 {{.Expected}}）。早期试点地区发放的代码可能如此，请与营业执照或登记证书核对。",
		"The credit code's check character does not match (it should be {{.Expected}}). Codes from the early pilot areas can be like this; compare it with the registration certificate."},
	{KeyUSCCTypeWarning,
		"统一社会信用代码以“{{.Prefix}}”开头，而民政部门登记的{{.Type}}通常以“{{.Expected}}”开头，请核对代码或类型。",
		"The credit code starts with “{{.Prefix}}”, but a {{.Type}} registered with civil affairs usually starts with “{{.Expected}}”; check the code or the type."},

	// Organizations.
	{KeyInvalidBankAccount, "银行账号只能包含数字（可用“-”分隔），且不少于6位。", "A bank account number has digits only (hyphens allowed), at least 6 of them."},
	{KeyOrgDuplicateUSCC,
		"统一社会信用代码 {{.USCC}} 已登记为“{{.Name}}”{{if .Deleted}}（在回收站中，可恢复后使用）{{end}}。",
		"The credit code {{.USCC}} is already registered to “{{.Name}}”{{if .Deleted}} (in the recycle bin; restore it instead){{end}}."},
	{KeyOrgHasAgreements,
		"“{{.Name}}”有 {{.Count}} 份协议，不能删除；如已停止活动，请将状态改为“注销”。",
		"“{{.Name}}” has {{.Count}} agreements and cannot be deleted; if it has ceased, set its status to deregistered."},

	// Agreement content.
	{KeyAgreementTermOrder, "结束日期 {{.End}} 早于开始日期 {{.Start}}。", "The end date {{.End}} is before the start date {{.Start}}."},
	{KeyAgreementAmountRange, "金额须在 0 到 {{.Max}} 之间。", "The amount must be between 0 and {{.Max}}."},
	{KeyAgreementCopies, "协议份数须在2到20份之间。", "The number of copies must be between 2 and 20."},
	{KeyAgreementNoScan, "签订前请先上传双方签字盖章后的协议扫描件（PDF、JPG或PNG）。", "Attach the scan of the agreement as signed and sealed by both parties (PDF, JPG or PNG) before recording the signing."},
	{KeyAgreementDateFuture, "日期 {{.Date}} 晚于今天。", "The date {{.Date}} is after today."},
	{KeyAgreementDateBeforeSigning, "日期 {{.Date}} 早于协议签订日期 {{.Signed}}。", "The date {{.Date}} is before the agreement was signed ({{.Signed}})."},
	{KeyMilestoneShare, "第{{.Seq}}期的比例须在1%到100%之间。", "The share of payment {{.Seq}} must be between 1% and 100%."},
	{KeyMilestoneAmount, "第{{.Seq}}期的金额须大于零。", "The amount of payment {{.Seq}} must be more than zero."},
	{KeyMilestoneConditionNote, "第{{.Seq}}期的付款条件为“其他”，请写明条件。", "Payment {{.Seq}} has the condition “other”; describe it."},
	{KeyMilestoneSum, "各期付款合计 {{.Sum}}，与协议金额 {{.Total}} 不一致。", "The payments add up to {{.Sum}}, not the agreement's amount of {{.Total}}."},
	{KeyIndicatorWeight, "第{{.Seq}}项指标的权重须在1到100之间。", "The weight of indicator {{.Seq}} must be between 1 and 100."},
	{KeyIndicatorWeightSum, "各项指标权重合计为 {{.Sum}}，应为 100。", "The indicators' weights add up to {{.Sum}}; they must add up to 100."},
	{KeyPaymentAmount, "支付金额须大于零且不超过本期金额 {{.Max}}。", "The amount paid must be more than zero and at most the milestone's {{.Max}}."},
	{KeyEvaluationScore, "评分无效：每项指标只能评一次分，分值在0到该项权重（{{.Max}}）之间。", "Invalid score: each indicator is scored once, from 0 to its weight ({{.Max}})."},
	{KeyAttachmentEmpty, "文件是空的。", "The file is empty."},
	{KeyAttachmentTooLarge, "文件超过 {{.Max}} MB，请压缩或降低扫描分辨率后再上传。", "The file is larger than {{.Max}} MB; compress it or scan at a lower resolution."},
	{KeyAttachmentScanType, "签署扫描件须为PDF、JPG或PNG文件。", "The signed scan must be a PDF, JPG or PNG file."},

	// Settings of agreements.
	{KeyNumberPattern,
		"编号格式“{{.Pattern}}”中的“{{.Token}}”无法识别：可用{年}、{序号}或{序号:位数}。",
		"“{{.Token}}” in the number pattern “{{.Pattern}}” is not understood: use {年}, {序号} or {序号:digits}."},
	{KeyNumberPatternTokens,
		"编号格式“{{.Pattern}}”须包含{年}和{序号}各一次，否则编号会重复。",
		"The number pattern “{{.Pattern}}” must contain {年} and {序号} once each, or numbers would repeat."},
	{KeyNumberPatternShared,
		"编号格式“{{.Pattern}}”与{{.Kind}}的相同，两类协议的编号会重复。",
		"The number pattern “{{.Pattern}}” is the one {{.Kind}} uses; the two kinds would get the same numbers."},
	{KeyClauseBeforeHeading, "第{{.Line}}行：条款正文之前须有用【】括起的条款标题。", "Line {{.Line}}: text must follow an article heading in 【】."},
	{KeyClauseEmptyHeading, "第{{.Line}}行：条款标题是空的。", "Line {{.Line}}: the article heading is empty."},
	{KeyClauseNone, "条款文本中没有条款：每条以单独一行的【条款标题】开始。", "There are no articles: each starts with its heading in 【】 on a line of its own."},
	{KeyClausePlaceholder, "条款“{{.Heading}}”中的占位符“{{.Name}}”不存在。", "The placeholder “{{.Name}}” in the article “{{.Heading}}” does not exist."},
	{KeyClauseTemplate, "条款“{{.Heading}}”的格式有误：{{.Detail}}", "The article “{{.Heading}}” is malformed: {{.Detail}}"},

	// The workflow.
	{KeyAgreementTransition, "协议 {{.Number}} 的状态为“{{.From}}”，不能改为“{{.To}}”。", "Agreement {{.Number}} is {{.From}}; it cannot become {{.To}}."},
	{KeyAgreementFrozen, "协议 {{.Number}} 已签订（{{.Status}}），内容不能再修改；如需变更，请签订补充协议。", "Agreement {{.Number}} is signed ({{.Status}}); its content cannot change. Make a supplementary agreement instead."},
	{KeyAgreementLocked, "协议 {{.Number}} 已提交签署，修改前请先退回草稿。", "Agreement {{.Number}} is awaiting signature; return it to draft before editing."},
	{KeyAgreementDeleteSigned, "协议 {{.Number}} 已签订（{{.Status}}），不能删除；如不再履行，请终止协议。", "Agreement {{.Number}} is signed ({{.Status}}) and cannot be deleted; terminate it instead."},
	{KeyAgreementSupplementParent, "协议 {{.Number}} 的状态为“{{.Status}}”，只有已签订或履行中的协议才能签订补充协议。", "Agreement {{.Number}} is {{.Status}}; only a signed agreement in force can have a supplementary agreement."},
	{KeyAgreementUseSupplement, "补充协议请通过“签订补充协议”创建。", "Create a supplementary agreement from its agreement."},
	{KeyAgreementOrgStatus, "“{{.Name}}”的状态为“{{.Status}}”，不能与其签订协议。", "“{{.Name}}” is {{.Status}}; no agreement can be made with it."},
	{KeyAgreementNoOffice, "请先在设置中填写街道办事处名称（协议甲方）。", "Enter the street office's name in the settings first: it is party A of agreements."},
	{KeyAgreementNotEvaluated, "协议 {{.Number}} 尚无合格的终期验收评估，不能验收。", "Agreement {{.Number}} has no passed final evaluation; it cannot be accepted."},
	{KeyAgreementNotSigned, "协议 {{.Number}} 尚未签订（{{.Status}}），不能登记付款。", "Agreement {{.Number}} is not signed yet ({{.Status}}); no payment can be recorded."},
	{KeyEvaluationStatus, "协议 {{.Number}} 的状态为“{{.Status}}”，不能登记或删除评估。", "Agreement {{.Number}} is {{.Status}}; evaluations cannot be recorded or removed."},
	{KeyAttachmentDamaged, "附件“{{.FileName}}”的内容与保存时的校验值不符，文件可能已损坏，请从备份恢复。", "The attachment “{{.FileName}}” no longer matches its checksum; it may be damaged. Restore it from a backup."},

	// Dashboard reminders (see AgreementReminder.Message).
	{"reminder.agreement." + ReminderEnding, "协议 {{.Number}}（{{.Organization}}）将于 {{.Date}} 到期，还有 {{.Days}} 天。", "Agreement {{.Number}} ({{.Organization}}) ends on {{.Date}}, in {{.Days}} days."},
	{"reminder.agreement." + ReminderEnded, "协议 {{.Number}}（{{.Organization}}）已于 {{.Date}} 到期，尚未验收或终止。", "Agreement {{.Number}} ({{.Organization}}) ended on {{.Date}} and is not yet accepted or terminated."},
	{"reminder.agreement." + ReminderMilestoneDue, "协议 {{.Number}} 第{{.Seq}}期付款 {{.Amount}} 计划于 {{.Date}} 支付（{{.Days}} 天后）。", "Payment {{.Seq}} of agreement {{.Number}}, {{.Amount}}, is planned for {{.Date}} (in {{.Days}} days)."},
	{"reminder.agreement." + ReminderMilestoneOverdue, "协议 {{.Number}} 第{{.Seq}}期付款 {{.Amount}} 计划于 {{.Date}} 支付，已逾期 {{.Days}} 天。", "Payment {{.Seq}} of agreement {{.Number}}, {{.Amount}}, was planned for {{.Date}}: {{.Days}} days overdue."},
	{"reminder.agreement." + ReminderEvaluationMissing, "协议 {{.Number}}（{{.Organization}}）应于 {{.Date}} 起进行{{.Stage}}，尚未登记。", "Agreement {{.Number}} ({{.Organization}}) is due for its {{.Stage}} since {{.Date}}; none is recorded."},

	// The audit log.
	{"audit.entity.organizations", "社会组织", "Social organizations"},
	{"audit.entity.agreements", "协议", "Agreements"},
	{"audit.entity.agreement_milestones", "协议付款", "Agreement payments"},
	{"audit.entity.agreement_indicators", "绩效指标", "Performance indicators"},
	{"audit.entity.agreement_evaluations", "绩效评估", "Evaluations"},
	{"audit.entity.agreement_attachments", "协议附件", "Agreement attachments"},
}

// AgreementMessages returns the messages of organizations and agreements
// alone (they are also in Messages).
func AgreementMessages() []Message { return agreementMessages }

// Message returns the reminder's message key and its arguments: the
// reminder's fields, the amount formatted, and Days as a positive number
// (overdue days for an overdue payment).
func (r AgreementReminder) Message() (string, map[string]any) {
	days := r.Days
	if days < 0 {
		days = -days
	}
	return "reminder.agreement." + r.Kind, map[string]any{
		"Number": r.Number, "Title": r.Title, "Organization": r.Organization, "Date": r.Date,
		"Days": days, "Seq": r.MilestoneSeq, "Amount": Yuan(r.Amount), "Stage": r.Stage,
	}
}
