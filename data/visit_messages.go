package data

// Translation keys of the care visits. Validation keys are under
// "error.invalid" and carry Args["Field"] (the JSON name of the field).
const (
	KeyVisitMethod         = "error.invalid.visit.method"          // Args: Value
	KeyVisitCheckMissing   = "error.invalid.visit.check_missing"   // Args: Item
	KeyVisitCheckResult    = "error.invalid.visit.check_result"    // Args: Item, Value
	KeyVisitFuture         = "error.invalid.visit.future"          // Args: Date
	KeyVisitReferralOwner  = "error.invalid.visit.referral_owner"  //
	KeyVisitDeadlineBefore = "error.invalid.visit.deadline_before" // Args: Date, Visit
	KeyVisitTier           = "error.invalid.visit.tier"            // Args: Value (and Seq of a rule)
	KeyVisitTierReason     = "error.invalid.visit.tier_reason"     //
	KeyVisitRuleAge        = "error.invalid.visit.rule_age"        // Args: Seq, Value
	KeyVisitCadence        = "error.invalid.visit.cadence"         // Args: Tier, Value
	KeyVisitEventDays      = "error.invalid.visit.event_days"      // Args: Tier, Value
	KeyVisitWindowOrder    = "error.invalid.visit.window_order"    // Args: From, To
	KeyVisitIntensifyDays  = "error.invalid.visit.intensify_days"  // Args: Value
)

// visitMessages are the texts of the care visits in both languages.
var visitMessages = []Message{
	{KeyVisitMethod, "走访方式“{{.Value}}”无效，只能是上门、电话、视频、第三方代访或智能设备提醒。",
		"“{{.Value}}” is not a visit method: in person (上门), phone, video, by a third party or a smart-device reminder."},
	{KeyVisitCheckMissing, "上门见到本人时，请填写“{{.Item}}”一项（正常、需关注或有问题）。",
		"A visit in person that met the resident answers “{{.Item}}” (normal, to watch or a problem)."},
	{KeyVisitCheckResult, "“{{.Item}}”的结果“{{.Value}}”无效，只能是正常、需关注或有问题。",
		"“{{.Value}}” is not a result for “{{.Item}}”: normal (正常), to watch (需关注) or a problem (有问题)."},
	{KeyVisitFuture, "走访时间 {{.Date}} 晚于现在。", "The visit's time, {{.Date}}, is after now."},
	{KeyVisitReferralOwner, "转办事项需要填写责任人。", "A referral needs the person or unit who follows it up."},
	{KeyVisitDeadlineBefore, "转办完成时限 {{.Date}} 早于走访日期 {{.Visit}}。", "The referral's deadline {{.Date}} is before the visit ({{.Visit}})."},
	{KeyVisitTier, "关爱等级“{{.Value}}”无效，只能是特别关注、重点关注或一般关注。",
		"“{{.Value}}” is not a care tier: special (特别关注), priority (重点关注) or general (一般关注)."},
	{KeyVisitTierReason, "手动设定关爱等级时请填写理由。", "Give the reason for setting the tier by hand."},
	{KeyVisitRuleAge, "第{{.Seq}}条规则的年龄 {{.Value}} 无效（0 到 150 岁）。", "Rule {{.Seq}}: the age {{.Value}} is not between 0 and 150."},
	{KeyVisitCadence, "“{{.Tier}}”的走访周期 {{.Value}} 天无效，应为 1 到 366 天。", "The cadence of “{{.Tier}}”, {{.Value}} days, is not between 1 and 366."},
	{KeyVisitEventDays, "“{{.Tier}}”重大事件后的走访时限 {{.Value}} 天无效，应为 0 到 30 天。", "The window after a major event for “{{.Tier}}”, {{.Value}} days, is not between 0 and 30."},
	{KeyVisitWindowOrder, "结束日期 {{.To}} 早于开始日期 {{.From}}。", "The end {{.To}} is before the start {{.From}}."},
	{KeyVisitIntensifyDays, "加密走访的间隔 {{.Value}} 天无效，应为 1 到 90 天。", "The intensified interval, {{.Value}} days, is not between 1 and 90."},
	{"audit.entity.visits", "走访记录", "Visits"},
	{"audit.entity.care_tier_overrides", "关爱等级", "Care tiers"},
	{"audit.entity.visit_intensifications", "加密走访", "Intensified visits"},
	{"audit.entity.care_events", "重大事件", "Major events"},
	{"audit.entity.visit_plan", "走访计划", "Visit plans"},
}
