package screens

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/data/datatest"
	"jiedao/data/demo"
)

// orgCode completes 17 characters of a credit code with the check
// character.
func orgCode(first17 string) string { return first17 + string(data.USCCCheckChar(first17)) }

func openOrgList(t *testing.T, e *Env) *organizations {
	t.Helper()
	return showScreen(t, e, NewOrganizations(e).(*organizations))
}

func countOrgs(t *testing.T, s *data.Store) int64 {
	t.Helper()
	return countStored(t, s, &data.Organization{})
}

// TestCreateOrganization: a code with a wrong character is refused under
// its field and nothing is saved; the corrected code saves; the list then
// finds the organization by its pinyin initials.
func TestCreateOrganization(t *testing.T) {
	e, s := newTestEnv(t)
	l := openOrgList(t, e)
	l.New()
	e.Wait()
	d := l.detail
	if d == nil {
		t.Fatal("the form did not open")
	}
	good := orgCode("52110101MJ0000011")
	bad := good[:10] + "O" + good[11:] // O is not in codes: a zero was meant

	test.Type(d.name, "阳光养老服务中心")
	d.orgType.SetSelected(data.OrgTypeService)
	test.Type(d.uscc, strings.ToLower(bad))
	want := lang.L(data.KeyUSCCChars, map[string]any{"Position": 11, "Char": "O", "Suggest": "0"})
	if got := fieldErr(t, d.fields, "uscc"); got != want {
		t.Errorf("message as typed %q, want %q", got, want)
	}
	test.Tap(d.saveBtn)
	e.Wait()
	if got := fieldErr(t, d.fields, "uscc"); got != want {
		t.Errorf("message on saving %q, want %q", got, want)
	}
	if n := countOrgs(t, s); n != 0 {
		t.Fatalf("%d organizations saved with a bad code", n)
	}

	// A second error under its own field; the name is kept.
	d.uscc.SetText(good)
	d.phone.SetText("12345")
	d.Save()
	e.Wait()
	if fieldErr(t, d.fields, "uscc") != "" || fieldErr(t, d.fields, "phone") == "" {
		t.Errorf("uscc message %q, phone message %q", fieldErr(t, d.fields, "uscc"), fieldErr(t, d.fields, "phone"))
	}
	if n := countOrgs(t, s); n != 0 {
		t.Fatalf("%d organizations saved with a bad phone", n)
	}

	d.phone.SetText("13812345678")
	d.areaGrid.Objects[0].(interface{ SetChecked(bool) }).SetChecked(true)
	test.Tap(d.saveBtn)
	e.Wait()
	if n := countOrgs(t, s); n != 1 {
		t.Fatalf("%d organizations after saving, want 1", n)
	}
	o, err := s.OrganizationByUSCC(context.Background(), good)
	if err != nil || o.Name != "阳光养老服务中心" || len(o.ServiceAreas) != 1 || o.ServiceAreas[0] != data.ServiceAreaChoices[0] {
		t.Fatalf("stored %+v, %v", o, err)
	}
	if d.id != o.ID || d.tabs.Items[1].Disabled() {
		t.Errorf("the detail does not show the saved organization")
	}

	// Back to the list: pinyin initials find it.
	test.Tap(findButton(t, d.title.Text, l.stack, lang.L("Back to the list")))
	e.Wait()
	test.Type(l.search, "yg")
	l.schedule(0)
	e.Wait()
	if len(l.pg.rows) != 1 || l.pg.rows[0].ID != o.ID {
		t.Fatalf("search yg shows %+v", l.pg.rows)
	}
	l.search.SetText("不存在的组织")
	l.schedule(0)
	e.Wait()
	if len(l.pg.rows) != 0 || !l.empty.Visible() {
		t.Fatalf("a search for nothing shows %d rows", len(l.pg.rows))
	}
}

// TestOrganizationPilotCodeWarns: a code failing only its check character
// saves, with the warning shown beside it.
func TestOrganizationPilotCodeWarns(t *testing.T) {
	e, s := newTestEnv(t)
	l := openOrgList(t, e)
	l.New()
	e.Wait()
	d := l.detail
	code := orgCode("52110101MJ000000X") // organization code MJ000000-X is sound
	wrong := byte('1')
	if code[17] == wrong {
		wrong = '2'
	}
	pilot := code[:17] + string(wrong)
	test.Type(d.name, "试点代码中心")
	d.orgType.SetSelected(data.OrgTypeService)
	test.Type(d.uscc, pilot)
	if !d.usccNote.Visible() || !strings.Contains(d.usccNote.Text, lang.L(data.KeyUSCCCheckWarning, map[string]any{"Expected": string(code[17])})) {
		t.Errorf("warning %q (visible %v)", d.usccNote.Text, d.usccNote.Visible())
	}
	d.Save()
	e.Wait()
	if n := countOrgs(t, s); n != 1 {
		t.Fatalf("%d organizations, want the pilot code saved", n)
	}
	if !d.usccNote.Visible() {
		t.Error("the warning went away on saving")
	}
}

