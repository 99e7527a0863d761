package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"jiedao/data"
	"jiedao/data/datatest"
)

// orgRegister is the organizations and agreements Generate wrote.
type orgRegister struct {
	orgs       []data.Organization
	agreements []data.Agreement // with their children, by id
}

func loadOrgs(t testing.TB, s *data.Store) orgRegister {
	t.Helper()
	var reg orgRegister
	db := datatest.DB(t, s) // each query starts a new statement from it
	if err := db.Unscoped().Order("id").Find(&reg.orgs).Error; err != nil {
		t.Fatal(err)
	}
	var ids []int64
	if err := db.Unscoped().Model(&data.Agreement{}).Order("id").Pluck("id", &ids).Error; err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		a, err := s.Agreement(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		reg.agreements = append(reg.agreements, a)
	}
	return reg
}

// fingerprint is what the same seed must reproduce.
func (reg orgRegister) fingerprint() string {
	var b strings.Builder
	for _, o := range reg.orgs {
		fmt.Fprintf(&b, "O|%s|%s|%s|%s|%s|%s\n", o.Name, o.USCC, o.LegalRep, o.Phone, o.Account, o.Status)
	}
	for _, a := range reg.agreements {
		fmt.Fprintf(&b, "A|%s|%s|%s|%d|%d|%s|%s|%s|%s\n", a.Number, a.Title, a.Status, a.Amount, a.AmountChange, a.TermStart, a.TermEnd, a.SignedDate, a.SignatoryB)
		for _, m := range a.Milestones {
			fmt.Fprintf(&b, "M|%d|%s|%s|%s|%d\n", m.Amount, m.Condition, m.PlannedDate, m.PaidDate, m.PaidAmount)
		}
		for _, e := range a.Evaluations {
			fmt.Fprintf(&b, "E|%s|%s|%v|%s\n", e.Stage, e.Date, e.Total, e.Conclusion)
		}
	}
	return b.String()
}

func TestGenerateOrganizations(t *testing.T) {
	ctx := context.Background()
	s := datatest.MustOpen(t)
	sum := generate(t, s, MinHouseholdsForAgreements, 11)
	reg := loadOrgs(t, s)
	today := datatest.Epoch().Format(time.DateOnly)

	if sum.Organizations != len(orgSpecs) || len(reg.orgs) != len(orgSpecs) {
		t.Fatalf("summary %+v, stored %d organizations, want %d", sum, len(reg.orgs), len(orgSpecs))
	}
	if sum.Agreements != len(agreementSpecs)+2 || len(reg.agreements) != sum.Agreements {
		t.Fatalf("summary %+v, stored %d agreements, want %d", sum, len(reg.agreements), len(agreementSpecs)+2)
	}
	set, err := s.Settings(ctx)
	if err != nil || set.OfficeName != demoOfficeName || set.LegalRep == "" {
		t.Errorf("settings %+v (%v): want the demonstration office as party A", set, err)
	}
	checkOrganizations(t, reg.orgs)
	checkAgreements(t, s, reg.agreements, today)
	checkSupplement(t, reg.agreements)
	checkAgreementNumbers(t, reg.agreements)

	// The store's own checks agree: reminders work on the data.
	if _, err := s.AgreementReminders(ctx, 0); err != nil {
		t.Error(err)
	}
}

// checkOrganizations: codes valid, of the right type, unique; the types and
// the name outside the BMP are there.
func checkOrganizations(t *testing.T, orgs []data.Organization) {
	t.Helper()
	types := map[string]int{}
	codes := map[string]bool{}
	nonBMP := false
	for _, o := range orgs {
		types[o.Type]++
		for _, r := range o.Name {
			nonBMP = nonBMP || r > 0xFFFF
		}
		checkOrganization(t, o, codes)
	}
	for _, typ := range data.OrgTypes {
		if types[typ] == 0 {
			t.Errorf("no organization of type %s", typ)
		}
	}
	if !nonBMP {
		t.Error("no organization name outside the BMP")
	}
}

