package screens

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"jiedao/data"
	"jiedao/data/datatest"
)

// fakeTimers is Env.After in tests: the test fires what is due.
type fakeTimers struct{ due []func() }

func (f *fakeTimers) after(d time.Duration, fn func()) func() {
	if d != UnmaskFor {
		panic("unexpected timer")
	}
	i := len(f.due)
	f.due = append(f.due, fn)
	return func() { f.due[i] = nil }
}

func (f *fakeTimers) fire() {
	due := f.due
	f.due = nil
	for _, fn := range due {
		if fn != nil {
			fn()
		}
	}
}

func TestEyeButtonShowsTheWholeNumberForAMinute(t *testing.T) {
	e, s := newTestEnv(t)
	timers := &fakeTimers{}
	e.After = timers.after
	h := newHousehold(t, s, "501")
	id := validID("11010119800101501")
	r := addResident(t, s, h, "王五", id, data.RelationHead)
	ctx := context.Background()
	r.Phone = "13812345678"
	if _, err := s.UpdateResident(ctx, &r); err != nil {
		t.Fatal(err)
	}
	_, d := openDetail(t, e, h.ID)
	row := d.createMemberRow()
	d.updateMemberRow(0, row)
	if got := texts(row); contains(got, id) || !contains(got, data.MaskID(id)) {
		t.Errorf("the member list shows the whole ID number: %q", got)
	}
	d.onEditMember(d.members[0])
	f := d.form
	if f.idNumber.Text != data.MaskID(id) || !f.idNumber.Disabled() || !f.idField.eye.Visible() {
		t.Fatalf("the form shows %q (disabled %v, eye %v)", f.idNumber.Text, f.idNumber.Disabled(), f.idField.eye.Visible())
	}
	test.Tap(f.idField.eye)
	ask := f.idField.ask
	if ask == nil {
		t.Fatal("no reason asked")
	}
	ask.choice.SetSelected(data.UnmaskReasons[len(data.UnmaskReasons)-1]) // 其他：, nothing said
	test.Tap(ask.ok)
	if f.idField.ask == nil || ask.problem.Text == "" || f.idNumber.Text != data.MaskID(id) {
		t.Fatalf("其他 without a reason: problem %q, field %q", ask.problem.Text, f.idNumber.Text)
	}
	test.Type(ask.other, "街道核对低保名单")
	test.Tap(ask.ok)
	if f.idNumber.Text != id || f.idNumber.Disabled() {
		t.Fatalf("after the reason the field shows %q", f.idNumber.Text)
	}
	log, err := s.AuditLog(ctx, data.AuditFilter{Entity: "residents", Limit: 1})
	if err != nil || len(log) != 1 || log[0].Action != data.ActionView || !contains([]string{string(log[0].After)}, "其他：街道核对低保名单") {
		t.Fatalf("the look is not recorded: %v %+v", err, log)
	}
	// A minute later it is masked again; the save keeps the number.
	timers.fire()
	if f.idNumber.Text != data.MaskID(id) || !f.idNumber.Disabled() {
		t.Errorf("after the minute the field shows %q", f.idNumber.Text)
	}
	if v := f.values(); v.IDNumber != id || v.Phone != "13812345678" {
		t.Errorf("the form would save %q, %q", v.IDNumber, v.Phone)
	}
	// An edit made while it was shown is not masked away.
	test.Tap(f.phoneField.eye)
	f.phoneField.ask.choice.SetSelected(data.UnmaskReasons[0])
	test.Tap(f.phoneField.ask.ok)
	f.phone.SetText("13900001111")
	timers.fire()
	if f.phone.Text != "13900001111" || f.values().Phone != "13900001111" {
		t.Errorf("the edited phone became %q", f.phone.Text)
	}
}

func TestNoEyeButtonForAViewer(t *testing.T) {
	e, s := newTestEnv(t)
	h := newHousehold(t, s, "502")
	addResident(t, s, h, "赵六", validID("11010119800101602"), data.RelationHead)
	e.SetStore(datatest.As(t, s, "leader", []string{data.RoleViewer}, nil, nil))
	_, d := openDetail(t, e, h.ID)
	d.onEditMember(d.members[0])
	if d.form.idField.eye.Visible() || !d.form.idField.masked {
		t.Error("a viewer is offered the whole ID number")
	}
}

func contains(xs []string, sub string) bool {
	return strings.Contains(strings.Join(xs, "\n"), sub)
}
