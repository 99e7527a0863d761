package sheet

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// uscc completes 17 characters with their check character.
func uscc(first17 string) string { return first17 + string(data.USCCCheckChar(first17)) }

var (
	codeSunshine = uscc("52110101MJ0000011") // 社会服务机构
	codeHarmony  = uscc("51110101MJ0000022") // 社会团体
	codeFund     = uscc("53110101MJ0000033") // 基金会
)

// pilotCode is a code whose check character is wrong, as some codes of the
// 2015 pilots are, with a sound organization code: accepted with a warning.
func pilotCode() string {
	c := uscc("53110101MJ000000X") // organization code MJ000000-X is sound, as in a pilot code
	wrong := byte('1')
	if c[17] == wrong {
		wrong = '2'
	}
	return c[:17] + string(wrong)
}

// orgRegister is a register with the headers clerks write instead of the
// template's, and cells as they come: a lowercase code with blanks, a
// full-width one, short type names.
func orgRegister() [][]string {
	spaced := strings.ToLower(codeSunshine[:6]) + " " + strings.ToLower(codeSunshine[6:])
	full := toFullWidth(codeHarmony)
	return [][]string{
		{"组织名称", "信用代码", "组织类型", "登记机关", "法人", "联系人", "电话", "住所", "开户银行", "银行账号", "服务领域", "状态", "备注"},
		{"阳光养老服务中心", spaced, "民非", "东城区民政局", "张伟", "李娜", "13812345678", "幸福小区3栋", "工商银行东城支行", "0200 0000 0000 1234", "养老服务、志愿服务", "正常", ""},
		{"和谐调解协会", full, "社会团体", "东城区民政局", "王芳", "", "010-65123456", "和平里1号", "", "", "矛盾调解", "", ""},
		{"春晖社区文体队", "", "社区社会组织", "春晖社区居委会", "", "赵六", "", "", "", "", "文化体育", "", "备案"},
		{"试点代码基金会", pilotCode(), "基金会", "北京市民政局", "", "", "", "", "", "", "", "存续", ""},
	}
}

// toFullWidth types s in full-width, as a Chinese input method does.
func toFullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '!' && r <= '~' {
			r = r - '!' + 0xFF01
		}
		b.WriteRune(r)
	}
	return b.String()
}

func importOrgs(t *testing.T, s *data.Store, path string, opt ImportOptions) OrganizationReport {
	t.Helper()
	rep, err := ImportOrganizationsReport(context.Background(), s, path, opt)
	if err != nil {
		t.Fatalf("import %s: %v\n%+v", filepath.Base(path), err, rep.Problems)
	}
	return rep
}

func orgsByName(t *testing.T, s *data.Store) map[string]data.Organization {
	t.Helper()
	var os []data.Organization
	if err := datatest.DB(t, s).Find(&os).Error; err != nil {
		t.Fatal(err)
	}
	out := map[string]data.Organization{}
	for _, o := range os {
		out[o.Name] = o
	}
	return out
}

