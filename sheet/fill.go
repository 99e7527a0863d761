package sheet

// Filling a superior's report form (报表) from the register: the blank
// XLSX is used as it came — excelize opens it, writes a number into each
// mapped cell and nothing else, and saves it whole, so its styles, merged
// cells, formulas, column widths and other sheets stay as they were. The
// formulas' cached results would be the blank form's, so the workbook
// asks Excel (and WPS) to recalculate on opening.
//
// Every mapping row is checked before anything is counted — the sheet
// exists, the cell is a cell reference, the indicator is in the
// catalogue, the community is one of the account's — and every problem is
// reported with its CSV line; then nothing is written at all.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"jiedao/data"
)

// MapHeader is the mapping CSV's header, exactly.
var MapHeader = []string{"sheet", "cell", "indicator", "community"}

// MapRow is one cell to fill: a line of the mapping CSV (Line, counting
// the header as 1) or of a mapping saved in the window (Line its place,
// from 1).
type MapRow struct {
	Line      int    `json:"line"`
	Sheet     string `json:"sheet"`
	Cell      string `json:"cell"`
	Indicator string `json:"indicator"`
	Community string `json:"community,omitempty"` // "" the whole office
}

// DetailSheet is the name of the sheet --detail adds.
const DetailSheet = "明细"

// ReadMapping reads a mapping CSV (UTF-8, with or without a byte-order
// mark). A wrong header or a line without four columns is an error naming
// the line; blank lines are skipped.
func ReadMapping(path string) ([]MapRow, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, data.ReadFileError(path, err)
	}
	return ParseMapping(filepath.Base(path), b)
}

// ParseMapping is ReadMapping of the bytes of the file named name. A
// file that is not UTF-8 is read as GB18030: Excel and WPS on a Chinese
// Windows save "CSV" in the system's code page (GBK), as the importer
// knows too (csv.go).
func ParseMapping(name string, b []byte) ([]MapRow, error) {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(b) {
		if d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b); err == nil {
			b = d
		}
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	var rows []MapRow
	var errs []error
	for line := 1; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// A stray quote: the line cannot be split into columns.
			return nil, &data.Error{Key: data.KeyReportMapColumns, Args: map[string]any{"Row": line, "N": 0, "File": name}, Err: err}
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if line == 1 {
			if strings.Join(rec, ",") != strings.Join(MapHeader, ",") {
				return nil, &data.Error{Key: data.KeyReportMapHeader, Args: map[string]any{"File": name, "Got": strings.Join(rec, ",")}}
			}
			continue
		}
		if len(rec) == 1 && rec[0] == "" {
			continue
		}
		if len(rec) != len(MapHeader) {
			errs = append(errs, &data.Error{Key: data.KeyReportMapColumns, Args: map[string]any{"Row": line, "N": len(rec)}})
			continue
		}
		rows = append(rows, MapRow{Line: line, Sheet: rec[0], Cell: strings.ToUpper(rec[1]), Indicator: rec[2], Community: rec[3]})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(rows) == 0 {
		return nil, &data.Error{Key: data.KeyReportMapEmpty, Args: map[string]any{"File": name}}
	}
	return rows, nil
}

// FillRequest is one fill of a form.
type FillRequest struct {
	Template string   // the blank form (.xlsx)
	Rows     []MapRow // the cells to fill
	AsOf     time.Time
	Detail   bool   // add the 明细 sheet
	Out      string // where the filled form goes
}

// Template is a report form opened for mapping: its name, content hash
// and sheets.
type Template struct {
	Name   string
	Hash   string // SHA-256, hex
	Sheets []string
	file   *excelize.File
}

// OpenTemplate opens a blank form. Close it when done.
func OpenTemplate(path string) (*Template, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, data.ReadFileError(path, err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, &data.Error{Key: data.KeyReportTemplate, Args: map[string]any{"File": filepath.Base(path)}, Err: err}
	}
	sum := sha256.Sum256(b)
	return &Template{Name: filepath.Base(path), Hash: hex.EncodeToString(sum[:]), Sheets: f.GetSheetList(), file: f}, nil
}

// Close releases the workbook.
func (t *Template) Close() error { return t.file.Close() }

