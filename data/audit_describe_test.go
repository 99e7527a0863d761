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

// TestDescribeAudit reads entries as the audit screen shows them: the
// record by its name, the changed fields with their labels before →
// after, numbers masked, looks at whole numbers with their reason.
func TestDescribeAudit(t *testing.T) {
	ctx := context.Background()
	s := datatest.MustOpen(t)
	h := data.Household{Community: "幸福社区", Grid: "一网格", Address: "幸福路1号", ResidenceType: data.ResidenceLocal}
	if err := s.CreateHousehold(ctx, &h); err != nil {
		t.Fatal(err)
	}
	r := data.Resident{HouseholdID: h.ID, Name: "张三", IDNumber: regID("110101", "19800101", "001"), Relation: "户主", Phone: "13812345678"}
	if _, err := s.AddResident(ctx, &r, nil); err != nil {
		t.Fatal(err)
	}
	stored, err := s.Household(ctx, h.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored.Address, stored.Phone = "幸福路2号", "13900001111"
	if err := s.UpdateHousehold(ctx, &stored); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Unmask(ctx, "residents", r.ID, data.FieldIDNumber, "核实身份"); err != nil {
		t.Fatal(err)
	}
	o := data.Organization{Name: "阳光社会工作服务中心", USCC: orgCode('2', "MJ0000001"), Type: data.OrgTypeService, LegalRep: "李四"}
	if _, err := s.CreateOrganization(ctx, &o); err != nil {
		t.Fatal(err)
	}
	o.LegalRep = "王五"
	if _, err := s.UpdateOrganization(ctx, &o); err != nil {
		t.Fatal(err)
	}

	log, err := s.AuditLog(ctx, data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	lines, err := s.DescribeAudit(ctx, log, "zh")
	if err != nil {
		t.Fatal(err)
	}
	find := func(action, entity string) data.AuditLine {
		t.Helper()
		for _, l := range lines {
			if l.Entry.Action == action && l.Entry.Entity == entity {
				return l
			}
		}
		t.Fatalf("no %s %s in %+v", action, entity, lines)
		return data.AuditLine{}
	}
	change := func(l data.AuditLine, field string) data.AuditChange {
		t.Helper()
		for _, c := range l.Changes {
			if c.Field == field {
				return c
			}
		}
		t.Fatalf("no change of %s in %+v", field, l.Changes)
		return data.AuditChange{}
	}

	upd := find(data.ActionUpdate, "households")
	if want := "户 " + stored.Number + "（户主 张三）"; upd.Record != want {
		t.Errorf("household named %q, want %q", upd.Record, want)
	}
	if upd.Operator != datatest.FullLogin || upd.Login != datatest.FullLogin || upd.Action == "" || upd.Kind != "住户" {
		t.Errorf("line %+v", upd)
	}
	if c := change(upd, "address"); c.Label != "地址" || c.Before != "幸福路1号" || c.After != "幸福路2号" {
		t.Errorf("address change %+v", c)
	}
	if c := change(upd, "phone"); c.After != data.MaskPhone("13900001111") || strings.Contains(c.After, "0000") {
		t.Errorf("phone change shows %+v, want it masked", c)
	}
	for _, c := range upd.Changes {
		if c.Field == "updatedAt" || c.Field == "community" {
			t.Errorf("unchanged or bookkeeping field listed: %+v", c)
		}
	}
	view := find(data.ActionView, "residents")
	if view.Record != "张三（户 "+stored.Number+"）" || !strings.Contains(view.Detail, "身份证号码") || !strings.Contains(view.Detail, "核实身份") {
		t.Errorf("view line %+v", view)
	}
	org := find(data.ActionUpdate, "organizations")
	if c := change(org, "legalRep"); org.Record != o.Name || c.Label != "法定代表人" || c.Before != "李四" || c.After != "王五" {
		t.Errorf("organization line %+v, change %+v", org, c)
	}
	if len(org.Changes) != 1 {
		t.Errorf("organization changes %+v, want only legalRep", org.Changes)
	}

	en, err := s.DescribeAudit(ctx, log[:1], "en")
	if err != nil {
		t.Fatal(err)
	}
	if c := en[0].Changes; en[0].Record != o.Name || len(c) != 1 || c[0].Label != "Legal representative" {
		t.Errorf("en line %+v", en[0])
	}
	if _, err := datatest.As(t, s, "street-only", []string{data.RoleStreet}, nil, nil).DescribeAudit(ctx, log, "zh"); !errors.Is(err, data.ErrPermission) {
		t.Errorf("a street manager describes the audit: %v", err)
	}
}

func TestFormatAuditTime(t *testing.T) {
	at := time.Date(2026, 12, 7, 9, 52, 45, 0, time.FixedZone("CST", 8*3600))
	if got := data.FormatAuditTime(at, "zh"); got != "2026年12月7日 09:52" {
		t.Errorf("zh %q", got)
	}
	if got := data.FormatAuditTime(at, "en"); got != "7 Dec 2026 09:52" {
		t.Errorf("en %q", got)
	}
}
