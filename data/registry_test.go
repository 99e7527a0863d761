package data_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"jiedao/data"
	"jiedao/data/datatest"
)

// id makes a valid ID number from region (6 digits), birth (YYYYMMDD) and
// sequence (3 digits: odd last digit for men).
func regID(region, birth, seq string) string {
	first17 := region + birth + seq
	return first17 + string(data.IDCheckChar(first17))
}

func regToday() time.Time { return datatest.Epoch() }

// keysOf returns the keys of the *data.Error values err joins.
func regKeys(err error) map[string]string {
	out := map[string]string{}
	for field, es := range data.FieldErrors(err) {
		for _, e := range es {
			out[field] = e.Key
		}
	}
	return out
}

func TestHouseholdValidate(t *testing.T) {
	ok := func() data.Household {
		return data.Household{Community: "幸福社区", Estate: "幸福小区", Building: "3", Unit: "2", Room: "301", ResidenceType: data.ResidenceLocal}
	}
	for _, tc := range []struct {
		name   string
		edit   func(*data.Household)
		field  string // "" means valid
		key    string
		expect func(*testing.T, data.Household)
	}{
		{"valid, address composed", nil, "", "", func(t *testing.T, h data.Household) {
			if h.Address != "幸福小区3栋2单元301室" || h.Kind != data.HouseholdFamily {
				t.Errorf("address %q kind %q", h.Address, h.Kind)
			}
		}},
		{"number normalized", func(h *data.Household) { h.Number = " ２０２６００００１２ " }, "", "", func(t *testing.T, h data.Household) {
			if h.Number != "2026000012" {
				t.Errorf("number %q", h.Number)
			}
		}},
		{"landline normalized", func(h *data.Household) { h.Phone = "(010) 6512 3456" }, "", "", func(t *testing.T, h data.Household) {
			if h.Phone != "010-65123456" {
				t.Errorf("phone %q", h.Phone)
			}
		}},
		{"no community", func(h *data.Household) { h.Community = " \u3000" }, "community", data.KeyInvalidRequired, nil},
		{"no address", func(h *data.Household) { h.Estate, h.Building, h.Unit, h.Room = "", "", "", "" }, "address", data.KeyInvalidRequired, nil},
		{"no residence type", func(h *data.Household) { h.ResidenceType = "" }, "residenceType", data.KeyInvalidRequired, nil},
		{"bad residence type", func(h *data.Household) { h.ResidenceType = "暂住" }, "residenceType", data.KeyInvalidChoice, nil},
		{"bad kind", func(h *data.Household) { h.Kind = "单身户" }, "kind", data.KeyInvalidChoice, nil},
		{"bad housing", func(h *data.Household) { h.Housing = "豪宅" }, "housing", data.KeyInvalidChoice, nil},
		{"bad phone", func(h *data.Household) { h.Phone = "12345" }, "phone", data.KeyInvalidPhone, nil},
		{"bad number", func(h *data.Household) { h.Number = "户-1" }, "number", data.KeyInvalidHouseholdNumber, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := ok()
			if tc.edit != nil {
				tc.edit(&h)
			}
			err := h.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				if tc.expect != nil {
					tc.expect(t, h)
				}
				return
			}
			if got := regKeys(err)[tc.field]; got != tc.key {
				t.Errorf("field %s: key %q, want %q (all: %v)", tc.field, got, tc.key, err)
			}
			if !errors.Is(err, data.ErrInvalid) {
				t.Errorf("errors.Is(err, ErrInvalid) = false")
			}
		})
	}
}

