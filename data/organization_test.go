package data_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// Valid codes of civil-affairs registrations (5 1/2/3), made with the
// check character.
func orgCode(category byte, serial string) string {
	first17 := "5" + string(category) + "110105" + serial
	return first17 + string(data.USCCCheckChar(first17))
}

// orgKey returns the key of the one *data.Error on field in err.
func orgKey(err error, field string) string {
	for _, e := range data.FieldErrors(err)[field] {
		return e.Key
	}
	return ""
}

func TestOrganizationValidate(t *testing.T) {
	ok := func() data.Organization {
		return data.Organization{Name: "阳光社会工作服务中心", USCC: orgCode('2', "MJ0000001"), Type: data.OrgTypeService}
	}
	for _, tc := range []struct {
		name    string
		edit    func(*data.Organization)
		field   string // "" means valid
		key     string
		warning string
		expect  func(*testing.T, data.Organization)
	}{
		{"valid, defaults filled", nil, "", "", "", func(t *testing.T, o data.Organization) {
			if o.Status != data.OrgActive {
				t.Errorf("status %q", o.Status)
			}
		}},
		{"type alias 民非 and ASCII parentheses", func(o *data.Organization) { o.Type = "民非" }, "", "", "", func(t *testing.T, o data.Organization) {
			if o.Type != data.OrgTypeService {
				t.Errorf("type %q", o.Type)
			}
		}},
		{"type with ASCII parentheses", func(o *data.Organization) { o.Type = "社会服务机构(民办非企业单位)" }, "", "", "", nil},
		{"code and phone normalized, areas de-duplicated", func(o *data.Organization) {
			o.USCC = " " + orgCode('2', "MJ0000001")[:9] + " " + orgCode('2', "MJ0000001")[9:]
			o.Phone = "(010) 6512 3456"
			o.ServiceAreas = []string{"养老服务", " 养老服务 ", "", "助残服务"}
			o.Account = "1100 1234 5678 9012"
			o.Bank = "中国建设银行北京东城支行"
		}, "", "", "", func(t *testing.T, o data.Organization) {
			if o.USCC != orgCode('2', "MJ0000001") || o.Phone != "010-65123456" || o.Account != "1100123456789012" {
				t.Errorf("code %q phone %q account %q", o.USCC, o.Phone, o.Account)
			}
			if !slices.Equal(o.ServiceAreas, []string{"养老服务", "助残服务"}) {
				t.Errorf("areas %q", o.ServiceAreas)
			}
		}},
		{"community organization needs no code", func(o *data.Organization) { o.Type, o.USCC = data.OrgTypeCommunity, "" }, "", "", "", nil},
		{"pilot code warns", func(o *data.Organization) {
			// MJ000000-X is a sound organization code (GB 11714).
			c := orgCode('2', "MJ000000X")
			o.USCC = c[:17] + map[bool]string{true: "1", false: "0"}[c[17] == '0']
		}, "", "", data.KeyUSCCCheckWarning, nil},
		{"code of another type warns", func(o *data.Organization) { o.Type = data.OrgTypeAssociation }, "", "", data.KeyUSCCTypeWarning, nil},
		{"no name", func(o *data.Organization) { o.Name = "\u3000" }, "name", data.KeyInvalidRequired, "", nil},
		{"no type", func(o *data.Organization) { o.Type = "" }, "type", data.KeyInvalidRequired, "", nil},
		{"unknown type", func(o *data.Organization) { o.Type = "企业" }, "type", data.KeyInvalidChoice, "", nil},
		{"registered type needs a code", func(o *data.Organization) { o.USCC = "" }, "uscc", data.KeyInvalidRequired, "", nil},
		{"bad code", func(o *data.Organization) { o.USCC = "52110105MJ000000I1" }, "uscc", data.KeyUSCCChars, "", nil},
		{"mistyped code", func(o *data.Organization) {
			c := orgCode('2', "MJ0000001") // organization code MJ000000-1 fails its check
			o.USCC = c[:17] + map[bool]string{true: "1", false: "0"}[c[17] == '0']
		}, "uscc", data.KeyUSCCMistyped, "", nil},
		{"bad status", func(o *data.Organization) { o.Status = "撤销" }, "status", data.KeyInvalidChoice, "", nil},
		{"bad phone", func(o *data.Organization) { o.Phone = "12345" }, "phone", data.KeyInvalidPhone, "", nil},
		{"bad account", func(o *data.Organization) { o.Account, o.Bank = "6222-ABC", "工商银行" }, "account", data.KeyInvalidBankAccount, "", nil},
		{"account without bank", func(o *data.Organization) { o.Account = "110012345678" }, "bank", data.KeyInvalidRequired, "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := ok()
			if tc.edit != nil {
				tc.edit(&o)
			}
			warnings, err := o.Validate()
			if tc.field != "" {
				if got := orgKey(err, tc.field); got != tc.key {
					t.Fatalf("field %s: key %q, want %q (all: %v)", tc.field, got, tc.key, err)
				}
				if !errors.Is(err, data.ErrInvalid) {
					t.Errorf("errors.Is(err, ErrInvalid) = false")
				}
				return
			}
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if tc.warning == "" && len(warnings) > 0 || tc.warning != "" && (len(warnings) != 1 || warnings[0].Key != tc.warning) {
				t.Errorf("warnings %+v, want %q", warnings, tc.warning)
			}
			if tc.expect != nil {
				tc.expect(t, o)
			}
		})
	}
}

