package data_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"jiedao/data"
)

// TestNotFoundSaysRecycleBin: a record that never existed is "找不到…"; one
// in the recycle bin says so (only it says 删除), for every record kind the
// command line and the window look up by number or ID; restored, it is
// found again.
func TestNotFoundSaysRecycleBin(t *testing.T) {
	f := newMtgFixture(t)
	s, ctx := f.s, f.ctx
	h := &data.Household{Number: "2026000777", Community: "幸福社区", Address: "幸福路7号", ResidenceType: data.ResidenceTypes[0]}
	if err := s.Create(ctx, h); err != nil {
		t.Fatal(err)
	}
	a := f.agrFixture.create(t, f.draft())
	m := f.meeting("2026-06-25")
	if err := s.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	// The meeting refers to the organization; a second one is free to go.
	o := &data.Organization{Name: "幸福社区养老服务中心", USCC: orgCode('2', "MJ0000201"), Type: data.OrgTypeService, LegalRep: "李梅"}
	if _, err := s.CreateOrganization(ctx, o); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		entity string
		id     int64
		key    string // what the user types
		lookup func(key string) error
		del    func() error
		never  string // a key no record ever had
		zh     string // the missing message's start
	}{
		{"households", h.ID, h.Number, func(k string) error { _, err := s.HouseholdByNumber(ctx, k); return err },
			func() error { return s.Delete(ctx, h) }, "2026000999", "找不到住户"},
		{"agreements", a.ID, a.Number, func(k string) error { _, err := s.AgreementByNumber(ctx, k); return err },
			func() error { return s.DeleteAgreement(ctx, a.ID) }, "XF-2099-999", "找不到协议"},
		{"meetings", m.ID, fmt.Sprint(m.ID), func(k string) error { _, err := s.MeetingByKey(ctx, k); return err },
			func() error { return s.DeleteMeeting(ctx, m.ID) }, "99999", "找不到编号为"},
		{"organizations", o.ID, o.USCC, func(k string) error { _, err := s.OrganizationByUSCC(ctx, k); return err },
			func() error { return s.Delete(ctx, o) }, orgCode('2', "MJ0000999"), "找不到社会组织"},
	} {
		t.Run(tc.entity, func(t *testing.T) {
			if err := tc.lookup(tc.key); err != nil {
				t.Fatalf("live record: %v", err)
			}
			err := tc.lookup(tc.never)
			var e *data.Error
			if !errors.As(err, &e) || e.Key != data.KeyNotFound+"."+tc.entity || data.InRecycleBin(err) {
				t.Fatalf("never existed: %v (%T)", err, err)
			}
			if msg := e.Error(); !strings.HasPrefix(msg, tc.zh) || strings.Contains(msg, "删除") || !strings.Contains(msg, tc.never) {
				t.Errorf("never existed: %q", msg)
			}
			if err := tc.del(); err != nil {
				t.Fatal(err)
			}
			err = tc.lookup(tc.key)
			if !errors.As(err, &e) || e.Key != data.KeyNotFound+"."+tc.entity+".deleted" || !data.InRecycleBin(err) || !errors.Is(err, data.ErrNotFound) {
				t.Fatalf("in the bin: %v", err)
			}
			if msg := e.Error(); !strings.Contains(msg, "在回收站中") || !strings.Contains(msg, tc.key) {
				t.Errorf("in the bin: %q", msg)
			}
			if msg := data.Render(e.Key, "en", e.Args); !strings.Contains(msg, "recycle bin") {
				t.Errorf("in the bin, en: %q", msg)
			}
			if err := s.Restore(ctx, tc.entity, tc.id); err != nil {
				t.Fatal(err)
			}
			if err := tc.lookup(tc.key); err != nil {
				t.Errorf("restored: %v", err)
			}
		})
	}
	// By ID, as the window opens a record from a list.
	if err := s.Delete(ctx, h); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Household(ctx, h.ID); !data.InRecycleBin(err) {
		t.Errorf("Household(id) of a deleted one: %v", err)
	}
	if _, err := s.Household(ctx, h.ID+1000); err == nil || data.InRecycleBin(err) {
		t.Errorf("Household(id) of none: %v", err)
	}
	if _, err := s.Organization(ctx, o.ID+1000); err == nil || data.InRecycleBin(err) {
		t.Errorf("Organization(id) of none: %v", err)
	}
}