func TestResidentValidate(t *testing.T) {
	man := regID("110101", "19900307", "123")
	ok := func() data.Resident {
		return data.Resident{HouseholdID: 1, Name: "张三", IDNumber: man, Ethnicity: "汉族", Relation: "户主"}
	}
	for _, tc := range []struct {
		name   string
		edit   func(*data.Resident)
		field  string
		key    string
		expect func(*testing.T, data.Resident)
	}{
		{"valid, sex and birth from the ID", nil, "", "", func(t *testing.T, r data.Resident) {
			if r.Sex != "男" || r.BirthDate != "1990-03-07" || r.Status != data.StatusPresent {
				t.Errorf("sex %q birth %q status %q", r.Sex, r.BirthDate, r.Status)
			}
		}},
		{"name normalized", func(r *data.Resident) { r.Name = " 王\u3000小明\u200b" }, "", "", func(t *testing.T, r data.Resident) {
			if r.Name != "王小明" {
				t.Errorf("name %q", r.Name)
			}
		}},
		{"minority name dot", func(r *data.Resident) { r.Name = "阿依古丽•买买提" }, "", "", func(t *testing.T, r data.Resident) {
			if r.Name != "阿依古丽·买买提" {
				t.Errorf("name %q", r.Name)
			}
		}},
		{"name outside the BMP kept", func(r *data.Resident) { r.Name = "𠮷田" }, "", "", func(t *testing.T, r data.Resident) {
			if r.Name != "𠮷田" {
				t.Errorf("name %q", r.Name)
			}
		}},
		{"lowercase x and full-width digits", func(r *data.Resident) {
			r.IDNumber = "１１０１０５１９４９１２３１００２x"
			r.Sex = ""
		}, "", "", func(t *testing.T, r data.Resident) {
			if r.IDNumber != "11010519491231002X" || r.Sex != "女" {
				t.Errorf("id %q sex %q", r.IDNumber, r.Sex)
			}
		}},
		{"15 digits upgraded", func(r *data.Resident) { r.IDNumber = "110101900307123" }, "", "", func(t *testing.T, r data.Resident) {
			if r.IDNumber != man {
				t.Errorf("id %q, want %q", r.IDNumber, man)
			}
		}},
		{"entered birth date in another format", func(r *data.Resident) { r.BirthDate = "1990年3月7日" }, "", "", func(t *testing.T, r data.Resident) {
			if r.BirthDate != "1990-03-07" {
				t.Errorf("birth %q", r.BirthDate)
			}
		}},
		{"mobile normalized", func(r *data.Resident) { r.Phone = "+86 138-1234-5678" }, "", "", func(t *testing.T, r data.Resident) {
			if r.Phone != "13812345678" {
				t.Errorf("phone %q", r.Phone)
			}
		}},
		{"高龄老人 is computed, not stored", func(r *data.Resident) {
			r.Tags = []data.ResidentTag{{Tag: data.TagVeryOld}, {Tag: data.TagSubsistence}, {Tag: data.TagSubsistence}}
		}, "", "", func(t *testing.T, r data.Resident) {
			if len(r.Tags) != 1 || r.Tags[0].Tag != data.TagSubsistence {
				t.Errorf("tags %v", r.Tags)
			}
		}},
		{"disability with category and grade", func(r *data.Resident) {
			r.Tags = []data.ResidentTag{{Tag: data.TagDisabled, Category: "肢体残疾", Grade: "二级"}}
		}, "", "", nil},
		{"no name", func(r *data.Resident) { r.Name = "\u200b " }, "name", data.KeyInvalidRequired, nil},
		{"no ID", func(r *data.Resident) { r.IDNumber = "" }, "idNumber", data.KeyIDEmpty, nil},
		{"ID checksum", func(r *data.Resident) { r.IDNumber = man[:17] + "0" }, "idNumber", data.KeyIDChecksum, nil},
		{"ID in the future", func(r *data.Resident) { r.IDNumber = regID("110101", "20300101", "123") }, "idNumber", data.KeyIDFuture, nil},
		{"sex contradicts the ID", func(r *data.Resident) { r.Sex = "女" }, "sex", data.KeyInvalidSexMismatch, nil},
		{"birth date contradicts the ID", func(r *data.Resident) { r.BirthDate = "1990-03-08" }, "birthDate", data.KeyInvalidBirthMismatch, nil},
		{"birth date not a date", func(r *data.Resident) { r.BirthDate = "1990-02-30" }, "birthDate", data.KeyInvalidDate, nil},
		{"bad ethnic group", func(r *data.Resident) { r.Ethnicity = "汉" }, "ethnicity", data.KeyInvalidChoice, nil},
		{"bad relation", func(r *data.Resident) { r.Relation = "朋友" }, "relation", data.KeyInvalidChoice, nil},
		{"bad education", func(r *data.Resident) { r.Education = "博士后" }, "education", data.KeyInvalidChoice, nil},
		{"bad political status", func(r *data.Resident) { r.Political = "党员" }, "political", data.KeyInvalidChoice, nil},
		{"bad marital status", func(r *data.Resident) { r.Marital = "同居" }, "marital", data.KeyInvalidChoice, nil},
		{"bad status", func(r *data.Resident) { r.Status = "失踪" }, "status", data.KeyInvalidChoice, nil},
		{"bad phone", func(r *data.Resident) { r.Phone = "1234567" }, "phone", data.KeyInvalidPhone, nil},
		{"mobile with a bad second digit", func(r *data.Resident) { r.Phone = "12812345678" }, "phone", data.KeyInvalidPhone, nil},
		{"unknown tag", func(r *data.Resident) { r.Tags = []data.ResidentTag{{Tag: "富豪"}} }, "tags", data.KeyInvalidChoice, nil},
		{"disability without grade", func(r *data.Resident) {
			r.Tags = []data.ResidentTag{{Tag: data.TagDisabled, Category: "视力残疾"}}
		}, "tags", data.KeyInvalidDisabilityGrade, nil},
		{"disability without category", func(r *data.Resident) {
			r.Tags = []data.ResidentTag{{Tag: data.TagDisabled, Grade: "一级"}}
		}, "tags", data.KeyInvalidDisability, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ok()
			if tc.edit != nil {
				tc.edit(&r)
			}
			_, err := r.Validate(regToday())
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				if tc.expect != nil {
					tc.expect(t, r)
				}
				return
			}
			if got := regKeys(err)[tc.field]; got != tc.key {
				t.Errorf("field %s: key %q, want %q (all: %v)", tc.field, got, tc.key, err)
			}
		})
	}
}

