package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"jiedao/data"
	"jiedao/data/datatest"
)

// register is everything Generate wrote, read back.
type register struct {
	households []data.Household
	residents  []data.Resident // with Tags
	events     []data.ResidenceEvent
	audit      []data.AuditEntry
}

func load(t testing.TB, s *data.Store) register {
	t.Helper()
	var reg register
	db := datatest.DB(t, s) // each query starts a new statement from it
	if err := db.Unscoped().Order("id").Find(&reg.households).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Unscoped().Order("id").Find(&reg.residents).Error; err != nil {
		t.Fatal(err)
	}
	var tags []data.ResidentTag
	if err := db.Unscoped().Order("id").Find(&tags).Error; err != nil {
		t.Fatal(err)
	}
	at := map[int64]int{} // resident ID → index in reg.residents
	for i, r := range reg.residents {
		at[r.ID] = i
	}
	for _, tg := range tags {
		i, ok := at[tg.ResidentID]
		if !ok {
			t.Fatalf("tag %d of resident %d, who is not stored", tg.ID, tg.ResidentID)
		}
		reg.residents[i].Tags = append(reg.residents[i].Tags, tg)
	}
	if err := db.Unscoped().Order("id").Find(&reg.events).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Unscoped().Where("action = ?", ActionDemo).Order("id").Find(&reg.audit).Error; err != nil {
		t.Fatal(err)
	}
	return reg
}

