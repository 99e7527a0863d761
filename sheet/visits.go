package sheet

// Importing visit records (关爱走访记录) typed up from paper forms or
// exported from a hotline or smart-device system, with the roster's rules:
// columns found by their header under the names clerks use, cells cleaned
// the same way, every row checked before anything is written (the person
// found by ID number among the active residents in the account's scope,
// the visit validated by data's Visit.Validate, as the form would), one
// transaction, a dry run, a row report, and all-or-nothing unless the clerk
// chooses to import the valid rows.
//
// The visitor is the account importing (it answers for the records); a
// 走访人 column, when the file has one, is kept in the visit's notes. A row
// that repeats a stored visit (same person, day, time and method) is left
// alone, so importing the same file again changes nothing.

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"jiedao/data"
)

type visitField int

const (
	vfIDNumber visitField = iota // 公民身份号码
	vfName                       // 姓名
	vfDate                       // 走访日期
	vfTime                       // 走访时间
	vfMethod                     // 走访方式
	vfMet                        // 是否见到本人
	vfHealth                     // 身体状况
	vfHealthNote
	vfEconomy
	vfEconomyNote
	vfCare
	vfCareNote
	vfSafety
	vfSafetyNote
	vfNeeds
	vfNeedsNote
	vfReferral // 转办事项
	vfOwner    // 责任人
	vfDeadline // 完成时限
	vfVisitor  // 走访人
	vfNotes    // 备注
	nVisitFields
)

var visitColumns = [nVisitFields]column{
	vfIDNumber:    {"公民身份号码", []string{"身份证号", "身份证号码", "证件号码", "身份证"}, 22, true},
	vfName:        {"姓名", []string{"被走访人", "走访对象", "老人姓名"}, 10, false},
	vfDate:        {"走访日期", []string{"日期", "走访时间日期"}, 12, false},
	vfTime:        {"走访时间", []string{"时间", "时刻"}, 8, false},
	vfMethod:      {"走访方式", []string{"方式", "走访形式"}, 12, false},
	vfMet:         {"是否见到本人", []string{"见到本人", "是否见面", "见面情况"}, 10, false},
	vfHealth:      {"身体状况", nil, 10, false},
	vfHealthNote:  {"身体状况说明", []string{"身体状况备注"}, 20, false},
	vfEconomy:     {"经济状况", nil, 10, false},
	vfEconomyNote: {"经济状况说明", []string{"经济状况备注"}, 20, false},
	vfCare:        {"赡养照料", nil, 10, false},
	vfCareNote:    {"赡养照料说明", []string{"赡养照料备注"}, 20, false},
	vfSafety:      {"居家安全", []string{"居家安全（水、电、燃气、取暖）", "安全隐患"}, 10, false},
	vfSafetyNote:  {"居家安全说明", []string{"居家安全备注"}, 20, false},
	vfNeeds:       {"服务需求", nil, 10, false},
	vfNeedsNote:   {"服务需求说明", []string{"服务需求备注"}, 20, false},
	vfReferral:    {"转办事项", []string{"转办", "需转办事项"}, 24, false},
	vfOwner:       {"责任人", []string{"转办责任人", "承办人"}, 12, false},
	vfDeadline:    {"完成时限", []string{"办结时限", "截止日期"}, 12, false},
	vfVisitor:     {"走访人", []string{"走访人员", "网格员"}, 10, false},
	vfNotes:       {"备注", []string{"其他情况", "说明"}, 20, false},
}

var visitHeaderIndex = func() map[string]visitField {
	m := make(map[string]visitField)
	for f := visitField(0); f < nVisitFields; f++ {
		m[normalizeHeader(visitColumns[f].header)] = f
		for _, s := range visitColumns[f].synonyms {
			m[normalizeHeader(s)] = f
		}
	}
	return m
}()

// visitJSONField maps data's field names (Args["Field"]) to columns.
var visitJSONField = map[string]visitField{
	"residentId": vfIDNumber, "date": vfDate, "time": vfTime, "method": vfMethod,
	"health": vfHealth, "healthNote": vfHealthNote, "economy": vfEconomy, "economyNote": vfEconomyNote,
	"care": vfCare, "careNote": vfCareNote, "safety": vfSafety, "safetyNote": vfSafetyNote,
	"needs": vfNeeds, "needsNote": vfNeedsNote, "referral": vfReferral, "referralOwner": vfOwner,
	"referralDeadline": vfDeadline, "notes": vfNotes,
}

// methodSynonyms and metSynonyms are other ways files write them.
var (
	methodSynonyms = map[string]string{"入户": data.VisitInPerson, "上门走访": data.VisitInPerson, "实地": data.VisitInPerson,
		"电话走访": data.VisitPhone, "电话回访": data.VisitPhone, "视频通话": data.VisitVideo, "代访": data.VisitProxy,
		"第三方": data.VisitProxy, "智能设备": data.VisitSmartCall, "智能提醒": data.VisitSmartCall}
	metSynonyms = map[string]bool{"是": true, "见到": true, "已见到": true, "Y": true, "y": true, "√": true, "1": true,
		"否": false, "未见到": false, "没见到": false, "N": false, "n": false, "×": false, "0": false}
)

// VisitReport is a visit import's Report with what it did.
type VisitReport struct {
	Report
	Created, Unchanged int
}

// Summary is the line a finished import prints.
func (r VisitReport) Summary() string {
	return fmt.Sprintf("%s; %d visits recorded, %d already there", r.Report.Summary(), r.Created, r.Unchanged)
}

type visitTable struct {
	name, format, sheet string
	headerRow           int
	date1904            bool
	col                 [nVisitFields]int
	header              [nVisitFields]string
	ignored             []string
	rows                []visitRecord
	flaws               readFlaws
}

