package sheet

// The check of a household roster: every row on its own (on all cores),
// then against the other rows and the register (household_match.go), then
// each household as it would be stored.

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"jiedao/data"
)

// check validates every row and matches rows to stored households and
// residents. It reads the register through rd and writes nothing.
func (im *importer) check(ctx context.Context, rd registerReads) error {
	n := len(im.t.records)
	im.entries = make([]entry, n)
	if err := im.checkRows(ctx); err != nil {
		return err
	}
	im.markFlawed()
	im.markDuplicateIDs()
	im.group()
	if err := im.match(ctx, rd); err != nil {
		return err
	}
	if err := im.validateHouseholds(ctx, rd); err != nil {
		return err
	}
	for i := range im.entries {
		im.entries[i].id = "" // matched; let the collector have them
	}
	im.countInvalid()
	clipProblems(im.report.Problems)
	clipProblems(im.report.Warnings)
	im.report.Problems = im.t.flaws.merge(im.report.Problems)
	sortProblems(im.report.Problems)
	sortProblems(im.report.Warnings)
	im.progress(n, 0)
	return nil
}

// checkRows checks the rows on their own, on all cores: each worker takes
// a contiguous part of the file and collects its own problems; the calling
// goroutine is one of them (and the one that reports progress).
func (im *importer) checkRows(ctx context.Context) error {
	n := len(im.t.records)
	workers := min(runtime.GOMAXPROCS(0), 4, max(1, n/4096))
	sinks := make([]sink, workers)
	var checked atomic.Int64
	var wg sync.WaitGroup
	part := (n + workers - 1) / workers
	for w := workers - 1; w >= 0; w-- {
		lo, hi := w*part, min(n, (w+1)*part)
		sinks[w].im = im
		if w == 0 {
			im.checkPart(ctx, lo, hi, &sinks[w], &checked, true)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			im.checkPart(ctx, lo, hi, &sinks[w], &checked, false)
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, s := range sinks {
		im.report.Problems = append(im.report.Problems, s.problems...)
		im.report.Warnings = append(im.report.Warnings, s.warnings...)
	}
	return nil
}

// checkPart checks rows lo to hi into s, counting them in checked; the
// worker that reports progress says so.
func (im *importer) checkPart(ctx context.Context, lo, hi int, s *sink, checked *atomic.Int64, reports bool) {
	for i := lo; i < hi; i++ {
		if (i-lo)%2048 == 2047 {
			done := checked.Add(2048)
			if ctx.Err() != nil {
				return
			}
			if reports {
				im.progress(int(done)/2, 0)
			}
		}
		im.checkRow(i, s)
	}
}

// markFlawed makes the rows with a flawed cell invalid (their problems are
// added when the check ends: readFlaws.merge).
func (im *importer) markFlawed() {
	recs := im.t.records
	for row := range im.t.flaws.rows {
		if i := rowIndex(len(recs), func(i int) int { return int(recs[i].row) }, row); i >= 0 {
			im.entries[i].bad = true
			im.entries[i].id = ""
		}
	}
}

// markDuplicateIDs refuses a person given twice in the file: the second
// row with an ID number. Its map (20 MB for 300,000 rows) is gone when it
// returns; matching does without.
func (im *importer) markDuplicateIDs() {
	t := im.t
	firstByID := make(map[string]int32, len(t.records))
	for i := range im.entries {
		e := &im.entries[i]
		if e.id == "" {
			continue
		}
		if first, dup := firstByID[e.id]; dup {
			im.problem(i, fID, t.records[i].get(fID), fmt.Sprintf("与第 %d 行的身份证号码重复。", t.records[first].row))
			e.id = ""
		} else {
			firstByID[e.id] = int32(i)
		}
	}
}

// countInvalid makes every row of an invalid household invalid and counts
// the valid and invalid rows.
func (im *importer) countInvalid() {
	for _, g := range im.groups {
		if g.bad {
			for _, i := range g.rows {
				im.entries[i].bad = true
			}
		}
	}
	for i := range im.entries {
		if im.entries[i].bad {
			im.report.Invalid++
		}
	}
	im.report.Valid = len(im.entries) - im.report.Invalid
}

// idBirth returns the birth date (2006-01-02) an 18- or 15-digit ID number
// carries, without validating anything else, or "".
func idBirth(id string) string {
	n := data.NormalizeIDNumber(id)
	var ymd string
	switch len(n) {
	case 18:
		ymd = n[6:14]
	case 15:
		ymd = "19" + n[6:12]
	default:
		return ""
	}
	for i := 0; i < 8; i++ {
		if ymd[i] < '0' || ymd[i] > '9' {
			return ""
		}
	}
	return ymd[:4] + "-" + ymd[4:6] + "-" + ymd[6:]
}

// sink collects the problems one worker of check finds.
type sink struct {
	im                 *importer
	problems, warnings []Problem
}

func (s *sink) problem(i int, f field, value, reason string) {
	s.im.entries[i].bad = true
	s.problems = append(s.problems, Problem{
		Row: int(s.im.t.records[i].row), Column: s.im.t.columnName(f), Value: value, Reason: reason,
	})
}

// checkRow checks row i on its own: its cells, and the resident they make
// against the data package's rules. It writes only entries[i] and s, so
// rows can be checked concurrently.
func (im *importer) checkRow(i int, s *sink) {
	t := im.t
	rec := &t.records[i]
	e := &im.entries[i]
	e.group = -1
	r, ym, idLost, probs := im.resident(rec)
	if len(probs) > 0 {
		e.bad = true
		s.problems = append(s.problems, probs...)
	}
	if r.BirthDate != "" && r.BirthDate == idBirth(r.IDNumber) {
		// Validate would parse the date again only to find it equal to
		// the ID number's; it fills the same value in itself.
		r.BirthDate = ""
	}
	warnings, err := r.Validate(im.today)
	im.errorProblems(i, rec, err, idLost, s)
	for _, w := range warnings {
		s.warnings = append(s.warnings, Problem{
			Row: int(rec.row), Column: t.columnName(fID), Value: rec.get(fID),
			Reason: data.Render(w.Key, "zh", w.Args),
		})
	}
	for f := field(0); f < nFields; f++ {
		if v := rec.get(f); formulaLike(v) {
			s.warnings = append(s.warnings, formulaWarning(int(rec.row), t.columnName(f), v))
		}
	}
	if ym != "" && r.BirthDate != "" && !strings.HasPrefix(r.BirthDate, ym) {
		s.problem(i, fBirth, rec.get(fBirth), fmt.Sprintf("填写的出生年月 %s 与身份证号码中的 %s 不一致，请核对。", ym, r.BirthDate[:7]))
	}
	e.active = r.Active()
	e.head = e.active && r.Relation == data.RelationHead
	if !idLost && r.IDNumber != "" && !hasField(err, "idNumber") {
		e.id = r.IDNumber
	}
}

// hasField reports whether a Validate error has a problem with field.
func hasField(err error, name string) bool {
	_, ok := data.FieldErrors(err)[name]
	return ok
}

// problem records a problem with entry i's field f.
func (im *importer) problem(i int, f field, value, reason string) {
	im.entries[i].bad = true
	im.report.Problems = append(im.report.Problems, Problem{
		Row: int(im.t.records[i].row), Column: im.t.columnName(f), Value: value, Reason: reason,
	})
}

// errorProblems turns the errors of a Validate into problems of entry i.
func (im *importer) errorProblems(i int, rec *record, err error, skipID bool, s *sink) {
	for name, errs := range data.FieldErrors(err) {
		f, ok := jsonField[name]
		if !ok {
			f = fNotes
		}
		if f == fID && skipID {
			continue
		}
		if f == fTags && (rec.get(fTags) == "") {
			// Only the disability columns were filled in.
			switch {
			case im.t.has(fDisability):
				f = fDisability
			case im.t.has(fDisabilityGrade):
				f = fDisabilityGrade
			}
		}
		for _, e := range errs {
			s.problem(i, f, rec.get(f), reason(f, e))
		}
	}
}

// jsonField maps the data package's field names (Args["Field"]) to
// columns.
var jsonField = map[string]field{
	"number": fNumber, "community": fCommunity, "grid": fGrid, "estate": fEstate,
	"building": fBuilding, "unit": fUnit, "room": fRoom, "address": fAddress, "kind": fKind,
	"residenceType": fResidenceType, "housing": fHousing,
	"name": fName, "idNumber": fID, "sex": fSex, "birthDate": fBirth, "ethnicity": fEthnicity,
	"relation": fRelation, "education": fEducation, "political": fPolitical, "marital": fMarital,
	"employer": fEmployer, "phone": fPhone, "registeredAddress": fRegistered, "status": fStatus,
	"tags": fTags, "notes": fNotes,
}

// choices lists the accepted values of the coded columns, for messages.
var choices = map[field][]string{
	fKind: data.HouseholdKinds, fResidenceType: data.ResidenceTypes, fHousing: data.Housings,
	fSex: data.Sexes, fEthnicity: data.EthnicGroups, fRelation: data.Relations,
	fEducation: data.Educations, fPolitical: data.PoliticalStatuses, fMarital: data.MaritalStatuses,
	fStatus: data.Statuses, fTags: data.CareTags, fDisability: data.DisabilityCategories,
	fDisabilityGrade: data.DisabilityGrades,
}

// reason renders a validation error in Chinese; for a value not in a list
// it adds the list, which is what the clerk needs to fix the cell.
// outOfScope is the problem of a row outside the account's scope.
func outOfScope() *data.Error { return &data.Error{Key: data.KeyOutOfScope} }

func reason(f field, e *data.Error) string {
	text := data.Render(e.Key, "zh", e.Args)
	if e.Key == data.KeyInvalidChoice {
		if list := choices[f]; len(list) > 0 {
			if len(list) > 20 {
				text += "可选值见模板的“说明”页。"
			} else {
				text += "可选：" + strings.Join(list, "、") + "。"
			}
		}
	}
	return text
}

// validateHouseholds checks each household as it would be stored: a new
// one on the values its rows give, a stored one with the rows' values over
// what is stored (a file without a 社区 column can still update a
// household that has one).
func (im *importer) validateHouseholds(ctx context.Context, rd registerReads) error {
	// A chunk of groups at a time: 120,000 stored households held at once
	// would add 60 MB to the import's peak.
	for chunk := range slices.Chunk(im.groups, lookupBatch) {
		if err := ctx.Err(); err != nil {
			return err
		}
		var ids []int64
		for _, g := range chunk {
			if g.existing != 0 && !g.bad {
				ids = append(ids, g.existing)
			}
		}
		stored, err := householdsByID(rd, ids)
		if err != nil {
			return fmt.Errorf("sheet: %w", err)
		}
		for _, g := range chunk {
			if !g.bad {
				im.validateHousehold(g, stored, rd.Covers)
			}
		}
	}
	return nil
}

// validateHousehold checks one household: a new one on the values its
// rows give, a stored one (in stored) with the rows' values over what is
// stored. Its problems go to every row of the household.
func (im *importer) validateHousehold(g *group, stored map[int64]*data.Household, covers func(community, grid string) bool) {
	h := im.fileHousehold(g)
	inScope := true
	if g.existing != 0 {
		var cur data.Household
		if p := stored[g.existing]; p != nil {
			cur = *p
		} else {
			inScope = false // the lookup keeps to the scope: not the account's
		}
		h = im.overlay(g, cur)
		g.same = sameHousehold(&cur, &h)
	}
	if !inScope || !covers(h.Community, h.Grid) {
		// The household as it would be stored lies outside the
		// account's communities and grids.
		g.bad = true
		for _, i := range g.rows {
			im.problem(int(i), fCommunity, im.t.records[i].get(fCommunity), reason(fCommunity, outOfScope()))
		}
		return
	}
	err := h.Validate()
	if err == nil {
		return
	}
	g.bad = true
	for name, errs := range data.FieldErrors(err) {
		f, ok := jsonField[name]
		if !ok {
			f = fAddress
		}
		for _, i := range g.rows {
			for _, e := range errs {
				im.problem(int(i), f, im.t.records[i].get(f), reason(f, e))
			}
		}
	}
}
