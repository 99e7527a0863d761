package sheet

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"jiedao/data"
)

// Sheet names of the template and the export.
const (
	rosterSheet = "住户花名册"
	notesSheet  = "说明"
	listsSheet  = "代码表" // hidden: the dropdown lists
)

// exampleMarker is the 备注 of the template's example row. The importer
// skips a row with exactly this note, so a clerk who forgets to delete the
// example does not register a made-up person.
const exampleMarker = "示例行，导入时自动跳过"

// templateRows is how far down the template's dropdowns and text formats
// reach; a roster of a community fits, and more rows can be filled down.
const templateRows = 20000

// codedLists are the dropdown lists of the coded columns.
var codedLists = []struct {
	f     field
	terms []string
}{
	{fKind, data.HouseholdKinds},
	{fResidenceType, data.ResidenceTypes},
	{fHousing, data.Housings},
	{fSex, data.Sexes},
	{fEthnicity, data.EthnicGroups},
	{fRelation, data.Relations},
	{fEducation, data.Educations},
	{fPolitical, data.PoliticalStatuses},
	{fMarital, data.MaritalStatuses},
	{fStatus, data.Statuses},
	{fDisability, data.DisabilityCategories},
	{fDisabilityGrade, data.DisabilityGrades},
}

// columnNotes explain each column on the notes sheet and in the input
// prompt of the cell.
var columnNotes = [nFields]struct {
	required string
	note     string
}{
	fNumber:          {"", "同一户的成员填写相同的户编号（字母、数字、“-”）。留空时按“地址＋户主”归户，并自动编号。"},
	fCommunity:       {"必填", "所属社区名称。"},
	fGrid:            {"", "所属网格。"},
	fEstate:          {"", "小区或路名。“地址”留空时由小区、楼栋、单元、房号组成。"},
	fBuilding:        {"", "楼栋号，如 3（组成地址时写作“3栋”）。"},
	fUnit:            {"", "单元号，如 2。"},
	fRoom:            {"", "房号，如 301。"},
	fAddress:         {"必填*", "完整现住址。可留空，但须填写小区、楼栋、单元、房号。"},
	fKind:            {"", "家庭户或集体户，留空为家庭户。"},
	fResidenceType:   {"必填", "户籍在此居住、户在人不在（人户分离）、外来常住或流动人口。"},
	fHousing:         {"", "住房性质。"},
	fName:            {"必填", "居民姓名。少数民族姓名的间隔号写作“·”。"},
	fID:              {"必填", "18 位公民身份号码（15 位旧号自动升为 18 位）。本列为文本格式：请勿改为数字格式，否则末几位会丢失。"},
	fSex:             {"", "可留空，由身份证号码推算；填写时须与号码一致。"},
	fBirth:           {"", "如 1990-01-02。可留空，由身份证号码推算；填写时须与号码一致。"},
	fEthnicity:       {"", "按 GB 3304 填写全称，如“汉族”“维吾尔族”。"},
	fRelation:        {"", "与户主关系，每户一位“户主”。"},
	fEducation:       {"", "文化程度。"},
	fPolitical:       {"", "政治面貌。"},
	fMarital:         {"", "婚姻状况。"},
	fEmployer:        {"", "工作单位或职业。"},
	fPhone:           {"", "手机 11 位；座机带区号，如 010-65123456。"},
	fRegistered:      {"", "户籍所在地地址。"},
	fStatus:          {"", "在住、外出、迁出或死亡，留空为在住。已在册居民的迁出、死亡请在系统中登记变动。"},
	fTags:            {"", "关爱对象，可填多个，用顿号分隔：" + strings.Join(data.CareTags, "、") + "。高龄老人按年龄自动认定，无需填写。"},
	fDisability:      {"", "残疾人须填写残疾类别。"},
	fDisabilityGrade: {"", "残疾人须填写残疾等级（一级至四级）。"},
	fNotes:           {"", "其他需要说明的情况。"},
}

// exampleRow is the template's example: one resident, valid in every
// column. The ID number is made up (its sequence is 999) and carries the
// right check character so the example shows a number that passes.
func exampleRow() [nFields]string {
	id := "11010119800307999"
	id += string(data.IDCheckChar(id))
	return [nFields]string{
		fNumber: "2026000001", fCommunity: "幸福社区", fGrid: "第一网格", fEstate: "幸福小区",
		fBuilding: "3", fUnit: "2", fRoom: "301", fAddress: "幸福小区3栋2单元301室",
		fKind: data.HouseholdFamily, fResidenceType: data.ResidenceLocal, fHousing: "自有",
		fName: "张三", fID: id, fSex: "男", fBirth: "1980-03-07", fEthnicity: "汉族",
		fRelation: data.RelationHead, fEducation: "大学本科", fPolitical: "群众", fMarital: "已婚",
		fEmployer: "幸福街道办事处", fPhone: "13800000000", fRegistered: "北京市东城区幸福街1号",
		fStatus: data.StatusPresent, fTags: "", fNotes: exampleMarker,
	}
}

// colName returns the column letters of field f in the roster (A, B, …).
func colName(f field) string {
	n, _ := excelize.ColumnNumberToName(int(f) + 1)
	return n
}

