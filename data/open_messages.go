package data

// openMessages are the texts of opening and checking the database file
// (open.go, integrity.go, leftovers.go) and of a caught panic.
var openMessages = []Message{
	{KeyDBBusy,
		"数据库文件 {{.Path}} 正被另一个程序写入（可能正在导入），请稍后再试。",
		"The database {{.Path}} is being written by another program (an import, perhaps). Try again in a while."},
	{KeyDBNotFound,
		"找不到数据库文件 {{.Path}}。请检查路径；新的数据库在第一次打开街道通窗口时建立。",
		"There is no database file {{.Path}}. Check the path; a new database is made when the Jiedao window first opens."},
	{KeyDBReadOnly,
		"无法写入数据库文件 {{.Path}}：文件或文件夹是只读的。",
		"Cannot write the database {{.Path}}: the file or its folder is read-only."},
	{KeyDBDamaged,
		"检查发现数据库文件 {{.Path}} 已损坏（{{.Detail}}）。请停止录入，从最近的备份恢复（文件 → 从备份恢复…）；恢复之前不再做自动备份，以免替换掉完好的备份。",
		"A check found the database {{.Path}} damaged ({{.Detail}}). Stop entering data and restore the latest backup (File → Restore from backup…); until then no automatic backup is made, so that none of the good ones is replaced."},
	{KeyCrash,
		"街道通出现内部错误，操作没有完成。详细情况已写入 {{.Log}}，请把这个文件交给信息技术人员。",
		"Jiedao hit an internal error and did not finish. The details are in {{.Log}}; please give that file to your IT staff."},
}
