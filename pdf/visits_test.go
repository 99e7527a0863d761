package pdf

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestVisitPlan prints the week's plan of the test family's grid and
// reads it back: of the two tracked members, the disabled wife (never
// visited) is listed and the veteran of 82 (visited this week) not; the
// tier, the phone whole for the street's account and masked for a viewer,
// and the audit entry of the print.
func TestVisitPlan(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	h := addHousehold(t, s, familyHousehold(), family...)
	ms, err := s.Members(ctx, h.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	var ji int64
	for _, m := range ms {
		if m.Name == "𠮷星辰" {
			ji = m.ID
		}
	}
	v := &data.Visit{ResidentID: ji, Date: "2026-11-24", Method: data.VisitPhone, Met: true, Health: data.CheckProblem, Care: data.CheckWatch}
	if err := s.RecordVisit(ctx, v); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "plan.pdf")
	f := data.VisitFilter{Community: "幸福社区", Grid: "第一网格"}
	n, err := VisitPlan(ctx, s, f, time.Time{}, path)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d listed, want 1 (the wife; the veteran was visited this week)", n)
	}
	keepSample(t, path)
	text := pdfText(t, path)
	for _, want := range []string{"关爱走访周计划", "2026-11-23 至 2026-11-29", "阿依古丽·买买提", "特别关注", "从未走访", "010-65001234", "合计：1 人"} {
		if !strings.Contains(text, want) {
			t.Errorf("plan lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "𠮷星辰") {
		t.Errorf("plan lists the veteran visited this week:\n%s", text)
	}
	// Next week the veteran (重点关注, monthly) is still not due; the
	// wife, never visited, is due still.
	next := filepath.Join(t.TempDir(), "next.pdf")
	if _, err := VisitPlan(ctx, s, f, datatest.Epoch().AddDate(0, 0, 7), next); err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, next); !strings.Contains(text, "2026-11-30 至 2026-12-06") || !strings.Contains(text, "从未走访") || strings.Contains(text, "𠮷星辰") {
		t.Errorf("next week's plan:\n%s", text)
	}
	// Four weeks on, the veteran is due, and his plan's row leads with what
	// the last visit found.
	later := filepath.Join(t.TempDir(), "later.pdf")
	if _, err := VisitPlan(ctx, s, f, datatest.Epoch().AddDate(0, 0, 28), later); err != nil {
		t.Fatal(err)
	}
	if text := strings.Join(strings.Fields(pdfText(t, later)), ""); !strings.Contains(text, "𠮷星辰") || !strings.Contains(text, "上次身体状况有问题") || !strings.Contains(text, "赡养照料需关注") {
		t.Errorf("the plan four weeks on:\n%s", text)
	}
	viewer := datatest.As(t, s, "viewer", []string{data.RoleViewer}, nil, nil)
	masked := filepath.Join(t.TempDir(), "masked.pdf")
	if _, err := VisitPlan(ctx, viewer, f, time.Time{}, masked); err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, masked); strings.Contains(text, "010-65001234") || !strings.Contains(text, "阿依古丽") {
		t.Errorf("the viewer's plan shows the whole phone:\n%s", text)
	}
	log, err := s.AuditLog(ctx, data.AuditFilter{Entity: data.EntityVisitPlan})
	if err != nil || len(log) < 3 {
		t.Errorf("plan audit entries: %d %v", len(log), err)
	}
}

func TestVisitForm(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	h := addHousehold(t, s, familyHousehold(), family...)
	ms, _ := s.Members(ctx, h.ID, false)
	path := filepath.Join(t.TempDir(), "form.pdf")
	var id int64
	for _, m := range ms {
		if m.Name == "阿依古丽·买买提" {
			id = m.ID
		}
	}
	if err := VisitForm(ctx, s, id, path); err != nil {
		t.Fatal(err)
	}
	keepSample(t, path)
	text := strings.Join(strings.Fields(pdfText(t, path)), "")
	for _, want := range []string{"关爱走访记录表", "阿依古丽·买买提", "特别关注", "身体状况", "居家安全（水、电、燃气、取暖）", "服务需求",
		"第三方代访", "转办事项", "走访人（签名）", "010-****1234"} {
		if !strings.Contains(text, want) {
			t.Errorf("form lacks %q:\n%s", want, text)
		}
	}
	if out, err := exec.Command("pdfinfo", path).Output(); err != nil || !strings.Contains(string(out), "Pages:           1\n") ||
		!strings.Contains(string(out), "595.28 x 841.89") {
		t.Errorf("the form is not one A4 portrait page: %v\n%s", err, out)
	}
}