// rosterStyles are the cell styles of the template and the export.
type rosterStyles struct {
	header, text, example int
	// quoted and quotedText are the default and the text style with
	// quotePrefix, for a value that begins like a formula (formulaLead).
	quoted, quotedText int
}

func newRosterStyles(f *excelize.File) (rosterStyles, error) {
	var st rosterStyles
	var err error
	if st.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border: []excelize.Border{
			{Type: "left", Color: "9BC2E6", Style: 1}, {Type: "right", Color: "9BC2E6", Style: 1},
			{Type: "top", Color: "9BC2E6", Style: 1}, {Type: "bottom", Color: "9BC2E6", Style: 1},
		},
		NumFmt: 49,
	}); err != nil {
		return st, err
	}
	// Text ("@", built-in format 49): Excel keeps what is typed, so an ID
	// number keeps all 18 characters and a phone number its leading 0.
	if st.text, err = f.NewStyle(&excelize.Style{NumFmt: 49}); err != nil {
		return st, err
	}
	if st.example, err = f.NewStyle(&excelize.Style{
		NumFmt: 49,
		Font:   &excelize.Font{Italic: true, Color: "808080"},
	}); err != nil {
		return st, err
	}
	st.quoted = quotePrefixed(f, 0)
	st.quotedText = quotePrefixed(f, st.text)
	return st, nil
}

// quotePrefixed adds to f's cell formats a copy of format base with
// quotePrefix set, and returns its index. quotePrefix (ECMA-376 §18.8.45)
// is what Excel sets when a value is typed after an apostrophe: Excel and
// WPS show the value as it is, keep it text when the cell is edited again,
// and write it as text to a CSV. excelize's Style has no field for it
// (v2.11.1), but the formats it writes are f.Styles.CellXfs; a copy
// appended there is one NewStyle does not hand out for another style,
// since it returns the first matching format.
func quotePrefixed(f *excelize.File, base int) int {
	xfs := f.Styles.CellXfs
	xf := xfs.Xf[base]
	on := true
	xf.QuotePrefix = &on
	xfs.Xf = append(xfs.Xf, xf)
	xfs.Count = len(xfs.Xf)
	return len(xfs.Xf) - 1
}

// quoteStyle is the style a value gets in a column of the given kind
// (text: the text format): a quotePrefix one when it begins like a
// formula, else 0 (the column's).
func (st rosterStyles) quoteStyle(v string, text bool) int {
	switch {
	case !formulaLead(v):
		return 0
	case text:
		return st.quotedText
	}
	return st.quoted
}

// WriteHouseholdTemplate writes the blank household roster: one row per
// resident with the household's columns, Chinese headers, dropdowns for
// the coded columns, text format for the number columns, an example row
// (skipped by the importer) and a notes sheet explaining each column.
func WriteHouseholdTemplate(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := writeTemplate(f); err != nil {
		return fmt.Errorf("sheet: template: %w", err)
	}
	if err := data.WriteFileAtomic(path, func(w io.Writer) error { return f.Write(w) }, nil); err != nil {
		return fmt.Errorf("sheet: template: %w", err)
	}
	return nil
}

// writeTemplate lays out the blank roster: its columns, the header and the
// example row, the notes sheet, the dropdowns of the coded columns and the
// prompts of the free ones.
func writeTemplate(f *excelize.File) error {
	if err := f.SetSheetName("Sheet1", rosterSheet); err != nil {
		return err
	}
	st, err := newRosterStyles(f)
	if err != nil {
		return err
	}
	if err := setTemplateColumns(f, st); err != nil {
		return err
	}
	if err := writeTemplateHeader(f, st); err != nil {
		return err
	}
	if err := writeNotes(f, st); err != nil {
		return err
	}
	if err := addDropdowns(f); err != nil {
		return err
	}
	return addPrompts(f)
}

