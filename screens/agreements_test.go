package screens

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/data/datatest"
	"jiedao/data/demo"
	"jiedao/pdf"
)

// agrOrgName is party B of the tests: characters Windows forbids in file
// names, to see batch printing replace them.
const agrOrgName = "阳光/社工:志愿服务队"

// agrSetup stores the office's settings (unless noOffice) and one
// community organization, party B of the tests.
func agrSetup(t *testing.T, s *data.Store, noOffice bool) data.Organization {
	t.Helper()
	ctx := context.Background()
	if !noOffice {
		err := s.SaveSettings(ctx, data.Settings{OfficeName: "东华门街道办事处", Address: "东华门大街1号", LegalRep: "王主任", Operator: "张科员"})
		if err != nil {
			t.Fatal(err)
		}
	}
	o := data.Organization{Name: agrOrgName, Type: data.OrgTypeCommunity, LegalRep: "赵队长"}
	if _, err := s.CreateOrganization(ctx, &o); err != nil {
		t.Fatal(err)
	}
	return o
}

// agrDraft stores a complete draft commissioning agreement of ¥100,000
// with party B o, its term as given.
func agrDraft(t *testing.T, s *data.Store, o data.Organization, start, end string) data.Agreement {
	t.Helper()
	a := data.Agreement{Kind: data.AgreementCommission, Title: "居家养老服务委托协议", OrganizationID: o.ID,
		ProjectName: "居家养老服务", ServiceContent: "上门探访、助餐助浴。", TermStart: start, TermEnd: end, Amount: 10_000_000,
		Milestones: []data.Milestone{{Share: 50, Condition: data.ConditionSigned}, {Share: 50, Condition: data.ConditionFinal}},
		Indicators: []data.Indicator{{Name: "服务人次", Target: "1200人次", Weight: 60}, {Name: "满意度", Target: "90%", Weight: 40}}}
	if err := s.CreateAgreement(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// agrSign takes agreement id to 已签订 on the store's today.
func agrSign(t *testing.T, s *data.Store, id int64) {
	t.Helper()
	ctx := context.Background()
	if err := s.TransitionAgreement(ctx, id, data.AgreementPending, data.TransitionInput{}); err != nil {
		t.Fatal(err)
	}
	scan := &data.AgreementAttachment{FileName: "扫描件.pdf", Data: []byte("%PDF-1.4\n%%EOF\n")}
	if err := s.TransitionAgreement(ctx, id, data.AgreementSigned, data.TransitionInput{SignatoryA: "王主任", SignatoryB: "赵队长", Scan: scan}); err != nil {
		t.Fatal(err)
	}
}

func openAgreements(t *testing.T, e *Env) *agreements {
	t.Helper()
	return showScreen(t, e, NewAgreements(e).(*agreements))
}

func countAgreements(t *testing.T, s *data.Store) int64 {
	t.Helper()
	return countStored(t, s, &data.Agreement{})
}

// actionButton is the detail's header button saying text, or nil.
func actionButton(d *agreementDetail, text string) *widget.Button {
	for _, o := range d.actions.Objects {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	return nil
}

func TestNewAgreementValidationThenSave(t *testing.T) {
	e, s := newTestEnv(t)
	o := agrSetup(t, s, false)
	l := openAgreements(t, e)
	l.newAgreement(data.AgreementCommission)
	e.Wait()
	d := l.detail
	if d == nil || d.id != 0 || !d.editable {
		t.Fatal("no empty form for a new agreement")
	}
	test.Type(d.project, "社区助老服务")
	test.Type(d.service, "每月上门探访两次。")
	test.Type(d.amount, "100,000")
	d.msTable.add.OnTapped()
	d.msTable.add.OnTapped()
	test.Type(d.msRows[0].amount, "30000")
	test.Type(d.msRows[1].amount, "60000") // 90,000 of 100,000
	d.msRows[1].condition.SetSelected(data.ConditionFinal)
	l.Save() // Ctrl+S
	e.Wait()

	wantSum := lang.L(data.KeyMilestoneSum, map[string]any{"Sum": data.Yuan(9_000_000), "Total": data.Yuan(10_000_000)})
	if got := fieldErr(t, d.fields, "milestones"); !strings.Contains(got, wantSum) {
		t.Errorf("payments message %q, want %q", got, wantSum)
	}
	if got := fieldErr(t, d.fields, "organizationId"); got != lang.L(data.KeyInvalidRequired, map[string]any{"Field": "organizationId"}) {
		t.Errorf("party B message %q", got)
	}
	if n := countAgreements(t, s); n != 0 {
		t.Fatalf("%d agreements saved from a refused form", n)
	}
	if d.msRows[1].amount.Text != "60000" || d.project.Text != "社区助老服务" {
		t.Error("the refused form lost what was typed")
	}
	if !strings.Contains(d.msTable.sum.Text, data.Yuan(9_000_000)) {
		t.Errorf("sum shown %q", d.msTable.sum.Text)
	}

	// Fixed: party B chosen, the second payment made 70,000.
	d.org.choose(o.ID, o.Name)
	d.msRows[1].amount.SetText("70000")
	test.Tap(d.saveBtn)
	e.Wait()
	if got := fieldErr(t, d.fields, "milestones") + fieldErr(t, d.fields, "organizationId"); got != "" {
		t.Errorf("messages left after fixing: %q", got)
	}
	if n := countAgreements(t, s); n != 1 || d.id == 0 {
		t.Fatalf("%d agreements after a good save, detail id %d", n, d.id)
	}
	checkNewAgreementStored(t, s, d, o)
}

// checkNewAgreementStored: the draft the form saved is stored as typed,
// and its page shows its new number.
func checkNewAgreementStored(t *testing.T, s *data.Store, d *agreementDetail, o data.Organization) {
	t.Helper()
	a, err := s.Agreement(context.Background(), d.id)
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != data.AgreementDraft || a.OrganizationID != o.ID || a.Amount != 10_000_000 || len(a.Milestones) != 2 ||
		a.Milestones[1].Amount != 7_000_000 || a.Milestones[1].Condition != data.ConditionFinal || a.Title != "社区助老服务委托协议" {
		t.Errorf("stored %+v", a)
	}
	if !strings.HasPrefix(d.title.Text, a.Number) {
		t.Errorf("title %q does not show the new number %s", d.title.Text, a.Number)
	}
}

func TestAgreementListFilterByStatus(t *testing.T) {
	e, s := newTestEnv(t)
	o := agrSetup(t, s, false)
	a1 := agrDraft(t, s, o, "2027-01-01", "2027-12-31")
	agrDraft(t, s, o, "2027-01-01", "2027-12-31")
	a3 := agrDraft(t, s, o, "2027-01-01", "2027-12-31")
	if err := s.TransitionAgreement(context.Background(), a3.ID, data.AgreementPending, data.TransitionInput{}); err != nil {
		t.Fatal(err)
	}
	l := openAgreements(t, e)
	if len(l.pg.rows) != 3 {
		t.Fatalf("%d rows unfiltered, want 3", len(l.pg.rows))
	}
	for _, tc := range []struct {
		status string
		want   []int64
	}{
		{data.AgreementPending, []int64{a3.ID}},
		{data.AgreementSigned, nil},
		{"", []int64{a3.ID, a3.ID - 1, a1.ID}},
	} {
		t.Run(tc.status, func(t *testing.T) {
			if tc.status == "" {
				l.status.SetSelected(lang.L("(all)"))
			} else {
				l.status.SetSelected(tc.status)
			}
			e.Wait()
			var got []int64
			for _, r := range l.pg.rows {
				got = append(got, r.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("rows %v, want %v", got, tc.want)
			}
			if l.empty.Visible() != (len(tc.want) == 0) {
				t.Errorf("“nothing found” shown %v with %d rows", l.empty.Visible(), len(tc.want))
			}
		})
	}
	// Amount and search filters narrow too; a bad amount says so.
	l.minAmount.SetText("abc")
	e.Wait()
	if !l.filterErr.Visible() || len(l.pg.rows) != 3 {
		t.Errorf("bad amount: message shown %v, %d rows", l.filterErr.Visible(), len(l.pg.rows))
	}
	l.minAmount.SetText("200000")
	e.Wait()
	if len(l.pg.rows) != 0 || l.filterErr.Visible() {
		t.Errorf("amount ≥ ¥200,000: %d rows", len(l.pg.rows))
	}
}

func TestAgreementTransitionRefusedThenAccepted(t *testing.T) {
	e, s := newTestEnv(t)
	o := agrSetup(t, s, false)
	a := agrDraft(t, s, o, "2027-01-01", "2027-12-31")
	// Not ready for signature: the service content is missing.
	a.ServiceContent = ""
	if err := s.UpdateAgreement(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	l := openAgreements(t, e)
	l.openAgreement(a.ID)
	e.Wait()
	d := l.detail
	if actionButton(d, transitionName(data.AgreementSigned)) != nil {
		t.Error("a draft offers to record the signing")
	}
	submit := actionButton(d, transitionName(data.AgreementPending))
	if submit == nil {
		t.Fatal("no “submit for signature” button on a draft")
	}
	test.Tap(submit)
	e.Wait()
	want := lang.L(data.KeyInvalidRequired, map[string]any{"Field": "serviceContent"})
	if got := fieldErr(t, d.fields, "serviceContent"); got != want {
		t.Errorf("service content message %q, want %q", got, want)
	}
	top := e.Window.Canvas().Overlays().Top()
	// The error dialog capitalizes the message's first letter.
	if top == nil || !strings.Contains(strings.ToLower(strings.Join(texts(top), "")), strings.ToLower(want)) {
		t.Errorf("the refusal is not shown in a dialog: %q", texts(top))
	}
	if got, _ := s.Agreement(context.Background(), a.ID); got.Status != data.AgreementDraft {
		t.Fatalf("refused transition changed the status to %s", got.Status)
	}
	e.Escape()

	test.Type(d.service, "上门探访。")
	d.Save()
	e.Wait()
	test.Tap(actionButton(d, transitionName(data.AgreementPending)))
	e.Wait()
	got, _ := s.Agreement(context.Background(), a.ID)
	if got.Status != data.AgreementPending {
		t.Fatalf("status %s after submitting, want %s", got.Status, data.AgreementPending)
	}
	if d.editable || !d.fTitle.Disabled() || !d.lockNote.Visible() {
		t.Error("the form is still editable while awaiting signature")
	}
	for _, to := range []string{data.AgreementDraft, data.AgreementSigned} {
		if actionButton(d, transitionName(to)) == nil {
			t.Errorf("no button for %s", to)
		}
	}
	// Signing without a scan is refused in the dialog, with data's message.
	d.onTransition(data.AgreementSigned)
	sigA, sigB, ok := signingDialog(t, e)
	test.Type(sigA, "王主任")
	test.Type(sigB, "赵队长")
	test.Tap(ok)
	e.Wait()
	if got, _ := s.Agreement(context.Background(), a.ID); got.Status != data.AgreementPending {
		t.Fatalf("signed without a scan: %s", got.Status)
	}
	noScan := lang.L(data.KeyAgreementNoScan, map[string]any{"Number": a.Number})
	if !slices.Contains(texts(e.Window.Canvas().Overlays().Top()), noScan) {
		t.Errorf("signing dialog does not say the scan is missing: %q", texts(e.Window.Canvas().Overlays().Top()))
	}
}

// signingDialog is the signing dialog on top: its signatories' entries
// and its confirm button.
func signingDialog(t *testing.T, e *Env) (sigA, sigB *widget.Entry, ok *widget.Button) {
	t.Helper()
	top := e.Window.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no signing dialog")
	}
	for _, o := range test.LaidOutObjects(top) {
		switch x := o.(type) {
		case *widget.Entry:
			if x.PlaceHolder == lang.L("agr.Who signed for the office") {
				sigA = x
			}
			if x.PlaceHolder == lang.L("agr.Who signed for party B") {
				sigB = x
			}
		case *widget.Button:
			if x.Text == lang.L("agr.Record the signing") {
				ok = x
			}
		}
	}
	if sigA == nil || sigB == nil || ok == nil {
		t.Fatal("signing dialog lacks its fields")
	}
	return sigA, sigB, ok
}

func TestAgreementBatchPrintFileNames(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	e, s := newTestEnv(t)
	o := agrSetup(t, s, false)
	a1 := agrDraft(t, s, o, "2027-01-01", "2027-12-31")
	a2 := agrDraft(t, s, o, "2027-01-01", "2027-12-31")
	a3 := agrDraft(t, s, o, "2027-01-01", "2027-12-31")
	if err := s.TransitionAgreement(context.Background(), a3.ID, data.AgreementPending, data.TransitionInput{}); err != nil {
		t.Fatal(err)
	}
	l := openAgreements(t, e)
	l.status.SetSelected(data.AgreementDraft) // the batch prints what is listed
	e.Wait()
	dir := t.TempDir()
	if err := l.batchTo(dir, false).Wait(); err != nil {
		t.Fatal(err)
	}
	e.Wait()
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, x := range entries {
		names = append(names, x.Name())
	}
	slices.Sort(names)
	safe := "阳光_社工_志愿服务队"
	want := []string{a1.Number + " " + safe + ".pdf", a2.Number + " " + safe + ".pdf"}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Fatalf("files %q, want %q", names, want)
	}
	if pdf.AgreementFileName(a1.Number, agrOrgName) != a1.Number+" "+safe+".pdf" {
		t.Error("AgreementFileName does not name the files")
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", filepath.Join(dir, a1.Number+" "+safe+".pdf"), "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v %s", err, out)
	}
	txt := strings.Join(strings.Fields(string(out)), "")
	if !strings.Contains(txt, "协议编号："+a1.Number) || !strings.Contains(txt, agrOrgName) {
		t.Errorf("printed agreement lacks its number or party B:\n%.300s", txt)
	}
	if top := e.Window.Canvas().Overlays().Top(); top == nil {
		t.Error("no message after the batch")
	}

	// Into one file.
	one := filepath.Join(t.TempDir(), "协议汇总.pdf")
	if err := l.batchTo(one, true).Wait(); err != nil {
		t.Fatal(err)
	}
	e.Wait()
	out, err = exec.Command("pdftotext", "-enc", "UTF-8", one, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v %s", err, out)
	}
	txt = strings.Join(strings.Fields(string(out)), "")
	if !strings.Contains(txt, a1.Number) || !strings.Contains(txt, a2.Number) || strings.Contains(txt, a3.Number) {
		t.Error("the combined PDF does not hold exactly the listed agreements")
	}
}

func TestDashboardReminderOpensAgreement(t *testing.T) {
	e, s := newTestEnv(t)
	o := agrSetup(t, s, false)
	a := agrDraft(t, s, o, "2026-11-01", "2027-06-30")
	agrSign(t, s, a.ID)
	far := agrDraft(t, s, o, "2026-11-01", "2027-12-31")
	agrSign(t, s, far.ID)
	// Twenty days before the end of a's term.
	s.Now = func() time.Time { return time.Date(2027, 6, 10, 9, 0, 0, 0, time.Local) }

	d := NewDashboard(e).(*dashboard)
	view := d.BuildUI()
	e.Window.SetContent(view)
	d.Reload()
	e.Wait()
	key, args := data.AgreementReminder{Kind: data.ReminderEnding, Number: a.Number, Organization: agrOrgName, Date: "2027-06-30", Days: 20}.Message()
	want := lang.L(key, args)
	shown := texts(view)
	if !slices.Contains(shown, want) {
		t.Fatalf("dashboard lacks %q: %q", want, shown)
	}
	for _, x := range shown {
		if strings.Contains(x, far.Number) && strings.Contains(x, "2027-12-31") {
			t.Errorf("an agreement ending in half a year is reminded: %q", x)
		}
	}

	list := NewAgreements(e).(*agreements)
	listView := list.BuildUI()
	went := ""
	e.Navigate = func(p string) {
		went = p
		e.Window.SetContent(listView)
	}
	row := tapAreaWith(view, want)
	if row == nil {
		t.Fatal("the reminder cannot be clicked")
	}
	test.Tap(row)
	e.Wait()
	if went != PageAgreements || list.detail == nil || list.detail.id != a.ID || list.detail.a.Number != a.Number {
		t.Fatalf("clicking the reminder went to %q, detail %+v", went, list.detail)
	}
}

// TestAgreementFrozenReadOnly: a signed agreement's form is read-only, its
// payment can be recorded, and its supplementary agreement is offered.
func TestAgreementFrozenReadOnly(t *testing.T) {
	e, s := newTestEnv(t)
	o := agrSetup(t, s, false)
	a := agrDraft(t, s, o, "2026-11-01", "2027-06-30")
	agrSign(t, s, a.ID)
	l := openAgreements(t, e)
	l.openAgreement(a.ID)
	e.Wait()
	d := l.detail
	if d.editable || !d.amount.Disabled() || d.saveBtn.Visible() || d.msTable.add.Visible() {
		t.Error("a signed agreement's form is editable")
	}
	if actionButton(d, lang.L("agr.Supplementary agreement…")) == nil || actionButton(d, transitionName(data.AgreementTerminated)) == nil {
		t.Error("a signed agreement lacks the supplementary agreement or terminate buttons")
	}
	if actionButton(d, lang.L("agr.Delete")) != nil {
		t.Error("a signed agreement offers delete")
	}
	if len(d.a.Attachments) != 1 || !hasLabel(d.attachments.box, d.a.Attachments[0].SHA256) {
		t.Error("the attachments tab does not show the scan's SHA-256")
	}
	// Record the first payment through its dialog.
	m := d.a.Milestones[0]
	d.payments.onPayment(m)
	var ok *widget.Button
	for _, x := range test.LaidOutObjects(e.Window.Canvas().Overlays().Top()) {
		if b, isB := x.(*widget.Button); isB && b.Text == lang.L("agr.Record payment") {
			ok = b
		}
	}
	if ok == nil {
		t.Fatal("no payment dialog")
	}
	test.Tap(ok)
	e.Wait()
	got, _ := s.Agreement(context.Background(), a.ID)
	if got.Milestones[0].PaidAmount != m.Amount || got.Milestones[0].PaidDate != "2026-11-25" {
		t.Errorf("payment stored %+v", got.Milestones[0])
	}
	if !strings.Contains(d.payments.total.Text, data.Yuan(m.Amount)) {
		t.Errorf("payments tab says %q", d.payments.total.Text)
	}
}

// TestAgreementShowsItsResolution: an agreement started from a meeting's
// resolution names that resolution in its history tab, and the row opens
// the meeting.
func TestAgreementShowsItsResolution(t *testing.T) {
	e, s := newTestEnv(t)
	ctx := context.Background()
	if _, err := demo.Generate(ctx, s, demo.Options{Households: demo.MinHouseholdsForAgreements, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	var r data.Resolution
	if err := datatest.DB(t, s).Where("agreement_id IS NOT NULL").First(&r).Error; err != nil {
		t.Fatalf("the demo has no agreement from a resolution: %v", err)
	}
	l := openAgreements(t, e)
	l.openAgreement(*r.AgreementID)
	e.Wait()
	var found *tapArea
	for _, x := range test.LaidOutObjects(l.detail.history.box) {
		if ta, ok := x.(*tapArea); ok && hasLabel(ta, l.detail.source.text) {
			found = ta
		}
	}
	if l.detail.source == nil || found == nil || !strings.Contains(l.detail.source.text, r.Text) {
		t.Fatalf("the history tab does not name resolution %d (%+v)", r.ID, l.detail.source)
	}
	var opened string
	e.Navigate = func(page string) { opened = page }
	found.Tapped(&fyne.PointEvent{})
	e.Wait()
	if opened != PageMeetings {
		t.Errorf("tapping the resolution went to %q, want the meetings page", opened)
	}
}

// hasLabel reports whether a label under o holds text (whole, however
// the label truncates it on screen).
func hasLabel(o fyne.CanvasObject, text string) bool {
	for _, x := range test.LaidOutObjects(o) {
		if l, ok := x.(*widget.Label); ok && l.Text == text {
			return true
		}
	}
	return false
}