// checkOrganization checks one organization's details and code; codes
// holds the codes seen so far.
func checkOrganization(t *testing.T, o data.Organization, codes map[string]bool) {
	t.Helper()
	if o.LegalRep == "" || o.Contact == "" || o.Phone == "" || o.Address == "" || o.Authority == "" || len(o.ServiceAreas) == 0 {
		t.Errorf("%s: details missing: %+v", o.Name, o)
	}
	if o.Type == data.OrgTypeCommunity {
		if o.USCC != "" {
			t.Errorf("%s: community organization with a code %s", o.Name, o.USCC)
		}
		return
	}
	code, warnings, err := data.ParseUSCC(o.USCC)
	if err != nil || len(warnings) > 0 || code != o.USCC {
		t.Errorf("%s: code %s: %v %v", o.Name, o.USCC, warnings, err)
	}
	if want := map[string]string{data.OrgTypeAssociation: "51", data.OrgTypeService: "52", data.OrgTypeFoundation: "53"}[o.Type]; o.USCC[:2] != want {
		t.Errorf("%s (%s): code %s, want prefix %s", o.Name, o.Type, o.USCC, want)
	}
	if codes[o.USCC] {
		t.Errorf("code %s twice", o.USCC)
	}
	codes[o.USCC] = true
	check := o
	if w, err := check.Validate(); err != nil || len(w) > 0 {
		t.Errorf("%s: Validate: %v %v", o.Name, w, err)
	}
	if o.Bank == "" || o.Account == "" {
		t.Errorf("%s: no bank account", o.Name)
	}
}

// checkAgreements: every status, both kinds; sums; what each status needs.
func checkAgreements(t *testing.T, s *data.Store, as []data.Agreement, today string) {
	t.Helper()
	statuses := map[string]int{}
	kinds := map[string]int{}
	paid, stages := 0, map[string]int{}
	for i := range as {
		a := &as[i]
		if !a.IsSupplement() {
			statuses[a.Status]++
			kinds[a.Kind]++
		}
		paid += checkMilestones(t, a, today)
		if !a.IsSupplement() {
			checkTerms(t, a)
		}
		for _, e := range a.Evaluations {
			stages[e.Stage]++
			if e.Date > today || e.Date < a.SignedDate || e.Total <= 0 {
				t.Errorf("%s: evaluation %+v", a.Number, e)
			}
		}
		if a.Frozen() {
			checkSigned(t, s, a, today)
		}
		checkClosed(t, a, today)
	}
	for _, st := range data.AgreementStatuses {
		if statuses[st] == 0 {
			t.Errorf("no agreement %s (have %v)", st, statuses)
		}
	}
	for _, k := range data.AgreementKinds {
		if kinds[k] == 0 {
			t.Errorf("no %s", k)
		}
	}
	if paid < 5 || stages[data.StageMidterm] == 0 || stages[data.StageFinal] == 0 {
		t.Errorf("%d payments, evaluations %v: want payments and both stages", paid, stages)
	}
	if !slices.ContainsFunc(as, func(a data.Agreement) bool {
		return slices.ContainsFunc(a.Evaluations, func(e data.Evaluation) bool { return e.Conclusion == data.ConclusionFail })
	}) {
		t.Error("no failed evaluation (the agreement terminated after its 中期评估)")
	}
}

// checkMilestones checks that a's milestones add up to its total and its
// payments are sound, and returns how many were paid.
func checkMilestones(t *testing.T, a *data.Agreement, today string) int {
	t.Helper()
	paid := 0
	var sum int64
	for _, m := range a.Milestones {
		sum += m.Amount
		if m.PaidDate != "" {
			paid++
			if m.PaidDate > today || m.PaidDate < a.SignedDate || m.PaidAmount <= 0 || m.PaidAmount > m.Amount {
				t.Errorf("%s: payment %+v", a.Number, m)
			}
		}
	}
	if len(a.Milestones) == 0 || sum != a.Total() {
		t.Errorf("%s: %d milestones add up to %d, want %d", a.Number, len(a.Milestones), sum, a.Total())
	}
	return paid
}