// hash is a digest of every stored field of every row.
func (reg register) hash() string {
	h := sha256.New()
	for _, x := range reg.households {
		head := int64(0)
		if x.HeadID != nil {
			head = *x.HeadID
		}
		fmt.Fprintf(h, "H|%d|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%d|%s|%s|%v\n", x.ID, x.Number, x.Community, x.Grid,
			x.Estate, x.Building, x.Unit, x.Room, x.Address, x.Kind, x.ResidenceType, x.Housing, head, x.Phone, x.Notes, x.CreatedAt.UnixNano())
	}
	for _, r := range reg.residents {
		fmt.Fprintf(h, "R|%d|%d|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s\n", r.ID, r.HouseholdID, r.Name, r.IDNumber, r.Sex,
			r.BirthDate, r.Ethnicity, r.Relation, r.Education, r.Political, r.Marital, r.Employer, r.Phone,
			r.RegisteredAddress, r.Status, r.Notes, r.NamePinyin)
		for _, t := range r.Tags {
			fmt.Fprintf(h, "T|%d|%s|%s|%s|%s\n", t.ID, t.Tag, t.Category, t.Grade, t.Detail)
		}
	}
	for _, e := range reg.events {
		fmt.Fprintf(h, "E|%d|%d|%d|%s|%s|%s\n", e.ID, e.ResidentID, e.HouseholdID, e.Kind, e.Date, e.Note)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func generate(t testing.TB, s *data.Store, n int, seed int64) Summary {
	t.Helper()
	sum, err := Generate(context.Background(), s, Options{Households: n, Seed: seed}, nil)
	if err != nil {
		t.Fatalf("Generate(%d, seed %d): %v", n, seed, err)
	}
	return sum
}

func TestGenerateValid(t *testing.T) {
	s := datatest.MustOpen(t)
	today := s.Now()
	const n = 2000
	var calls []int
	sum, err := Generate(context.Background(), s, Options{Households: n, Seed: 7, chunk: 700}, func(done, total int) {
		if total != n {
			t.Errorf("progress total %d, want %d", total, n)
		}
		calls = append(calls, done)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(calls, []int{0, 700, 1400, 2000}) {
		t.Errorf("progress calls %v", calls)
	}
	reg := load(t, s)
	checkSummary(t, sum, reg, n)

	members := map[int64][]data.Resident{}
	ids := map[string]bool{}
	for _, r := range reg.residents {
		members[r.HouseholdID] = append(members[r.HouseholdID], r)
		checkResident(t, r, today, ids)
	}
	sizes := map[int]int{}
	numbers := map[string]bool{}
	for _, h := range reg.households {
		ms := members[h.ID]
		sizes[len(ms)]++
		checkHousehold(t, h, ms, numbers)
		checkRelations(t, h, ms, today)
	}
	for size := 1; size <= 6; size++ {
		if sizes[size] == 0 {
			t.Errorf("no household of %d", size)
		}
	}
	checkAges(t, reg.residents, today)
	checkGroups(t, reg)
	checkNames(t, reg.residents)
}

// checkSummary checks that the summary and the audit entry say what was
// stored.
func checkSummary(t *testing.T, sum Summary, reg register, n int) {
	t.Helper()
	tagCount := 0
	for _, r := range reg.residents {
		tagCount += len(r.Tags)
	}
	if sum.Households != n || len(reg.households) != n || sum.Residents != len(reg.residents) ||
		sum.Tags != tagCount || sum.Events != len(reg.events) {
		t.Fatalf("summary %+v; stored %d households, %d residents, %d tags, %d events",
			sum, len(reg.households), len(reg.residents), tagCount, len(reg.events))
	}
	if len(reg.audit) != 1 || reg.audit[0].Entity != "households" || !strings.Contains(reg.audit[0].After, fmt.Sprintf(`"households":%d`, n)) {
		t.Errorf("audit entries %+v, want one for the run", reg.audit)
	}
}

// checkResident checks r's ID number (valid, agreeing with birth date and
// sex, not in ids yet) and that the store's own validation accepts r.
func checkResident(t *testing.T, r data.Resident, today time.Time, ids map[string]bool) {
	t.Helper()
	id, _, err := data.ParseIDNumber(r.IDNumber, today)
	if err != nil {
		t.Fatalf("%s: ID number %s: %v", r.Name, r.IDNumber, err)
	}
	if id.Number != r.IDNumber || id.BirthDate.Format(time.DateOnly) != r.BirthDate || id.Sex != r.Sex {
		t.Fatalf("%s: ID number %s says %s %s, resident has %s %s", r.Name, r.IDNumber,
			id.BirthDate.Format(time.DateOnly), id.Sex, r.BirthDate, r.Sex)
	}
	if ids[r.IDNumber] {
		t.Fatalf("ID number %s given twice", r.IDNumber)
	}
	ids[r.IDNumber] = true

	// The store's own validation accepts every generated resident.
	v := r
	v.Tags = slices.Clone(r.Tags)
	if _, err := v.Validate(today); err != nil {
		t.Fatalf("%s (%s): %v", r.Name, r.IDNumber, err)
	}
	if v.Name != r.Name || v.Phone != r.Phone {
		t.Fatalf("not normalized: %q %q became %q %q", r.Name, r.Phone, v.Name, v.Phone)
	}
}

// checkHousehold checks h's number (not in numbers yet), its validation,
// and its members: one to six, the first the active head.
func checkHousehold(t *testing.T, h data.Household, ms []data.Resident, numbers map[string]bool) {
	t.Helper()
	if numbers[h.Number] {
		t.Fatalf("household number %s twice", h.Number)
	}
	numbers[h.Number] = true
	v := h
	if err := v.Validate(); err != nil {
		t.Fatalf("household %s: %v", h.Number, err)
	}
	if len(ms) < 1 || len(ms) > 6 {
		t.Fatalf("household %s has %d members", h.Number, len(ms))
	}
	if h.HeadID == nil || *h.HeadID != ms[0].ID || ms[0].Relation != data.RelationHead || !ms[0].Active() {
		t.Fatalf("household %s: head %v, first member %+v", h.Number, h.HeadID, ms[0])
	}
	for _, m := range ms[1:] {
		if m.Relation == data.RelationHead {
			t.Fatalf("household %s has two heads", h.Number)
		}
	}
}

// checkRelations checks that the members' relations to the head fit their
// ages.
func checkRelations(t *testing.T, h data.Household, ms []data.Resident, today time.Time) {
	t.Helper()
	head := ms[0].Age(today)
	for _, m := range ms {
		age := m.Age(today)
		switch m.Relation {
		case "子", "女":
			if age > head-18 {
				t.Errorf("household %s: child aged %d of head aged %d", h.Number, age, head)
			}
		case "孙子", "孙女", "外孙子", "外孙女":
			if age > head-36 {
				t.Errorf("household %s: grandchild aged %d of head aged %d", h.Number, age, head)
			}
		case "父母":
			if age < head+18 {
				t.Errorf("household %s: parent aged %d of head aged %d", h.Number, age, head)
			}
		}
	}
}

// checkAges: like a city, children, many elderly, some very old.
func checkAges(t *testing.T, rs []data.Resident, today time.Time) {
	t.Helper()
	ages := map[string]int{}
	for _, r := range rs {
		switch age := r.Age(today); {
		case age < 15:
			ages["child"]++
		case age >= 80:
			ages["80+"]++
			ages["60+"]++
		case age >= 60:
			ages["60+"]++
		}
	}
	total := len(rs)
	if share := float64(ages["60+"]) / float64(total); share < 0.15 || share > 0.35 {
		t.Errorf("60+ share %.2f", share)
	}
	if share := float64(ages["child"]) / float64(total); share < 0.07 || share > 0.25 {
		t.Errorf("children's share %.2f", share)
	}
	if ages["80+"] == 0 {
		t.Error("nobody 80 or older")
	}
}

// checkGroups: every care tag and every status is there, and each moved
// out or deceased resident has the event that says so.
func checkGroups(t *testing.T, reg register) {
	t.Helper()
	tags := map[string]int{}
	statuses := map[string]int{}
	for _, r := range reg.residents {
		for _, tg := range r.Tags {
			tags[tg.Tag]++
		}
		statuses[r.Status]++
	}
	for _, tg := range []string{data.TagAloneElderly, data.TagEmptyNest, data.TagSubsistence, data.TagDisabled, data.TagVeteran, data.TagLeftBehind} {
		if tags[tg] == 0 {
			t.Errorf("no resident tagged %s", tg)
		}
	}
	for _, st := range data.Statuses {
		if statuses[st] == 0 {
			t.Errorf("nobody %s", st)
		}
	}
	events := map[string]int{}
	for _, e := range reg.events {
		events[e.Kind]++
	}
	if events[data.EventMoveOut] != statuses[data.StatusMovedOut] || events[data.EventDeath] != statuses[data.StatusDeceased] {
		t.Errorf("events %v for statuses %v", events, statuses)
	}
}

// checkNames: the names that trip software up are there.
func checkNames(t *testing.T, rs []data.Resident) {
	t.Helper()
	var names []string
	for _, r := range rs {
		names = append(names, r.Name)
	}
	joined := strings.Join(names, "\n")
	for _, want := range []string{"𠮷", "·", "欧阳", "司马", "诸葛"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no name with %s", want)
		}
	}
	for _, s := range heteronymSurnames {
		if !strings.Contains(joined, "\n"+s) {
			t.Errorf("no one with the surname %s", s)
		}
	}
}

func TestGenerateNonBMPRoundTrip(t *testing.T) {
	s := datatest.MustOpen(t)
	generate(t, s, 50, 99)
	var rs []data.Resident
	if err := datatest.DB(t, s).Where("name >= ? AND name < ?", "𠮷", "𠮷\U0010FFFF").Find(&rs).Error; err != nil {
		t.Fatal(err)
	}
	if len(rs) == 0 {
		t.Fatal("no resident named 𠮷… among 50 households")
	}
	for _, r := range rs {
		if !strings.HasPrefix(r.Name, "\U00020BB7") || r.Name != data.NormalizeName(r.Name) {
			t.Errorf("name %q (% x) did not survive the database", r.Name, r.Name)
		}
	}
}

func TestGenerateDeterministic(t *testing.T) {
	run := func(seed int64) string {
		s := datatest.MustOpen(t)
		generate(t, s, 700, seed)
		return load(t, s).hash()
	}
	a, b, c := run(42), run(42), run(43)
	if a != b {
		t.Errorf("seed 42 gave two registers: %s, %s", a, b)
	}
	if a == c {
		t.Error("seeds 42 and 43 gave the same register")
	}
}

func TestGenerateRefusals(t *testing.T) {
	s := datatest.MustOpen(t)
	for _, n := range []int{0, -1, MaxHouseholds + 1} {
		_, err := Generate(context.Background(), s, Options{Households: n}, nil)
		var e *data.Error
		if !errors.As(err, &e) || e.Key != KeyCount {
			t.Errorf("Generate(%d): %v, want %s", n, err, KeyCount)
		}
	}
	generate(t, s, 10, 1)
	before := load(t, s).hash()
	_, err := Generate(context.Background(), s, Options{Households: 10, Seed: 2}, nil)
	var e *data.Error
	if !errors.As(err, &e) || e.Key != KeyNotEmpty || e.Args["Households"] != int64(10) {
		t.Fatalf("second Generate: %v, want %s", err, KeyNotEmpty)
	}
	if !strings.Contains(err.Error(), "10") {
		t.Errorf("message %q does not say how many households there are", err.Error())
	}
	if after := load(t, s).hash(); after != before {
		t.Error("a refused run changed the register")
	}
}

// countdown is a context that cancels itself at the n-th call of Err, so a
// test can stop Generate in the middle of a transaction, deterministically.
type countdown struct {
	context.Context
	cancel context.CancelFunc
	n      atomic.Int64
}

func (c *countdown) Err() error {
	if c.n.Add(-1) == 0 {
		c.cancel()
	}
	return c.Context.Err()
}

func TestGenerateCancel(t *testing.T) {
	const chunk = 500
	// A full run, counting how often Generate and the layers under it
	// look at the context, so that the cancelled runs below stop at known
	// points: inside the first transaction, and in the middle of later ones.
	full := datatest.MustOpen(t)
	inner, cancel := context.WithCancel(context.Background())
	defer cancel()
	counter := &countdown{Context: inner, cancel: cancel}
	if _, err := Generate(counter, full, Options{Households: 1800, Seed: 5, chunk: chunk}, nil); err != nil {
		t.Fatal(err)
	}
	fullReg := load(t, full)
	calls := -counter.n.Load()

	for _, stopAt := range []int64{calls / 10, calls * 45 / 100, calls * 4 / 5} {
		t.Run(fmt.Sprint(stopAt), func(t *testing.T) {
			s := datatest.MustOpen(t)
			inner, cancel := context.WithCancel(context.Background())
			defer cancel()
			ctx := &countdown{Context: inner, cancel: cancel}
			ctx.n.Store(stopAt)
			sum, err := Generate(ctx, s, Options{Households: 1800, Seed: 5, chunk: chunk}, nil)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("Generate: %v, want cancelled", err)
			}
			reg := load(t, s)
			if len(reg.households) != sum.Households || len(reg.residents) != sum.Residents || len(reg.events) != sum.Events {
				t.Fatalf("summary %+v, stored %d households %d residents", sum, len(reg.households), len(reg.residents))
			}
			if sum.Households%chunk != 0 {
				t.Errorf("kept %d households: not whole transactions", sum.Households)
			}
			if sum.Households == 0 {
				if len(reg.audit) != 0 {
					t.Errorf("audit %+v for a run that kept nothing", reg.audit)
				}
				return
			}
			if len(reg.audit) != 1 || !strings.Contains(reg.audit[0].After, `"stopped":"cancelled"`) {
				t.Errorf("audit %+v, want one entry marked cancelled", reg.audit)
			}
			// What was kept is exactly the beginning of the full run.
			prefix := register{
				households: fullReg.households[:sum.Households],
				residents:  fullReg.residents[:sum.Residents],
				events:     fullReg.events[:sum.Events],
			}
			kept := reg
			kept.audit = nil
			if kept.hash() != prefix.hash() {
				t.Error("the kept households differ from the same seed's full run")
			}
			for _, h := range reg.households {
				if h.HeadID == nil {
					t.Fatalf("household %s kept without head", h.Number)
				}
			}
		})
	}
}

func BenchmarkGenerate1000(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		s, err := data.Open(filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", time.Now().UnixNano())))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := Generate(context.Background(), s, Options{Households: 1000, Seed: 1}, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		b.ReportMetric(float64(sum.Residents), "residents/op")
		s.Close()
		b.StartTimer()
	}
}

// BenchmarkGenerateLarge generates the register of the 300,000-resident
// benchmarks: go test -run X -bench GenerateLarge -benchtime 1x ./data/demo
func BenchmarkGenerateLarge(b *testing.B) {
	if testing.Short() {
		b.Skip("large")
	}
	for b.Loop() {
		b.StopTimer()
		s, err := data.Open(filepath.Join(b.TempDir(), fmt.Sprintf("large%d.db", time.Now().UnixNano())))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := Generate(context.Background(), s, Options{Households: 120_000, Seed: 1}, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		b.ReportMetric(float64(sum.Residents), "residents/op")
		s.Close()
		b.StartTimer()
	}
}
