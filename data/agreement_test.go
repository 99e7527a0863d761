package data_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"jiedao/data"
	"jiedao/data/datatest"
)

// agrPDF is a file that sniffs as a PDF: the signed scan of the tests.
var agrPDF = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// agrFixture is a store with the office set up and one organization.
type agrFixture struct {
	s   *data.Store
	ctx context.Context
	org *data.Organization
}

func newAgrFixture(t *testing.T) *agrFixture {
	t.Helper()
	f := &agrFixture{s: datatest.MustOpen(t), ctx: context.Background()}
	err := f.s.SaveSettings(f.ctx, data.Settings{OfficeName: "幸福街道办事处", Address: "幸福路1号", LegalRep: "王主任", Phone: "010-65123456", Operator: "李四"})
	if err != nil {
		t.Fatal(err)
	}
	f.org = &data.Organization{Name: "阳光社会工作服务中心", USCC: orgCode('2', "MJ0000101"), Type: data.OrgTypeService,
		LegalRep: "张三", Bank: "中国建设银行北京幸福支行", Account: "11001234567890123", Address: "幸福路8号"}
	if _, err := f.s.CreateOrganization(f.ctx, f.org); err != nil {
		t.Fatal(err)
	}
	return f
}

// draft is a complete commissioning agreement: ¥300,000.00 in three
// payments of 30%, 40%, 30%, three indicators weighing 40, 30, 30.
func (f *agrFixture) draft() *data.Agreement {
	return &data.Agreement{
		Kind: data.AgreementCommission, OrganizationID: f.org.ID,
		ProjectName: "幸福社区居家养老服务", Purpose: "为辖区独居老人提供居家养老服务",
		ServiceContent: "上门探访、助餐、助洁、精神慰藉", TargetGroup: "辖区60周岁以上独居老人", Place: "幸福社区",
		TermStart: "2027-01-01", TermEnd: "2027-12-31", Amount: 30_000_000, FundingSource: "街道财政资金",
		Milestones: []data.Milestone{
			{Share: 30, Condition: data.ConditionSigned, PlannedDate: "2027-01-15"},
			{Share: 40, Condition: data.ConditionMidterm, PlannedDate: "2027-07-15"},
			{Share: 30, Condition: data.ConditionFinal, PlannedDate: "2028-01-15"},
		},
		Indicators: []data.Indicator{
			{Name: "服务人次", Target: "不少于1200人次", Weight: 40},
			{Name: "服务对象满意度", Target: "不低于90%", Weight: 30},
			{Name: "服务档案完整率", Target: "100%", Weight: 30},
		},
	}
}

func (f *agrFixture) create(t *testing.T, a *data.Agreement) *data.Agreement {
	t.Helper()
	if err := f.s.CreateAgreement(f.ctx, a); err != nil {
		t.Fatalf("CreateAgreement: %v", err)
	}
	return a
}

// input is what each transition records in the tests.
func (f *agrFixture) input(to string) data.TransitionInput {
	switch to {
	case data.AgreementSigned:
		return data.TransitionInput{SignatoryA: "王主任", SignatoryB: "张三", Scan: &data.AgreementAttachment{FileName: `C:\扫描\协议.pdf`, Data: agrPDF}}
	case data.AgreementTerminated:
		return data.TransitionInput{Reason: "乙方无法继续提供服务"}
	}
	return data.TransitionInput{}
}

// move makes one legal transition, with what it needs.
func (f *agrFixture) move(t *testing.T, id int64, to string) {
	t.Helper()
	if to == data.AgreementAccepted {
		f.evaluate(t, id, data.StageFinal, 95)
	}
	if err := f.s.TransitionAgreement(f.ctx, id, to, f.input(to)); err != nil {
		t.Fatalf("→ %s: %v", to, err)
	}
}

