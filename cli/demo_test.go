package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiedao/data"
	"jiedao/data/datatest"
	"jiedao/sheet"
)

// demoPassword is the password of the demonstration's accounts here.
const demoPassword = "演示-密码-2026"

// demoRegister runs `jiedao demo` into a new file with the demonstration's
// accounts and returns the file and what demo printed.
func demoRegister(t *testing.T, households int) (db, stdout string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "演示.db")
	code, stdout, stderr := jiedaoWith(t, nil, nil, "demo", "--households", strconv.Itoa(households), "--seed", "3", "--password", demoPassword, "--db", db)
	if code != exitOK {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	return db, stdout
}

// TestDemoAccounts: demo on a new file makes admin, street, auditor,
// leader, an sqNN per community and a wgNNMM per grid, all with the
// password given, lists them, and each logs in with its role and scope;
// without --password it refuses and makes no file.
func TestDemoAccounts(t *testing.T) {
	none := filepath.Join(t.TempDir(), "jiedao.db")
	code, _, stderr := jiedaoWith(t, nil, nil, "demo", "--households", "5", "--db", none)
	want(t, "demo without --password", code, exitUsage, stderr, "--password")
	if _, err := os.Stat(none); !os.IsNotExist(err) {
		t.Fatal("demo without --password made the file")
	}

	db, stdout := demoRegister(t, 60)
	for _, line := range []string{
		"admin\t系统管理员\tadmin\t全街道\t正常\n", "street\t街道管理员\tstreet\t全街道\t正常\n",
		"auditor\t审计员\tauditor\t全街道\t正常\n", "leader\t领导\tviewer\t全街道\t正常\n",
		"sq01\t社区工作者（春晖社区）\tcommunity\t春晖社区\t正常\n",
		"wg0101\t网格员（春晖社区第1网格）\tgrid\t春晖社区/第1网格\t正常\n",
		"恢复码（只显示这一次）：",
	} {
		if !strings.Contains(stdout, line) {
			t.Errorf("demo's list lacks %q:\n%s", line, stdout)
		}
	}

	tb := &scopedTB{TB: t}
	defer tb.cleanup()
	s := datatest.MustOpenUnbound(tb, db)
	ctx := context.Background()
	admin, err := s.Login(ctx, "admin", demoPassword)
	if err != nil {
		t.Fatal(err)
	}
	as, err := admin.ListAccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	street, err := s.Login(ctx, "street", demoPassword)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := street.Communities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	grids := 0
	for _, c := range cs {
		grids += len(c.Grids)
	}
	if len(cs) < 2 || len(as) != 4+len(cs)+grids {
		t.Fatalf("%d accounts for %d communities and %d grids: %+v", len(as), len(cs), grids, as)
	}
	for _, a := range as {
		b, err := s.Login(ctx, a.Login, demoPassword)
		if err != nil {
			t.Errorf("%s cannot log in: %v", a.Login, err)
			continue
		}
		if must, _ := b.MustChangePassword(ctx); must {
			t.Errorf("%s must change the demonstration's password", a.Login)
		}
		if !strings.Contains(stdout, a.Login+"\t"+a.Name+"\t") {
			t.Errorf("%s is not in demo's list", a.Login)
		}
		who, _ := b.Who()
		switch {
		case strings.HasPrefix(a.Login, "sq"):
			if !who.HasRole(data.RoleCommunity) || len(who.CommunityList()) != 1 {
				t.Errorf("%s: %+v", a.Login, who)
			}
		case strings.HasPrefix(a.Login, "wg"):
			if !who.HasRole(data.RoleGrid) || len(who.GridList()) != 1 ||
				!strings.HasPrefix(a.Login, "wg"+a.Login[2:4]) {
				t.Errorf("%s: %+v", a.Login, who)
			}
		}
	}

	// demo into a register that has accounts logs in, like the others.
	code, _, stderr = jiedaoWith(t, nil, nil, "demo", "--households", "5", "--db", db)
	want(t, "demo again, without a login", code, exitFail, stderr, "请用 --user 用户名")
	code, _, stderr = jiedaoWith(t, scriptEnv("street", demoPassword), nil, "demo", "--households", "5", "--db", db)
	want(t, "demo again as street", code, exitFail, stderr, "演示数据")
}