// Grid returns the text of a sheet's first rows and columns as Excel
// shows it (formulas as their cached values), for the window's view of
// the form. A merged range shows its text in its first cell only, as
// Excel does (excelize gives it for every cell of the range).
func (t *Template) Grid(sheetName string, rows, cols int) ([][]string, error) {
	out := make([][]string, rows)
	for r := range rows {
		out[r] = make([]string, cols)
		for c := range cols {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			v, err := t.file.GetCellValue(sheetName, ref)
			if err != nil {
				return nil, err
			}
			out[r][c] = v
		}
	}
	merges, err := t.file.GetMergeCells(sheetName)
	if err != nil {
		return nil, err
	}
	for _, m := range merges {
		c0, r0, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c1, r1, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		for r := r0; r <= r1 && r <= rows; r++ {
			for c := c0; c <= c1 && c <= cols; c++ {
				if r != r0 || c != c0 {
					out[r-1][c-1] = ""
				}
			}
		}
	}
	return out, nil
}

// Check reports every mapping row that names a sheet the form lacks, a
// cell that is not a reference, a cell filled twice or an indicator not in
// the catalogue, each with its line; nil when all are good. (A community
// not in the account's scope is found by the count: see Fill.)
func (t *Template) Check(rows []MapRow, catalogue []data.ReportIndicator) error {
	known := map[string]bool{}
	for _, ind := range catalogue {
		known[ind.Name] = true
	}
	first := map[string]int{}
	var errs []error
	for _, r := range rows {
		if idx, err := t.file.GetSheetIndex(r.Sheet); err != nil || idx < 0 {
			errs = append(errs, rowError(data.KeyReportRowSheet, r, nil))
		} else if _, _, err := excelize.CellNameToCoordinates(r.Cell); err != nil || strings.ContainsRune(r.Cell, '$') {
			errs = append(errs, rowError(data.KeyReportRowCell, r, nil))
		} else if start, inside := t.MergedInto(r.Sheet, r.Cell); inside {
			errs = append(errs, rowError(data.KeyReportRowMerged, r, map[string]any{"Start": start}))
		} else if line, twice := first[r.Sheet+"!"+r.Cell]; twice {
			errs = append(errs, rowError(data.KeyReportRowTwice, r, map[string]any{"First": line}))
		} else {
			first[r.Sheet+"!"+r.Cell] = r.Line
		}
		if !known[r.Indicator] {
			errs = append(errs, rowError(data.KeyReportRowIndicator, r, nil))
		}
	}
	return errors.Join(errs...)
}

// MergedInto reports whether cell lies in a merged range of the sheet
// other than as its first (top-left) cell, which alone Excel shows; start
// is that cell.
func (t *Template) MergedInto(sheetName, cell string) (start string, inside bool) {
	col, row, err := excelize.CellNameToCoordinates(cell)
	if err != nil {
		return "", false
	}
	merges, err := t.file.GetMergeCells(sheetName)
	if err != nil {
		return "", false
	}
	for _, m := range merges {
		c0, r0, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c1, r1, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 == nil && err2 == nil && col >= c0 && col <= c1 && row >= r0 && row <= r1 && (col != c0 || row != r0) {
			return m.GetStartAxis(), true
		}
	}
	return "", false
}

// rowError is the problem key of mapping row r.
func rowError(key string, r MapRow, extra map[string]any) error {
	args := map[string]any{"Row": r.Line, "Sheet": r.Sheet, "Cell": r.Cell, "Indicator": r.Indicator, "Community": r.Community}
	for k, v := range extra {
		args[k] = v
	}
	return &data.Error{Key: key, Args: args}
}

// count counts the rows' cells. The rows Check found wrong are left out;
// a community the store does not know in the scope becomes its row's
// error, joined to bad (Check's), so one run reports every problem.
func count(ctx context.Context, s *data.Store, rows []MapRow, asOf time.Time, known map[string]bool, bad error) ([]float64, error) {
	var cells []data.IndicatorCell
	var of []MapRow
	for _, r := range rows {
		if known[r.Indicator] {
			cells = append(cells, data.IndicatorCell{Indicator: r.Indicator, Community: r.Community})
			of = append(of, r)
		}
	}
	values, err := s.CountIndicators(ctx, asOf, cells)
	var errs []error
	if bad != nil {
		errs = append(errs, bad.(interface{ Unwrap() []error }).Unwrap()...)
	}
	for _, e := range unwrapAll(err) {
		var de *data.Error
		if errors.As(e, &de) && de.Key == data.KeyIndicatorCommunity {
			errs = append(errs, rowError(data.KeyReportRowCommunity, of[de.Args["Cell"].(int)], nil))
		} else if e != nil {
			return nil, err
		}
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b error) int { return errLine(a) - errLine(b) })
		return nil, errors.Join(errs...)
	}
	return values, nil
}