// checkTerms checks an agreement's (not a supplement's) indicators and
// year.
func checkTerms(t *testing.T, a *data.Agreement) {
	t.Helper()
	w := 0
	for _, in := range a.Indicators {
		w += in.Weight
	}
	if w != 100 {
		t.Errorf("%s: indicator weights add up to %d", a.Number, w)
	}
	if a.Year != datatest.Epoch().Year() || !strings.HasPrefix(a.Number, fmt.Sprintf("〔%d〕", a.Year)) {
		t.Errorf("%s: year %d", a.Number, a.Year)
	}
}

// checkSigned checks a signed agreement's signing details and its one
// signed scan.
func checkSigned(t *testing.T, s *data.Store, a *data.Agreement, today string) {
	t.Helper()
	if a.SignedDate == "" || a.SignedDate > today || a.SignatoryA == "" || a.SignatoryB == "" || a.PartyA == nil || a.PartyB == nil || len(a.SignedClauses) == 0 {
		t.Errorf("%s: signing details missing", a.Number)
	}
	scans := 0
	for _, f := range a.Attachments {
		if f.Kind != data.AttachmentSignedScan {
			continue
		}
		scans++
		b, err := s.AttachmentData(context.Background(), f.ID)
		if err != nil || f.MediaType != "application/pdf" || !validPDF(b) {
			t.Errorf("%s: scan %s (%s): %v", a.Number, f.FileName, f.MediaType, err)
		}
	}
	if scans != 1 {
		t.Errorf("%s: %d signed scans", a.Number, scans)
	}
}

// checkClosed checks what an accepted or terminated agreement needs.
func checkClosed(t *testing.T, a *data.Agreement, today string) {
	t.Helper()
	switch a.Status {
	case data.AgreementAccepted:
		if a.AcceptedDate == "" || a.AcceptedDate > today || !slices.ContainsFunc(a.Evaluations, func(e data.Evaluation) bool {
			return e.Stage == data.StageFinal && e.Conclusion != data.ConclusionFail
		}) {
			t.Errorf("%s: accepted %q without a passed 终期验收", a.Number, a.AcceptedDate)
		}
	case data.AgreementTerminated:
		if a.TerminatedDate == "" || a.TerminatedDate > today || a.TerminatedDate < a.SignedDate || a.TerminationReason == "" {
			t.Errorf("%s: terminated %q, reason %q", a.Number, a.TerminatedDate, a.TerminationReason)
		}
	}
}

// checkSupplement: the supplementary agreement is signed, numbered after
// its parent, and in force with it.
func checkSupplement(t *testing.T, as []data.Agreement) {
	t.Helper()
	var sup *data.Agreement
	byID := map[int64]*data.Agreement{}
	for i := range as {
		byID[as[i].ID] = &as[i]
		if as[i].IsSupplement() {
			sup = &as[i]
		}
	}
	if sup == nil {
		t.Fatal("no supplementary agreement")
	}
	parent := byID[*sup.ParentID]
	if parent == nil || sup.Number != parent.Number+"-补1" || sup.Supplement != 1 || sup.ID < parent.ID {
		t.Fatalf("supplement %s of %+v", sup.Number, parent)
	}
	if sup.Status != data.AgreementSigned || sup.AmountChange <= 0 || sup.Changes == "" || sup.NewTermEnd <= parent.TermEnd {
		t.Errorf("supplement %s: %s, change %d, new end %s (parent ends %s)", sup.Number, sup.Status, sup.AmountChange, sup.NewTermEnd, parent.TermEnd)
	}
	if amount, end := data.Effective(*parent, []data.Agreement{*sup}); amount != parent.Amount+sup.AmountChange || end != sup.NewTermEnd {
		t.Errorf("in force: %d until %s", amount, end)
	}
	if parent.Status != data.AgreementSigned && parent.Status != data.AgreementInProgress {
		t.Errorf("parent %s is %s", parent.Number, parent.Status)
	}
}

// checkAgreementNumbers: numbers in order of drafting within each kind.
func checkAgreementNumbers(t *testing.T, as []data.Agreement) {
	t.Helper()
	last := map[string]int64{}
	for _, a := range as {
		if a.IsSupplement() {
			continue
		}
		if a.Seq <= last[a.Kind] {
			t.Errorf("%s: seq %d after %d", a.Number, a.Seq, last[a.Kind])
		}
		last[a.Kind] = a.Seq
	}
}