func TestOrganizationDuplicateUSCC(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	code := orgCode('2', "MJ0000002")
	first := &data.Organization{Name: "阳光社会工作服务中心", USCC: code, Type: data.OrgTypeService}
	if _, err := s.CreateOrganization(ctx, first); err != nil {
		t.Fatal(err)
	}
	dupOf := func(t *testing.T, err error, deleted bool) {
		t.Helper()
		var e *data.Error
		if !errors.As(err, &e) || e.Key != data.KeyOrgDuplicateUSCC {
			t.Fatalf("err = %v, want %s", err, data.KeyOrgDuplicateUSCC)
		}
		if e.Args["Name"] != first.Name || e.Args["OrganizationID"] != first.ID || e.Args["Deleted"] != deleted || e.Args["Field"] != "uscc" {
			t.Errorf("args = %v", e.Args)
		}
		if msg := e.Error(); !strings.Contains(msg, first.Name) {
			t.Errorf("message %q does not name the organization", msg)
		}
	}
	t.Run("create refused, code in lowercase", func(t *testing.T) {
		_, err := s.CreateOrganization(ctx, &data.Organization{Name: "另一家", USCC: " " + lower(code), Type: data.OrgTypeService})
		dupOf(t, err, false)
	})
	t.Run("update refused", func(t *testing.T) {
		other := &data.Organization{Name: "另一家", USCC: orgCode('2', "MJ0000003"), Type: data.OrgTypeService}
		if _, err := s.CreateOrganization(ctx, other); err != nil {
			t.Fatal(err)
		}
		other.USCC = code
		_, err := s.UpdateOrganization(ctx, other)
		dupOf(t, err, false)
	})
	t.Run("saving itself is fine", func(t *testing.T) {
		first.Notes = "改了备注"
		if _, err := s.UpdateOrganization(ctx, first); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("community organizations without code", func(t *testing.T) {
		for _, name := range []string{"幸福社区舞蹈队", "幸福社区志愿者协会"} {
			if _, err := s.CreateOrganization(ctx, &data.Organization{Name: name, Type: data.OrgTypeCommunity}); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	})
	t.Run("in the recycle bin still holds the code", func(t *testing.T) {
		if err := s.Delete(ctx, first); err != nil {
			t.Fatal(err)
		}
		_, err := s.CreateOrganization(ctx, &data.Organization{Name: "第三家", USCC: code, Type: data.OrgTypeService})
		dupOf(t, err, true)
	})
	t.Run("the index refuses what slips past the store", func(t *testing.T) {
		err := data.StoreDB(s).Create(&data.Organization{Name: "绕过", USCC: code, Type: data.OrgTypeService, Status: data.OrgActive}).Error
		if err == nil {
			t.Fatal("duplicate code inserted")
		}
	})
}

func TestListOrganizations(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx := context.Background()
	orgs := []*data.Organization{
		{Name: "阳光社会工作服务中心", USCC: orgCode('2', "MJ0000011"), Type: data.OrgTypeService, ServiceAreas: []string{"养老服务"}},
		{Name: "北京市东城区助残协会", USCC: orgCode('1', "MJ0000012"), Type: data.OrgTypeAssociation, ServiceAreas: []string{"助残服务"}},
		{Name: "彩虹青少年服务中心", USCC: orgCode('2', "MJ0000013"), Type: data.OrgTypeService, ServiceAreas: []string{"儿童与青少年服务", "养老服务"}},
		{Name: "幸福社区舞蹈队", Type: data.OrgTypeCommunity, ServiceAreas: []string{"文化体育"}},
		{Name: "安心养老基金会", USCC: orgCode('3', "MJ0000014"), Type: data.OrgTypeFoundation, Status: data.OrgDeregistered},
		{Name: "50%_公益", Type: data.OrgTypeCommunity},
	}
	for _, o := range orgs {
		if _, err := s.CreateOrganization(ctx, o); err != nil {
			t.Fatalf("%s: %v", o.Name, err)
		}
	}
	names := func(rows []data.Organization) []string {
		var out []string
		for _, o := range rows {
			out = append(out, o.Name)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    data.OrganizationFilter
		want []string
	}{
		{"all, by pinyin", data.OrganizationFilter{}, []string{"50%_公益", "安心养老基金会", "北京市东城区助残协会", "彩虹青少年服务中心", "xingfu", "阳光社会工作服务中心"}},
		{"name anywhere", data.OrganizationFilter{Query: "服务中心"}, []string{"彩虹青少年服务中心", "阳光社会工作服务中心"}},
		{"initials", data.OrganizationFilter{Query: "ygsh"}, []string{"阳光社会工作服务中心"}},
		{"full pinyin prefix, upper case", data.OrganizationFilter{Query: "CaiHong"}, []string{"彩虹青少年服务中心"}},
		{"code fragment in lowercase", data.OrganizationFilter{Query: lower(orgCode('1', "MJ0000012")[9:])}, []string{"北京市东城区助残协会"}},
		{"wildcards are literal", data.OrganizationFilter{Query: "%_"}, []string{"50%_公益"}},
		{"type", data.OrganizationFilter{Type: "民非"}, []string{"彩虹青少年服务中心", "阳光社会工作服务中心"}},
		{"status", data.OrganizationFilter{Status: data.OrgDeregistered}, []string{"安心养老基金会"}},
		{"service area", data.OrganizationFilter{ServiceArea: "养老服务"}, []string{"彩虹青少年服务中心", "阳光社会工作服务中心"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := s.ListOrganizations(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			got := names(page.Rows)
			for i, g := range got {
				if g == "幸福社区舞蹈队" {
					got[i] = "xingfu" // sorts under x
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("keyset paging", func(t *testing.T) {
		var all []string
		f := data.OrganizationFilter{Limit: 4}
		for range 10 {
			page, err := s.ListOrganizations(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, names(page.Rows)...)
			if page.Next == "" {
				break
			}
			f.After = page.Next
		}
		if len(all) != len(orgs) {
			t.Errorf("paged through %q", all)
		}
		whole, _ := s.ListOrganizations(ctx, data.OrganizationFilter{})
		if !slices.Equal(all, names(whole.Rows)) {
			t.Errorf("pages %q differ from the whole %q", all, names(whole.Rows))
		}
	})
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