// TestDeleteOrganization moves an organization to the recycle bin.
func TestDeleteOrganization(t *testing.T) {
	e, s := newTestEnv(t)
	o := data.Organization{Name: "春晖社区文体队", Type: data.OrgTypeCommunity}
	if _, err := s.CreateOrganization(context.Background(), &o); err != nil {
		t.Fatal(err)
	}
	l := openOrgList(t, e)
	if len(l.pg.rows) != 1 {
		t.Fatalf("list shows %d rows", len(l.pg.rows))
	}
	l.open(o.ID)
	e.Wait()
	l.detail.delete(l.detail.o)
	e.Wait()
	if l.detail != nil || countOrgs(t, s) != 0 || len(l.pg.rows) != 0 {
		t.Fatalf("after delete: detail %v, %d stored, %d listed", l.detail, countOrgs(t, s), len(l.pg.rows))
	}
}

// TestDeleteOrganizationWithAgreements: the store refuses, the message
// is shown, the organization stays.
func TestDeleteOrganizationWithAgreements(t *testing.T) {
	e, s := newTestEnv(t)
	ctx := context.Background()
	if _, err := demo.Generate(ctx, s, demo.Options{Households: demo.MinHouseholdsForAgreements, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := datatest.DB(t, s).Model(&data.Agreement{}).Select("organization_id").Limit(1).Scan(&id).Error; err != nil || id == 0 {
		t.Fatalf("no organization with agreements: %v", err)
	}
	l := openOrgList(t, e)
	l.open(id)
	e.Wait()
	d := l.detail
	if len(d.agrees) == 0 || len(d.totals) == 0 {
		t.Fatalf("the detail shows %d agreements and %d years", len(d.agrees), len(d.totals))
	}
	d.delete(d.o)
	e.Wait()
	top := e.Window.Canvas().Overlays().Top()
	// The error dialog capitalizes the message's first letter.
	want := []rune(lang.L(data.KeyOrgHasAgreements, map[string]any{"Name": d.o.Name, "Count": len(d.agrees)}))
	if top == nil || !strings.Contains(strings.Join(texts(top), " "), string(want[1:])) {
		t.Fatalf("no message about the agreements: %q", texts(top))
	}
	if _, err := s.Organization(ctx, id); err != nil || l.detail != d {
		t.Fatalf("the organization went: %v", err)
	}
}

// TestImportOrganizationsPreview: the dry run's preview counts the rows and
// lists the bad one; importing needs the choice to skip it.
func TestImportOrganizationsPreview(t *testing.T) {
	e, s := newTestEnv(t)
	l := openOrgList(t, e)
	path := filepath.Join(t.TempDir(), "社会组织.csv")
	csv := "名称,统一社会信用代码,类型\n阳光养老服务中心," + orgCode("52110101MJ0000011") + ",民非\n坏代码中心,123,社会服务机构\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	l.importFile(path)
	e.Wait()
	top := e.Window.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no preview")
	}
	shown := strings.Join(texts(top), "|")
	if !strings.Contains(shown, "坏代码中心") && !strings.Contains(shown, "123") {
		t.Errorf("the preview does not list the bad row: %s", shown)
	}
	if countOrgs(t, s) != 0 {
		t.Fatal("the dry run saved something")
	}
	ok := findButton(t, "preview", top, lang.L("org.Import"))
	test.Tap(ok) // refused: a row is invalid and skipping was not chosen
	if e.Window.Canvas().Overlays().Top() == nil || countOrgs(t, s) != 0 {
		t.Fatal("the import ran without the choice to skip the bad row")
	}
	for _, o := range test.LaidOutObjects(top) {
		if c, isCheck := o.(interface{ SetChecked(bool) }); isCheck {
			c.SetChecked(true)
		}
	}
	test.Tap(ok)
	e.Wait()
	if n := countOrgs(t, s); n != 1 {
		t.Fatalf("%d organizations imported, want 1", n)
	}
	e.Wait()
	if len(l.pg.rows) != 1 {
		t.Errorf("the list shows %d rows after the import", len(l.pg.rows))
	}
}

// TestAgreementNumberPatternRefused: a pattern without the sequence number
// is refused with a message, nothing saved; a good one previews the next
// number and saves.
func TestAgreementNumberPatternRefused(t *testing.T) {
	e, s := newTestEnv(t)
	a := newAgreementSettings(e, func() {})
	e.Window.SetContent(a.buildUI())
	p := a.patterns[0]
	if !strings.Contains(p.preview.Text, "〔2026〕委字第001号") {
		t.Errorf("preview of the default %q", p.preview.Text)
	}
	p.entry.SetText("〔{年}〕委字第号")
	want := lang.L(data.KeyNumberPatternTokens, map[string]any{"Field": "numberPattern", "Pattern": "〔{年}〕委字第号"})
	if !p.err.Visible() || p.err.Text != want || !p.save.Disabled() {
		t.Errorf("message %q (visible %v), want %q; save disabled %v", p.err.Text, p.err.Visible(), want, p.save.Disabled())
	}
	a.savePattern(p) // Enter in the field
	e.Wait()
	if got, _ := s.AgreementNumberPattern(context.Background(), data.AgreementCommission); got != data.DefaultNumberPattern(data.AgreementCommission) {
		t.Fatalf("a refused pattern was saved: %q", got)
	}
	if !p.err.Visible() {
		t.Error("the message went away")
	}

	p.entry.SetText("街委〔{year}〕{seq:4}号")
	if p.err.Visible() || p.preview.Text != lang.L("org.Next number: {{.Number}}", map[string]any{"Number": "街委〔2026〕0001号"}) {
		t.Errorf("preview %q, message %q", p.preview.Text, p.err.Text)
	}
	test.Tap(p.save)
	e.Wait()
	if got, _ := s.AgreementNumberPattern(context.Background(), data.AgreementCommission); got != "街委〔{year}〕{seq:4}号" {
		t.Fatalf("saved pattern %q", got)
	}
}

// TestClauseTemplateEditing: a template with an unknown placeholder is
// refused; reset brings the default back.
func TestClauseTemplateEditing(t *testing.T) {
	e, s := newTestEnv(t)
	ctx := context.Background()
	a := newAgreementSettings(e, func() {})
	e.Window.SetContent(a.buildUI())
	if a.text.Text != data.DefaultClauseTemplate(data.AgreementCommission) {
		t.Fatal("the editor does not show the default template")
	}
	a.text.SetText("【服务内容】\n{{.不存在}}")
	a.saveTemplate()
	e.Wait()
	want := lang.L(data.KeyClausePlaceholder, map[string]any{"Field": "articles", "Line": 0, "Heading": "服务内容", "Name": "不存在"})
	if !a.textErr.Visible() || a.textErr.Text != want {
		t.Errorf("message %q, want %q", a.textErr.Text, want)
	}
	if got, _ := s.ClauseTemplate(ctx, data.AgreementCommission); got != data.DefaultClauseTemplate(data.AgreementCommission) {
		t.Fatalf("a refused template was saved: %q", got)
	}
	a.text.SetText("【服务内容】\n{{.服务内容}}")
	a.saveTemplate()
	e.Wait()
	if got, _ := s.ClauseTemplate(ctx, data.AgreementCommission); got != "【服务内容】\n{{.服务内容}}" {
		t.Fatalf("saved %q", got)
	}
	// Switching kinds keeps the edit of the other.
	a.text.SetText("【其他】\n未保存")
	a.kind.SetSelected(data.AgreementProject)
	a.kind.SetSelected(data.AgreementCommission)
	if a.text.Text != "【其他】\n未保存" {
		t.Errorf("the edit was lost: %q", a.text.Text)
	}
	a.reset(data.AgreementCommission)
	e.Wait()
	if got, _ := s.ClauseTemplate(ctx, data.AgreementCommission); got != data.DefaultClauseTemplate(data.AgreementCommission) || a.text.Text != got {
		t.Fatal("reset did not bring the default back")
	}
}

// findButton returns the button labelled text in o, failing the test
// (about what) when there is none.
func findButton(t *testing.T, what string, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, x := range test.LaidOutObjects(o) {
		if b, ok := x.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("%s: no button %q", what, text)
	return nil
}

// TestSettingsOpenAgreementSettings: the settings page leads to the
// agreement settings and back.
func TestSettingsOpenAgreementSettings(t *testing.T) {
	e, _ := newTestEnv(t)
	st := NewSettings(e).(*settings)
	e.Window.SetContent(st.BuildUI())
	test.Tap(findButton(t, "settings", st.stack, lang.L("org.Agreement numbers and clause templates…")))
	if st.stack.Objects[0] == st.main {
		t.Fatal("the agreement settings did not open")
	}
	test.Tap(findButton(t, "agreement settings", st.stack, lang.L("org.Back to the settings")))
	if st.stack.Objects[0] != st.main {
		t.Fatal("back did not return to the settings")
	}
}
