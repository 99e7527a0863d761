package data

// Translation keys of the indicators and report forms.
const (
	// KeyIndicatorUnknown: no indicator of that name. Args: Name.
	KeyIndicatorUnknown = "error.indicator.unknown"
	// KeyIndicatorNameTaken: a built-in or another own indicator has the
	// name. Args: Name.
	KeyIndicatorNameTaken = "error.indicator.name_taken"
	// KeyIndicatorAgeRange: the ages are not a range. Args: Min, Max.
	KeyIndicatorAgeRange = "error.invalid.indicator_age"
	// KeyIndicatorNotTraceable: a computed indicator has no resident list.
	KeyIndicatorNotTraceable = "error.indicator.not_traceable"
	// KeyReportMappingInvalid: a mapping lacks its sheet or cell. Args:
	// Row, Sheet, Cell.
	KeyReportMappingInvalid = "error.report.mapping"
)

// reportMessages are the indicators' and report forms' texts.
var reportMessages = []Message{
	{KeyIndicatorUnknown, "没有名为“{{.Name}}”的统计指标。", "There is no indicator named “{{.Name}}”."},
	{KeyIndicatorNameTaken, "已有名为“{{.Name}}”的统计指标，请换一个名称。", "An indicator named “{{.Name}}” exists; choose another name."},
	{KeyIndicatorAgeRange, "年龄范围不对：{{.Min}} 至 {{.Max}} 岁。起始年龄不能大于截止年龄，且应在 0 至 150 岁之间。", "The age range {{.Min}} to {{.Max}} is not valid: the lower age must not exceed the upper, both between 0 and 150."},
	{KeyIndicatorNotTraceable, "“{{.Name}}”是计算所得的指标，没有对应的居民名单。", "“{{.Name}}” is computed; it has no list of residents."},
	{KeyReportMappingInvalid, "第 {{.Row}} 项对应关系缺少工作表或单元格。", "Mapping {{.Row}} lacks its sheet or cell."},
	{"audit.action." + ActionReport, "填报报表", "Report form filled"},
	{"audit.entity.report_templates", "报表模板", "Report templates"},
	{"audit.entity.report_mappings", "报表单元格对应", "Report cell mappings"},
	{"audit.entity.report_indicators", "自定义统计指标", "Own indicators"},
}
