package data

// Translation keys of the household registry. Validation keys are under
// "error.invalid" (errors.Is(err, ErrInvalid) holds for them) and carry
// Args["Field"], the JSON name of the field; see Settings.Validate.
const (
	KeyInvalidChoice          = "error.invalid.choice"
	KeyInvalidDate            = "error.invalid.date"
	KeyInvalidSexMismatch     = "error.invalid.sex_mismatch"
	KeyInvalidBirthMismatch   = "error.invalid.birth_mismatch"
	KeyInvalidHouseholdNumber = "error.invalid.household_number"
	KeyInvalidDisability      = "error.invalid.disability_category"
	KeyInvalidDisabilityGrade = "error.invalid.disability_grade"
	KeyInvalidEventKind       = "error.invalid.event_kind"
	KeyInvalidEventFuture     = "error.invalid.event_future"

	// KeyResidentDuplicate: the ID number belongs to an active resident of
	// another (or the same) household. Args: Name, IDNumber, Number and
	// Address of that household, ResidentID and HouseholdID (to offer a
	// move).
	KeyResidentDuplicate     = "error.resident.duplicate"
	KeyResidentInactive      = "error.resident.inactive"
	KeyResidentSameHousehold = "error.resident.same_household"
	KeyResidentNotMember     = "error.resident.not_member"
	KeyHouseholdNumberTaken  = "error.household.number_taken"
	KeyHouseholdHasHead      = "error.household.head_exists"
	KeyEventBeforeLast       = "error.event.before_last"
	KeyEventAfterDeath       = "error.event.after_death"
	KeyEventStatusByEvent    = "error.event.status_by_event"
)

// registryMessages are the registry's texts in both languages.
var registryMessages = []Message{
	{KeyInvalidChoice, "“{{.Value}}”不是可选的值，请从列表中选择。", "“{{.Value}}” is not one of the choices; pick one from the list."},
	{KeyInvalidDate, "日期“{{.Value}}”无效，请按 2006-01-02 填写。", "The date “{{.Value}}” is not valid; write it as 2006-01-02."},
	{KeyInvalidSexMismatch, "填写的性别为{{.Entered}}，身份证号码显示为{{.FromID}}，请核对。", "The sex entered is {{.Entered}} but the ID number says {{.FromID}}; please check."},
	{KeyInvalidBirthMismatch, "填写的出生日期 {{.Entered}} 与身份证号码中的 {{.FromID}} 不一致，请核对。", "The birth date entered, {{.Entered}}, differs from the ID number's {{.FromID}}; please check."},
	{KeyInvalidHouseholdNumber, "户编号只能包含数字、大写字母和“-”。", "A household number may contain only digits, capital letters and “-”."},
	{KeyInvalidDisability, "请选择残疾类别。", "Choose the category of disability."},
	{KeyInvalidDisabilityGrade, "请选择残疾等级（一级至四级）。", "Choose the grade of disability (1 to 4)."},
	{KeyInvalidEventKind, "“{{.Value}}”不是可登记的变动类型。", "“{{.Value}}” is not a kind of residence event that can be recorded."},
	{KeyInvalidEventFuture, "变动日期 {{.Value}} 晚于今天。", "The event date {{.Value}} is after today."},
	{KeyResidentDuplicate,
		"身份证号码 {{.IDNumber}} 已登记在户 {{.Number}}（{{.Address}}）的{{.Name}}名下。一人只能在一户中在册，如需变更请办理“户内变更”迁入本户。",
		"The ID number {{.IDNumber}} is already registered to {{.Name}} in household {{.Number}} ({{.Address}}). A person can be active in one household only; move them to this household instead."},
	{KeyResidentInactive, "{{.Name}}的状态为{{.Status}}，不能办理此项变动。", "{{.Name}} is {{.Status}}; this change cannot be made."},
	{KeyResidentSameHousehold, "{{.Name}}已经在户 {{.Number}} 中。", "{{.Name}} is already in household {{.Number}}."},
	{KeyResidentNotMember, "{{.Name}}不是本户的在册成员。", "{{.Name}} is not an active member of this household."},
	{KeyHouseholdNumberTaken, "户编号 {{.Number}} 已被使用。", "The household number {{.Number}} is already in use."},
	{KeyHouseholdHasHead, "本户已有户主{{.Name}}，请使用“设为户主”更换。", "This household already has a head, {{.Name}}; use “Make head” to change it."},
	{KeyEventBeforeLast, "变动日期 {{.Date}} 早于最近一次变动（{{.Last}}）。", "The date {{.Date}} is before the last event ({{.Last}})."},
	{KeyEventAfterDeath, "{{.Name}}已于 {{.Date}} 登记死亡，不能再登记此后的迁移变动。", "{{.Name}} was recorded as deceased on {{.Date}}; no later move can be recorded."},
	{KeyEventStatusByEvent, "“迁出”和“死亡”须通过登记变动办理，不能直接修改状态。", "Moved out and deceased are set by recording an event, not by editing the status."},
	{"audit.entity.residence_events", "居住变动", "Residence events"},
	{"audit.entity.resident_tags", "关爱标签", "Care tags"},
}

// RegistryMessages returns the registry's messages alone (they are also in
// Messages), e.g. for a test that the UI translates each.
func RegistryMessages() []Message { return registryMessages }
