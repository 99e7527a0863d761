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
	// Limits of what an import reads (issue 13). KeySheetTooLarge: a part
	// of the workbook (a worksheet, the shared strings) unpacks to more
	// than Max; Args: Part, Max. KeySheetBomb: it unpacks to Ratio times
	// its packed size. KeySheetTooManyRows: Args: Max. KeySheetLineTooLong:
	// a CSV line over Max; Args: Row, Max. KeySheetNoRows: a header and
	// nothing under it. KeySheetDuplicateColumn: two columns for one
	// field; Args: First, FirstCol, Second, SecondCol (the headers and
	// their column letters).
	KeySheetTooLarge        = "error.sheet.too_large"
	KeySheetBomb            = "error.sheet.bomb"
	KeySheetTooManyRows     = "error.sheet.too_many_rows"
	KeySheetLineTooLong     = "error.sheet.line_too_long"
	KeySheetNoRows          = "error.sheet.no_rows"
	KeySheetDuplicateColumn = "error.sheet.duplicate_column"
	// Problems and warnings of one row of an import (the report's
	// reasons). KeySheetCellTooLong: Args: N (its characters), Max (the
	// limit in bytes). KeySheetCellEncoding: bytes that are not UTF-8.
	// KeySheetFormulaLike: a value that begins like a formula; Args: Char.
	KeySheetCellTooLong  = "error.sheet.cell_too_long"
	KeySheetCellEncoding = "error.sheet.cell_encoding"
	KeySheetFormulaLike  = "warning.sheet.formula_like"
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
	{KeySheetTooLarge,
		"{{.File}}：其中的 {{.Part}} 解压后超过 {{.Max}}，超出街道通一次能导入的大小。请把名册拆成几个文件后再导入。",
		"{{.File}}: its part {{.Part}} unpacks to more than {{.Max}}, more than Jiedao imports at once. Split the roster into several files, then import them."},
	{KeySheetBomb,
		"{{.File}}：其中的 {{.Part}} 解压后是压缩时的 {{.Ratio}} 倍以上，不像是正常的名册（可能已损坏或被恶意构造），未导入。",
		"{{.File}}: its part {{.Part}} unpacks to more than {{.Ratio}} times its packed size; it does not look like a roster (it may be damaged or built to harm) and was not imported."},
	{KeySheetTooManyRows,
		"{{.File}} 超过 {{.Max}} 行，超出街道通一次能导入的行数，未导入。请把名册拆成几个文件后再导入。",
		"{{.File}} has more than {{.Max}} rows, more than Jiedao imports at once; nothing was imported. Split the roster into several files, then import them."},
	{KeySheetLineTooLong,
		"{{.File}} 第 {{.Row}} 行超过 {{.Max}}，不像是名册（可能已损坏），未导入。",
		"Line {{.Row}} of {{.File}} is longer than {{.Max}}; the file does not look like a roster (it may be damaged) and was not imported."},
	{KeySheetNoRows,
		"{{.File}}：文件中没有数据行。",
		"{{.File}}: the file has no data rows."},
	{KeySheetDuplicateColumn,
		"{{.File}}：“{{.First}}”（{{.FirstCol}} 列）和“{{.Second}}”（{{.SecondCol}} 列）是同一项，街道通不知道该用哪一列。请删去或合并其中一列后再导入。",
		"{{.File}}: “{{.First}}” (column {{.FirstCol}}) and “{{.Second}}” (column {{.SecondCol}}) are the same field, and Jiedao cannot tell which to use. Delete or merge one of them, then import the file."},
	{KeySheetCellTooLong,
		"单元格过长（共 {{.N}} 字，上限 {{.Max}} 字节），这一行未导入。",
		"The cell is too long ({{.N}} characters; the limit is {{.Max}} bytes); this row was not imported."},
	{KeySheetCellEncoding,
		"单元格中有无法识别的字符（不是 UTF-8 编码），这一行未导入。请改正后重新导入。",
		"The cell holds bytes that are not UTF-8 text; this row was not imported. Correct it and import again."},
	{KeySheetFormulaLike,
		"以“{{.Char}}”开头，Excel 或 WPS 可能把它当作公式。已按文字导入，导出时也保持为文字；请核对是否填错。",
		"It begins with “{{.Char}}”, which Excel or WPS may take for a formula. It is imported as text and exported as text; check that it is what was meant."},
}
