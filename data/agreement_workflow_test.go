package data_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestAgreementTransitions tries every status against every status: the
// workflow's transitions succeed and record what they must, every other
// one is refused with KeyAgreementTransition and changes nothing.
func TestAgreementTransitions(t *testing.T) {
	f := newAgrFixture(t)
	legal := map[[2]string]bool{
		{data.AgreementDraft, data.AgreementPending}:         true,
		{data.AgreementPending, data.AgreementDraft}:         true,
		{data.AgreementPending, data.AgreementSigned}:        true,
		{data.AgreementSigned, data.AgreementInProgress}:     true,
		{data.AgreementSigned, data.AgreementTerminated}:     true,
		{data.AgreementInProgress, data.AgreementAccepted}:   true,
		{data.AgreementInProgress, data.AgreementTerminated}: true,
	}
	for _, from := range data.AgreementStatuses {
		for _, to := range data.AgreementStatuses {
			t.Run(from+"→"+to, func(t *testing.T) {
				a := f.at(t, from)
				if !legal[[2]string{from, to}] {
					err := f.s.TransitionAgreement(f.ctx, a.ID, to, f.input(to))
					var e *data.Error
					if !errors.As(err, &e) || e.Key != data.KeyAgreementTransition || e.Args["From"] != from || e.Args["To"] != to {
						t.Fatalf("err = %v, want %s", err, data.KeyAgreementTransition)
					}
					got, _ := f.s.Agreement(f.ctx, a.ID)
					if got.Status != from {
						t.Errorf("status %q after a refused transition", got.Status)
					}
					if slices.Contains(data.NextStatuses(a), to) {
						t.Errorf("NextStatuses offers %s", to)
					}
					return
				}
				if !slices.Contains(data.NextStatuses(a), to) {
					t.Errorf("NextStatuses(%s) = %v lacks %s", from, data.NextStatuses(a), to)
				}
				f.move(t, a.ID, to)
				got, err := f.s.Agreement(f.ctx, a.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != to {
					t.Fatalf("status %q", got.Status)
				}
				today := "2026-11-25"
				switch to {
				case data.AgreementSigned:
					if got.SignedDate != today || got.SignatoryA != "王主任" || got.SignatoryB != "张三" ||
						got.PartyA == nil || got.PartyA.Name != "幸福街道办事处" || got.PartyB == nil || got.PartyB.USCC != f.org.USCC ||
						len(got.SignedClauses) != 10 || len(got.Attachments) != 1 || got.Attachments[0].FileName != "协议.pdf" {
						t.Errorf("signing not recorded: %+v", got)
					}
				case data.AgreementAccepted:
					if got.AcceptedDate != today {
						t.Errorf("accepted %q", got.AcceptedDate)
					}
				case data.AgreementTerminated:
					if got.TerminatedDate != today || got.TerminationReason != "乙方无法继续提供服务" {
						t.Errorf("terminated %q %q", got.TerminatedDate, got.TerminationReason)
					}
				}
				log, err := f.s.AuditLog(f.ctx, data.AuditFilter{Entity: "agreements", EntityID: a.ID, Limit: 1})
				if err != nil || len(log) != 1 || !strings.Contains(log[0].After, `"status":"`+to+`"`) || !strings.Contains(log[0].Before, `"status":"`+from+`"`) {
					t.Errorf("audit %+v, %v", log, err)
				}
			})
		}
	}
}

// TestTransitionRequirements checks what each transition needs.
func TestTransitionRequirements(t *testing.T) {
	f := newAgrFixture(t)
	t.Run("incomplete draft cannot go for signature", func(t *testing.T) {
		d := f.draft()
		d.ServiceContent, d.Milestones, d.Indicators = "", nil, nil
		a := f.create(t, d)
		err := f.s.TransitionAgreement(f.ctx, a.ID, data.AgreementPending, data.TransitionInput{})
		for _, field := range []string{"serviceContent", "milestones", "indicators"} {
			if orgKey(err, field) != data.KeyInvalidRequired {
				t.Errorf("%s: %v", field, err)
			}
		}
	})
	t.Run("party B put on the abnormal list", func(t *testing.T) {
		o := &data.Organization{Name: "后来异常的中心", USCC: orgCode('2', "MJ0000201"), Type: data.OrgTypeService}
		if _, err := f.s.CreateOrganization(f.ctx, o); err != nil {
			t.Fatal(err)
		}
		d := f.draft()
		d.OrganizationID = o.ID
		a := f.create(t, d)
		o.Status = data.OrgAbnormal
		if _, err := f.s.UpdateOrganization(f.ctx, o); err != nil {
			t.Fatal(err)
		}
		err := f.s.TransitionAgreement(f.ctx, a.ID, data.AgreementPending, data.TransitionInput{})
		if agrKey(err) != data.KeyAgreementOrgStatus {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("signing needs both signatories", func(t *testing.T) {
		a := f.at(t, data.AgreementPending)
		in := f.input(data.AgreementSigned)
		in.SignatoryB = " "
		err := f.s.TransitionAgreement(f.ctx, a.ID, data.AgreementSigned, in)
		if orgKey(err, "signatoryB") != data.KeyInvalidRequired {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("signing needs the scan", func(t *testing.T) {
		a := f.at(t, data.AgreementPending)
		in := f.input(data.AgreementSigned)
		in.Scan = nil
		err := f.s.TransitionAgreement(f.ctx, a.ID, data.AgreementSigned, in)
		if agrKey(err) != data.KeyAgreementNoScan {
			t.Errorf("err = %v", err)
		}
		// Attached beforehand, it does.
		if err := f.s.AddAttachment(f.ctx, &data.AgreementAttachment{AgreementID: a.ID, Kind: data.AttachmentSignedScan, FileName: "scan.png", Data: []byte("\x89PNG\r\n\x1a\nrest")}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.TransitionAgreement(f.ctx, a.ID, data.AgreementSigned, in); err != nil {
			t.Errorf("with the scan attached: %v", err)
		}
	})
	t.Run("a scan that is not PDF, JPEG or PNG", func(t *testing.T) {
		a := f.at(t, data.AgreementPending)
		in := f.input(data.AgreementSigned)
		in.Scan.Data = []byte("just text")
		err := f.s.TransitionAgreement(f.ctx, a.ID, data.AgreementSigned, in)
		if orgKey(err, "data") != data.KeyAttachmentScanType {
			t.Errorf("err = %v", err)
		}
		got, _ := f.s.Agreement(f.ctx, a.ID)
		if got.Status != data.AgreementPending || len(got.Attachments) != 0 {
			t.Errorf("status %q attachments %d", got.Status, len(got.Attachments))
		}
	})
	t.Run("signing date in the future", func(t *testing.T) {
		a := f.at(t, data.AgreementPending)
		in := f.input(data.AgreementSigned)
		in.Date = "2026-11-26"
		err := f.s.TransitionAgreement(f.ctx, a.ID, data.AgreementSigned, in)
		if orgKey(err, "signedDate") != data.KeyAgreementDateFuture {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("signing without the office's name", func(t *testing.T) {
		s := datatest.MustOpen(t)
		g := &agrFixture{s: s, ctx: f.ctx, org: &data.Organization{Name: "某中心", Type: data.OrgTypeCommunity}}
		if _, err := s.CreateOrganization(f.ctx, g.org); err != nil {
			t.Fatal(err)
		}
		a := g.create(t, g.draft())
		err := s.TransitionAgreement(f.ctx, a.ID, data.AgreementPending, data.TransitionInput{})
		if agrKey(err) != data.KeyAgreementNoOffice {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("termination needs a reason", func(t *testing.T) {
		a := f.at(t, data.AgreementSigned)
		err := f.s.TransitionAgreement(f.ctx, a.ID, data.AgreementTerminated, data.TransitionInput{Reason: "\n"})
		if orgKey(err, "reason") != data.KeyInvalidRequired {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("termination dated before signing", func(t *testing.T) {
		a := f.at(t, data.AgreementSigned)
		err := f.s.TransitionAgreement(f.ctx, a.ID, data.AgreementTerminated, data.TransitionInput{Reason: "r", Date: "2026-11-24"})
		if agrKey(err) != data.KeyAgreementDateBeforeSigning {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("acceptance needs a passed final evaluation", func(t *testing.T) {
		a := f.at(t, data.AgreementInProgress)
		err := f.s.TransitionAgreement(f.ctx, a.ID, data.AgreementAccepted, data.TransitionInput{})
		if agrKey(err) != data.KeyAgreementNotEvaluated {
			t.Errorf("no evaluation: %v", err)
		}
		f.evaluate(t, a.ID, data.StageMidterm, 90)
		f.evaluate(t, a.ID, data.StageFinal, 50)
		err = f.s.TransitionAgreement(f.ctx, a.ID, data.AgreementAccepted, data.TransitionInput{})
		if agrKey(err) != data.KeyAgreementNotEvaluated {
			t.Errorf("failed evaluation: %v", err)
		}
	})
}

// TestFrozenAfterSigning: once signed, the content does not change by any
// path; what happens afterwards is recorded beside it.
func TestFrozenAfterSigning(t *testing.T) {
	f := newAgrFixture(t)
	a := f.at(t, data.AgreementSigned)
	clauses, err := f.s.AgreementClauses(f.ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("edit refused", func(t *testing.T) {
		edit := *a
		edit.Amount = 1
		err := f.s.UpdateAgreement(f.ctx, &edit)
		if agrKey(err) != data.KeyAgreementFrozen || !strings.Contains(err.Error(), a.Number) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("generic update refused", func(t *testing.T) {
		edit := *a
		edit.Title = "改过的标题"
		edit.Milestones, edit.Indicators, edit.Evaluations, edit.Attachments = nil, nil, nil, nil
		if err := f.s.Update(f.ctx, &edit); agrKey(err) != data.KeyAgreementFrozen {
			t.Errorf("err = %v", err)
		}
		got, _ := f.s.Agreement(f.ctx, a.ID)
		if got.Title != a.Title {
			t.Errorf("title %q", got.Title)
		}
	})
	t.Run("delete refused", func(t *testing.T) {
		if err := f.s.DeleteAgreement(f.ctx, a.ID); agrKey(err) != data.KeyAgreementDeleteSigned {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("signed scan kept", func(t *testing.T) {
		if err := f.s.DeleteAttachment(f.ctx, a.Attachments[0].ID); agrKey(err) != data.KeyAgreementFrozen {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("parties as they were at signing", func(t *testing.T) {
		f.org.Name, f.org.Account = "阳光社工服务中心（更名）", "9999000011112222"
		if _, err := f.s.UpdateOrganization(f.ctx, f.org); err != nil {
			t.Fatal(err)
		}
		if err := f.s.SaveSettings(f.ctx, data.Settings{OfficeName: "新名称街道办事处"}); err != nil {
			t.Fatal(err)
		}
		got, _ := f.s.Agreement(f.ctx, a.ID)
		pa, pb, err := f.s.AgreementParties(f.ctx, &got)
		if err != nil || pa.Name != "幸福街道办事处" || pb.Name != "阳光社会工作服务中心" || pb.Account != "11001234567890123" {
			t.Errorf("parties %+v %+v, %v", pa, pb, err)
		}
		now, err := f.s.AgreementClauses(f.ctx, &got)
		if err != nil || !slices.Equal(now, clauses) {
			t.Errorf("articles changed after signing")
		}
		text := data.FormatClauses(now)
		for _, want := range []string{"人民币叁拾万元整（¥300,000.00）", "11001234567890123", "2027年1月1日", "一式四份，甲方执二份，乙方执二份"} {
			if !strings.Contains(text, want) {
				t.Errorf("articles lack %q", want)
			}
		}
	})
	t.Run("a draft prints the current details", func(t *testing.T) {
		d := f.create(t, f.draft())
		_, pb, err := f.s.AgreementParties(f.ctx, d)
		if err != nil || pb.Name != f.org.Name {
			t.Errorf("party B %+v, %v", pb, err)
		}
	})
	t.Run("awaiting signature is locked", func(t *testing.T) {
		p := f.at(t, data.AgreementPending)
		p.Title = "改"
		if err := f.s.UpdateAgreement(f.ctx, p); agrKey(err) != data.KeyAgreementLocked {
			t.Errorf("err = %v", err)
		}
		f.move(t, p.ID, data.AgreementDraft)
		if err := f.s.UpdateAgreement(f.ctx, p); err != nil {
			t.Errorf("back in draft: %v", err)
		}
	})
	t.Run("work goes on beside the frozen content", func(t *testing.T) {
		f.move(t, a.ID, data.AgreementInProgress)
		if err := f.s.RecordPayment(f.ctx, a.Milestones[0].ID, "", 9_000_000, ""); err != nil {
			t.Errorf("payment: %v", err)
		}
		f.evaluate(t, a.ID, data.StageMidterm, 85)
		if err := f.s.AddAttachment(f.ctx, &data.AgreementAttachment{AgreementID: a.ID, Kind: data.AttachmentReport, FileName: "中期评估报告.docx", Data: []byte("PK\x03\x04...")}); err != nil {
			t.Errorf("attachment: %v", err)
		}
	})
}

func TestSupplementaryAgreements(t *testing.T) {
	f := newAgrFixture(t)
	parent := f.at(t, data.AgreementInProgress)
	add := func(t *testing.T, parentID int64, sup *data.Agreement) *data.Agreement {
		t.Helper()
		if err := f.s.CreateSupplement(f.ctx, parentID, sup); err != nil {
			t.Fatalf("CreateSupplement: %v", err)
		}
		return sup
	}
	first := add(t, parent.ID, &data.Agreement{Changes: "服务期限延长至2028年3月31日，增加服务费用五万元。",
		AmountChange: 5_000_000, NewTermEnd: "2028-03-31",
		Milestones: []data.Milestone{{Share: 100, Condition: data.ConditionFinal, PlannedDate: "2028-04-15"}}})
	t.Run("numbered after its parent", func(t *testing.T) {
		if first.Number != parent.Number+"-补1" || first.Supplement != 1 || *first.ParentID != parent.ID {
			t.Errorf("number %q supplement %d", first.Number, first.Supplement)
		}
		if first.Title != parent.Title+"补充协议" || first.OrganizationID != parent.OrganizationID || first.Kind != parent.Kind {
			t.Errorf("title %q org %d kind %q", first.Title, first.OrganizationID, first.Kind)
		}
		if first.Articles != data.DefaultClauseTemplate(data.ClauseSupplement) {
			t.Errorf("articles not from the supplementary template")
		}
	})
	t.Run("milestones add up to the change", func(t *testing.T) {
		err := f.s.CreateSupplement(f.ctx, parent.ID, &data.Agreement{Changes: "x", AmountChange: 5_000_000,
			Milestones: []data.Milestone{{Amount: 1_000_000, Condition: data.ConditionSigned}}})
		if orgKey(err, "milestones") != data.KeyMilestoneSum {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("signed, it is in force", func(t *testing.T) {
		f.move(t, first.ID, data.AgreementPending)
		f.move(t, first.ID, data.AgreementSigned)
		sups, err := f.s.Supplements(f.ctx, parent.ID)
		if err != nil || len(sups) != 1 {
			t.Fatalf("supplements %v, %v", sups, err)
		}
		amount, end := data.Effective(*parent, sups)
		if amount != 35_000_000 || end != "2028-03-31" {
			t.Errorf("in force: %d until %s", amount, end)
		}
		got, _ := f.s.Agreement(f.ctx, first.ID)
		text := data.FormatClauses(got.SignedClauses)
		for _, want := range []string{"2026年11月25日签订了《" + parent.Title + "》（编号：" + parent.Number, "服务期限延长至2028年3月31日"} {
			if !strings.Contains(text, want) {
				t.Errorf("articles lack %q:\n%s", want, text)
			}
		}
	})
	t.Run("a decrease below zero", func(t *testing.T) {
		cut := add(t, parent.ID, &data.Agreement{Changes: "减少服务费用。", AmountChange: -35_000_001})
		err := f.s.TransitionAgreement(f.ctx, cut.ID, data.AgreementPending, data.TransitionInput{})
		if orgKey(err, "amountChange") != data.KeyAgreementAmountRange {
			t.Errorf("err = %v", err)
		}
		if err := f.s.DeleteAgreement(f.ctx, cut.ID); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("goes no further than signed", func(t *testing.T) {
		err := f.s.TransitionAgreement(f.ctx, first.ID, data.AgreementInProgress, data.TransitionInput{})
		if agrKey(err) != data.KeyAgreementTransition {
			t.Errorf("err = %v", err)
		}
		if err := f.s.UpdateAgreement(f.ctx, first); agrKey(err) != data.KeyAgreementFrozen {
			t.Errorf("edit: %v", err)
		}
	})
	t.Run("of a supplement is of its parent", func(t *testing.T) {
		second := add(t, first.ID, &data.Agreement{Changes: "调整服务地点。"})
		if second.Number != parent.Number+"-补3" || *second.ParentID != parent.ID {
			t.Errorf("number %q parent %d", second.Number, *second.ParentID)
		}
	})
	t.Run("numbers never reused after delete and purge", func(t *testing.T) {
		third := add(t, parent.ID, &data.Agreement{Changes: "草拟后作废。"})
		if third.Number != parent.Number+"-补4" {
			t.Fatalf("number %q", third.Number)
		}
		if err := f.s.DeleteAgreement(f.ctx, third.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Purge(f.ctx, "agreements", third.ID); err != nil {
			t.Fatal(err)
		}
		fourth := add(t, parent.ID, &data.Agreement{Changes: "再次草拟。"})
		if fourth.Number != parent.Number+"-补5" {
			t.Errorf("number %q after purging 补4", fourth.Number)
		}
	})
	t.Run("not for a draft", func(t *testing.T) {
		d := f.create(t, f.draft())
		err := f.s.CreateSupplement(f.ctx, d.ID, &data.Agreement{Changes: "x"})
		if agrKey(err) != data.KeyAgreementSupplementParent {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("not through CreateAgreement", func(t *testing.T) {
		d := f.draft()
		d.ParentID = &parent.ID
		if err := f.s.CreateAgreement(f.ctx, d); agrKey(err) != data.KeyAgreementUseSupplement {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("not once the parent is closed", func(t *testing.T) {
		p := f.at(t, data.AgreementSigned)
		pending := add(t, p.ID, &data.Agreement{Changes: "x"})
		f.move(t, pending.ID, data.AgreementPending)
		f.move(t, p.ID, data.AgreementTerminated)
		err := f.s.TransitionAgreement(f.ctx, pending.ID, data.AgreementSigned, f.input(data.AgreementSigned))
		if agrKey(err) != data.KeyAgreementSupplementParent {
			t.Errorf("sign after the parent was terminated: %v", err)
		}
		if err := f.s.CreateSupplement(f.ctx, p.ID, &data.Agreement{Changes: "x"}); agrKey(err) != data.KeyAgreementSupplementParent {
			t.Errorf("create: %v", err)
		}
	})
}

func TestRecordPayment(t *testing.T) {
	f := newAgrFixture(t)
	draft := f.at(t, data.AgreementDraft)
	a := f.at(t, data.AgreementSigned)
	m := a.Milestones[0] // ¥90,000.00
	t.Run("not before signing", func(t *testing.T) {
		err := f.s.RecordPayment(f.ctx, draft.Milestones[0].ID, "2026-11-25", 100, "")
		if agrKey(err) != data.KeyAgreementNotSigned {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("more than planned", func(t *testing.T) {
		err := f.s.RecordPayment(f.ctx, m.ID, "2026-11-25", m.Amount+1, "")
		if agrKey(err) != data.KeyPaymentAmount {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("in the future", func(t *testing.T) {
		err := f.s.RecordPayment(f.ctx, m.ID, "2027-01-15", m.Amount, "")
		if agrKey(err) != data.KeyAgreementDateFuture {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("recorded, then cleared", func(t *testing.T) {
		if err := f.s.RecordPayment(f.ctx, m.ID, "2026年11月25日", 8_000_000, "扣减一万元"); err != nil {
			t.Fatal(err)
		}
		got, _ := f.s.Agreement(f.ctx, a.ID)
		if p := got.Milestones[0]; p.PaidDate != "2026-11-25" || p.PaidAmount != 8_000_000 || p.PaymentNote != "扣减一万元" {
			t.Errorf("milestone %+v", p)
		}
		if err := f.s.RecordPayment(f.ctx, m.ID, "", 0, ""); err != nil {
			t.Fatal(err)
		}
		got, _ = f.s.Agreement(f.ctx, a.ID)
		if p := got.Milestones[0]; p.PaidDate != "" || p.PaidAmount != 0 {
			t.Errorf("milestone %+v", p)
		}
	})
}

func TestEvaluations(t *testing.T) {
	f := newAgrFixture(t)
	a := f.at(t, data.AgreementInProgress)
	for _, tc := range []struct {
		pct  float64
		want string
	}{{95, data.ConclusionExcellent}, {85, data.ConclusionGood}, {60, data.ConclusionPass}, {59, data.ConclusionFail}} {
		t.Run("conclusion from the total "+tc.want, func(t *testing.T) {
			e := f.evaluate(t, a.ID, data.StageOther, tc.pct)
			if e.Conclusion != tc.want || e.Total != tc.pct {
				t.Errorf("total %v conclusion %q", e.Total, e.Conclusion)
			}
		})
	}
	bad := func(name string, edit func(*data.Evaluation), field, key string) {
		t.Run(name, func(t *testing.T) {
			e := &data.Evaluation{AgreementID: a.ID, Stage: data.StageMidterm, Evaluator: "评估组", Conclusion: data.ConclusionPass,
				Scores: []data.IndicatorScore{{IndicatorID: a.Indicators[0].ID, Score: 30}}}
			edit(e)
			if err := f.s.AddEvaluation(f.ctx, e); orgKey(err, field) != key {
				t.Errorf("err = %v", err)
			}
		})
	}
	bad("score above the weight", func(e *data.Evaluation) { e.Scores[0].Score = 40.5 }, "scores", data.KeyEvaluationScore)
	bad("indicator of another agreement", func(e *data.Evaluation) { e.Scores[0].IndicatorID = 99999 }, "scores", data.KeyEvaluationScore)
	bad("indicator scored twice", func(e *data.Evaluation) { e.Scores = append(e.Scores, e.Scores[0]) }, "scores", data.KeyEvaluationScore)
	bad("partial scores need a conclusion", func(e *data.Evaluation) { e.Conclusion = "" }, "conclusion", data.KeyInvalidRequired)
	bad("unknown stage", func(e *data.Evaluation) { e.Stage = "随访" }, "stage", data.KeyInvalidChoice)
	bad("no evaluator", func(e *data.Evaluation) { e.Evaluator = "" }, "evaluator", data.KeyInvalidRequired)
	t.Run("not on a draft", func(t *testing.T) {
		d := f.at(t, data.AgreementDraft)
		err := f.s.AddEvaluation(f.ctx, &data.Evaluation{AgreementID: d.ID, Stage: data.StageMidterm, Evaluator: "x", Conclusion: data.ConclusionPass})
		if agrKey(err) != data.KeyEvaluationStatus {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("deleted with an audit entry", func(t *testing.T) {
		e := f.evaluate(t, a.ID, data.StageMidterm, 70)
		if err := f.s.DeleteEvaluation(f.ctx, e.ID); err != nil {
			t.Fatal(err)
		}
		log, _ := f.s.AuditLog(f.ctx, data.AuditFilter{Entity: "agreement_evaluations", EntityID: e.ID})
		if len(log) != 2 || !strings.Contains(log[0].Before, "第三方评估机构") {
			t.Errorf("audit %+v", log)
		}
	})
}

func TestAttachments(t *testing.T) {
	f := newAgrFixture(t)
	a := f.at(t, data.AgreementDraft)
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{1}, 100)...)
	att := &data.AgreementAttachment{AgreementID: a.ID, Kind: data.AttachmentSignedScan, FileName: "/home/x/签字页.png", Data: png}
	if err := f.s.AddAttachment(f.ctx, att); err != nil {
		t.Fatal(err)
	}
	t.Run("described and checked", func(t *testing.T) {
		if att.FileName != "签字页.png" || att.MediaType != "image/png" || att.Size != 108 || len(att.SHA256) != 64 {
			t.Errorf("%+v", att)
		}
		got, err := f.s.AttachmentData(f.ctx, att.ID)
		if err != nil || !bytes.Equal(got, png) {
			t.Errorf("data %v, %v", len(got), err)
		}
		log, _ := f.s.AuditLog(f.ctx, data.AuditFilter{Entity: "agreement_attachments", EntityID: att.ID})
		if len(log) != 1 || strings.Contains(log[0].After, `"data"`) || !strings.Contains(log[0].After, att.SHA256) {
			t.Errorf("audit %+v", log)
		}
	})
	t.Run("listed without bytes", func(t *testing.T) {
		got, _ := f.s.Agreement(f.ctx, a.ID)
		if len(got.Attachments) != 1 || got.Attachments[0].Data != nil || got.Attachments[0].SHA256 != att.SHA256 {
			t.Errorf("%+v", got.Attachments)
		}
	})
	t.Run("damage detected", func(t *testing.T) {
		if err := data.StoreDB(f.s).Exec("UPDATE agreement_attachments SET data = ? WHERE id = ?", []byte("\x89PNG\r\n\x1a\nX"), att.ID).Error; err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AttachmentData(f.ctx, att.ID); agrKey(err) != data.KeyAttachmentDamaged {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("too large", func(t *testing.T) {
		big := &data.AgreementAttachment{AgreementID: a.ID, Kind: data.AttachmentOther, FileName: "big.pdf", Data: make([]byte, data.MaxAttachmentSize+1)}
		if err := f.s.AddAttachment(f.ctx, big); orgKey(err, "data") != data.KeyAttachmentTooLarge {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("empty", func(t *testing.T) {
		err := f.s.AddAttachment(f.ctx, &data.AgreementAttachment{AgreementID: a.ID, Kind: data.AttachmentOther, FileName: "x"})
		if orgKey(err, "data") != data.KeyAttachmentEmpty {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("to the recycle bin and back", func(t *testing.T) {
		if err := f.s.DeleteAttachment(f.ctx, att.ID); err != nil {
			t.Fatal(err)
		}
		bin, _ := f.s.RecycleBin(f.ctx)
		if len(bin) != 1 || bin[0].Entity != "agreement_attachments" || bin[0].Label != "签字页.png" {
			t.Fatalf("bin %+v", bin)
		}
		if err := f.s.Restore(f.ctx, "agreement_attachments", att.ID); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("purging a deleted draft takes its children", func(t *testing.T) {
		if err := f.s.DeleteAgreement(f.ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Purge(f.ctx, "agreements", a.ID); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"agreement_attachments", "agreement_milestones", "agreement_indicators"} {
			var n int64
			data.StoreDB(f.s).Raw("SELECT count(*) FROM "+table+" WHERE agreement_id = ?", a.ID).Scan(&n)
			if n != 0 {
				t.Errorf("%s: %d rows left", table, n)
			}
		}
	})
}

func TestAgreementReminders(t *testing.T) {
	f := newAgrFixture(t)
	// Signed 2026-11-25 (the clock), term 2027-01-01 – 2027-12-31,
	// payments planned 2027-01-15, 2027-07-15 and 2028-01-15.
	f.at(t, data.AgreementInProgress)
	short := f.draft()
	short.TermStart, short.TermEnd = "2026-10-01", "2026-12-10"
	short.Milestones = []data.Milestone{{Share: 100, Condition: data.ConditionSigned, PlannedDate: "2026-11-20"}}
	b := f.create(t, short)
	f.move(t, b.ID, data.AgreementPending)
	f.move(t, b.ID, data.AgreementSigned)
	f.create(t, f.draft()) // drafts remind of nothing

	at := func(t *testing.T, day string) []string {
		t.Helper()
		d, _ := time.Parse(time.DateOnly, day)
		f.s.Now = func() time.Time { return d.Add(10 * time.Hour) }
		rs, err := f.s.AgreementReminders(f.ctx, 30)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rs {
			who := "a"
			if r.AgreementID == b.ID {
				who = "b"
			}
			s := who + " " + r.Kind + " " + r.Date
			if r.Stage != "" {
				s += " " + r.Stage
			}
			if key, args := r.Message(); data.Render(key, "zh", args) == key {
				t.Errorf("no message for %s", key)
			}
			out = append(out, s)
		}
		return out
	}
	for _, tc := range []struct {
		day  string
		want []string
	}{
		// b's term is 70 days and no payment waits for a mid-term
		// evaluation: none is expected.
		{"2026-11-25", []string{"b milestone_overdue 2026-11-20", "b ending 2026-12-10"}},
		{"2026-12-20", []string{
			"b milestone_overdue 2026-11-20",
			"b ended 2026-12-10",
			"b evaluation_missing 2026-12-10 终期验收",
			"a milestone_due 2027-01-15",
		}},
		{"2027-07-10", []string{
			"b milestone_overdue 2026-11-20",
			"b ended 2026-12-10",
			"b evaluation_missing 2026-12-10 终期验收",
			"a milestone_overdue 2027-01-15",
			"a evaluation_missing 2027-07-02 中期评估",
			"a milestone_due 2027-07-15",
		}},
	} {
		t.Run(tc.day, func(t *testing.T) {
			if got := at(t, tc.day); !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
	t.Run("paid and evaluated, nothing is left", func(t *testing.T) {
		f.s.Now = datatest.Epoch
		if err := f.s.RecordPayment(f.ctx, b.Milestones[0].ID, "", b.Milestones[0].Amount, ""); err != nil {
			t.Fatal(err)
		}
		f.s.Now = func() time.Time { return datatest.Epoch().AddDate(0, 0, 20) }
		f.evaluate(t, b.ID, data.StageFinal, 90)
		f.move(t, b.ID, data.AgreementInProgress)
		f.move(t, b.ID, data.AgreementAccepted)
		got := at(t, "2026-12-20")
		if want := []string{"a milestone_due 2027-01-15"}; !slices.Equal(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}