// setTemplateColumns sets the widths, and text format on the number
// columns for the rows a clerk will fill.
func setTemplateColumns(f *excelize.File, st rosterStyles) error {
	for fl := field(0); fl < nFields; fl++ {
		c := colName(fl)
		if err := f.SetColWidth(rosterSheet, c, c, columns[fl].width); err != nil {
			return err
		}
		if columns[fl].text {
			if err := f.SetColStyle(rosterSheet, c, st.text); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeTemplateHeader writes the header and the example row, styled, with
// the header and the name columns frozen.
func writeTemplateHeader(f *excelize.File, st rosterStyles) error {
	last := colName(nFields - 1)
	ex := exampleRow()
	for fl := field(0); fl < nFields; fl++ {
		h, _ := excelize.CoordinatesToCellName(int(fl)+1, 1)
		if err := f.SetCellStr(rosterSheet, h, columns[fl].header); err != nil {
			return err
		}
		e, _ := excelize.CoordinatesToCellName(int(fl)+1, 2)
		if err := f.SetCellStr(rosterSheet, e, ex[fl]); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(rosterSheet, "A1", last+"1", st.header); err != nil {
		return err
	}
	if err := f.SetCellStyle(rosterSheet, "A2", last+"2", st.example); err != nil {
		return err
	}
	if err := f.SetRowHeight(rosterSheet, 1, 28); err != nil {
		return err
	}
	return f.SetPanes(rosterSheet, &excelize.Panes{
		Freeze: true, XSplit: int(fName) + 1, YSplit: 1, TopLeftCell: colName(fName+1) + "2", ActivePane: "bottomRight",
	})
}

// addDropdowns gives the coded columns their lists. The lists live on a
// hidden sheet: Excel limits a list typed into a validation to 255
// characters, and the 58 ethnic groups are longer.
func addDropdowns(f *excelize.File) error {
	if _, err := f.NewSheet(listsSheet); err != nil {
		return err
	}
	for i, l := range codedLists {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetCellStr(listsSheet, col+"1", columns[l.f].header); err != nil {
			return err
		}
		for j, term := range l.terms {
			if err := f.SetCellStr(listsSheet, fmt.Sprintf("%s%d", col, j+2), term); err != nil {
				return err
			}
		}
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s2:%s%d", colName(l.f), colName(l.f), templateRows))
		dv.SetSqrefDropList(fmt.Sprintf("'%s'!$%s$2:$%s$%d", listsSheet, col, col, len(l.terms)+1))
		dv.SetError(excelize.DataValidationErrorStyleStop, columns[l.f].header, "请从下拉列表中选择。")
		if n := columnNotes[l.f].note; n != "" {
			dv.SetInput(columns[l.f].header, n)
		}
		if err := f.AddDataValidation(rosterSheet, dv); err != nil {
			return err
		}
	}
	return f.SetSheetVisible(listsSheet, false)
}

// addPrompts checks the ID number's length (15 or 18 characters) and puts
// a prompt on the free columns.
func addPrompts(f *excelize.File) error {
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(fmt.Sprintf("%s2:%s%d", colName(fID), colName(fID), templateRows))
	if err := dv.SetRange(15, 18, excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorBetween); err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "身份证号码", "身份证号码应为 18 位（旧证 15 位）。")
	dv.SetInput("身份证号码", columnNotes[fID].note)
	if err := f.AddDataValidation(rosterSheet, dv); err != nil {
		return err
	}
	for _, fl := range []field{fNumber, fAddress, fPhone, fBirth, fTags} {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s2:%s%d", colName(fl), colName(fl), templateRows))
		dv.Type = "none"
		dv.SetInput(columns[fl].header, columnNotes[fl].note)
		if err := f.AddDataValidation(rosterSheet, dv); err != nil {
			return err
		}
	}
	return nil
}

// writeNotes fills the notes sheet: how to fill the roster, then one line
// per column with the names the importer also accepts.
func writeNotes(f *excelize.File, st rosterStyles) error {
	if _, err := f.NewSheet(notesSheet); err != nil {
		return err
	}
	intro := []string{
		"住户花名册填写说明",
		"1. 每位居民一行；同一户的成员填写相同的户编号和户信息（也可以合并单元格）。",
		"2. 表头可以调整顺序，也可以使用下表“也可写作”中的名称；表头上方可以有标题行。",
		"3. 身份证号码、联系电话、户编号等列为文本格式，请直接粘贴或输入，不要改成数字格式。",
		"4. 第 2 行是示例，导入时会自动跳过，可以删除。",
		"5. 导入前可先“试导入”：系统逐行检查，列出有问题的行号和原因，全部无误后再正式导入。同一文件重复导入不会产生重复记录。",
	}
	for i, line := range intro {
		if err := f.SetCellStr(notesSheet, fmt.Sprintf("A%d", i+1), line); err != nil {
			return err
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(notesSheet, "A1", "A1", bold); err != nil {
		return err
	}
	top := len(intro) + 2
	head := []string{"列名", "是否必填", "说明", "可选值", "也可写作"}
	for i, h := range head {
		c, _ := excelize.CoordinatesToCellName(i+1, top)
		if err := f.SetCellStr(notesSheet, c, h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(notesSheet, fmt.Sprintf("A%d", top), fmt.Sprintf("E%d", top), st.header); err != nil {
		return err
	}
	lists := map[field][]string{}
	for _, l := range codedLists {
		lists[l.f] = l.terms
	}
	for fl := field(0); fl < nFields; fl++ {
		r := top + 1 + int(fl)
		vals := []string{
			columns[fl].header, columnNotes[fl].required, columnNotes[fl].note,
			strings.Join(lists[fl], "、"), strings.Join(columns[fl].synonyms, "、"),
		}
		for i, v := range vals {
			c, _ := excelize.CoordinatesToCellName(i+1, r)
			if err := f.SetCellStr(notesSheet, c, v); err != nil {
				return err
			}
		}
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(notesSheet, fmt.Sprintf("A%d", top+1), fmt.Sprintf("E%d", top+int(nFields)), wrap); err != nil {
		return err
	}
	for col, w := range map[string]float64{"A": 14, "B": 10, "C": 60, "D": 40, "E": 30} {
		if err := f.SetColWidth(notesSheet, col, col, w); err != nil {
			return err
		}
	}
	return nil
}