type visitRecord struct {
	row     int
	vals    [nVisitFields]string
	numeric [nVisitFields]bool
}

func (t *visitTable) columnName(f visitField) string {
	if t.header[f] != "" {
		return t.header[f]
	}
	return visitColumns[f].header
}

// visitReads is what checking the rows reads: the store for a dry run,
// the transaction for the import.
type visitReads interface {
	ResidentsByIDNumber(ids []string) ([]data.IDNumberMatch, error)
	HouseholdsByID(ids []int64) ([]data.Household, error)
	ResidentsByID(ids []int64) ([]data.Resident, error)
	Visits(residentID int64) ([]data.Visit, error)
	Covers(community, grid string) bool
}

type storeVisitReads struct {
	storeReads
}

func (r storeVisitReads) Visits(id int64) ([]data.Visit, error) { return r.s.Visits(r.ctx, id) }
func (r storeVisitReads) Covers(c, g string) bool               { return r.s.Covers(c, g) }

// ImportVisits imports visit records (XLSX or CSV); see the file comment.
// With an invalid row and no opt.SkipInvalid nothing is written and the
// error wraps ErrInvalidRows.
func ImportVisits(ctx context.Context, s *data.Store, path string, opt ImportOptions) (VisitReport, error) {
	defer boundMemory()()
	rep := VisitReport{Report: Report{File: filepath.Base(path)}}
	t, err := readVisitTable(ctx, path)
	if err != nil {
		return rep, err
	}
	if len(t.rows) == 0 {
		return rep, noRows(t.name)
	}
	im := &visitImporter{t: t, now: s.Now}
	im.rep.Report = Report{File: t.name, Format: t.format, Sheet: t.sheet, HeaderRow: t.headerRow,
		IgnoredColumns: t.ignored, Rows: len(t.rows)}
	if opt.DryRun {
		err := im.check(storeVisitReads{storeReads{ctx, s}})
		return im.rep, err
	}
	err = s.Tx(ctx, func(tx *data.Tx) error {
		if err := im.check(tx); err != nil {
			return err
		}
		if im.rep.Invalid > 0 && !opt.SkipInvalid {
			return invalidRows(t.name, im.rep.Invalid)
		}
		return im.write(tx)
	})
	if err != nil {
		im.rep.Applied = false
		im.rep.Created, im.rep.Unchanged = 0, 0
		return im.rep, err
	}
	im.rep.Applied = true
	return im.rep, nil
}

func readVisitTable(ctx context.Context, path string) (*visitTable, error) {
	t := &visitTable{name: filepath.Base(path)}
	f, err := openSheet(path, t.findHeader, t.noHeader)
	if err != nil {
		return nil, err
	}
	defer f.close()
	t.format, t.sheet, t.date1904 = f.format, f.sheet, f.src.date1904()
	if t.rows, err = readRecords(ctx, f, t.name, t.record); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *visitTable) record(row int, cells []cell) (visitRecord, bool) {
	rec := visitRecord{row: row}
	empty := true
	for f := visitField(0); f < nVisitFields; f++ {
		c := t.col[f]
		if c < 0 || c >= len(cells) {
			continue
		}
		if cells[c].flaw != flawNone {
			t.flaws.add(row, t.columnName(f), cells[c])
			empty = false
			continue
		}
		v := cleanCell(cells[c].value)
		if v == "" {
			continue
		}
		empty = false
		rec.vals[f] = v
		rec.numeric[f] = cells[c].kind != cellText
	}
	return rec, !empty && rec.vals[vfNotes] != exampleMarker
}

func (t *visitTable) noHeader() error {
	return noHeader(t.name, "公民身份号码", "“走访日期”“走访方式”")
}

// findHeader reads rows until one names the ID number and the date.
func (t *visitTable) findHeader(src rowSource) error {
	for {
		row, cells, err := src.next()
		if err == io.EOF || err == nil && row > headerSearchRows {
			return t.noHeader()
		}
		if err != nil {
			return readError(t.name, err)
		}
		var col [nVisitFields]int
		for f := range col {
			col[f] = -1
		}
		var header [nVisitFields]string
		var ignored []string
		var dup error
		for c, cl := range cells {
			text := cleanCell(cl.value)
			if text == "" {
				continue
			}
			f, ok := visitHeaderIndex[normalizeHeader(text)]
			if !ok {
				ignored = append(ignored, text)
				continue
			}
			if col[f] >= 0 {
				if dup == nil {
					dup = duplicateColumn(t.name, header[f], col[f], text, c)
				}
				continue
			}
			col[f], header[f] = c, text
		}
		if col[vfIDNumber] >= 0 && col[vfDate] >= 0 {
			if dup != nil {
				return dup
			}
			t.headerRow, t.col, t.header, t.ignored = row, col, header, ignored
			return nil
		}
	}
}

// timeText reads a time cell: "9:30", "09:30:00", or a numeric fraction
// of a day (0.395833 is 09:30).
func timeText(v string, numeric bool) string {
	if numeric {
		if x, err := strconv.ParseFloat(v, 64); err == nil && x >= 0 && x < 1 {
			mins := int(x*24*60 + 0.5)
			return fmt.Sprintf("%02d:%02d", mins/60, mins%60)
		}
	}
	v = strings.ReplaceAll(strings.ReplaceAll(v, "：", ":"), "点", ":")
	if parts := strings.Split(v, ":"); len(parts) >= 2 {
		h, e1 := strconv.Atoi(strings.TrimSpace(parts[0]))
		m, e2 := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(parts[1], "分")))
		if e1 == nil && e2 == nil {
			return fmt.Sprintf("%02d:%02d", h, m)
		}
	}
	return v
}