// TestExportUnmaskedStamped: an unmasked export by the street manager
// needs --reason; the file's first row and footer say who, when, what for
// and that it holds personal information; the audit records the rows and
// the look at whole numbers; the export imports again (the importer skips
// the stamp). A community worker may not export whole numbers, and the
// masked export of a community worker holds only that community.
func TestExportUnmaskedStamped(t *testing.T) {
	db, _ := demoRegister(t, 60)
	dir := t.TempDir()
	street := scriptEnv("street", demoPassword)
	out := filepath.Join(dir, "花名册.xlsx")

	code, _, stderr := jiedaoWith(t, street, nil, "export", "households", "-o", out, "--unmasked", "--db", db)
	want(t, "--unmasked without --reason", code, exitUsage, stderr, "--unmasked 须用 --reason 写明用途")
	code, _, stderr = jiedaoWith(t, street, nil, "export", "households", "-o", out, "--unmasked", "--reason", "其他：", "--db", db)
	want(t, "--reason 其他： alone", code, exitUsage, stderr, "用途")
	code, _, stderr = jiedaoWith(t, street, nil, "export", "households", "-o", out, "--reason", "上级核查", "--db", db)
	want(t, "--reason without --unmasked", code, exitUsage, stderr, "--reason 只用于 --unmasked")
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("a refused export wrote the file")
	}

	code, stdout, stderr := jiedaoWith(t, street, nil, "export", "households", "-o", out, "--unmasked", "--reason", "上级核查 & 年度统计", "--db", db)
	want(t, "unmasked export", code, exitOK, stdout+stderr)
	rows, err := strconv.Atoi(strings.TrimSpace(stdout[strings.LastIndex(stdout, ":")+1:]))
	if err != nil || rows == 0 {
		t.Fatalf("rows in %q: %v", stdout, err)
	}
	x, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheetName := x.GetSheetName(0)
	got, err := x.GetRows(sheetName)
	if err != nil {
		t.Fatal(err)
	}
	stamp := got[0][0]
	for _, w := range []string{"导出人：街道管理员（street）", "导出时间：", "用途：上级核查 & 年度统计", sheet.StampWarning} {
		if !strings.Contains(stamp, w) {
			t.Errorf("the first row %q lacks %q", stamp, w)
		}
	}
	if got[1][0] != "户编号" || len(got) != rows+2 {
		t.Errorf("header %q, %d rows for %d residents", got[1], len(got), rows)
	}
	hf, err := x.GetHeaderFooter(sheetName)
	if err != nil || hf == nil {
		t.Fatalf("footer: %v, %v", hf, err)
	}
	for _, w := range []string{"导出人：街道管理员（street）", "用途：上级核查 && 年度统计", sheet.StampWarning} {
		if !strings.Contains(hf.OddFooter, w) {
			t.Errorf("the footer %q lacks %q", hf.OddFooter, w)
		}
	}

	tb := &scopedTB{TB: t}
	s := datatest.MustOpenUnbound(tb, db)
	var entries []data.AuditEntry
	if err := datatest.DB(tb, s).Where("action IN ?", []string{sheet.AuditActionExport, data.ActionView}).Order("id").Find(&entries).Error; err != nil {
		t.Fatal(err)
	}
	tb.cleanup()
	if len(entries) != 2 {
		t.Fatalf("audit entries %+v", entries)
	}
	var exp struct {
		Rows   int
		Masked bool
		Reason string
	}
	var view struct{ Count int }
	if err := json.Unmarshal([]byte(entries[0].After), &exp); err != nil || exp.Rows != rows || exp.Masked || exp.Reason != "上级核查 & 年度统计" {
		t.Errorf("export entry %s (%v)", entries[0].After, err)
	}
	if err := json.Unmarshal([]byte(entries[1].After), &view); err != nil || entries[1].Action != data.ActionView || view.Count != rows {
		t.Errorf("view entry %+v (%v)", entries[1], err)
	}
	if entries[0].Operator != "街道管理员（street）" {
		t.Errorf("operator %q", entries[0].Operator)
	}

	// The export imports again: the dry run finds every row unchanged.
	code, stdout, stderr = jiedaoWith(t, street, nil, "--lang", "en", "import", "households", out, "--dry-run", "--db", db)
	want(t, "dry run of the stamped export", code, exitOK, stdout+stderr, fmt.Sprintf("%d rows: %d valid, 0 invalid", rows, rows))

	sq := scriptEnv("sq01", demoPassword)
	code, _, stderr = jiedaoWith(t, sq, nil, "export", "households", "-o", filepath.Join(dir, "sq.xlsx"), "--unmasked", "--reason", "上级核查", "--db", db)
	want(t, "a community worker's unmasked export", code, exitFail, stderr, "您的角色（社区工作者）无权导出完整号码。")
	masked := filepath.Join(dir, "sq01.xlsx")
	code, stdout, stderr = jiedaoWith(t, sq, nil, "export", "households", "-o", masked, "--db", db)
	want(t, "a community worker's export", code, exitOK, stdout+stderr)
	mx, err := excelize.OpenFile(masked)
	if err != nil {
		t.Fatal(err)
	}
	defer mx.Close()
	mrows, _ := mx.GetRows(mx.GetSheetName(0))
	col := slices.Index(mrows[0], "社区")
	if col < 0 || len(mrows) < 2 {
		t.Fatalf("masked export: %q", mrows)
	}
	for _, r := range mrows[1:] {
		if r[col] != "春晖社区" {
			t.Fatalf("sq01's export holds a household of %q", r[col])
		}
	}
	if len(mrows)-1 >= rows {
		t.Errorf("sq01 exported %d of the street's %d residents", len(mrows)-1, rows)
	}
}