// unwrapAll lists the errors err joins, or err alone (none for nil).
func unwrapAll(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// errLine is the mapping line a row error names.
func errLine(err error) int {
	var de *data.Error
	if errors.As(err, &de) {
		if n, ok := de.Args["Row"].(int); ok {
			return n
		}
	}
	return 0
}

// Fill fills the form req names and saves it at req.Out, audited (who,
// when, which template and as-of date, where it was saved: data.ReportFill),
// with the saved mapping's template when there is one. Any bad row is an
// error naming its line (Check) and nothing is written; a failure later
// leaves no file at req.Out either (Store.WriteAudited).
func Fill(ctx context.Context, s *data.Store, req FillRequest) (data.ReportFill, error) {
	t, err := OpenTemplate(req.Template)
	if err != nil {
		return data.ReportFill{}, err
	}
	defer t.Close()
	cat, err := s.Indicators(ctx)
	if err != nil {
		return data.ReportFill{}, err
	}
	known := map[string]bool{}
	for _, ind := range cat {
		known[ind.Name] = true
	}
	// The rows' counts come from the same pass that finds their unknown
	// communities: a form with problems is counted once more than needed,
	// a good one never checked twice.
	values, err := count(ctx, s, req.Rows, req.AsOf, known, t.Check(req.Rows, cat))
	if err != nil {
		return data.ReportFill{}, err
	}
	if err := t.write(req, values, cat); err != nil {
		return data.ReportFill{}, err
	}
	saved, found, err := s.ReportTemplateFor(ctx, t.Name, t.Hash)
	if err != nil {
		return data.ReportFill{}, err
	}
	id := int64(0)
	if found {
		id = saved.ID
	}
	rec := data.ReportFill{Template: t.Name, Hash: t.Hash, AsOf: req.AsOf.Format(time.DateOnly), File: req.Out, Cells: len(req.Rows), Detail: req.Detail}
	err = s.WriteAudited(ctx, req.Out, func(w io.Writer) error {
		_, err := t.file.WriteTo(w)
		return err
	}, data.ActionReport, "report_templates", id, func() any { return rec })
	return rec, err
}

// write puts the values into the workbook (and the 明细 sheet).
func (t *Template) write(req FillRequest, values []float64, cat []data.ReportIndicator) error {
	for i, r := range req.Rows {
		if err := t.file.SetCellValue(r.Sheet, r.Cell, formNumber(values[i])); err != nil {
			return fmt.Errorf("sheet: fill %s!%s: %w", r.Sheet, r.Cell, err)
		}
	}
	full := true
	if err := t.file.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		return fmt.Errorf("sheet: fill: %w", err)
	}
	if req.Detail {
		return t.writeDetail(req, values, cat)
	}
	return nil
}

// formNumber is a count as an integer, a rate as it is.
func formNumber(v float64) any {
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
		return int64(v)
	}
	return v
}

// writeDetail adds the 明细 sheet: each filled cell with its indicator's
// definition, community and value. A form that has a sheet of that name
// already keeps it; the detail goes to 明细 (2) and so on.
func (t *Template) writeDetail(req FillRequest, values []float64, cat []data.ReportIndicator) error {
	name := DetailSheet
	for n := 2; ; n++ {
		if idx, _ := t.file.GetSheetIndex(name); idx < 0 {
			break
		}
		name = fmt.Sprintf("%s (%d)", DetailSheet, n)
	}
	if _, err := t.file.NewSheet(name); err != nil {
		return fmt.Errorf("sheet: detail: %w", err)
	}
	defs := map[string]string{}
	for _, ind := range cat {
		defs[ind.Name] = ind.Definition()
	}
	rows := [][]any{{"截止日期", req.AsOf.Format(time.DateOnly)},
		{"工作表", "单元格", "指标", "定义", "社区", "数值"}}
	for i, r := range req.Rows {
		community := r.Community
		if community == "" {
			community = "全街道（本账户范围）"
		}
		rows = append(rows, []any{r.Sheet, r.Cell, r.Indicator, defs[r.Indicator], community, formNumber(values[i])})
	}
	for i, row := range rows {
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := t.file.SetSheetRow(name, ref, &row); err != nil {
			return fmt.Errorf("sheet: detail: %w", err)
		}
	}
	for col, w := range map[string]float64{"A": 14, "B": 10, "C": 16, "D": 60, "E": 18, "F": 10} {
		if err := t.file.SetColWidth(name, col, col, w); err != nil {
			return fmt.Errorf("sheet: detail: %w", err)
		}
	}
	return nil
}
