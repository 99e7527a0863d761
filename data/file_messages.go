package data

// Translation keys of the files a user hands to Jiedao to read — rosters
// to import — and what can be wrong with them. Args: Path (the whole
// path) or File (its name), and as named below.
const (
	KeyFileNotFound   = "error.file.not_found"
	KeyFileDenied     = "error.file.denied"
	KeyFileUnreadable = "error.file.unreadable" // the cause follows in Err
	// Writing a document or an export. Args: Path, Folder.
	KeyFileNoFolder    = "error.file.no_folder"
	KeyFileWriteDenied = "error.file.write_denied"
	KeyFileWrite       = "error.file.write" // the cause follows in Err
	KeySheetOldXLS     = "error.sheet.old_xls"
	KeySheetDamaged    = "error.sheet.damaged" // the cause follows in Err
	// KeySheetNoHeader: Args: Rows (how many were searched), Required (the
	// column a header must have), Others (examples of the other columns).
	KeySheetNoHeader = "error.sheet.no_header"
	// KeySheetInvalidRows: a real import refused, nothing written. Args: N.
	KeySheetInvalidRows = "error.sheet.invalid_rows"
)

var fileMessages = []Message{
	{KeyFileNotFound,
		"找不到文件 {{.Path}}。",
		"The file {{.Path}} does not exist."},
	{KeyFileDenied,
		"没有读取文件 {{.Path}} 的权限。",
		"Jiedao is not allowed to read the file {{.Path}}."},
	{KeyFileUnreadable,
		"无法读取文件 {{.Path}}。",
		"Cannot read the file {{.Path}}."},
	{KeyFileNoFolder,
		"无法保存 {{.Path}}：文件夹 {{.Folder}} 不存在。",
		"Cannot save {{.Path}}: the folder {{.Folder}} does not exist."},
	{KeyFileWriteDenied,
		"无法保存 {{.Path}}：没有写入文件夹 {{.Folder}} 的权限，或同名文件正被其他程序（如 PDF 阅读器、WPS）打开。请关闭该文件或换一个位置后重试。",
		"Cannot save {{.Path}}: Jiedao may not write to {{.Folder}}, or a file of that name is open in another program (a PDF viewer, WPS). Close it or choose another place, then try again."},
	{KeyFileWrite,
		"无法保存 {{.Path}}。",
		"Cannot save {{.Path}}."},
	{KeySheetOldXLS,
		"{{.File}} 是 Excel 97-2003（.xls）格式或加密的工作簿。请在 Excel 中另存为 .xlsx（不设密码）后再导入。",
		"{{.File}} is an Excel 97-2003 (.xls) or password-protected workbook. Save it in Excel as .xlsx (without a password), then import it."},
	{KeySheetDamaged,
		"{{.File}} 不是完整的 Excel 工作簿，可能已损坏。请在 Excel 中打开并另存为 .xlsx 后再导入。",
		"{{.File}} is not a complete Excel workbook and may be damaged. Open it in Excel, save it as .xlsx, then import it."},
	{KeySheetNoHeader,
		"{{.File}}：前 {{.Rows}} 行中找不到表头。表头须有“{{.Required}}”列和至少一个其他列，如{{.Others}}。",
		"{{.File}}: no header row in the first {{.Rows}} rows. The header needs a “{{.Required}}” column and at least one other, such as {{.Others}}."},
	{KeySheetInvalidRows,
		"{{.File}}：{{.N}} 行不符合要求，未导入任何数据。",
		"{{.File}}: {{.N}} rows are not valid; nothing was imported."},
}
