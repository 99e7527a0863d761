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
	// KeyIndicatorCommunity: no household of the account's scope is in
	// the community a cell names. Args: Community, Cell (its index).
	KeyIndicatorCommunity = "error.indicator.community"
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
	{KeyIndicatorCommunity, "没有“{{.Community}}”这个社区，或它不在您的管辖范围内。", "There is no community “{{.Community}}” in your area."},
	{KeyReportMappingInvalid, "第 {{.Row}} 项对应关系缺少工作表或单元格。", "Mapping {{.Row}} lacks its sheet or cell."},
	{"audit.action." + ActionReport, "填报报表", "Report form filled"},
	{"audit.entity.report_templates", "报表模板", "Report templates"},
	{"audit.entity.report_mappings", "报表单元格对应", "Report cell mappings"},
	{"audit.entity.report_indicators", "自定义统计指标", "Own indicators"},
}

// Keys of a report form's mapping and fill. The row ones name the
// mapping CSV's line (the header is line 1) as Row.
const (
	KeyReportMapHeader    = "error.report.map_header"
	KeyReportMapColumns   = "error.report.map_columns"
	KeyReportRowSheet     = "error.report.row_sheet"
	KeyReportRowCell      = "error.report.row_cell"
	KeyReportRowIndicator = "error.report.row_indicator"
	KeyReportRowCommunity = "error.report.row_community"
	KeyReportRowTwice     = "error.report.row_twice"
	KeyReportRowMerged    = "error.report.row_merged"
	KeyReportMapEmpty     = "error.report.map_empty"
	KeyReportTemplate     = "error.report.template"
)

// reportFillMessages are the mapping's and fill's texts.
var reportFillMessages = []Message{
	{KeyReportMapHeader, "对应表 {{.File}} 的第 1 行应为表头 sheet,cell,indicator,community，实际为“{{.Got}}”。", "Line 1 of the mapping {{.File}} must be the header sheet,cell,indicator,community; it is “{{.Got}}”."},
	{KeyReportMapColumns, "对应表第 {{.Row}} 行应有 4 列（sheet,cell,indicator,community），实际有 {{.N}} 列。", "Line {{.Row}} of the mapping must have 4 columns (sheet,cell,indicator,community); it has {{.N}}."},
	{KeyReportRowSheet, "对应表第 {{.Row}} 行：模板中没有名为“{{.Sheet}}”的工作表。", "Line {{.Row}} of the mapping: the template has no sheet named “{{.Sheet}}”."},
	{KeyReportRowCell, "对应表第 {{.Row}} 行：“{{.Cell}}”不是有效的单元格（应如 B3）。", "Line {{.Row}} of the mapping: “{{.Cell}}” is not a cell reference (such as B3)."},
	{KeyReportRowIndicator, "对应表第 {{.Row}} 行：没有名为“{{.Indicator}}”的统计指标（jiedao report indicators 列出全部指标）。", "Line {{.Row}} of the mapping: there is no indicator named “{{.Indicator}}” (jiedao report indicators lists them)."},
	{KeyReportRowCommunity, "对应表第 {{.Row}} 行：没有“{{.Community}}”这个社区，或它不在您的管辖范围内。", "Line {{.Row}} of the mapping: there is no community “{{.Community}}” in your area."},
	{KeyReportRowTwice, "对应表第 {{.Row}} 行：单元格 {{.Sheet}}!{{.Cell}} 已在第 {{.First}} 行填写过。", "Line {{.Row}} of the mapping: cell {{.Sheet}}!{{.Cell}} is already filled by line {{.First}}."},
	{KeyReportRowMerged, "对应表第 {{.Row}} 行：单元格 {{.Cell}} 在合并单元格中，Excel 只显示其左上角 {{.Start}} 的内容，请改填 {{.Start}}。", "Line {{.Row}} of the mapping: cell {{.Cell}} is inside merged cells, of which Excel shows only the first, {{.Start}}; map {{.Start}} instead."},
	{KeyReportMapEmpty, "对应表 {{.File}} 中没有要填写的单元格。", "The mapping {{.File}} names no cell to fill."},
	{KeyReportTemplate, "无法读取报表模板 {{.File}}：它不是有效的 Excel（.xlsx）文件。", "The report template {{.File}} cannot be read: it is not an Excel (.xlsx) workbook."},
}