func TestEnumerations(t *testing.T) {
	for _, tc := range []struct {
		name string
		list []string
		n    int
	}{
		{"ethnic groups: 56 + 其他 + 外国血统", data.EthnicGroups, 58},
		{"residence types", data.ResidenceTypes, 4},
		{"statuses", data.Statuses, 4},
		{"care tags", data.CareTags, 9},
		{"political statuses", data.PoliticalStatuses, 13},
		{"disability grades", data.DisabilityGrades, 4},
		{"event kinds", data.EventKinds, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seen := map[string]bool{}
			for _, v := range tc.list {
				if seen[v] {
					t.Errorf("%q twice", v)
				}
				seen[v] = true
			}
			if len(tc.list) != tc.n {
				t.Errorf("%d values, want %d", len(tc.list), tc.n)
			}
		})
	}
}

func TestNormalizePhone(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"13812345678", "13812345678"},
		{"138 1234 5678", "13812345678"},
		{"138-1234-5678", "13812345678"},
		{"+8613812345678", "13812345678"},
		{"0086 138 1234 5678", "13812345678"},
		{"１３８１２３４５６７８", "13812345678"},
		{"010-62345678", "010-62345678"},
		{"01062345678", "010-62345678"},
		{"(010)62345678", "010-62345678"},
		{"010-12345678", ""}, // a local number never starts with 1
		{"0571-8765432", "0571-8765432"},
		{"05718765432", "0571-8765432"},
		{"0571 8765 4321", "0571-87654321"},
		{"010-62345678-801", "010-62345678-801"},
		{"010-62345678转801", "010-62345678-801"},
		{"0755-2234567-801", "0755-2234567-801"},
		{"12345678", ""},      // no area code
		{"1381234567", ""},    // 10 digits
		{"12812345678", ""},   // 12x is no mobile prefix
		{"138123456789", ""},  // 12 digits
		{"010-123456", ""},    // too short
		{"010-012345678", ""}, // local number starts with 0
		{"phone", ""},
		{"13812345678-1", ""}, // extension on a mobile
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := data.NormalizePhone(tc.in)
			if tc.want == "" {
				if err == nil {
					t.Errorf("NormalizePhone(%q) = %q, want an error", tc.in, got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("NormalizePhone(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestMask(t *testing.T) {
	for _, tc := range []struct{ name, got, want string }{
		{"ID", data.MaskID("11010519491231002X"), "110105********002X"},
		{"ID of 15", data.MaskID("110101900307123"), "110101*****7123"},
		{"short ID masked whole", data.MaskID("12345"), "*****"},
		{"empty ID", data.MaskID(""), ""},
		{"mobile", data.MaskPhone("13812345678"), "138****5678"},
		{"landline", data.MaskPhone("010-62345678"), "010-****5678"},
		{"landline of 7 with extension", data.MaskPhone("0571-8765432-12"), "0571-***5432-12"},
		{"other", data.MaskPhone("12345"), "***45"},
		{"empty phone", data.MaskPhone(""), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

func TestNamePinyin(t *testing.T) {
	for _, tc := range []struct{ name, full, initials string }{
		{"张三", "zhangsan", "zs"},
		{"单田芳", "shantianfang", "stf"},
		{"曾志伟", "zengzhiwei", "zzw"},
		{"解缙", "xiejin", "xj"},
		{"仇英", "qiuying", "qy"},
		{"区小华", "ouxiaohua", "oxh"},
		{"查良镛", "zhaliangyong", "zly"},
		{"朴树", "piaoshu", "ps"},
		{"覃海", "qinhai", "qh"},
		{"翟天临", "zhaitianlin", "ztl"},
		{"尉迟恭", "yuchigong", "ycg"},
		{"万俟卨", "moqixie", "mqx"},
		{"单", "dan", "d"}, // one character: not a surname
		{"𠮷田", "jitian", "jt"},
		{"吕布", "lvbu", "lb"},
		{"阿依古丽·买买提", "ayigulimaimaiti", "ayglmmt"},
		{"John Smith", "johnsmith", "js"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			full, initials := data.NamePinyin(tc.name)
			if full != tc.full || initials != tc.initials {
				t.Errorf("NamePinyin(%q) = %q, %q; want %q, %q", tc.name, full, initials, tc.full, tc.initials)
			}
		})
	}
}

func TestAgeOn(t *testing.T) {
	day := time.Date(2026, 2, 28, 15, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		birth string
		want  int
	}{
		{"2000-02-28", 26}, {"2000-02-29", 25}, {"2000-03-01", 25}, {"1946-02-28", 80}, {"2026-02-28", 0}, {"", -1}, {"1990-13-01", -1},
	} {
		t.Run(tc.birth, func(t *testing.T) {
			if got := data.AgeOn(tc.birth, day); got != tc.want {
				t.Errorf("AgeOn(%q) = %d, want %d", tc.birth, got, tc.want)
			}
		})
	}
}

// registry is a small register for store tests.
type regFixture struct {
	s   *data.Store
	ctx context.Context
	t   *testing.T
}

func newRegFixture(t *testing.T) *regFixture {
	return &regFixture{s: datatest.MustOpen(t), ctx: context.Background(), t: t}
}

func (g *regFixture) household(community, grid, estate, building, room, residence string) *data.Household {
	g.t.Helper()
	h := &data.Household{Community: community, Grid: grid, Estate: estate, Building: building, Unit: "1", Room: room, ResidenceType: residence}
	if err := g.s.CreateHousehold(g.ctx, h); err != nil {
		g.t.Fatalf("CreateHousehold: %v", err)
	}
	return h
}

func (g *regFixture) resident(h *data.Household, name, idNumber, relation, phone string, tags ...string) *data.Resident {
	g.t.Helper()
	r := &data.Resident{HouseholdID: h.ID, Name: name, IDNumber: idNumber, Relation: relation, Phone: phone}
	for _, tag := range tags {
		rt := data.ResidentTag{Tag: tag}
		if tag == data.TagDisabled {
			rt.Category, rt.Grade = "肢体残疾", "二级"
		}
		r.Tags = append(r.Tags, rt)
	}
	if _, err := g.s.AddResident(g.ctx, r, nil); err != nil {
		g.t.Fatalf("AddResident %s: %v", name, err)
	}
	return r
}

func TestHouseholdNumbers(t *testing.T) {
	g := newRegFixture(t)
	a := g.household("幸福社区", "一网格", "幸福小区", "1", "101", data.ResidenceLocal)
	b := g.household("幸福社区", "一网格", "幸福小区", "1", "102", data.ResidenceLocal)
	t.Run("generated in sequence", func(t *testing.T) {
		if a.Number != "2026000001" || b.Number != "2026000002" {
			t.Errorf("numbers %q %q", a.Number, b.Number)
		}
	})
	t.Run("a taken number is refused", func(t *testing.T) {
		h := &data.Household{Number: a.Number, Community: "幸福社区", Address: "别处", ResidenceType: data.ResidenceLocal}
		err := g.s.CreateHousehold(g.ctx, h)
		var e *data.Error
		if !errors.As(err, &e) || e.Key != data.KeyHouseholdNumberTaken {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("update keeps the head", func(t *testing.T) {
		r := g.resident(a, "李四", regID("110101", "19800101", "011"), "户主", "")
		upd := *a
		upd.HeadID = nil
		upd.Notes = "改"
		if err := g.s.UpdateHousehold(g.ctx, &upd); err != nil {
			t.Fatal(err)
		}
		got, _ := g.s.Household(g.ctx, a.ID)
		if got.HeadID == nil || *got.HeadID != r.ID || got.Notes != "改" {
			t.Errorf("after update: head %v notes %q", got.HeadID, got.Notes)
		}
	})
}

func TestDuplicateActiveID(t *testing.T) {
	g := newRegFixture(t)
	a := g.household("幸福社区", "一网格", "幸福小区", "1", "101", data.ResidenceLocal)
	b := g.household("和平社区", "二网格", "和平里", "2", "202", data.ResidenceLocal)
	num := regID("110101", "19800101", "011")
	first := g.resident(a, "李四", num, "户主", "")

	t.Run("refused, naming the household", func(t *testing.T) {
		_, err := g.s.AddResident(g.ctx, &data.Resident{HouseholdID: b.ID, Name: "李四", IDNumber: num, Relation: "户主"}, nil)
		var e *data.Error
		if !errors.As(err, &e) || e.Key != data.KeyResidentDuplicate {
			t.Fatalf("err = %v", err)
		}
		if e.Args["Number"] != a.Number || e.Args["Address"] != a.Address || e.Args["ResidentID"] != first.ID {
			t.Errorf("args %v", e.Args)
		}
		if msg := e.Error(); !strings.Contains(msg, a.Number) || !strings.Contains(msg, a.Address) {
			t.Errorf("message %q does not name the household", msg)
		}
	})
	t.Run("also when typed as 15 digits", func(t *testing.T) {
		_, err := g.s.AddResident(g.ctx, &data.Resident{HouseholdID: b.ID, Name: "李四", IDNumber: "110101800101011"}, nil)
		if !regIsKey(err, data.KeyResidentDuplicate) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("nothing was saved", func(t *testing.T) {
		ms, err := g.s.Members(g.ctx, b.ID, true)
		if err != nil || len(ms) != 0 {
			t.Errorf("members %v, %v", ms, err)
		}
	})
	t.Run("allowed once the first moved out", func(t *testing.T) {
		if err := g.s.RecordEvent(g.ctx, first.ID, &data.ResidenceEvent{Kind: data.EventMoveOut, Date: "2026-01-01"}); err != nil {
			t.Fatal(err)
		}
		if _, err := g.s.AddResident(g.ctx, &data.Resident{HouseholdID: b.ID, Name: "李四", IDNumber: num, Relation: "户主"}, nil); err != nil {
			t.Errorf("err = %v", err)
		}
	})
}

func regIsKey(err error, key string) bool {
	var e *data.Error
	return errors.As(err, &e) && e.Key == key
}

func TestHead(t *testing.T) {
	g := newRegFixture(t)
	h := g.household("幸福社区", "一网格", "幸福小区", "1", "101", data.ResidenceLocal)
	head := g.resident(h, "王父", regID("110101", "19600101", "011"), "户主", "")
	son := g.resident(h, "王子", regID("110101", "19900101", "031"), "子", "")
	t.Run("first 户主 becomes head", func(t *testing.T) {
		got, _ := g.s.Household(g.ctx, h.ID)
		if got.HeadID == nil || *got.HeadID != head.ID {
			t.Errorf("head %v", got.HeadID)
		}
	})
	t.Run("second 户主 refused", func(t *testing.T) {
		_, err := g.s.AddResident(g.ctx, &data.Resident{HouseholdID: h.ID, Name: "王二", IDNumber: regID("110101", "19920101", "051"), Relation: "户主"}, nil)
		if !regIsKey(err, data.KeyHouseholdHasHead) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("SetHead swaps relations", func(t *testing.T) {
		if err := g.s.SetHead(g.ctx, h.ID, son.ID); err != nil {
			t.Fatal(err)
		}
		ms, _ := g.s.Members(g.ctx, h.ID, false)
		if len(ms) != 2 || ms[0].ID != son.ID || ms[0].Relation != "户主" || ms[1].Relation != data.RelationOther {
			t.Errorf("members %+v", ms)
		}
	})
}

func TestEventsDriveStatus(t *testing.T) {
	g := newRegFixture(t)
	h := g.household("幸福社区", "一网格", "幸福小区", "1", "101", data.ResidenceLocal)
	r := g.resident(h, "赵六", regID("110101", "19500101", "011"), "户主", "")
	status := func() string {
		got, err := g.s.Resident(g.ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Status
	}
	steps := []struct {
		name   string
		ev     data.ResidenceEvent
		key    string // error key expected, or ""
		status string
	}{
		{"迁出", data.ResidenceEvent{Kind: data.EventMoveOut, Date: "2020-05-01"}, "", data.StatusMovedOut},
		{"迁入", data.ResidenceEvent{Kind: data.EventMoveIn, Date: "2022-05-01"}, "", data.StatusPresent},
		{"backdated 迁出 keeps the present", data.ResidenceEvent{Kind: data.EventMoveOut, Date: "2010-01-01"}, "", data.StatusPresent},
		{"信息更正 changes nothing", data.ResidenceEvent{Kind: data.EventCorrection, Date: "2023-01-01", Note: "姓名更正"}, "", data.StatusPresent},
		{"future date refused", data.ResidenceEvent{Kind: data.EventMoveOut, Date: "2030-01-01"}, data.KeyInvalidEventFuture, data.StatusPresent},
		{"户内变更 only by MoveResident", data.ResidenceEvent{Kind: data.EventTransfer, Date: "2024-01-01"}, data.KeyInvalidEventKind, data.StatusPresent},
		{"bad date", data.ResidenceEvent{Kind: data.EventMoveOut, Date: "2024-02-30"}, data.KeyInvalidDate, data.StatusPresent},
		{"死亡 before the last event refused", data.ResidenceEvent{Kind: data.EventDeath, Date: "2021-01-01"}, data.KeyEventBeforeLast, data.StatusPresent},
		{"死亡", data.ResidenceEvent{Kind: data.EventDeath, Date: "2025-03-01"}, "", data.StatusDeceased},
		{"nothing after death", data.ResidenceEvent{Kind: data.EventMoveIn, Date: "2025-04-01"}, data.KeyEventAfterDeath, data.StatusDeceased},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			ev := st.ev
			err := g.s.RecordEvent(g.ctx, r.ID, &ev)
			if st.key == "" && err != nil {
				t.Fatalf("RecordEvent: %v", err)
			}
			if st.key != "" && !regIsKey(err, st.key) {
				t.Fatalf("err = %v, want %s", err, st.key)
			}
			if got := status(); got != st.status {
				t.Errorf("status %q, want %q", got, st.status)
			}
		})
	}
	t.Run("the dead are no longer head", func(t *testing.T) {
		got, _ := g.s.Household(g.ctx, h.ID)
		if got.HeadID != nil {
			t.Errorf("head %v", *got.HeadID)
		}
	})
	t.Run("StatusFromEvents agrees", func(t *testing.T) {
		evs, err := g.s.ResidentEvents(g.ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 5 {
			t.Errorf("%d events", len(evs))
		}
		if got := data.StatusFromEvents(evs, data.StatusPresent); got != data.StatusDeceased {
			t.Errorf("StatusFromEvents = %q", got)
		}
		for _, e := range evs {
			if e.Operator != g.s.Operator() {
				t.Errorf("operator %q", e.Operator)
			}
		}
	})
	t.Run("status edits between 在住 and 外出 only", func(t *testing.T) {
		other := g.resident(h, "赵七", regID("110101", "19800101", "031"), "子", "")
		other.Status = data.StatusAway
		if _, err := g.s.UpdateResident(g.ctx, other); err != nil {
			t.Fatalf("to 外出: %v", err)
		}
		other.Status = data.StatusMovedOut
		if _, err := g.s.UpdateResident(g.ctx, other); !regIsKey(err, data.KeyEventStatusByEvent) {
			t.Errorf("to 迁出 by edit: %v", err)
		}
	})
	t.Run("arrival recorded with the resident", func(t *testing.T) {
		baby := &data.Resident{HouseholdID: h.ID, Name: "赵小", IDNumber: regID("110101", "20260101", "021"), Relation: "孙女"}
		if _, err := g.s.AddResident(g.ctx, baby, &data.ResidenceEvent{Kind: data.EventBirth, Date: "2026-01-01"}); err != nil {
			t.Fatal(err)
		}
		evs, _ := g.s.ResidentEvents(g.ctx, baby.ID)
		if len(evs) != 1 || evs[0].Kind != data.EventBirth || evs[0].HouseholdID != h.ID {
			t.Errorf("events %+v", evs)
		}
	})
}

func TestMoveKeepsHistory(t *testing.T) {
	g := newRegFixture(t)
	a := g.household("幸福社区", "一网格", "幸福小区", "1", "101", data.ResidenceLocal)
	b := g.household("幸福社区", "二网格", "幸福小区", "2", "201", data.ResidenceSettled)
	r := g.resident(a, "钱七", regID("110101", "19700101", "011"), "户主", "13812345678", data.TagVeteran)
	if err := g.s.RecordEvent(g.ctx, r.ID, &data.ResidenceEvent{Kind: data.EventMoveIn, Date: "2000-01-01"}); err != nil {
		t.Fatal(err)
	}
	if err := g.s.MoveResident(g.ctx, r.ID, b.ID, "2026-03-01", "分户"); err != nil {
		t.Fatal(err)
	}
	got, err := g.s.Resident(g.ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("same record in the new household", func(t *testing.T) {
		if got.HouseholdID != b.ID || got.Status != data.StatusPresent || len(got.Tags) != 1 || got.Relation != data.RelationOther {
			t.Errorf("%+v", got)
		}
	})
	t.Run("history kept", func(t *testing.T) {
		evs, _ := g.s.ResidentEvents(g.ctx, r.ID)
		if len(evs) != 2 || evs[0].Kind != data.EventMoveIn || evs[1].Kind != data.EventTransfer ||
			evs[1].HouseholdID != a.ID || evs[1].ToHouseholdID == nil || *evs[1].ToHouseholdID != b.ID {
			t.Errorf("events %+v", evs)
		}
	})
	t.Run("both timelines show the move", func(t *testing.T) {
		for _, h := range []*data.Household{a, b} {
			tl, err := g.s.HouseholdTimeline(g.ctx, h.ID)
			if err != nil {
				t.Fatal(err)
			}
			last := tl[len(tl)-1]
			if last.Kind != data.EventTransfer || last.FromNumber != a.Number || last.ToNumber != b.Number || last.ResidentName != "钱七" {
				t.Errorf("timeline of %s: %+v", h.Number, tl)
			}
		}
	})
	t.Run("old household lost its head", func(t *testing.T) {
		old, _ := g.s.Household(g.ctx, a.ID)
		if old.HeadID != nil {
			t.Errorf("head %v", *old.HeadID)
		}
	})
	t.Run("audited", func(t *testing.T) {
		log, err := g.s.AuditLog(g.ctx, data.AuditFilter{Entity: "residents", EntityID: r.ID})
		if err != nil || len(log) < 2 {
			t.Errorf("audit %v, %v", log, err)
		}
	})
	t.Run("refusals", func(t *testing.T) {
		if err := g.s.MoveResident(g.ctx, r.ID, b.ID, "2026-03-02", ""); !regIsKey(err, data.KeyResidentSameHousehold) {
			t.Errorf("same household: %v", err)
		}
		if err := g.s.MoveResident(g.ctx, r.ID, a.ID, "2025-01-01", ""); !regIsKey(err, data.KeyEventBeforeLast) {
			t.Errorf("before last: %v", err)
		}
		if err := g.s.MoveResident(g.ctx, r.ID, 9999, "2026-03-02", ""); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("no household: %v", err)
		}
	})
}

func TestFieldErrorsMessages(t *testing.T) {
	for _, m := range data.RegistryMessages() {
		t.Run(m.Key, func(t *testing.T) {
			if m.ZH == "" || m.EN == "" {
				t.Errorf("missing text")
			}
		})
	}
	_ = fmt.Sprint
}

// TestRegistryIndexes: the indexes nothing reads are gone (0005), and the
// recycle bin's query of deleted rows still has an index.
func TestRegistryIndexes(t *testing.T) {
	datatest.SkipOnServer(t, "SQLite's query plans over the file")
	s := datatest.MustOpen(t)
	var names []string
	data.StoreDB(s).Raw("SELECT name FROM sqlite_master WHERE type = 'index'").Scan(&names)
	have := strings.Join(names, " ")
	for _, gone := range []string{"idx_households_building", "idx_households_deleted_at", "idx_residents_deleted_at"} {
		if strings.Contains(have, gone) {
			t.Errorf("index %s still there", gone)
		}
	}
	for _, table := range []string{"households", "residents"} {
		var plan []struct{ Detail string }
		data.StoreDB(s).Raw("EXPLAIN QUERY PLAN SELECT * FROM " + table + " WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC, id DESC").Scan(&plan)
		var details []string
		for _, p := range plan {
			details = append(details, p.Detail)
		}
		if d := strings.Join(details, "; "); !strings.Contains(d, "idx_"+table+"_deleted") {
			t.Errorf("the recycle bin reads %s without an index: %s", table, d)
		}
	}
}

// TestCompact: compacting gives the free pages back and keeps the data.
func TestCompact(t *testing.T) {
	datatest.SkipOnServer(t, "the free pages of the file")
	s := datatest.MustOpen(t)
	ctx := context.Background()
	var ids []int64
	for i := range 200 {
		h := data.Household{Community: "幸福社区", Estate: "幸福小区", Building: fmt.Sprint(i), Room: "101", ResidenceType: data.ResidenceLocal,
			Notes: strings.Repeat("备注", 200)}
		if err := s.CreateHousehold(ctx, &h); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, h.ID)
	}
	if err := data.StoreDB(s).Exec("DELETE FROM households WHERE id > ?", ids[10]).Error; err != nil {
		t.Fatal(err)
	}
	pages := func() (n, free int64) {
		data.StoreDB(s).Raw("PRAGMA page_count").Scan(&n)
		data.StoreDB(s).Raw("PRAGMA freelist_count").Scan(&free)
		return
	}
	before, free := pages()
	if free == 0 {
		t.Fatal("no free pages to give back: the test does not test")
	}
	if err := s.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	after, freeAfter := pages()
	if after >= before || freeAfter != 0 {
		t.Errorf("pages %d (%d free) → %d (%d free)", before, free, after, freeAfter)
	}
	var n int64
	data.StoreDB(s).Model(&data.Household{}).Count(&n)
	if n != 11 {
		t.Errorf("%d households after compacting, want 11", n)
	}
}