func auditCount(t *testing.T, s *data.Store) int64 {
	t.Helper()
	var n int64
	if err := datatest.DB(t, s).Model(&data.AuditEntry{}).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportOrganizations(t *testing.T) {
	for _, format := range []string{"xlsx", "csv-gb18030", "csv-utf8bom"} {
		t.Run(format, func(t *testing.T) {
			s := newStore(t)
			var path string
			switch format {
			case "xlsx":
				path = xlsxFile(t, asAny(orgRegister()), nil)
			case "csv-gb18030":
				path = csvFile(t, orgRegister(), "gb18030")
			default:
				path = csvFile(t, orgRegister(), "utf8bom")
			}
			rep := importOrgs(t, s, path, ImportOptions{})
			if rep.Rows != 4 || rep.Valid != 4 || rep.Created != 4 || !rep.Applied {
				t.Fatalf("report %+v", rep)
			}
			// The pilot code is accepted with a warning naming the
			// right check character.
			if len(rep.Warnings) != 1 || rep.Warnings[0].Row != 5 || !strings.Contains(rep.Warnings[0].Reason, "校验") {
				t.Errorf("warnings %+v", rep.Warnings)
			}
			got := orgsByName(t, s)
			sun := got["阳光养老服务中心"]
			if sun.USCC != codeSunshine || sun.Type != data.OrgTypeService || sun.Account != "0200000000001234" ||
				!slices.Equal(sun.ServiceAreas, []string{"养老服务", "志愿服务"}) || sun.LegalRep != "张伟" || sun.Bank != "工商银行东城支行" {
				t.Errorf("阳光 stored as %+v", sun)
			}
			if h := got["和谐调解协会"]; h.USCC != codeHarmony || h.Status != data.OrgActive || h.Phone == "" {
				t.Errorf("和谐 stored as %+v", h)
			}
			if c := got["春晖社区文体队"]; c.USCC != "" || c.Type != data.OrgTypeCommunity || c.Notes != "备案" {
				t.Errorf("文体队 stored as %+v", c)
			}
			if f := got["试点代码基金会"]; f.USCC != pilotCode() || f.Status != data.OrgActive {
				t.Errorf("基金会 stored as %+v", f)
			}

			// Idempotent: the same file again changes nothing and
			// leaves no audit entry.
			before := auditCount(t, s)
			again := importOrgs(t, s, path, ImportOptions{})
			if again.Created+again.Updated != 0 || again.Unchanged != 4 {
				t.Fatalf("second import %+v", again)
			}
			if n := auditCount(t, s); n != before {
				t.Errorf("second import left %d audit entries", n-before)
			}
		})
	}
}

func TestImportOrganizationsProblems(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	existing := data.Organization{Name: "东城区老年协会", USCC: codeFund, Type: data.OrgTypeFoundation}
	if _, err := s.CreateOrganization(ctx, &existing); err != nil {
		t.Fatal(err)
	}
	bad := codeSunshine[:17] + "I" // a letter codes leave out
	rows := [][]string{
		{"名称", "统一社会信用代码", "类型", "联系电话"},
		{"阳光养老服务中心", codeSunshine, "社会服务机构", "13812345678"},    // 2: valid
		{"阳光二号", codeSunshine, "社会服务机构", ""},                   // 3: the code of row 2
		{"另一个基金会", codeFund, "基金会", ""},                        // 4: the code of 东城区老年协会
		{"坏代码中心", bad, "社会服务机构", ""},                           // 5: bad character
		{"没有代码的中心", "", "社会服务机构", ""},                          // 6: code required
		{"类型不明", codeHarmony, "公司", ""},                        // 7: no such type
		{"电话错误", uscc("52110101MJ0000055"), "社会服务机构", "12345"}, // 8: bad phone
		{"", "", "", "13800000000"},                            // 9: no name
	}
	path := xlsxFile(t, asAny(rows), nil)
	reportPath := filepath.Join(t.TempDir(), "report.csv")

	// Dry run: reports, changes nothing.
	before := auditCount(t, s)
	rep, err := ImportOrganizationsReport(ctx, s, path, ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 8 || rep.Valid != 1 || rep.Invalid != 7 || rep.Applied {
		t.Fatalf("dry run %+v\n%+v", rep.Report, rep.Problems)
	}
	wantRows := map[int]string{3: "第 2 行", 4: "东城区老年协会", 5: "I", 6: "", 7: "社会服务机构", 8: "", 9: ""}
	for row, inReason := range wantRows {
		found := false
		for _, p := range rep.Problems {
			if p.Row == row && strings.Contains(p.Reason, inReason) {
				found = true
			}
		}
		if !found {
			t.Errorf("row %d: no problem mentioning %q in %+v", row, inReason, rep.Problems)
		}
	}
	if err := WriteReport(reportPath, rep.Report); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(reportPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "\uFEFFrow,column,value,reason\r\n3,统一社会信用代码,"+codeSunshine+",") {
		t.Errorf("report starts %q", string(b)[:min(len(b), 120)])
	}

	// All or nothing.
	_, err = ImportOrganizationsReport(ctx, s, path, ImportOptions{})
	if !errors.Is(err, ErrInvalidRows) {
		t.Fatalf("import with invalid rows: %v", err)
	}
	if n := len(orgsByName(t, s)); n != 1 {
		t.Fatalf("%d organizations after a refused import", n)
	}
	if n := auditCount(t, s); n != before {
		t.Fatalf("refused import left %d audit entries", n-before)
	}

	// The valid rows, when asked.
	rep = importOrgs(t, s, path, ImportOptions{SkipInvalid: true})
	if rep.Created != 1 || rep.Unchanged != 0 || rep.Updated != 0 {
		t.Fatalf("skip-invalid import %+v", rep)
	}
	if _, ok := orgsByName(t, s)["阳光养老服务中心"]; !ok {
		t.Fatal("the valid row was not imported")
	}
}

func TestImportOrganizationsUpdates(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	o := data.Organization{Name: "阳光养老服务中心", USCC: codeSunshine, Type: data.OrgTypeService, Contact: "李娜", Phone: "13812345678"}
	if _, err := s.CreateOrganization(ctx, &o); err != nil {
		t.Fatal(err)
	}
	// A file with fewer columns corrects the contact, keeps the phone.
	path := csvFile(t, [][]string{{"名称", "USCC", "联系人"}, {"阳光养老服务中心", codeSunshine, "王五"}}, "utf8")
	rep := importOrgs(t, s, path, ImportOptions{})
	if rep.Updated != 1 {
		t.Fatalf("report %+v", rep)
	}
	got, err := s.Organization(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Contact != "王五" || got.Phone != "13812345678" || got.Type != data.OrgTypeService {
		t.Errorf("updated to %+v", got)
	}
}

// TestExportImportOrganizationsRoundTrip exports a register and imports
// the file into the same register (nothing changes) and into an empty one
// (the same organizations).
func TestExportImportOrganizationsRoundTrip(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	importOrgs(t, s, xlsxFile(t, asAny(orgRegister()), nil), ImportOptions{})
	extra := data.Organization{Name: "多行备注之家", USCC: uscc("52110101MJ0000066"), Type: data.OrgTypeService,
		Status: data.OrgAbnormal, Notes: "第一行\n第二行", ServiceAreas: []string{"其他领域（自定义）"}}
	if _, err := s.CreateOrganization(ctx, &extra); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "社会组织 导出.xlsx")
	n, err := ExportOrganizations(ctx, s, out)
	if err != nil || n != 5 {
		t.Fatalf("export: %d rows, %v", n, err)
	}
	before := auditCount(t, s)
	rep := importOrgs(t, s, out, ImportOptions{})
	if rep.Rows != 5 || rep.Invalid != 0 || rep.Created+rep.Updated != 0 || rep.Unchanged != 5 {
		t.Fatalf("re-import of the export: %+v %+v", rep, rep.Problems)
	}
	if got := auditCount(t, s); got != before {
		t.Errorf("re-import left %d audit entries", got-before)
	}

	fresh := newStore(t)
	rep = importOrgs(t, fresh, out, ImportOptions{})
	if rep.Created != 5 {
		t.Fatalf("import into an empty register: %+v", rep)
	}
	a, b := orgsByName(t, s), orgsByName(t, fresh)
	for name, o := range a {
		p := b[name]
		if !sameOrganization(&o, &p) {
			t.Errorf("%s: exported %+v, imported %+v", name, o, p)
		}
	}
}

func TestOrganizationTemplate(t *testing.T) {
	s := newStore(t)
	path := filepath.Join(t.TempDir(), "模板.xlsx")
	if err := WriteOrganizationTemplate(path); err != nil {
		t.Fatal(err)
	}
	rep, err := ImportOrganizationsReport(context.Background(), s, path, ImportOptions{DryRun: true})
	if !isKey(err, data.KeySheetNoRows) || rep.Rows != 0 {
		t.Fatalf("the template's example row was read, or no rows is not said: %v %+v", err, rep)
	}
	ex := exampleOrganization()
	if _, err := ex.Validate(); err != nil {
		t.Fatalf("the example is invalid: %v", err)
	}
}

func TestImportOrganizationsNoHeader(t *testing.T) {
	s := newStore(t)
	path := csvFile(t, [][]string{{"foo", "bar"}, {"1", "2"}}, "utf8")
	if _, err := ImportOrganizations(context.Background(), s, path, ImportOptions{}); !errors.Is(err, errNoHeader) {
		t.Fatalf("err = %v", err)
	}
}
