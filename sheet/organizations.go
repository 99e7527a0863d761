package sheet

// The register of social organizations as a spreadsheet: import (XLSX or
// CSV), export and the blank template. The rules are the household
// roster's — columns found by their header under the names clerks use,
// cells cleaned the same way, every row checked before anything is
// written, one transaction, a dry run, a row report, all-or-nothing
// unless the clerk chooses to import the valid rows — and validation is
// the data package's (Organization.Validate), so a row is accepted exactly
// when the form would accept it.
//
// A register has hundreds of organizations, not hundreds of thousands, so
// this file holds the rows as plain arrays and writes through the store's
// audited Create and Update, one audit entry per organization changed.
//
// Rows are matched to the register by their credit code; a row without one
// (a 社区社会组织 filed with the office has none) by its name. A code
// registered to an organization of another name is refused naming it, so
// an import never renames an organization by accident. Importing the same
// file again — or a file exported from the register — changes nothing.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"jiedao/data"
)

// orgField is one column of the organization register.
type orgField int

// The columns, in the order of the template and the export.
const (
	ofName      orgField = iota // 名称
	ofUSCC                      // 统一社会信用代码
	ofType                      // 类型
	ofAuthority                 // 登记管理机关
	ofLegalRep                  // 法定代表人
	ofContact                   // 联系人
	ofPhone                     // 联系电话
	ofAddress                   // 地址
	ofBank                      // 开户行
	ofAccount                   // 账号
	ofAreas                     // 服务领域
	ofStatus                    // 状态
	ofNotes                     // 备注
	nOrgFields
)

// orgColumns are the organization columns: the template's header, the
// other headers found in real registers, width and text format as for the
// roster (columns.go).
var orgColumns = [nOrgFields]column{
	ofName:      {"名称", []string{"组织名称", "单位名称", "社会组织名称", "机构名称", "社会组织", "组织全称"}, 30, false},
	ofUSCC:      {"统一社会信用代码", []string{"信用代码", "社会信用代码", "USCC", "统一代码", "统一社会信用代码证号", "组织机构代码"}, 22, true},
	ofType:      {"类型", []string{"组织类型", "社会组织类型", "类别", "组织类别", "登记类型"}, 22, false},
	ofAuthority: {"登记管理机关", []string{"登记机关", "登记管理机构", "业务主管单位", "备案机关"}, 18, false},
	ofLegalRep:  {"法定代表人", []string{"法人", "法人代表", "负责人", "法定代表人（负责人）"}, 10, false},
	ofContact:   {"联系人", []string{"联系人姓名"}, 10, false},
	ofPhone:     {"联系电话", []string{"电话", "手机", "联系方式", "电话号码", "手机号码"}, 14, true},
	ofAddress:   {"地址", []string{"住所", "办公地址", "注册地址", "详细地址", "住址", "通讯地址"}, 30, false},
	ofBank:      {"开户行", []string{"开户银行", "开户行名称", "银行"}, 24, false},
	ofAccount:   {"账号", []string{"银行账号", "开户账号", "银行账户", "账户"}, 24, true},
	ofAreas:     {"服务领域", []string{"业务范围", "服务范围", "服务类别", "领域"}, 24, false},
	ofStatus:    {"状态", []string{"登记状态", "组织状态"}, 8, false},
	ofNotes:     {"备注", []string{"说明"}, 20, false},
}

// orgHeaderIndex maps every normalized organization header to its field.
var orgHeaderIndex = func() map[string]orgField {
	m := make(map[string]orgField)
	for f := orgField(0); f < nOrgFields; f++ {
		m[normalizeHeader(orgColumns[f].header)] = f
		for _, s := range orgColumns[f].synonyms {
			m[normalizeHeader(s)] = f
		}
	}
	return m
}()