// validPDF checks the structure scanPDF writes: header, trailer, and a
// cross-reference table whose offsets point at the objects.
func validPDF(b []byte) bool {
	if !bytes.HasPrefix(b, []byte("%PDF-1.")) || !bytes.HasSuffix(b, []byte("%%EOF\n")) {
		return false
	}
	m := regexp.MustCompile(`startxref\n(\d+)\n`).FindSubmatch(b)
	if m == nil {
		return false
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if xref >= len(b) || !bytes.HasPrefix(b[xref:], []byte("xref\n")) {
		return false
	}
	entries := regexp.MustCompile(`(\d{10}) 00000 n `).FindAllSubmatch(b[xref:], -1)
	for i, e := range entries {
		off, _ := strconv.Atoi(string(e[1]))
		if !bytes.HasPrefix(b[off:], fmt.Appendf(nil, "%d 0 obj", i+1)) {
			return false
		}
	}
	return len(entries) == 5
}

func TestGenerateOrganizationsDeterministic(t *testing.T) {
	run := func(seed int64) orgRegister {
		s := datatest.MustOpen(t)
		generate(t, s, MinHouseholdsForAgreements, seed)
		return loadOrgs(t, s)
	}
	a, b := run(4), run(4)
	if a.fingerprint() != b.fingerprint() {
		t.Errorf("same seed, different organizations or agreements:\n%s\n---\n%s", a.fingerprint(), b.fingerprint())
	}
	// The plan alone shows another seed differs, without a third register.
	today := datatest.Epoch()
	p4, p5 := planOrgs(4, today), planOrgs(5, today)
	if fmt.Sprint(p4.orgs) == fmt.Sprint(p5.orgs) {
		t.Error("seeds 4 and 5 give the same organizations")
	}
	for i := range a.orgs {
		if a.orgs[i].Name != p4.orgs[i].Name {
			t.Errorf("stored %s, planned %s", a.orgs[i].Name, p4.orgs[i].Name)
		}
	}
	// The organizations do not depend on the household generator's draws.
	if fmt.Sprint(planOrgs(4, today).orgs) != fmt.Sprint(p4.orgs) {
		t.Error("planning twice differs")
	}
}

func TestGenerateOrganizationsThreshold(t *testing.T) {
	s := datatest.MustOpen(t)
	sum := generate(t, s, 3, 1)
	reg := loadOrgs(t, s)
	if sum.Organizations != 0 || sum.Agreements != 0 || len(reg.orgs) != 0 || len(reg.agreements) != 0 {
		t.Errorf("3 households: summary %+v, %d organizations stored", sum, len(reg.orgs))
	}
	if set, _ := s.Settings(context.Background()); set.OfficeName != "" {
		t.Errorf("3 households: office %q saved", set.OfficeName)
	}
}

// A register that already has an organization gets none of the
// demonstration's: its codes could collide with real ones.
func TestGenerateOrganizationsNotMixed(t *testing.T) {
	s := datatest.MustOpen(t)
	real := data.Organization{Name: "东城区真实社会工作服务中心", Type: data.OrgTypeCommunity}
	if _, err := s.CreateOrganization(context.Background(), &real); err != nil {
		t.Fatal(err)
	}
	sum := generate(t, s, MinHouseholdsForAgreements, 1)
	if reg := loadOrgs(t, s); sum.Organizations != 0 || len(reg.orgs) != 1 || len(reg.agreements) != 0 {
		t.Errorf("summary %+v, %d organizations, %d agreements", sum, len(reg.orgs), len(reg.agreements))
	}
}

func TestGenerateOrganizationsCancel(t *testing.T) {
	s := datatest.MustOpen(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Cancelled once the households are written: they are kept, and no
	// organization is begun.
	sum, err := Generate(ctx, s, Options{Households: MinHouseholdsForAgreements, Seed: 2}, func(done, total int) {
		if done == total {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Generate: %v, want cancelled", err)
	}
	reg := loadOrgs(t, s)
	if sum.Households != MinHouseholdsForAgreements || sum.Organizations != 0 || len(reg.orgs) != 0 {
		t.Errorf("summary %+v, %d organizations stored", sum, len(reg.orgs))
	}
}
