package data

// auditMessages are the texts of the audit trail: what VerifyAudit finds,
// the window's operator rule, and the names of the audit entries added
// with the chain.
var auditMessages = []Message{
	{KeyAuditChanged,
		"审计记录被篡改：第 {{.Seq}} 条（ID {{.ID}}）与写入时的内容不符。",
		"The audit trail was tampered with: entry No. {{.Seq}} (ID {{.ID}}) is not as it was written."},
	{KeyAuditRemoved,
		"审计记录被删除：第 {{.From}} 至第 {{.To}} 条不见了（在 ID {{.ID}} 之前）。",
		"The audit trail was tampered with: entries No. {{.From}} to {{.To}} were removed (before ID {{.ID}})."},
	{KeyAuditTruncated,
		"审计记录被删除：最后的第 {{.From}} 至第 {{.To}} 条不见了。",
		"The audit trail was tampered with: the last entries, No. {{.From}} to {{.To}}, were removed."},
	{KeyAuditInserted,
		"审计记录被篡改：ID {{.ID}}（第 {{.Seq}} 条）是在街道通之外插入的。",
		"The audit trail was tampered with: entry ID {{.ID}} (No. {{.Seq}}) was inserted outside Jiedao."},
	{KeyAuditReordered,
		"审计记录被篡改：第 {{.Seq}} 条（ID {{.ID}}）被挪到了 ID {{.After}} 之后。",
		"The audit trail was tampered with: entry No. {{.Seq}} (ID {{.ID}}) was moved after ID {{.After}}."},
	{KeyAuditNoHead,
		"审计记录被篡改：链条的末端记录不见了，无法再写入。请从备份恢复。",
		"The audit trail was tampered with: the head of its chain is gone, so nothing can be written. Restore a backup."},
	{KeyAuditUnchained,
		"{{.Path}} 来自较早的版本，审计记录尚未成链。用本版本打开一次即可升级。",
		"{{.Path}} comes from an earlier release whose audit trail is not chained yet. Open it once with this release to upgrade it."},
	{KeyOperatorRequired,
		"请先填写操作员姓名：每一项改动都要记下是谁做的。",
		"Enter the operator's name first: every change records who made it."},
	{"audit.action." + ActionChain, "审计记录成链", "Audit trail chained"},
	{"audit.entity." + EntityAuditTrail, "审计记录", "Audit trail"},
}
