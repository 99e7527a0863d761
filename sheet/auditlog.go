package sheet

// The audit log as an auditor reads it, exported to a spreadsheet: the
// entries a filter selects, newest first, in the words of the audit
// screen (data.DescribeAudit).

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"jiedao/data"
)

// auditSheet is the sheet's name.
const auditSheet = "操作日志"

// auditHeaders are the columns, in Chinese: the file goes to whoever
// checks the office (上级核查), whatever the window's language.
var auditHeaders = []string{"序号", "时间", "操作人", "用户名", "操作", "记录类型", "记录", "内容"}

// auditBatch is how many entries are read and described at a time.
const auditBatch = 500

// WriteAuditLog writes the entries f selects (its Limit and BeforeID are
// ignored: every entry) to an XLSX file at path, described in language
// ("zh" or "en"), and returns how many rows it wrote. The file appears
// only when complete, and the export is itself recorded in the audit
// trail (with the filter and the number of rows) as the file takes its
// name. Needs the auditor's role.
func WriteAuditLog(ctx context.Context, s *data.Store, f data.AuditFilter, language, path string) (int, error) {
	x := excelize.NewFile()
	defer x.Close()
	n, err := fillAuditSheet(ctx, s, x, f, language)
	if err != nil {
		return 0, fmt.Errorf("sheet: audit export: %w", err)
	}
	err = data.WriteFileAtomic(path, func(w io.Writer) error { return x.Write(w) }, func() error {
		return s.Tx(ctx, func(tx *data.Tx) error {
			return tx.Audit(AuditActionExport, data.EntityAuditTrail, 0, nil, map[string]any{
				"file": filepath.Base(path), "rows": n, "filter": auditFilterText(f),
			})
		})
	})
	if err != nil {
		return 0, fmt.Errorf("sheet: audit export: %w", err)
	}
	return n, nil
}

// fillAuditSheet writes the header and the entries, a batch at a time.
func fillAuditSheet(ctx context.Context, s *data.Store, x *excelize.File, f data.AuditFilter, language string) (int, error) {
	if err := x.SetSheetName("Sheet1", auditSheet); err != nil {
		return 0, err
	}
	sw, err := x.NewStreamWriter(auditSheet)
	if err != nil {
		return 0, err
	}
	for _, w := range []struct {
		col int
		w   float64
	}{{2, 20}, {3, 12}, {4, 12}, {7, 36}, {8, 60}} {
		if err := sw.SetColWidth(w.col, w.col, w.w); err != nil {
			return 0, err
		}
	}
	if err := sw.SetRow("A1", cellsOf(auditHeaders)); err != nil {
		return 0, err
	}
	f.Limit, f.BeforeID = auditBatch, 0
	n := 0
	for {
		page, err := s.AuditLog(ctx, f)
		if err != nil {
			return 0, err
		}
		lines, err := s.DescribeAudit(ctx, page, language)
		if err != nil {
			return 0, err
		}
		for _, l := range lines {
			n++
			row := []string{fmt.Sprint(l.Entry.Seq), l.At, l.Operator, l.Login, l.Action, l.Kind, l.Record, AuditContent(l)}
			if err := sw.SetRow(fmt.Sprintf("A%d", n+1), cellsOf(row)); err != nil {
				return 0, err
			}
		}
		if len(page) < auditBatch {
			break
		}
		f.BeforeID = page[len(page)-1].ID
	}
	return n, sw.Flush()
}

// AuditContent is what an entry did, on one cell: the changed fields as
// "标签：之前 → 之后", one a line, or a look's detail.
func AuditContent(l data.AuditLine) string {
	if l.Detail != "" {
		return l.Detail
	}
	var out []string
	for _, c := range l.Changes {
		switch {
		case c.Before == "":
			out = append(out, c.Label+"："+c.After)
		case c.After == "":
			out = append(out, c.Label+"："+c.Before+" → （空）")
		default:
			out = append(out, c.Label+"："+c.Before+" → "+c.After)
		}
	}
	return strings.Join(out, "\n")
}

// auditFilterText records which entries an export held.
func auditFilterText(f data.AuditFilter) map[string]any {
	m := map[string]any{}
	if f.Login != "" {
		m["login"] = f.Login
	}
	if f.Action != "" {
		m["action"] = f.Action
	}
	if f.Entity != "" {
		m["entity"] = f.Entity
	}
	if f.EntityID != 0 {
		m["entityId"] = f.EntityID
	}
	if !f.From.IsZero() {
		m["from"] = f.From
	}
	if !f.To.IsZero() {
		m["to"] = f.To
	}
	if f.ViewsOnly {
		m["viewsOnly"] = true
	}
	return m
}

func cellsOf(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = excelize.Cell{Value: x}
	}
	return out
}
