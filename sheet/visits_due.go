package sheet

// The visits due as a spreadsheet: everyone of the board (a grid, a
// community, the scope) who is overdue, was never visited or falls due by
// the Sunday of the as-of day, phone numbers masked. Audited as an export.

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"jiedao/data"
)

// dueSheet is the worksheet's name.
const dueSheet = "应访名单"

var dueHeaders = []struct {
	name  string
	width float64
}{
	{"社区", 14}, {"网格", 10}, {"姓名", 10}, {"性别", 6}, {"年龄", 6}, {"关爱等级", 10}, {"关怀标签", 18},
	{"住址", 30}, {"联系电话", 15}, {"上次走访", 12}, {"上次走访人", 16}, {"应访日期", 12}, {"状态", 10},
}

// DueStateNames are the states as the sheet and the window name them.
var DueStateNames = map[string]string{data.DueOverdue: "已逾期", data.DueNever: "从未走访", data.DueThisWeek: "本周应访", data.DueLater: "未到期"}

// ExportVisitsDue writes the people f selects who are due by the week's
// end to path and returns how many.
func ExportVisitsDue(ctx context.Context, s *data.Store, path string, f data.VisitFilter) (int, error) {
	b, err := s.VisitBoard(ctx, f)
	if err != nil {
		return 0, err
	}
	var rows []data.VisitDue
	for _, r := range b.Rows {
		if r.State != data.DueLater {
			rows = append(rows, r)
		}
	}
	x := excelize.NewFile()
	defer x.Close()
	if err := writeDueSheet(x, b, rows); err != nil {
		return 0, fmt.Errorf("sheet: visits due: %w", err)
	}
	err = data.WriteFileAtomic(path, func(w io.Writer) error { return x.Write(w) }, func() error {
		err := s.Tx(ctx, func(tx *data.Tx) error {
			return tx.Audit(AuditActionExport, data.EntityVisits, 0, nil, map[string]any{
				"file": filepath.Base(path), "document": "应访名单", "community": f.Community, "grid": f.Grid,
				"asOf": b.AsOf, "rows": len(rows), "masked": true,
			})
		})
		if err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("sheet: visits due: %w", err)
	}
	return len(rows), nil
}

// writeDueSheet streams the list (a street's list has tens of thousands
// of rows: excelize's StreamWriter keeps them out of memory).
func writeDueSheet(x *excelize.File, b data.VisitBoard, rows []data.VisitDue) error {
	if err := x.SetSheetName("Sheet1", dueSheet); err != nil {
		return err
	}
	st, err := newRosterStyles(x)
	if err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(dueSheet)
	if err != nil {
		return err
	}
	header := make([]any, len(dueHeaders))
	for i, h := range dueHeaders {
		if err := sw.SetColWidth(i+1, i+1, h.width); err != nil {
			return err
		}
		header[i] = excelize.Cell{StyleID: st.header, Value: h.name}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for i, r := range rows {
		age := ""
		if r.Age >= 0 {
			age = strconv.Itoa(r.Age)
		}
		texts := []string{r.Community, r.Grid, r.Name, r.Sex, age, r.Tier, strings.Join(r.Tags, "、"), r.Address, r.Phone,
			r.LastVisit, r.LastVisitor, r.Due, DueStateNames[r.State]}
		cells := make([]any, len(texts))
		for c, v := range texts {
			cells[c] = excelize.Cell{StyleID: st.quoteStyle(v, false), Value: v}
		}
		ref, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(ref, cells); err != nil {
			return err
		}
	}
	foot, _ := excelize.CoordinatesToCellName(1, len(rows)+3)
	if err := sw.SetRow(foot, []any{fmt.Sprintf("截至 %s（本周 %s 至 %s），共 %d 人", b.AsOf, b.WeekStart, b.WeekEnd, len(rows))}); err != nil {
		return err
	}
	return sw.Flush()
}