// TestRolesOfTheSubcommands: each subcommand runs for the roles that may
// do its job and says to the others which role they lack (exit 1).
func TestRolesOfTheSubcommands(t *testing.T) {
	db, _ := demoRegister(t, 30)
	dir := t.TempDir()
	code, stdout, stderr := jiedaoWith(t, scriptEnv("admin", demoPassword), nil, "backup", "--db", db)
	want(t, "backup as admin", code, exitOK, stderr)
	backup := strings.TrimSpace(stdout)
	roster := filepath.Join(dir, "花名册.xlsx")
	for _, tc := range []struct {
		login string
		args  []string
		code  int
		want  string
	}{
		{"street", []string{"backup"}, exitFail, "您的角色（街道管理员）无权备份和恢复数据。"},
		{"street", []string{"restore", backup}, exitFail, "您的角色（街道管理员）无权备份和恢复数据。"},
		{"admin", []string{"audit", "verify"}, exitFail, "您的角色（系统管理员）无权查看审计日志。"},
		{"auditor", []string{"audit", "verify"}, exitOK, "条"},
		{"auditor", []string{"export", "households", "-o", roster}, exitFail, "您的角色（审计员）无权"},
		{"leader", []string{"export", "households", "-o", roster}, exitFail, "您的角色（领导）无权导出花名册。"},
		{"admin", []string{"print", "household", "H1", "-o", filepath.Join(dir, "a.pdf")}, exitFail, "您的角色（系统管理员）无权"},
		{"street", []string{"export", "households", "-o", roster}, exitOK, roster},
		{"auditor", []string{"import", "households", roster, "--dry-run"}, exitFail, "您的角色（审计员）无权"},
		{"admin", []string{"restore", backup}, exitOK, "已恢复"},
	} {
		code, stdout, stderr := jiedaoWith(t, scriptEnv(tc.login, demoPassword), nil, append(tc.args, "--db", db)...)
		want(t, tc.login+" "+strings.Join(tc.args[:min(2, len(tc.args))], " "), code, tc.code, stdout+stderr, tc.want)
	}
}