// orgJSONField maps data's field names (Args["Field"]) to columns.
var orgJSONField = map[string]orgField{
	"name": ofName, "uscc": ofUSCC, "type": ofType, "authority": ofAuthority, "legalRep": ofLegalRep,
	"contact": ofContact, "phone": ofPhone, "address": ofAddress, "bank": ofBank, "account": ofAccount,
	"serviceAreas": ofAreas, "status": ofStatus, "notes": ofNotes,
}

// orgStatusSynonyms are other ways registers write a status.
var orgStatusSynonyms = map[string]string{
	"存续": data.OrgActive, "登记": data.OrgActive, "有效": data.OrgActive, "活动": data.OrgActive,
	"已注销": data.OrgDeregistered, "撤销": data.OrgDeregistered, "已撤销": data.OrgDeregistered,
	"异常": data.OrgAbnormal, "活动异常名录": data.OrgAbnormal, "列入异常名录": data.OrgAbnormal,
}

// orgSheet is the worksheet name of the template and the export.
const orgSheet = "社会组织"

// AuditEntityOrganizations is the entity of an organization import's and
// export's audit entries (the organizations' own table name).
const AuditEntityOrganizations = "organizations"

// OrganizationReport is an organization import's Report with what it did
// to the register.
type OrganizationReport struct {
	Report
	Created, Updated, Unchanged int
}

// Summary is the line a finished import prints.
func (r OrganizationReport) Summary() string {
	return fmt.Sprintf("%s; %d created, %d updated, %d unchanged", r.Report.Summary(), r.Created, r.Updated, r.Unchanged)
}

// orgTable is an organization register as read from a file.
type orgTable struct {
	name, format, sheet string
	headerRow           int
	col                 [nOrgFields]int
	header              [nOrgFields]string
	ignored             []string
	rows                []orgRecord
}

// orgRecord is one data row: its cleaned cells and which were numbers.
type orgRecord struct {
	row     int
	vals    [nOrgFields]string
	numeric [nOrgFields]bool
}

func (t *orgTable) columnName(f orgField) string {
	if t.header[f] != "" {
		return t.header[f]
	}
	return orgColumns[f].header
}

// ImportOrganizations imports an organization register (XLSX or CSV) with
// the household import's rules (see the file comment). With an invalid
// row and no opt.SkipInvalid nothing is written and the error wraps
// ErrInvalidRows.
func ImportOrganizations(ctx context.Context, s *data.Store, path string, opt ImportOptions) (Report, error) {
	r, err := ImportOrganizationsReport(ctx, s, path, opt)
	return r.Report, err
}

// ImportOrganizationsReport is ImportOrganizations returning also how many
// organizations were created, updated and left unchanged.
func ImportOrganizationsReport(ctx context.Context, s *data.Store, path string, opt ImportOptions) (OrganizationReport, error) {
	rep := OrganizationReport{Report: Report{File: filepath.Base(path)}}
	t, err := readOrgTable(ctx, path)
	if err != nil {
		return rep, err
	}
	im := &orgImporter{t: t, opt: opt}
	im.rep.Report = Report{File: t.name, Format: t.format, Sheet: t.sheet, HeaderRow: t.headerRow,
		IgnoredColumns: t.ignored, Rows: len(t.rows)}
	if opt.DryRun {
		err := im.check(ctx, s.DB().WithContext(ctx))
		return im.rep, err
	}
	err = s.Tx(ctx, func(tx *data.Tx) error {
		if err := im.check(ctx, tx.DB); err != nil {
			return err
		}
		if im.rep.Invalid > 0 && !opt.SkipInvalid {
			return invalidRows(t.name, im.rep.Invalid)
		}
		return im.write(ctx, tx)
	})
	if err != nil {
		im.rep.Applied = false
		im.rep.Created, im.rep.Updated, im.rep.Unchanged = 0, 0, 0
		return im.rep, err
	}
	im.rep.Applied = true
	return im.rep, nil
}

