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
// the import holds the rows as plain arrays and writes through the store's
// audited Create and Update, one audit entry per organization changed
// (organization_check.go); the export and the template are in
// organization_export.go.
//
// Rows are matched to the register by their credit code; a row without one
// (a 社区社会组织 filed with the office has none) by its name. A code
// registered to an organization of another name is refused naming it, so
// an import never renames an organization by accident. Importing the same
// file again — or a file exported from the register — changes nothing.

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

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
	flaws               readFlaws // cells too long or not UTF-8, by row
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
	defer boundMemory()()
	rep := OrganizationReport{Report: Report{File: filepath.Base(path)}}
	t, err := readOrgTable(ctx, path)
	if err != nil {
		return rep, err
	}
	if len(t.rows) == 0 {
		return rep, noRows(t.name)
	}
	im := &orgImporter{t: t, opt: opt}
	im.rep.Report = Report{File: t.name, Format: t.format, Sheet: t.sheet, HeaderRow: t.headerRow,
		IgnoredColumns: t.ignored, Rows: len(t.rows)}
	if opt.DryRun {
		err := im.check(ctx, storeReads{ctx, s})
		return im.rep, err
	}
	err = s.Tx(ctx, func(tx *data.Tx) error {
		if err := im.check(ctx, tx); err != nil {
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
	f, err := openSheet(path, t.findHeader, t.noHeader)
	if err != nil {
		return nil, err
	}
	defer f.close()
	t.format, t.sheet = f.format, f.sheet
	if t.rows, err = readRecords(ctx, f, t.name, t.record); err != nil {
		return nil, err
	}
	return t, nil
}

// record is the data row of the cells of row; false for an empty row or
// the template's example.
func (t *orgTable) record(row int, cells []cell) (orgRecord, bool) {
	rec := orgRecord{row: row}
	empty := true
	for f := orgField(0); f < nOrgFields; f++ {
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
	return rec, !empty && rec.vals[ofNotes] != exampleMarker
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
		var dup error
		for c, cl := range cells {
			text := cleanCell(cl.value)
			if text == "" {
				continue
			}
			f, ok := orgHeaderIndex[normalizeHeader(text)]
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
			found++
		}
		if col[ofName] >= 0 && found >= 2 && dup != nil {
			return dup
		}
		if col[ofName] >= 0 && found >= 2 {
			t.headerRow, t.col, t.header, t.ignored = row, col, header, ignored
			return nil
		}
	}
}