// evaluate records an evaluation scoring each indicator pct% of its
// weight.
func (f *agrFixture) evaluate(t *testing.T, id int64, stage string, pct float64) *data.Evaluation {
	t.Helper()
	a, err := f.s.Agreement(f.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	e := &data.Evaluation{AgreementID: id, Stage: stage, Evaluator: "第三方评估机构"}
	for _, in := range a.Indicators {
		e.Scores = append(e.Scores, data.IndicatorScore{IndicatorID: in.ID, Score: float64(in.Weight) * pct / 100})
	}
	if err := f.s.AddEvaluation(f.ctx, e); err != nil {
		t.Fatalf("AddEvaluation: %v", err)
	}
	return e
}

// pathTo lists the transitions from 草稿 to status.
func pathTo(status string) []string {
	switch status {
	case data.AgreementDraft:
		return nil
	case data.AgreementPending:
		return []string{data.AgreementPending}
	case data.AgreementSigned:
		return []string{data.AgreementPending, data.AgreementSigned}
	case data.AgreementInProgress:
		return []string{data.AgreementPending, data.AgreementSigned, data.AgreementInProgress}
	case data.AgreementAccepted:
		return []string{data.AgreementPending, data.AgreementSigned, data.AgreementInProgress, data.AgreementAccepted}
	case data.AgreementTerminated:
		return []string{data.AgreementPending, data.AgreementSigned, data.AgreementTerminated}
	}
	panic(status)
}

// at creates an agreement and brings it to status.
func (f *agrFixture) at(t *testing.T, status string) *data.Agreement {
	t.Helper()
	a := f.create(t, f.draft())
	for _, to := range pathTo(status) {
		f.move(t, a.ID, to)
	}
	got, err := f.s.Agreement(f.ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return &got
}

// agrKey is the key of the *data.Error in err, or "".
func agrKey(err error) string {
	var e *data.Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}

func TestAgreementValidateSums(t *testing.T) {
	base := func() data.Agreement {
		return data.Agreement{Kind: data.AgreementCommission, OrganizationID: 1, Title: "协议", Amount: 10_001}
	}
	ms := func(parts ...data.Milestone) []data.Milestone {
		for i := range parts {
			if parts[i].Condition == "" {
				parts[i].Condition = data.ConditionSigned
			}
		}
		return parts
	}
	for _, tc := range []struct {
		name   string
		edit   func(*data.Agreement)
		field  string // "" means valid
		key    string
		amount []int64 // expected milestone amounts when valid
	}{
		{"shares add up, rounding to the last share", func(a *data.Agreement) {
			a.Milestones = ms(data.Milestone{Share: 33}, data.Milestone{Share: 33}, data.Milestone{Share: 34})
		}, "", "", []int64{3300, 3300, 3401}},
		{"amounts add up", func(a *data.Agreement) {
			a.Milestones = ms(data.Milestone{Amount: 5000}, data.Milestone{Amount: 5001})
		}, "", "", []int64{5000, 5001}},
		{"share and amount mixed", func(a *data.Agreement) {
			a.Milestones = ms(data.Milestone{Amount: 1}, data.Milestone{Share: 50}, data.Milestone{Share: 50})
		}, "", "", []int64{1, 5000, 5000}},
		{"no milestones yet in a draft", nil, "", "", nil},
		{"shares before the amount is known", func(a *data.Agreement) {
			a.Amount = 0
			a.Milestones = ms(data.Milestone{Share: 30}, data.Milestone{Share: 70})
		}, "", "", []int64{0, 0}},
		{"amounts short of the total", func(a *data.Agreement) {
			a.Milestones = ms(data.Milestone{Amount: 5000}, data.Milestone{Amount: 5000})
		}, "milestones", data.KeyMilestoneSum, nil},
		{"shares short of 100", func(a *data.Agreement) {
			a.Milestones = ms(data.Milestone{Share: 30}, data.Milestone{Share: 30})
		}, "milestones", data.KeyMilestoneSum, nil},
		{"amounts over the total", func(a *data.Agreement) {
			a.Milestones = ms(data.Milestone{Share: 100}, data.Milestone{Amount: 1})
		}, "milestones", data.KeyMilestoneSum, nil},
		{"share over 100", func(a *data.Agreement) { a.Milestones = ms(data.Milestone{Share: 101}) }, "milestones", data.KeyMilestoneShare, nil},
		{"zero milestone", func(a *data.Agreement) {
			a.Milestones = ms(data.Milestone{Amount: 10_001}, data.Milestone{})
		}, "milestones", data.KeyMilestoneAmount, nil},
		{"other condition needs a note", func(a *data.Agreement) {
			a.Milestones = []data.Milestone{{Share: 100, Condition: data.ConditionOther}}
		}, "milestones", data.KeyMilestoneConditionNote, nil},
		{"unknown condition", func(a *data.Agreement) {
			a.Milestones = []data.Milestone{{Share: 100, Condition: "随时"}}
		}, "milestones", data.KeyInvalidChoice, nil},
		{"weights add up to 100", func(a *data.Agreement) {
			a.Indicators = []data.Indicator{{Name: "人次", Weight: 60}, {Name: "满意度", Weight: 40}}
		}, "", "", nil},
		{"weights short of 100", func(a *data.Agreement) {
			a.Indicators = []data.Indicator{{Name: "人次", Weight: 60}, {Name: "满意度", Weight: 30}}
		}, "indicators", data.KeyIndicatorWeightSum, nil},
		{"weights over 100", func(a *data.Agreement) {
			a.Indicators = []data.Indicator{{Name: "人次", Weight: 60}, {Name: "满意度", Weight: 50}}
		}, "indicators", data.KeyIndicatorWeightSum, nil},
		{"zero weight", func(a *data.Agreement) {
			a.Indicators = []data.Indicator{{Name: "人次", Weight: 100}, {Name: "满意度", Weight: 0}}
		}, "indicators", data.KeyIndicatorWeight, nil},
		{"indicator without name", func(a *data.Agreement) { a.Indicators = []data.Indicator{{Weight: 100}} }, "indicators", data.KeyInvalidRequired, nil},
		{"end before start", func(a *data.Agreement) { a.TermStart, a.TermEnd = "2027-12-31", "2027-01-01" }, "termEnd", data.KeyAgreementTermOrder, nil},
		{"bad date", func(a *data.Agreement) { a.TermStart = "2027-02-30" }, "termStart", data.KeyInvalidDate, nil},
		{"negative amount", func(a *data.Agreement) { a.Amount = -1 }, "amount", data.KeyAgreementAmountRange, nil},
		{"unknown kind", func(a *data.Agreement) { a.Kind = "采购合同" }, "kind", data.KeyInvalidChoice, nil},
		{"no party B", func(a *data.Agreement) { a.OrganizationID = 0 }, "organizationId", data.KeyInvalidRequired, nil},
		{"no title nor project", func(a *data.Agreement) { a.Title = "" }, "title", data.KeyInvalidRequired, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := base()
			if tc.edit != nil {
				tc.edit(&a)
			}
			err := a.Validate()
			if tc.field != "" {
				if got := orgKey(err, tc.field); got != tc.key {
					t.Fatalf("field %s: key %q, want %q (all: %v)", tc.field, got, tc.key, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			for i, want := range tc.amount {
				if got := a.Milestones[i].Amount; got != want || a.Milestones[i].Seq != i+1 {
					t.Errorf("milestone %d: amount %d seq %d, want %d", i, got, a.Milestones[i].Seq, want)
				}
			}
		})
	}
}

func TestCreateAgreement(t *testing.T) {
	f := newAgrFixture(t)
	a := f.create(t, f.draft())
	t.Run("numbered draft with the template's articles", func(t *testing.T) {
		if a.Number != "〔2026〕委字第001号" || a.Status != data.AgreementDraft || a.Year != 2026 || a.Seq != 1 {
			t.Errorf("number %q status %q year %d seq %d", a.Number, a.Status, a.Year, a.Seq)
		}
		if a.Articles != data.DefaultClauseTemplate(data.AgreementCommission) {
			t.Errorf("articles not copied from the template")
		}
		if a.Title != "幸福社区居家养老服务委托协议" {
			t.Errorf("title %q", a.Title)
		}
	})
	t.Run("read back with children in order", func(t *testing.T) {
		got, err := f.s.AgreementByNumber(f.ctx, a.Number)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Milestones) != 3 || got.Milestones[1].Amount != 12_000_000 || got.Milestones[2].Seq != 3 || len(got.Indicators) != 3 {
			t.Errorf("milestones %+v indicators %+v", got.Milestones, got.Indicators)
		}
	})
	t.Run("audited", func(t *testing.T) {
		log, err := f.s.AuditLog(f.ctx, data.AuditFilter{Entity: "agreements", EntityID: a.ID})
		if err != nil || len(log) != 1 || log[0].Action != data.ActionCreate || log[0].Operator != datatest.FullOperator {
			t.Fatalf("audit %+v, %v", log, err)
		}
	})
	t.Run("edit a draft", func(t *testing.T) {
		a.Amount = 20_000_000
		a.Milestones = []data.Milestone{{Share: 100, Condition: data.ConditionSigned}}
		a.Number = "篡改"
		if err := f.s.UpdateAgreement(f.ctx, a); err != nil {
			t.Fatal(err)
		}
		got, _ := f.s.Agreement(f.ctx, a.ID)
		if got.Amount != 20_000_000 || len(got.Milestones) != 1 || got.Milestones[0].Amount != 20_000_000 || got.Number != "〔2026〕委字第001号" {
			t.Errorf("amount %d milestones %+v number %q", got.Amount, got.Milestones, got.Number)
		}
	})
	t.Run("party B deregistered", func(t *testing.T) {
		o := &data.Organization{Name: "已注销中心", USCC: orgCode('2', "MJ0000102"), Type: data.OrgTypeService, Status: data.OrgDeregistered}
		if _, err := f.s.CreateOrganization(f.ctx, o); err != nil {
			t.Fatal(err)
		}
		d := f.draft()
		d.OrganizationID = o.ID
		if err := f.s.CreateAgreement(f.ctx, d); agrKey(err) != data.KeyAgreementOrgStatus {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("party B unknown", func(t *testing.T) {
		d := f.draft()
		d.OrganizationID = 9999
		if err := f.s.CreateAgreement(f.ctx, d); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("organization with agreements cannot be deleted", func(t *testing.T) {
		err := f.s.Delete(f.ctx, f.org)
		if agrKey(err) != data.KeyOrgHasAgreements {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("nor purged while one is in the recycle bin", func(t *testing.T) {
		o := &data.Organization{Name: "短暂合作中心", Type: data.OrgTypeCommunity}
		if _, err := f.s.CreateOrganization(f.ctx, o); err != nil {
			t.Fatal(err)
		}
		d := f.draft()
		d.OrganizationID = o.ID
		f.create(t, d)
		if err := f.s.DeleteAgreement(f.ctx, d.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Delete(f.ctx, o); err != nil {
			t.Fatalf("delete with its only agreement in the bin: %v", err)
		}
		if err := f.s.Purge(f.ctx, "organizations", o.ID); agrKey(err) != data.KeyOrgHasAgreements {
			t.Errorf("purge: %v", err)
		}
	})
}

func TestListAgreements(t *testing.T) {
	f := newAgrFixture(t)
	signed := f.at(t, data.AgreementInProgress)
	d := f.draft()
	d.Kind, d.Amount = data.AgreementProject, 5_000_000
	d.Milestones = []data.Milestone{{Share: 100, Condition: data.ConditionSigned}}
	project := f.create(t, d)
	sup := &data.Agreement{Changes: "延长服务期限", NewTermEnd: "2027-01-20"}
	if err := f.s.CreateSupplement(f.ctx, signed.ID, sup); err != nil {
		t.Fatal(err)
	}
	numbers := func(t *testing.T, filter data.AgreementFilter) []string {
		t.Helper()
		page, err := f.s.ListAgreements(f.ctx, filter)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range page.Rows {
			if r.OrganizationName != f.org.Name {
				t.Errorf("%s: organization %q", r.Number, r.OrganizationName)
			}
			out = append(out, r.Number)
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		filter data.AgreementFilter
		want   string
	}{
		{"all, newest first", data.AgreementFilter{}, sup.Number + " " + project.Number + " " + signed.Number},
		{"kind", data.AgreementFilter{Kind: data.AgreementProject}, project.Number},
		{"status", data.AgreementFilter{Status: data.AgreementInProgress}, signed.Number},
		{"year", data.AgreementFilter{Year: 2027}, ""},
		{"amount range", data.AgreementFilter{MinAmount: 1_000_000, MaxAmount: 10_000_000}, project.Number},
		{"party B's name", data.AgreementFilter{Query: "阳光"}, sup.Number + " " + project.Number + " " + signed.Number},
		{"number", data.AgreementFilter{Query: "项字"}, project.Number},
		{"main only", data.AgreementFilter{MainOnly: true}, project.Number + " " + signed.Number},
		{"supplements of", data.AgreementFilter{ParentID: signed.ID}, sup.Number},
		// The term ends 2027-12-31, beyond 60 days; the draft supplement
		// moving it to 2027-01-20 is not signed.
		{"ending within 60 days, draft supplement", data.AgreementFilter{EndingWithin: 60}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(numbers(t, tc.filter), " "); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("ending within 60 days, supplement signed", func(t *testing.T) {
		f.move(t, sup.ID, data.AgreementPending)
		f.move(t, sup.ID, data.AgreementSigned)
		if got := strings.Join(numbers(t, data.AgreementFilter{EndingWithin: 60}), " "); got != signed.Number {
			t.Errorf("got %q", got)
		}
	})
	t.Run("paging", func(t *testing.T) {
		page, err := f.s.ListAgreements(f.ctx, data.AgreementFilter{Limit: 2})
		if err != nil || len(page.Rows) != 2 || page.Next == "" {
			t.Fatalf("page %+v, %v", page, err)
		}
		next, err := f.s.ListAgreements(f.ctx, data.AgreementFilter{Limit: 2, After: page.Next})
		if err != nil || len(next.Rows) != 1 || next.Rows[0].Number != signed.Number || next.Next != "" {
			t.Errorf("next %+v, %v", next, err)
		}
	})
}

func TestOrganizationTotals(t *testing.T) {
	f := newAgrFixture(t)
	a := f.at(t, data.AgreementInProgress) // signed 2026-11-25, ¥300,000
	f.create(t, f.draft())                 // a draft counts for nothing
	sup := &data.Agreement{Changes: "增加服务人次", AmountChange: 5_000_000,
		Milestones: []data.Milestone{{Share: 100, Condition: data.ConditionSigned}}}
	if err := f.s.CreateSupplement(f.ctx, a.ID, sup); err != nil {
		t.Fatal(err)
	}
	if err := f.s.RecordPayment(f.ctx, a.Milestones[0].ID, "2026-11-25", 9_000_000, ""); err != nil {
		t.Fatal(err)
	}
	// Next year: the supplementary agreement is signed and paid.
	f.s.Now = func() time.Time { return datatest.Epoch().AddDate(0, 2, 0) }
	f.move(t, sup.ID, data.AgreementPending)
	f.move(t, sup.ID, data.AgreementSigned)
	got, err := f.s.Agreement(f.ctx, sup.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.RecordPayment(f.ctx, got.Milestones[0].ID, "2027-01-25", 5_000_000, "一次付清"); err != nil {
		t.Fatal(err)
	}
	totals, err := f.s.OrganizationTotals(f.ctx, f.org.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []data.OrganizationYear{
		{Year: 2027, Agreements: 0, Contracted: 5_000_000, Paid: 5_000_000},
		{Year: 2026, Agreements: 1, Contracted: 30_000_000, Paid: 9_000_000},
	}
	if len(totals) != len(want) || totals[0] != want[0] || totals[1] != want[1] {
		t.Errorf("totals %+v, want %+v", totals, want)
	}
}