// readOrgTable reads the file: XLSX by its content, anything else as CSV.
func readOrgTable(ctx context.Context, path string) (*orgTable, error) {
	t := &orgTable{name: filepath.Base(path)}
	isZip, err := looksLikeZip(path)
	if err != nil {
		return nil, err
	}
	var src rowSource
	if isZip {
		book, err := openXLSX(path)
		if err != nil {
			return nil, readError(path, err)
		}
		defer book.close()
		t.format = "XLSX"
		for _, hidden := range []bool{false, true} {
			for _, sh := range book.sheets {
				if sh.hidden != hidden || src != nil {
					continue
				}
				rows, err := book.rows(sh)
				if err != nil {
					return nil, readError(t.name, err)
				}
				if err := t.findHeader(rows); err == nil {
					t.sheet, src = sh.name, rows
				} else {
					rows.close()
					if !errors.Is(err, errNoHeader) {
						return nil, err
					}
				}
			}
		}
		if src == nil {
			return nil, t.noHeader()
		}
	} else {
		c, err := openCSV(path)
		if err != nil {
			return nil, readError(path, err)
		}
		t.format = "CSV (" + c.encoding + ")"
		if err := t.findHeader(c); err != nil {
			c.close()
			return nil, err
		}
		src = c
	}
	defer src.close()
	for n := 0; ; n++ {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		row, cells, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, readError(t.name, err)
		}
		rec := orgRecord{row: row}
		empty := true
		for f := orgField(0); f < nOrgFields; f++ {
			c := t.col[f]
			if c < 0 || c >= len(cells) {
				continue
			}
			v := cleanCell(cells[c].value)
			if f == ofNotes {
				v = cleanLines(cells[c].value)
			}
			if v == "" {
				continue
			}
			empty = false
			rec.vals[f] = v
			rec.numeric[f] = cells[c].kind != cellText
		}
		if empty || rec.vals[ofNotes] == exampleMarker {
			continue
		}
		t.rows = append(t.rows, rec)
	}
	return t, nil
}

