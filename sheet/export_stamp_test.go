package sheet

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestUnmaskedExportStamped: an unmasked export without a reason, or by an
// account whose roles do not allow whole numbers, is refused before a file
// is written; one with both carries the stamp in its first row (header
// below, frozen with it) and footer, and a masked export none.
func TestUnmaskedExportStamped(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	mustImport(t, s, xlsxFile(t, asAny(cleanRoster()), nil), ImportOptions{})
	dir := t.TempDir()
	out := filepath.Join(dir, "whole.xlsx")

	if _, err := ExportHouseholds(ctx, s, out, data.ResidentFilter{}, ExportOptions{Unmasked: true}); !isKey(err, data.KeyReasonRequired) {
		t.Errorf("no reason: %v", err)
	}
	community := datatest.As(t, s, "sq", []string{data.RoleCommunity}, []string{"幸福社区"}, nil)
	if _, err := ExportHouseholds(ctx, community, out, data.ResidentFilter{}, ExportOptions{Unmasked: true, Reason: "上级核查"}); !errors.Is(err, data.ErrPermission) {
		t.Errorf("a community worker's unmasked export: %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("a refused export left a file")
	}

	n, err := ExportHouseholds(ctx, s, out, data.ResidentFilter{}, ExportOptions{Unmasked: true, Reason: "核实身份"})
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows(rosterSheet)
	head, tail := "导出人："+datatest.FullOperator+"　导出时间：", "　用途：核实身份　"+StampWarning
	if len(rows) != n+2 || !strings.HasPrefix(rows[0][0], head) || !strings.HasSuffix(rows[0][0], tail) ||
		rows[1][0] != columns[fNumber].header {
		t.Errorf("rows %q\nwant the stamp %q…%q first", rows[:min(2, len(rows))], head, tail)
	}
	panes, err := x.GetPanes(rosterSheet)
	if err != nil || panes.YSplit != 2 {
		t.Errorf("panes %+v, %v: the stamp and the header stay in view", panes, err)
	}
	hf, _ := x.GetHeaderFooter(rosterSheet)
	if hf == nil || !strings.Contains(hf.OddFooter, "用途：核实身份") || !strings.Contains(hf.OddFooter, StampWarning) {
		t.Errorf("footer %+v", hf)
	}

	masked := filepath.Join(dir, "masked.xlsx")
	if _, err := ExportHouseholds(ctx, s, masked, data.ResidentFilter{}, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	mx, err := excelize.OpenFile(masked)
	if err != nil {
		t.Fatal(err)
	}
	defer mx.Close()
	if mrows, _ := mx.GetRows(rosterSheet); len(mrows) == 0 || mrows[0][0] != columns[fNumber].header {
		t.Errorf("a masked export's first row %q", mrows[:1])
	}
}
