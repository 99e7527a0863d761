package sheet

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"jiedao/data"
	"jiedao/data/datatest"
)

// idNum completes 17 digits with their check character.
func idNum(first17 string) string {
	return first17 + string(data.IDCheckChar(first17))
}

// Valid ID numbers used across the tests (born 1950–2015, Beijing 东城区).
var (
	idZhang  = idNum("11010119800307123") // 男
	idLi     = idNum("11010119820512124") // 女
	idZhangS = idNum("11010120100101001") // 男, child
	idWang   = idNum("11010119500101002") // 女
	idWangW  = idNum("11010119751111003") // 男
	idWithX  = withXCheck()
)

// withXCheck finds an ID number whose check character is X, so that the
// lowercase-x case has something to lower.
func withXCheck() string {
	for i := 100; i < 999; i++ {
		s := fmt.Sprintf("11010119900101%03d", i)
		if data.IDCheckChar(s) == 'X' {
			return s + "X"
		}
	}
	panic("no X check character")
}

// xlsxFile writes a workbook with excelize: sheet "Sheet1" gets rows
// (strings as text cells, numbers as numeric cells, nil as empty), then
// extra runs for anything more (merges, styles, workbook properties).
func xlsxFile(t testing.TB, rows [][]any, extra func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			var err error
			switch v := v.(type) {
			case string:
				err = f.SetCellStr("Sheet1", ref, v)
			default:
				err = f.SetCellValue("Sheet1", ref, v)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if extra != nil {
		extra(f)
	}
	path := filepath.Join(t.TempDir(), "roster.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// csvFile writes rows as CSV in the given encoding ("utf8", "utf8bom",
// "gb18030").
func csvFile(t testing.TB, rows [][]string, enc string) string {
	t.Helper()
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	content := []byte(b.String())
	switch enc {
	case "utf8bom":
		content = append([]byte("\uFEFF"), content...)
	case "gb18030":
		var err error
		content, err = simplifiedchinese.GB18030.NewEncoder().Bytes(content)
		if err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "roster-"+enc+".csv")
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// rosterHeader is a header in template order, with the columns most tests
// use.
var rosterHeader = []string{"户编号", "社区", "网格", "地址", "居住类型", "住房性质", "姓名", "身份证号", "性别", "出生日期", "民族", "与户主关系", "联系电话", "人员类别", "居住状态"}

// cleanRoster is two households, five people, all valid.
func cleanRoster() [][]string {
	return [][]string{
		rosterHeader,
		{"H001", "幸福社区", "第一网格", "幸福小区3栋2单元301室", "户籍在此居住", "自有", "张伟", idZhang, "男", "1980-03-07", "汉族", "户主", "13812345678", "退役军人", "在住"},
		{"H001", "幸福社区", "第一网格", "幸福小区3栋2单元301室", "户籍在此居住", "自有", "李娜", idLi, "女", "1982-05-12", "汉族", "配偶", "13912345678", "", "在住"},
		{"H001", "幸福社区", "第一网格", "幸福小区3栋2单元301室", "户籍在此居住", "自有", "张小明", idZhangS, "男", "2010-01-01", "汉族", "子", "", "留守儿童", "在住"},
		{"H002", "幸福社区", "第二网格", "幸福小区5栋1单元101室", "外来常住", "租赁", "王芳", idWang, "女", "1950-01-01", "回族", "户主", "010-65123456", "独居老人、残疾人（肢体二级）", "在住"},
		{"H002", "幸福社区", "第二网格", "幸福小区5栋1单元101室", "外来常住", "租赁", "王五", idWangW, "男", "", "回族", "子", "", "", "外出"},
	}
}

// asAny converts string rows for xlsxFile.
func asAny(rows [][]string) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = make([]any, len(r))
		for j, v := range r {
			if v != "" {
				out[i][j] = v
			}
		}
	}
	return out
}

// counts returns the numbers of households, residents, tags and audit
// entries.
func counts(t testing.TB, s *data.Store) [4]int64 {
	t.Helper()
	var c [4]int64
	for i, m := range []any{&data.Household{}, &data.Resident{}, &data.ResidentTag{}, &data.AuditEntry{}} {
		if err := datatest.DB(t, s).Model(m).Count(&c[i]).Error; err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// mustImport imports and fails the test on an error.
func mustImport(t testing.TB, s *data.Store, path string, opt ImportOptions) Report {
	t.Helper()
	rep, err := ImportHouseholds(context.Background(), s, path, opt)
	if err != nil {
		t.Fatalf("import %s: %v\n%+v", filepath.Base(path), err, rep.Problems)
	}
	return rep
}

// newStore opens an empty database.
func newStore(t testing.TB) *data.Store { return datatest.MustOpen(t) }

// residentsByID loads every resident with tags, by ID number.
func residentsByID(t testing.TB, s *data.Store) map[string]data.Resident {
	t.Helper()
	var rs []data.Resident
	if err := datatest.DB(t, s).Preload("Tags").Find(&rs).Error; err != nil {
		t.Fatal(err)
	}
	out := map[string]data.Resident{}
	for _, r := range rs {
		out[r.IDNumber] = r
	}
	return out
}

// isKey reports whether err is a *data.Error with key.
func isKey(err error, key string) bool {
	var de *data.Error
	return errors.As(err, &de) && de.Key == key
}