// cleanLines is cleanCell for each line of a multi-line cell (notes keep
// their line breaks, which the form shows and the export writes), with
// blank lines at both ends dropped.
func cleanLines(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = cleanCell(l)
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

func (t *orgTable) noHeader() error {
	return noHeader(t.name, "名称", "“统一社会信用代码”“类型”")
}

// findHeader reads rows until one names the name column and at least one
// other organization column.
func (t *orgTable) findHeader(src rowSource) error {
	for {
		row, cells, err := src.next()
		if err == io.EOF || err == nil && row > headerSearchRows {
			return t.noHeader()
		}
		if err != nil {
			return readError(t.name, err)
		}
		var col [nOrgFields]int
		for f := range col {
			col[f] = -1
		}
		var header [nOrgFields]string
		var ignored []string
		found := 0
		for c, cl := range cells {
			text := cleanCell(cl.value)
			if text == "" {
				continue
			}
			f, ok := orgHeaderIndex[normalizeHeader(text)]
			if !ok || col[f] >= 0 {
				ignored = append(ignored, text)
				continue
			}
			col[f], header[f] = c, text
			found++
		}
		if col[ofName] >= 0 && found >= 2 {
			t.headerRow, t.col, t.header, t.ignored = row, col, header, ignored
			return nil
		}
	}
}

// orgImporter checks and writes one file's rows.
type orgImporter struct {
	t   *orgTable
	opt ImportOptions
	rep OrganizationReport

	orgs     []data.Organization // by row: the organization as it will be stored
	existing []int64             // by row: the stored organization it updates, 0 for a new one
	bad      []bool
}

func (im *orgImporter) problem(i int, f orgField, reason string) {
	im.bad[i] = true
	rec := &im.t.rows[i]
	im.rep.Problems = append(im.rep.Problems, Problem{Row: rec.row, Column: im.t.columnName(f), Value: rec.vals[f], Reason: reason})
}

// orgReason renders a validation error in Chinese, with the accepted
// values for a value not in a list.
func orgReason(f orgField, e *data.Error) string {
	text := data.Render(e.Key, "zh", e.Args)
	if e.Key == data.KeyInvalidChoice {
		switch f {
		case ofType:
			text += "可选：" + strings.Join(data.OrgTypes, "、") + "。"
		case ofStatus:
			text += "可选：" + strings.Join(data.OrgStatuses, "、") + "。"
		}
	}
	return text
}

// fromRow builds the organization a row describes, before validation.
// idLost reports a code or account number a spreadsheet stored as a
// number and rounded.
func (im *orgImporter) fromRow(i int) (data.Organization, bool) {
	rec := &im.t.rows[i]
	ok := true
	num := func(f orgField) string {
		v := stripTextMarker(rec.vals[f])
		if lostDigits(v, rec.numeric[f]) {
			im.problem(i, f, "号码被存成了数字，末几位已经丢失，无法恢复。请把该列设为“文本”格式，重新填写后再导入。")
			ok = false
			return ""
		}
		if rec.numeric[f] {
			v = numberText(v)
		}
		return v
	}
	o := data.Organization{
		Name:      rec.vals[ofName],
		USCC:      data.NormalizeUSCC(num(ofUSCC)),
		Type:      rec.vals[ofType],
		Authority: rec.vals[ofAuthority],
		LegalRep:  rec.vals[ofLegalRep],
		Contact:   rec.vals[ofContact],
		Phone:     num(ofPhone),
		Address:   rec.vals[ofAddress],
		Bank:      rec.vals[ofBank],
		Account:   num(ofAccount),
		Status:    canon(rec.vals[ofStatus], data.OrgStatuses, orgStatusSynonyms, ""),
		Notes:     rec.vals[ofNotes],
	}
	if a := rec.vals[ofAreas]; a != "" {
		o.ServiceAreas = strings.FieldsFunc(a, isTagSeparator)
	}
	return o, ok
}

// overlay puts the row's non-empty cells over the stored organization: an
// empty cell never erases a stored value.
func overlay(stored, row data.Organization) data.Organization {
	next := stored
	for _, p := range []struct{ to, from *string }{
		{&next.Name, &row.Name}, {&next.USCC, &row.USCC}, {&next.Type, &row.Type},
		{&next.Authority, &row.Authority}, {&next.LegalRep, &row.LegalRep}, {&next.Contact, &row.Contact},
		{&next.Phone, &row.Phone}, {&next.Address, &row.Address}, {&next.Bank, &row.Bank},
		{&next.Account, &row.Account}, {&next.Status, &row.Status}, {&next.Notes, &row.Notes},
	} {
		if *p.from != "" {
			*p.to = *p.from
		}
	}
	if len(row.ServiceAreas) > 0 {
		next.ServiceAreas = row.ServiceAreas
	}
	next.ServiceAreas = slices.Clone(next.ServiceAreas)
	return next
}

// sameOrganization reports whether saving b over a would change nothing.
func sameOrganization(a, b *data.Organization) bool {
	return a.Name == b.Name && a.USCC == b.USCC && a.Type == b.Type && a.Authority == b.Authority &&
		a.LegalRep == b.LegalRep && a.Contact == b.Contact && a.Phone == b.Phone && a.Address == b.Address &&
		a.Bank == b.Bank && a.Account == b.Account && a.Status == b.Status && a.Notes == b.Notes &&
		slices.Equal(a.ServiceAreas, b.ServiceAreas)
}

// check validates every row, against the file (a code or, without one, a
// name given twice) and the register (a code another organization has).
// db reads only.
func (im *orgImporter) check(ctx context.Context, db *gorm.DB) error {
	t := im.t
	n := len(t.rows)
	im.orgs = make([]data.Organization, n)
	im.existing = make([]int64, n)
	im.bad = make([]bool, n)
	rowOrgs := make([]data.Organization, n)
	for i := range t.rows {
		o, ok := im.fromRow(i)
		if !ok {
			continue
		}
		rowOrgs[i] = o
		check := o
		check.ServiceAreas = slices.Clone(o.ServiceAreas)
		warnings, err := check.Validate()
		for _, w := range warnings {
			im.rep.Warnings = append(im.rep.Warnings, Problem{Row: t.rows[i].row, Column: t.columnName(ofUSCC),
				Value: t.rows[i].vals[ofUSCC], Reason: data.Render(w.Key, "zh", w.Args)})
		}
		// Validate normalizes: the name the register would store is
		// what rows are matched by.
		rowOrgs[i].Name = check.Name
		if check.USCC != "" && !hasField(err, "uscc") {
			rowOrgs[i].USCC = check.USCC
		}
		im.orgs[i] = check
		for name, errs := range data.FieldErrors(err) {
			f, ok := orgJSONField[name]
			if !ok {
				f = ofNotes
			}
			for _, e := range errs {
				// A stored organization may supply a missing code or
				// type (an update by name): decided after matching.
				if e.Key == data.KeyInvalidRequired && (f == ofUSCC || f == ofType || f == ofBank) {
					continue
				}
				im.problem(i, f, orgReason(f, e))
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	// The same organization twice in the file.
	byCode, byName := map[string]int{}, map[string]int{}
	for i := range t.rows {
		if im.bad[i] {
			continue
		}
		o := &rowOrgs[i]
		if o.USCC != "" {
			if first, dup := byCode[o.USCC]; dup {
				im.problem(i, ofUSCC, fmt.Sprintf("与第 %d 行的统一社会信用代码重复。", t.rows[first].row))
				continue
			}
			byCode[o.USCC] = i
			continue
		}
		if first, dup := byName[o.Name]; dup {
			im.problem(i, ofName, fmt.Sprintf("与第 %d 行的名称重复（两行都没有统一社会信用代码）。", t.rows[first].row))
			continue
		}
		byName[o.Name] = i
	}

	// The register: by code (the recycle bin's too: a code there cannot
	// be given again), else by name.
	for i := range t.rows {
		if im.bad[i] {
			continue
		}
		o := rowOrgs[i]
		var stored data.Organization
		if o.USCC != "" {
			var found []data.Organization
			if err := db.Unscoped().Where("uscc = ?", o.USCC).Limit(1).Find(&found).Error; err != nil {
				return fmt.Errorf("sheet: look up organizations: %w", err)
			}
			if len(found) > 0 {
				stored = found[0]
				if stored.DeletedAt.Valid || stored.Name != o.Name {
					err := &data.Error{Key: data.KeyOrgDuplicateUSCC, Args: map[string]any{
						"USCC": o.USCC, "Name": stored.Name, "OrganizationID": stored.ID, "Deleted": stored.DeletedAt.Valid}}
					im.problem(i, ofUSCC, orgReason(ofUSCC, err)+"如确为同一组织，请先在系统中修改其名称。")
					continue
				}
			}
		} else {
			var found []data.Organization
			if err := db.Where("name = ?", o.Name).Limit(2).Find(&found).Error; err != nil {
				return fmt.Errorf("sheet: look up organizations: %w", err)
			}
			switch len(found) {
			case 1:
				stored = found[0]
			case 2:
				im.problem(i, ofName, "系统中有多个同名的社会组织，请填写统一社会信用代码以区分。")
				continue
			}
		}
		next := o
		if stored.ID != 0 {
			next = overlay(stored, o)
			im.existing[i] = stored.ID
		}
		if _, err := next.Validate(); err != nil {
			for name, errs := range data.FieldErrors(err) {
				f, ok := orgJSONField[name]
				if !ok {
					f = ofNotes
				}
				for _, e := range errs {
					im.problem(i, f, orgReason(f, e))
				}
			}
			continue
		}
		im.orgs[i] = next
	}
	for i := range im.bad {
		if im.bad[i] {
			im.rep.Invalid++
		}
	}
	im.rep.Valid = n - im.rep.Invalid
	sortProblems(im.rep.Problems)
	sortProblems(im.rep.Warnings)
	if im.opt.Progress != nil {
		im.opt.Progress(n, n)
	}
	return nil
}

// write stores the valid rows: new organizations created, stored ones
// updated where the row changes them, each audited; then one entry for
// the import itself.
func (im *orgImporter) write(ctx context.Context, tx *data.Tx) error {
	n := len(im.t.rows)
	for i := range im.t.rows {
		if err := ctx.Err(); err != nil {
			return err
		}
		if im.opt.Progress != nil {
			im.opt.Progress(i, n)
		}
		if im.bad[i] {
			continue
		}
		o := im.orgs[i]
		if im.existing[i] == 0 {
			o.ID = 0
			if err := tx.Create(&o); err != nil {
				return fmt.Errorf("sheet: row %d: %w", im.t.rows[i].row, err)
			}
			im.existing[i] = o.ID
			im.rep.Created++
			continue
		}
		var cur data.Organization
		if err := tx.DB.Where("id = ?", im.existing[i]).Limit(1).Find(&cur).Error; err != nil {
			return fmt.Errorf("sheet: row %d: %w", im.t.rows[i].row, err)
		}
		if sameOrganization(&cur, &o) {
			im.rep.Unchanged++
			continue
		}
		if err := tx.Update(&o); err != nil {
			return fmt.Errorf("sheet: row %d: %w", im.t.rows[i].row, err)
		}
		im.rep.Updated++
	}
	if im.opt.Progress != nil {
		im.opt.Progress(n, n)
	}
	r := &im.rep
	if r.Created+r.Updated == 0 {
		return nil
	}
	return tx.Audit(AuditActionImport, AuditEntityOrganizations, 0, nil, map[string]any{
		"file": r.File, "format": r.Format, "sheet": r.Sheet, "rows": r.Rows, "valid": r.Valid,
		"invalid": r.Invalid, "skipInvalid": im.opt.SkipInvalid,
		"created": r.Created, "updated": r.Updated, "unchanged": r.Unchanged,
	})
}

// orgCells is one organization's row of the export, in the columns the
// import reads back.
func orgCells(o *data.Organization) [nOrgFields]string {
	return [nOrgFields]string{
		ofName: o.Name, ofUSCC: o.USCC, ofType: o.Type, ofAuthority: o.Authority, ofLegalRep: o.LegalRep,
		ofContact: o.Contact, ofPhone: o.Phone, ofAddress: o.Address, ofBank: o.Bank, ofAccount: o.Account,
		ofAreas: strings.Join(o.ServiceAreas, "、"), ofStatus: o.Status, ofNotes: o.Notes,
	}
}

// ExportOrganizations writes every organization of the register (not the
// recycle bin's), in the list's order, to an XLSX file in the template's
// layout, with every column the import reads: exporting and importing
// into the same register changes nothing. The file appears only when
// complete, and the export is audited. It returns the rows written.
func ExportOrganizations(ctx context.Context, s *data.Store, path string) (int, error) {
	var orgs []data.Organization
	f := data.OrganizationFilter{Limit: 500}
	for {
		page, err := s.ListOrganizations(ctx, f)
		if err != nil {
			return 0, err
		}
		orgs = append(orgs, page.Rows...)
		if page.Next == "" {
			break
		}
		f.After = page.Next
	}
	x := excelize.NewFile()
	defer x.Close()
	if err := writeOrgSheet(x, orgs, false); err != nil {
		return 0, fmt.Errorf("sheet: export: %w", err)
	}
	// Audited before the file takes its name, as the household export.
	err := data.WriteFileAtomic(path, func(w io.Writer) error { return x.Write(w) }, func() error {
		err := s.Tx(ctx, func(tx *data.Tx) error {
			return tx.Audit(AuditActionExport, AuditEntityOrganizations, 0, nil, map[string]any{
				"file": filepath.Base(path), "rows": len(orgs),
			})
		})
		if err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("sheet: export: %w", err)
	}
	return len(orgs), nil
}

// WriteOrganizationTemplate writes the blank organization register: the
// headers, dropdowns for type and status, text format for the number
// columns and an example row the importer skips.
func WriteOrganizationTemplate(path string) error {
	x := excelize.NewFile()
	defer x.Close()
	if err := writeOrgSheet(x, []data.Organization{exampleOrganization()}, true); err != nil {
		return fmt.Errorf("sheet: template: %w", err)
	}
	if err := data.WriteFileAtomic(path, func(w io.Writer) error { return x.Write(w) }, nil); err != nil {
		return fmt.Errorf("sheet: template: %w", err)
	}
	return nil
}

// exampleOrganization is the template's example row, valid in every
// column; its code is made up with the right check character.
func exampleOrganization() data.Organization {
	code := "52110101MJ0000001"
	code += string(data.USCCCheckChar(code))
	return data.Organization{
		Name: "幸福社区养老服务中心", USCC: code, Type: data.OrgTypeService, Authority: "东城区民政局",
		LegalRep: "张三", Contact: "李四", Phone: "13800000000", Address: "幸福小区3栋1层",
		Bank: "中国工商银行北京东城支行", Account: "0200000000000000000",
		ServiceAreas: []string{"养老服务", "志愿服务"}, Status: data.OrgActive, Notes: exampleMarker,
	}
}

// writeOrgSheet lays out the register's sheet with orgs as its rows; the
// template's example row is grey and its columns get dropdowns.
func writeOrgSheet(x *excelize.File, orgs []data.Organization, template bool) error {
	if err := x.SetSheetName("Sheet1", orgSheet); err != nil {
		return err
	}
	st, err := newRosterStyles(x)
	if err != nil {
		return err
	}
	last := max(len(orgs)+1, 2)
	if template {
		last = 2000
	}
	for f := orgField(0); f < nOrgFields; f++ {
		col, _ := excelize.ColumnNumberToName(int(f) + 1)
		if err := x.SetColWidth(orgSheet, col, col, orgColumns[f].width); err != nil {
			return err
		}
		if orgColumns[f].text {
			if err := x.SetCellStyle(orgSheet, col+"2", fmt.Sprintf("%s%d", col, last), st.text); err != nil {
				return err
			}
		}
		if err := x.SetCellStr(orgSheet, col+"1", orgColumns[f].header); err != nil {
			return err
		}
	}
	lastCol, _ := excelize.ColumnNumberToName(int(nOrgFields))
	if err := x.SetCellStyle(orgSheet, "A1", lastCol+"1", st.header); err != nil {
		return err
	}
	if err := x.SetRowHeight(orgSheet, 1, 28); err != nil {
		return err
	}
	if err := x.SetPanes(orgSheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	for r, o := range orgs {
		cells := orgCells(&o)
		for f := orgField(0); f < nOrgFields; f++ {
			if cells[f] == "" {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(int(f)+1, r+2)
			if err := x.SetCellStr(orgSheet, ref, cells[f]); err != nil {
				return err
			}
		}
	}
	if !template {
		return nil
	}
	if err := x.SetCellStyle(orgSheet, "A2", lastCol+"2", st.example); err != nil {
		return err
	}
	for _, l := range []struct {
		f     orgField
		terms []string
	}{{ofType, data.OrgTypes}, {ofStatus, data.OrgStatuses}} {
		col, _ := excelize.ColumnNumberToName(int(l.f) + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, last)
		if err := dv.SetDropList(l.terms); err != nil {
			return err
		}
		if err := x.AddDataValidation(orgSheet, dv); err != nil {
			return err
		}
	}
	return nil
}
