package sheet

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"

	"jiedao/data"
)

// ImportOptions are the choices of an import.
type ImportOptions struct {
	// DryRun checks every row against the file and the database and
	// reports, changing nothing.
	DryRun bool
	// SkipInvalid imports the valid rows when some are invalid ("import
	// the valid rows"); without it one invalid row stops the whole import.
	SkipInvalid bool
	// Progress, when not nil, is called from the importing goroutine as
	// work is done. total is 0 while the file is read (done counts the rows
	// read so far); then total is the number of rows and done climbs to it
	// once over checking and writing.
	Progress func(done, total int)

	trace func(phase string) // tests and benchmarks: called as each phase ends
	round int                // tests: households per round of writes (householdBatch)
	bulk  int                // tests: new residents from which indexes are rebuilt (bulkRows)
}

// Sizes of the writes; everything shares one transaction.
const (
	// householdBatch is the households of one round of writes: their
	// rows, their residents, their tags. Large, because the registry's
	// address index is an FTS5 table, which writes its pending terms out
	// as a new segment (and merges segments) whenever a later statement
	// opens a savepoint, as every multi-row INSERT does; the households'
	// hooks write the index once per round (see bulk.go). Measured on
	// 120,000 households: 6 s of FTS5 work with the index written after
	// every 20 households, under 1 s in rounds of 2,000.
	householdBatch = 2000
	// maxParams bounds the parameters of one INSERT where GORM's Create
	// is used (bulk.go falls back to it off SQLite): the SQLite driver
	// binds them in quadratic time. 24-column residents: 8–14 rows a
	// statement cost the same, 40 rows 40% more, 150 rows twice as much.
	maxParams   = 256
	lookupBatch = 500 // keys per IN (…) lookup
	// bulkRows is the number of new residents from which an import drops
	// the registry's secondary indexes and builds them again at the end,
	// in the same transaction: inserting into ten indexes row by row costs
	// a third of the write time, building them once costs a few seconds.
	bulkRows = 20_000
)

// AuditActionImport is the action of the audit entry an import leaves (one
// per import, on the entity "households", with the file name and counts).
const AuditActionImport = "import"

// ImportHouseholds imports a household roster (XLSX or CSV; see the package
// comment for what is accepted). Every row is checked before anything is
// written, against the file (duplicate ID numbers, rows of one household
// that disagree) and against the database (a person active in another
// household). Then, unless opt.DryRun, everything is written in one
// transaction: with an invalid row and no opt.SkipInvalid nothing is
// written and the error wraps ErrInvalidRows; a cancelled ctx or any
// failure leaves the database as it was.
//
// Residents are matched by ID number and households by number (or, when
// the file has none, through their members), so importing the same file
// again changes nothing and leaves no audit entry. An empty cell never
// erases a stored value: the import adds and corrects, it does not clear.
// One audit entry records each import that changed something.
func ImportHouseholds(ctx context.Context, s *data.Store, path string, opt ImportOptions) (Report, error) {
	rep := Report{File: filepath.Base(path)}
	t, err := readTable(ctx, path, func(n int) {
		if opt.Progress != nil {
			opt.Progress(n, 0)
		}
	})
	if err != nil {
		return rep, err
	}
	im := newImporter(s, t, opt)
	im.tracePhase("read")
	if opt.DryRun {
		db := s.DB().WithContext(ctx)
		err := im.check(ctx, db)
		if err == nil {
			err = im.forecast(ctx, db)
		}
		return im.report, err
	}
	err = s.Tx(ctx, func(tx *data.Tx) error {
		defer im.smallCache(tx.DB)()
		if err := im.check(ctx, tx.DB); err != nil {
			return err
		}
		im.tracePhase("check")
		if im.report.Invalid > 0 && !opt.SkipInvalid {
			return invalidRows(t.name, im.report.Invalid)
		}
		if err := im.write(ctx, tx); err != nil {
			return err
		}
		return im.audit(tx)
	})
	if err != nil {
		im.report.Applied = false
		im.report.HouseholdsCreated, im.report.HouseholdsUpdated = 0, 0
		im.report.ResidentsCreated, im.report.ResidentsUpdated, im.report.ResidentsUnchanged = 0, 0, 0
		return im.report, err
	}
	im.report.Applied = true
	return im.report, nil
}

// entry is what the check keeps about one row.
type entry struct {
	group    int32  // index in groups, -1 when the row has no household
	id       string // normalized ID number, "" when it is not valid
	existing int64  // the stored resident this row updates, 0 for a new one
	// The active stored record with the row's ID number and its
	// household, found by match.
	activeID, activeHH int64
	bad                bool
	head               bool // active, relation 户主
	active             bool
}

// group is one household of the file. Its fields are not copied: from
// names the row that gave each (the first row with a value), and
// fileHousehold reads them back. 120,000 copies of data.Household would
// cost 40 MB of the import's memory.
type group struct {
	rows     []int32                     // entries, in file order
	from     [len(householdFields)]int32 // by householdFields: the entry that gave it, -1
	number   string                      // the household number the file gives, normalized
	existing int64                       // the stored household, 0 for a new one
	head     int32                       // the entry of the head, -1
	bad      bool                        // the household itself is invalid
	created  bool                        // the import created it
	same     bool                        // stored, and the file changes none of its fields
}

type importer struct {
	s       *data.Store
	t       *table
	opt     ImportOptions
	today   time.Time
	entries []entry
	groups  []*group
	report  Report
	ins     struct{ households, residents, tags *bulkInserter }

	// Numbers for new households without one, given at write time.
	year        string
	seq         int
	fileNumbers map[string]bool

	done                 int // rows written, for progress
	indexes, indexesDone int // indexes to rebuild and rebuilt, for progress
}

func newImporter(s *data.Store, t *table, opt ImportOptions) *importer {
	im := &importer{s: s, t: t, opt: opt, today: s.Now()}
	im.report = Report{
		File: t.name, Format: t.format, Sheet: t.sheet, HeaderRow: t.headerRow,
		IgnoredColumns: t.ignored, Rows: len(t.records),
	}
	return im
}

// progress reports checking as the first quarter of the work and writing
// as the rest; when indexes are rebuilt, that is the last fifth of the
// writing (about what it takes).
func (im *importer) progress(checked, written int) {
	if im.opt.Progress == nil {
		return
	}
	n := len(im.t.records)
	if n == 0 {
		return
	}
	if im.opt.DryRun {
		im.opt.Progress(checked, n)
		return
	}
	share := 0.75
	if im.indexes > 0 {
		share = 0.6
	}
	f := 0.25*float64(checked)/float64(n) + share*float64(written)/float64(n)
	if im.indexes > 0 {
		f += 0.15 * float64(im.indexesDone) / float64(im.indexes)
	}
	im.opt.Progress(min(n, int(f*float64(n)+0.5)), n)
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

// resident builds the resident a row describes, before validation: coded
// cells mapped to their terms, the ID number and dates read the ways
// spreadsheets store them. It returns the year and month of a 出生年月 cell
// that had no day (checked against the ID number after validation), and
// whether the ID cell was a rounded number (then the ID number's own
// validation is not reported on top).
func (im *importer) resident(rec *record) (r data.Resident, birthYM string, idLost bool, probs []Problem) {
	row := int(rec.row)
	r.Name = rec.get(fName)
	id := rec.get(fID)
	switch {
	case lostDigits(id, rec.isNumeric(fID)):
		idLost = true
		probs = append(probs, Problem{Row: row, Column: im.t.columnName(fID), Value: id,
			Reason: "身份证号码被存成了数字，末几位已经丢失，无法恢复。请把该列设为“文本”格式，重新填写号码后再导入。"})
		id = ""
	case rec.isNumeric(fID):
		id = numberText(id) // a 15-digit number is exact
	}
	r.IDNumber = id
	r.Sex = canon(rec.get(fSex), data.Sexes, sexSynonyms, "")
	if b := rec.get(fBirth); b != "" {
		d, ok := parseDate(b, rec.isNumeric(fBirth), im.t.date1904)
		switch {
		case !ok:
			probs = append(probs, Problem{Row: row, Column: im.t.columnName(fBirth), Value: b,
				Reason: "无法识别的日期，请写成 1990-01-02 这样的形式。"})
		case d.Day == 0:
			birthYM = d.String()
		default:
			r.BirthDate = d.String()
		}
	}
	r.Ethnicity = canon(rec.get(fEthnicity), data.EthnicGroups, nil, "族")
	r.Relation = canon(rec.get(fRelation), data.Relations, relationSynonyms, "")
	r.Education = canon(rec.get(fEducation), data.Educations, educationSynonyms, "")
	r.Political = canon(rec.get(fPolitical), data.PoliticalStatuses, politicalSynonyms, "")
	r.Marital = canon(rec.get(fMarital), data.MaritalStatuses, maritalSynonyms, "")
	r.Employer = rec.get(fEmployer)
	phone := stripTextMarker(rec.get(fPhone))
	if rec.isNumeric(fPhone) {
		phone = numberText(phone)
	}
	r.Phone = phone
	r.RegisteredAddress = rec.get(fRegistered)
	r.Status = canon(rec.get(fStatus), data.Statuses, statusSynonyms, "")
	r.Tags = parseTags(rec.get(fTags), rec.get(fDisability), rec.get(fDisabilityGrade))
	r.Notes = rec.get(fNotes)
	return r, birthYM, idLost, probs
}

// household builds the household fields a row gives.
func (im *importer) household(rec *record) data.Household {
	num := stripTextMarker(rec.get(fNumber))
	if rec.isNumeric(fNumber) {
		num = numberText(num)
	}
	return data.Household{
		Number:        strings.ToUpper(data.NormalizeIDNumber(num)),
		Community:     rec.get(fCommunity),
		Grid:          rec.get(fGrid),
		Estate:        rec.get(fEstate),
		Building:      rec.get(fBuilding),
		Unit:          rec.get(fUnit),
		Room:          rec.get(fRoom),
		Address:       rec.get(fAddress),
		Kind:          canon(rec.get(fKind), data.HouseholdKinds, kindSynonyms, ""),
		ResidenceType: canon(rec.get(fResidenceType), data.ResidenceTypes, residenceSynonyms, ""),
		Housing:       canon(rec.get(fHousing), data.Housings, housingSynonyms, ""),
	}
}

// householdFields are the household's columns, with the struct field each
// fills.
var householdFields = [...]struct {
	f   field
	ptr func(*data.Household) *string
}{
	{fNumber, func(h *data.Household) *string { return &h.Number }},
	{fCommunity, func(h *data.Household) *string { return &h.Community }},
	{fGrid, func(h *data.Household) *string { return &h.Grid }},
	{fEstate, func(h *data.Household) *string { return &h.Estate }},
	{fBuilding, func(h *data.Household) *string { return &h.Building }},
	{fUnit, func(h *data.Household) *string { return &h.Unit }},
	{fRoom, func(h *data.Household) *string { return &h.Room }},
	{fAddress, func(h *data.Household) *string { return &h.Address }},
	{fKind, func(h *data.Household) *string { return &h.Kind }},
	{fResidenceType, func(h *data.Household) *string { return &h.ResidenceType }},
	{fHousing, func(h *data.Household) *string { return &h.Housing }},
}

// check validates every row and matches rows to stored households and
// residents. db reads only.
func (im *importer) check(ctx context.Context, db *gorm.DB) error {
	t := im.t
	n := len(t.records)
	im.entries = make([]entry, n)

	// Rows on their own, on all cores: each worker takes a contiguous
	// part of the file and collects its own problems; the calling
	// goroutine is one of them (and the one that reports progress).
	workers := min(runtime.GOMAXPROCS(0), 4, max(1, n/4096))
	sinks := make([]sink, workers)
	var checked atomic.Int64
	var wg sync.WaitGroup
	part := (n + workers - 1) / workers
	for w := workers - 1; w >= 0; w-- {
		lo, hi := w*part, min(n, (w+1)*part)
		sinks[w].im = im
		work := func() {
			for i := lo; i < hi; i++ {
				if (i-lo)%2048 == 2047 {
					done := checked.Add(2048)
					if ctx.Err() != nil {
						return
					}
					if w == 0 {
						im.progress(int(done)/2, 0)
					}
				}
				im.checkRow(i, &sinks[w])
			}
		}
		if w == 0 {
			work()
		} else {
			wg.Add(1)
			go func() { defer wg.Done(); work() }()
		}
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, s := range sinks {
		im.report.Problems = append(im.report.Problems, s.problems...)
		im.report.Warnings = append(im.report.Warnings, s.warnings...)
	}
	// The same person twice in the file.
	firstByID := make(map[string]int32, n)
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
	firstByID = nil // 20 MB for 300,000 rows; matching does without

	im.group()
	if err := im.match(ctx, db); err != nil {
		return err
	}
	if err := im.validateHouseholds(ctx, db); err != nil {
		return err
	}
	for i := range im.entries {
		im.entries[i].id = "" // matched; let the collector have them
	}

	// A household's problems make all its rows invalid; count.
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
	im.report.Valid = n - im.report.Invalid
	sortProblems(im.report.Problems)
	sortProblems(im.report.Warnings)
	im.progress(n, 0)
	return nil
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

// group assigns rows to households: by household number; without one, by
// address and head — the head being the row with relation 户主 at that
// address (the nearest one above when an address has several households).
func (im *importer) group() {
	t := im.t
	type addrHead struct {
		row  int32
		name string
	}
	addrKey := func(h *data.Household) string {
		a := h.Address
		if a == "" {
			a = data.ComposeAddress(h.Estate, h.Building, h.Unit, h.Room)
		}
		if a == "" {
			return ""
		}
		return h.Community + "\x00" + a
	}
	// Heads by address, for rows without a number.
	heads := map[string][]addrHead{}
	for i := range t.records {
		rec := &t.records[i]
		if im.entries[i].head && rec.get(fNumber) == "" {
			h := im.household(rec)
			if k := addrKey(&h); k != "" {
				heads[k] = append(heads[k], addrHead{int32(i), data.NormalizeName(rec.get(fName))})
			}
		}
	}
	index := map[string]int32{}
	// The household of the row a group's fields come from, cached: the
	// rows of a household are usually together.
	firstRow := int32(-1)
	var firstH data.Household
	for i := range t.records {
		rec := &t.records[i]
		h := im.household(rec)
		var key string
		switch {
		case h.Number != "":
			key = "#" + h.Number
		default:
			ak := addrKey(&h)
			if ak == "" {
				im.problem(i, fNumber, "", "无法确定所属的户：请填写户编号，或填写地址（或小区、楼栋、单元、房号）。")
				continue
			}
			head := ""
			if hs := heads[ak]; len(hs) > 0 {
				head = hs[0].name
				for _, c := range hs {
					if c.row <= int32(i) {
						head = c.name
					}
				}
			}
			key = "@" + ak + "\x00" + head
		}
		gi, ok := index[key]
		if !ok {
			gi = int32(len(im.groups))
			index[key] = gi
			g := &group{number: h.Number, head: -1}
			for k := range g.from {
				g.from[k] = -1
			}
			im.groups = append(im.groups, g)
		}
		g := im.groups[gi]
		g.rows = append(g.rows, int32(i))
		im.entries[i].group = gi

		// The household's fields: the first row that gives one sets it; a
		// later row that says otherwise is a mistake in one of them.
		for k, hf := range householdFields {
			v := *hf.ptr(&h)
			if v == "" {
				continue
			}
			first := g.from[k]
			if first < 0 {
				g.from[k] = int32(i)
				continue
			}
			if first != firstRow {
				firstRow, firstH = first, im.household(&t.records[first])
			}
			if *hf.ptr(&firstH) != v {
				im.problem(i, hf.f, rec.get(hf.f), fmt.Sprintf("与同一户第 %d 行的“%s”不一致，请核对。", t.records[first].row, t.records[first].get(hf.f)))
			}
		}
		if im.entries[i].head && !im.entries[i].bad {
			if g.head >= 0 {
				im.problem(i, fRelation, rec.get(fRelation), fmt.Sprintf("同一户只能有一位户主，第 %d 行已是户主。", t.records[g.head].row))
			} else {
				g.head = int32(i)
			}
		}
	}
}

// textList is a condition "col IN (values)"; on SQLite the values travel
// as one JSON array (see idList).
func textList(db *gorm.DB, col string, vals []string) (string, any) {
	if db.Dialector.Name() != "sqlite" {
		return col + " IN ?", vals
	}
	b, _ := json.Marshal(vals)
	return col + " IN (SELECT value FROM json_each(?))", string(b)
}

// storedResident is what matching needs of a stored resident: 300,000 of
// them are looked up when a roster is imported again, so no strings.
type storedResident struct {
	ID, HouseholdID int64
	Active          bool
}

// storedHousehold is what matching needs of a stored household.
type storedHousehold struct {
	ID        int64
	Number    string
	Address   string
	HeadID    *int64
	DeletedAt gorm.DeletedAt
}

// match finds the stored household of each group and the stored resident
// of each row, and refuses what would break "one person, one active
// record".
func (im *importer) match(ctx context.Context, db *gorm.DB) error {
	t := im.t
	// Stored households by number, including the recycle bin's (a number
	// there cannot be reused).
	var numbers []string
	for _, g := range im.groups {
		if g.number != "" {
			numbers = append(numbers, g.number)
		}
	}
	byNumber := map[string]storedHousehold{}
	for chunk := range slices.Chunk(numbers, lookupBatch) {
		var hs []storedHousehold
		err := db.Unscoped().Model(&data.Household{}).Select("id, number, address, head_id, deleted_at").
			Where("number IN ?", chunk).Find(&hs).Error
		if err != nil {
			return fmt.Errorf("sheet: look up households: %w", err)
		}
		for _, h := range hs {
			byNumber[h.Number] = h
		}
	}
	// Stored residents by ID number, every record, active or not: the
	// active one goes into the row's entry, the others (history, rare)
	// into a map. A chunk of rows at a time, with a map of that chunk's
	// numbers only: for a second import of 300,000 rows one map of all
	// numbers cost 25 MB more at the import's peak.
	inactive := map[int32][]storedResident{}
	plus := ""
	if db.Dialector.Name() == "sqlite" {
		plus = "+"
	}
	chunkIDs := make([]string, 0, lookupBatch)
	chunkIndex := make(map[string]int32, lookupBatch)
	lookup := func() error {
		defer func() {
			chunkIDs = chunkIDs[:0]
			clear(chunkIndex)
		}()
		if len(chunkIDs) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		// Without statistics SQLite takes "deleted_at IS NULL" (GORM's
		// soft-delete condition) over a list of ID numbers and reads every
		// live resident for each chunk: 160 s for a second import of
		// 300,000. So the condition is written here, kept off the index.
		cond, arg := textList(db, "id_number", chunkIDs)
		rows, err := db.Raw("SELECT id, id_number, household_id, status FROM residents WHERE "+cond+
			" AND "+plus+"deleted_at IS NULL ORDER BY id", arg).Rows()
		if err != nil {
			return fmt.Errorf("sheet: look up residents: %w", err)
		}
		defer rows.Close()
		var idNumber, status sql.RawBytes
		for rows.Next() {
			var r storedResident
			if err := rows.Scan(&r.ID, &idNumber, &r.HouseholdID, &status); err != nil {
				return fmt.Errorf("sheet: look up residents: %w", err)
			}
			i, ok := chunkIndex[string(idNumber)]
			if !ok {
				continue
			}
			for _, a := range data.ActiveStatuses {
				r.Active = r.Active || string(status) == a
			}
			if e := &im.entries[i]; r.Active && e.activeID == 0 {
				e.activeID, e.activeHH = r.ID, r.HouseholdID
			} else if !r.Active {
				inactive[i] = append(inactive[i], r)
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sheet: look up residents: %w", err)
		}
		return nil
	}
	for i := range im.entries {
		if id := im.entries[i].id; id != "" {
			chunkIDs = append(chunkIDs, id)
			chunkIndex[id] = int32(i)
			if len(chunkIDs) == lookupBatch {
				if err := lookup(); err != nil {
					return err
				}
			}
		}
	}
	if err := lookup(); err != nil {
		return err
	}
	activeOf := func(i int32) *storedResident {
		if e := &im.entries[i]; e.activeID != 0 {
			return &storedResident{ID: e.activeID, HouseholdID: e.activeHH, Active: true}
		}
		return nil
	}

	// Households.
	for _, g := range im.groups {
		if g.number != "" {
			if h, ok := byNumber[g.number]; ok {
				if h.DeletedAt.Valid {
					for _, i := range g.rows {
						im.problem(int(i), fNumber, t.records[i].get(fNumber),
							fmt.Sprintf("户编号 %s 的户在回收站中，请先恢复或彻底删除它。", g.number))
					}
					g.bad = true
					continue
				}
				g.existing = h.ID
			}
			continue
		}
		// No number: the household its members are registered in.
		for _, i := range g.rows {
			if r := activeOf(i); r != nil && im.entries[i].id != "" {
				g.existing = r.HouseholdID
				break
			}
		}
	}

	// Households and names for the messages about residents registered
	// elsewhere (few: read only for them).
	var others, otherResidents []int64
	for i := range im.entries {
		e := &im.entries[i]
		if e.id == "" || e.group < 0 {
			continue
		}
		if r := activeOf(int32(i)); r != nil && r.HouseholdID != im.groups[e.group].existing {
			others = append(others, r.HouseholdID)
			otherResidents = append(otherResidents, r.ID)
		}
	}
	elsewhere := map[int64]storedHousehold{}
	for chunk := range slices.Chunk(others, lookupBatch) {
		var hs []storedHousehold
		if err := db.Model(&data.Household{}).Select("id, number, address").Where("id IN ?", chunk).Find(&hs).Error; err != nil {
			return fmt.Errorf("sheet: look up households: %w", err)
		}
		for _, h := range hs {
			elsewhere[h.ID] = h
		}
	}
	names := map[int64]string{}
	for chunk := range slices.Chunk(otherResidents, lookupBatch) {
		var rs []struct {
			ID   int64
			Name string
		}
		if err := db.Model(&data.Resident{}).Select("id, name").Where("id IN ?", chunk).Find(&rs).Error; err != nil {
			return fmt.Errorf("sheet: look up residents: %w", err)
		}
		for _, r := range rs {
			names[r.ID] = r.Name
		}
	}

	// Residents.
	for i := range im.entries {
		e := &im.entries[i]
		if e.id == "" || e.group < 0 {
			continue
		}
		g := im.groups[e.group]
		rec := &t.records[i]
		act := activeOf(int32(i))
		switch {
		case act != nil && (g.existing == 0 || act.HouseholdID != g.existing):
			h := elsewhere[act.HouseholdID]
			err := &data.Error{Key: data.KeyResidentDuplicate, Args: map[string]any{
				"IDNumber": e.id, "Name": names[act.ID], "Number": h.Number, "Address": h.Address,
			}}
			im.problem(i, fID, rec.get(fID), reason(fID, err))
		case act != nil && !e.active:
			// 迁出 and 死亡 are recorded as events, with a date.
			err := &data.Error{Key: data.KeyEventStatusByEvent}
			im.problem(i, fStatus, rec.get(fStatus), reason(fStatus, err))
		case act != nil:
			e.existing = act.ID
		case !e.active && g.existing != 0:
			// A moved-out or deceased person imported again: the
			// record of the same household, if there is one.
			for _, r := range inactive[int32(i)] {
				if r.HouseholdID == g.existing {
					e.existing = r.ID
					break
				}
			}
		}
	}
	return nil
}

// validateHouseholds checks each household as it would be stored: a new
// one on the values its rows give, a stored one with the rows' values over
// what is stored (a file without a 社区 column can still update a
// household that has one).
func (im *importer) validateHouseholds(ctx context.Context, db *gorm.DB) error {
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
		stored := make(map[int64]data.Household, len(ids))
		if len(ids) > 0 {
			var hs []data.Household
			if err := db.Where("id IN ?", ids).Find(&hs).Error; err != nil {
				return fmt.Errorf("sheet: look up households: %w", err)
			}
			for _, h := range hs {
				stored[h.ID] = h
			}
		}
		for _, g := range chunk {
			if !g.bad {
				im.validateHousehold(g, stored)
			}
		}
	}
	return nil
}

// validateHousehold checks one household: a new one on the values its
// rows give, a stored one (in stored) with the rows' values over what is
// stored. Its problems go to every row of the household.
func (im *importer) validateHousehold(g *group, stored map[int64]data.Household) {
	h := im.fileHousehold(g)
	if g.existing != 0 {
		cur := stored[g.existing]
		h = im.overlay(g, cur)
		g.same = sameHousehold(&cur, &h)
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

// fileHousehold returns the household as the file gives it.
func (im *importer) fileHousehold(g *group) data.Household {
	var h data.Household
	last := int32(-1)
	var row data.Household
	for k, hf := range householdFields {
		i := g.from[k]
		if i < 0 {
			continue
		}
		if i != last {
			last, row = i, im.household(&im.t.records[i])
		}
		*hf.ptr(&h) = *hf.ptr(&row)
	}
	return h
}

// overlay returns the stored household with the fields the file gives.
func (im *importer) overlay(g *group, cur data.Household) data.Household {
	h := im.fileHousehold(g)
	for k, hf := range householdFields {
		if v := *hf.ptr(&h); v != "" && g.from[k] >= 0 {
			*hf.ptr(&cur) = v
		}
	}
	return cur
}

// write applies the valid rows. It runs inside the import's transaction.
func (im *importer) write(ctx context.Context, tx *data.Tx) error {
	im.year = im.today.Format("2006")
	fresh := 0
	for i := range im.entries {
		if e := &im.entries[i]; !e.bad && e.existing == 0 {
			fresh++
		}
	}
	var err error
	im.ins.households, err = newBulkInserter(tx.DB, &data.Household{})
	if err == nil {
		im.ins.residents, err = newBulkInserter(tx.DB, &data.Resident{})
	}
	if err == nil {
		im.ins.tags, err = newBulkInserter(tx.DB, &data.ResidentTag{})
	}
	if err != nil {
		return fmt.Errorf("sheet: prepare inserts: %w", err)
	}
	defer im.ins.households.close()
	defer im.ins.residents.close()
	defer im.ins.tags.close()
	bulk := bulkRows
	if im.opt.bulk > 0 {
		bulk = im.opt.bulk
	}
	var dropped []secondaryIndex
	if fresh >= bulk {
		var err error
		if dropped, err = dropSecondaryIndexes(tx.DB); err != nil {
			return err
		}
		im.indexes = len(dropped)
	}
	round := householdBatch
	if im.opt.round > 0 {
		round = im.opt.round
	}
	for start := 0; start < len(im.groups); start += round {
		if err := ctx.Err(); err != nil {
			return err
		}
		end := min(start+round, len(im.groups))
		if err := im.writeBatch(tx.DB, im.groups[start:end]); err != nil {
			return err
		}
		im.progress(len(im.t.records), im.done)
	}
	im.tracePhase("write")
	for _, i := range dropped {
		if err := tx.DB.Exec(i.SQL).Error; err != nil {
			return fmt.Errorf("sheet: rebuild index %s: %w", i.Name, err)
		}
		im.indexesDone++
		im.progress(len(im.t.records), im.done)
		im.tracePhase("index " + i.Name)
	}
	return nil
}

// smallCache gives the import's connection a 16 MiB page cache for a large
// file, and returns the function that puts the store's back. The lookups
// of a second import read the residents in file order, the inserts append
// and the index rebuild sorts: none rereads much, and the store's 64 MiB
// per connection added to the import's peak memory (566 MB for importing
// 300,000 rows again).
func (im *importer) smallCache(db *gorm.DB) func() {
	bulk := bulkRows
	if im.opt.bulk > 0 {
		bulk = im.opt.bulk
	}
	if db.Dialector.Name() != "sqlite" || len(im.t.records) < bulk {
		return func() {}
	}
	var size int
	if err := db.Raw("PRAGMA cache_size").Scan(&size).Error; err != nil || size == 0 {
		return func() {}
	}
	if err := db.Exec("PRAGMA cache_size = -16384").Error; err != nil {
		return func() {}
	}
	return func() {
		// Even when the import was cancelled: the connection goes back
		// to the store's pool.
		db.WithContext(context.Background()).Exec(fmt.Sprintf("PRAGMA cache_size = %d", size))
	}
}

func (im *importer) tracePhase(name string) {
	if im.opt.trace != nil {
		im.opt.trace(name)
	}
}

// valid returns the valid rows of g.
func (im *importer) valid(g *group) []int32 {
	var out []int32
	for _, i := range g.rows {
		if !im.entries[i].bad {
			out = append(out, i)
		}
	}
	return out
}

// writeBatch writes a batch of households and their valid rows.
func (im *importer) writeBatch(db *gorm.DB, groups []*group) error {
	now := im.today
	// 1. Households: create the new ones, update the stored ones whose
	//    fields the file changes.
	var fresh []data.Household
	var freshGroups []*group
	var storedIDs []int64
	for _, g := range groups {
		if g.bad || len(im.valid(g)) == 0 {
			continue
		}
		if g.existing != 0 {
			storedIDs = append(storedIDs, g.existing)
			continue
		}
		h := im.fileHousehold(g)
		if err := h.Validate(); err != nil {
			return fmt.Errorf("sheet: household %s: %w", h.Number, err)
		}
		if h.Number == "" {
			n, err := im.nextNumber(db)
			if err != nil {
				return err
			}
			h.Number = n
		}
		g.number, g.created = h.Number, true
		fresh = append(fresh, h)
		freshGroups = append(freshGroups, g)
	}
	// With IDs handed out before inserting, a new household is written
	// with its head (head_id) in the same row; otherwise it is inserted
	// now to learn its ID, and setHeads fills the head in afterwards.
	preassign := im.ins.households.raw && im.ins.residents.raw
	if len(fresh) > 0 {
		if preassign {
			first := im.ins.households.reserve(len(fresh))
			for k := range fresh {
				fresh[k].ID = first + int64(k)
			}
		} else if err := insertRows(im.ins.households, fresh); err != nil {
			return fmt.Errorf("sheet: create households: %w", err)
		}
		for k, g := range freshGroups {
			g.existing = fresh[k].ID
		}
		im.report.HouseholdsCreated += len(fresh)
	}
	stored := map[int64]*data.Household{}
	if len(storedIDs) > 0 {
		var hs []data.Household
		if err := db.Where("id IN ?", storedIDs).Find(&hs).Error; err != nil {
			return fmt.Errorf("sheet: load households: %w", err)
		}
		for k := range hs {
			stored[hs[k].ID] = &hs[k]
		}
		for _, g := range groups {
			cur, ok := stored[g.existing]
			if !ok || g.bad {
				continue
			}
			next := im.overlay(g, *cur)
			if err := next.Validate(); err != nil {
				return fmt.Errorf("sheet: household %s: %w", cur.Number, err)
			}
			if sameHousehold(cur, &next) {
				continue
			}
			err := db.Model(&next).Select("*").Omit("CreatedAt", "DeletedAt", "HeadID").Updates(&next).Error
			if err != nil {
				return fmt.Errorf("sheet: update household %s: %w", cur.Number, err)
			}
			im.report.HouseholdsUpdated++
		}
	}

	// 2. Residents: create the new ones, update the stored ones the file
	//    changes.
	var fresh2 []data.Resident
	var freshRows []int32
	var storedRows []int32
	var storedRes []int64
	for _, g := range groups {
		if g.bad || g.existing == 0 {
			continue
		}
		for _, i := range im.valid(g) {
			if im.entries[i].existing != 0 {
				storedRows = append(storedRows, i)
				storedRes = append(storedRes, im.entries[i].existing)
				continue
			}
			r, _, _, _ := im.resident(&im.t.records[i])
			r.BirthDate = "" // checked against the ID number already; Validate fills it from there
			if _, err := r.Validate(now); err != nil {
				return fmt.Errorf("sheet: row %d: %w", im.t.records[i].row, err)
			}
			r.HouseholdID = g.existing
			fresh2 = append(fresh2, r)
			freshRows = append(freshRows, i)
		}
	}
	if preassign && len(fresh2) > 0 {
		first := im.ins.residents.reserve(len(fresh2))
		for k, i := range freshRows {
			fresh2[k].ID = first + int64(k)
			im.entries[i].existing = fresh2[k].ID
		}
	}
	if preassign && len(fresh) > 0 {
		for k, g := range freshGroups {
			if g.head >= 0 && !im.entries[g.head].bad && im.entries[g.head].existing != 0 {
				id := im.entries[g.head].existing
				fresh[k].HeadID = &id
			}
		}
		if err := insertRows(im.ins.households, fresh); err != nil {
			return fmt.Errorf("sheet: create households: %w", err)
		}
	}
	if len(fresh2) > 0 {
		// Tags go in after their residents.
		var tags []data.ResidentTag
		held := make([][]data.ResidentTag, len(fresh2))
		for k := range fresh2 {
			held[k], fresh2[k].Tags = fresh2[k].Tags, nil
		}
		if err := insertRows(im.ins.residents, fresh2); err != nil {
			return fmt.Errorf("sheet: create residents: %w", err)
		}
		for k, i := range freshRows {
			im.entries[i].existing = fresh2[k].ID
			for _, t := range held[k] {
				t.ID, t.ResidentID = 0, fresh2[k].ID
				tags = append(tags, t)
			}
		}
		if err := insertRows(im.ins.tags, tags); err != nil {
			return fmt.Errorf("sheet: create care tags: %w", err)
		}
		im.report.ResidentsCreated += len(fresh2)
	}
	if len(storedRes) > 0 {
		var rs []data.Resident
		if err := db.Preload("Tags").Where("id IN ?", storedRes).Find(&rs).Error; err != nil {
			return fmt.Errorf("sheet: load residents: %w", err)
		}
		byID := map[int64]*data.Resident{}
		for k := range rs {
			byID[rs[k].ID] = &rs[k]
		}
		for _, i := range storedRows {
			cur := byID[im.entries[i].existing]
			if cur == nil {
				continue
			}
			changed, err := im.updateResident(db, &im.t.records[i], cur)
			if err != nil {
				return err
			}
			if changed {
				im.report.ResidentsUpdated++
			} else {
				im.report.ResidentsUnchanged++
			}
		}
	}

	// 3. Heads of household not written with their household.
	if err := im.setHeads(db, groups, stored, preassign); err != nil {
		return err
	}
	for _, g := range groups {
		im.done += len(g.rows)
	}
	return nil
}

// secondaryIndex is an index the bulk path drops and builds again.
type secondaryIndex struct{ Name, SQL string }

// dropSecondaryIndexes drops the non-unique indexes of the registry's
// tables (SQLite only; unique indexes stay, they enforce the rules) and
// returns them, to be created again from their SQL at the end. Dropping
// and creating happen inside the import's transaction, so a failed or
// cancelled import gets them back with the rollback, and other
// connections never see them missing.
func dropSecondaryIndexes(db *gorm.DB) ([]secondaryIndex, error) {
	if db.Dialector.Name() != "sqlite" {
		return nil, nil
	}
	var idx []secondaryIndex
	err := db.Raw(`SELECT name, sql FROM sqlite_master
		WHERE type = 'index' AND tbl_name IN ('residents', 'households', 'resident_tags')
		AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'`).Scan(&idx).Error
	if err != nil {
		return nil, fmt.Errorf("sheet: list indexes: %w", err)
	}
	dropped := idx[:0]
	for _, i := range idx {
		if appendOnly(i.SQL) {
			continue
		}
		if err := db.Exec(`DROP INDEX "` + strings.ReplaceAll(i.Name, `"`, `""`) + `"`).Error; err != nil {
			return nil, fmt.Errorf("sheet: drop index %s: %w", i.Name, err)
		}
		dropped = append(dropped, i)
	}
	return dropped, nil
}

// appendOnly reports whether an import only ever appends to an index, so
// that keeping it costs less than building it again: one led by
// deleted_at (NULL in every new row, so ordered by rowid, or not in a
// partial index of the deleted rows at all), by household_id
// (new residents arrive household after household, in ID order) or the
// care tags' (tag, resident_id) (a handful of tags, residents in ID order).
func appendOnly(indexSQL string) bool {
	open := strings.IndexByte(indexSQL, '(')
	if open < 0 {
		return false
	}
	// The columns: up to the closing parenthesis (a partial index's
	// WHERE follows it).
	cols, _, _ := strings.Cut(indexSQL[open+1:], ")")
	first, _, _ := strings.Cut(cols, ",")
	first = strings.Trim(strings.TrimSpace(first), "`\"")
	switch first {
	case "deleted_at", "household_id":
		return true
	case "tag":
		return strings.Contains(cols, "resident_id")
	}
	return false
}

// merged returns the stored resident cur with the row's non-empty cells
// over its values, and whether its fields and its care tags stay as they
// are (tagsGiven: the row has tag columns filled, which replace the
// stored tags).
func (im *importer) merged(rec *record, cur *data.Resident) (next data.Resident, sameFields, sameTags bool, err error) {
	r, _, _, _ := im.resident(rec)
	next = *cur
	next.Tags = slices.Clone(cur.Tags)
	for _, p := range []struct{ to, from *string }{
		{&next.Name, &r.Name}, {&next.IDNumber, &r.IDNumber}, {&next.Sex, &r.Sex},
		{&next.BirthDate, &r.BirthDate}, {&next.Ethnicity, &r.Ethnicity}, {&next.Relation, &r.Relation},
		{&next.Education, &r.Education}, {&next.Political, &r.Political}, {&next.Marital, &r.Marital},
		{&next.Employer, &r.Employer}, {&next.Phone, &r.Phone}, {&next.RegisteredAddress, &r.RegisteredAddress},
		{&next.Status, &r.Status}, {&next.Notes, &r.Notes},
	} {
		if *p.from != "" {
			*p.to = *p.from
		}
	}
	tagsGiven := rec.get(fTags) != "" || rec.get(fDisability) != "" || rec.get(fDisabilityGrade) != ""
	if tagsGiven {
		next.Tags = r.Tags
	}
	if _, err := next.Validate(im.today); err != nil {
		return next, false, false, fmt.Errorf("sheet: row %d: %w", rec.row, err)
	}
	return next, sameResident(cur, &next), !tagsGiven || sameTagSet(cur.Tags, next.Tags), nil
}

// updateResident applies a row to a stored resident: the row's non-empty
// cells over the stored values. It reports whether anything changed.
func (im *importer) updateResident(db *gorm.DB, rec *record, cur *data.Resident) (bool, error) {
	next, sameFields, sameTags, err := im.merged(rec, cur)
	if err != nil {
		return false, err
	}
	if sameFields && sameTags {
		return false, nil
	}
	if !sameFields {
		err := db.Model(&next).Select("*").Omit("CreatedAt", "DeletedAt", "Tags").Updates(&next).Error
		if err != nil {
			return false, fmt.Errorf("sheet: update resident %d: %w", cur.ID, err)
		}
	}
	if !sameTags {
		if err := db.Where("resident_id = ?", cur.ID).Delete(&data.ResidentTag{}).Error; err != nil {
			return false, fmt.Errorf("sheet: update resident %d: tags: %w", cur.ID, err)
		}
		for k := range next.Tags {
			next.Tags[k].ID, next.Tags[k].ResidentID = 0, cur.ID
		}
		if len(next.Tags) > 0 {
			if err := db.Create(&next.Tags).Error; err != nil {
				return false, fmt.Errorf("sheet: update resident %d: tags: %w", cur.ID, err)
			}
		}
	}
	return true, nil
}

// forecast fills the dry run's Forecast after check: households and
// residents new, changed or unchanged. Stored residents the file matches
// are read a chunk at a time and compared the way a real import would
// compare them, so the preview of a file imported before says
// "unchanged", not "update".
func (im *importer) forecast(ctx context.Context, db *gorm.DB) error {
	fc := &im.report.Forecast
	for _, g := range im.groups {
		switch {
		case g.bad || len(im.valid(g)) == 0:
			fc.HouseholdsInvalid++
		case g.existing == 0:
			fc.HouseholdsNew++
		case g.same:
			fc.HouseholdsUnchanged++
		default:
			fc.HouseholdsChanged++
		}
	}
	var rows []int32
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		ids := make([]int64, len(rows))
		for k, i := range rows {
			ids[k] = im.entries[i].existing
		}
		var rs []data.Resident
		if err := db.Preload("Tags").Where("id IN ?", ids).Find(&rs).Error; err != nil {
			return fmt.Errorf("sheet: load residents: %w", err)
		}
		byID := make(map[int64]*data.Resident, len(rs))
		for k := range rs {
			byID[rs[k].ID] = &rs[k]
		}
		for _, i := range rows {
			cur := byID[im.entries[i].existing]
			if cur == nil {
				fc.ResidentsChanged++
				continue
			}
			_, sameFields, sameTags, err := im.merged(&im.t.records[i], cur)
			if err == nil && sameFields && sameTags {
				fc.ResidentsUnchanged++
			} else {
				fc.ResidentsChanged++
			}
		}
		rows = rows[:0]
		return nil
	}
	for i := range im.entries {
		e := &im.entries[i]
		switch {
		case e.bad:
		case e.existing == 0:
			fc.ResidentsNew++
		default:
			rows = append(rows, int32(i))
			if len(rows) == lookupBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// setHeads makes each household's head the row with relation 户主. A
// stored head the file does not list any more keeps their record but
// stops being 户主 (their relation becomes 其他, as SetHead does).
func (im *importer) setHeads(db *gorm.DB, groups []*group, stored map[int64]*data.Household, preassigned bool) error {
	var ids []int64
	var cases []string
	var args []any
	for _, g := range groups {
		if g.bad || g.existing == 0 || g.head < 0 || im.entries[g.head].bad || g.created && preassigned {
			continue
		}
		head := im.entries[g.head].existing
		var old int64
		if cur, ok := stored[g.existing]; ok && cur.HeadID != nil {
			old = *cur.HeadID
		}
		if old == head {
			continue
		}
		if old != 0 && !im.listed(g, old) {
			err := db.Model(&data.Resident{}).Where("id = ? AND relation = ?", old, data.RelationHead).
				Updates(map[string]any{"relation": data.RelationOther, "updated_at": im.today}).Error
			if err != nil {
				return fmt.Errorf("sheet: former head: %w", err)
			}
		}
		ids = append(ids, g.existing)
		cases = append(cases, "WHEN ? THEN ?")
		args = append(args, g.existing, head)
	}
	if len(ids) == 0 {
		return nil
	}
	// One statement per batch: a household's head is known only after its
	// members are inserted, and 100,000 single updates cost seconds.
	sql := "UPDATE households SET head_id = CASE id " + strings.Join(cases, " ") + " END, updated_at = ? WHERE id IN ?"
	args = append(args, im.today, ids)
	if err := db.Exec(sql, args...).Error; err != nil {
		return fmt.Errorf("sheet: heads of household: %w", err)
	}
	return nil
}

// listed reports whether the stored resident id is one of g's valid rows.
func (im *importer) listed(g *group, id int64) bool {
	for _, i := range g.rows {
		if im.entries[i].existing == id && !im.entries[i].bad {
			return true
		}
	}
	return false
}

// nextNumber gives a new household without a number the next free one,
// in the form the store generates (the year and a six-digit sequence).
func (im *importer) nextNumber(db *gorm.DB) (string, error) {
	if im.seq == 0 {
		var last string
		err := db.Unscoped().Model(&data.Household{}).
			Where("number >= ? AND number < ?", im.year+"000000", im.year+"999999~").
			Where("length(number) = 10").
			Order("number DESC").Limit(1).Pluck("number", &last).Error
		if err != nil {
			return "", fmt.Errorf("sheet: household number: %w", err)
		}
		if last != "" {
			fmt.Sscanf(last[4:], "%d", &im.seq)
		}
	}
	for {
		im.seq++
		n := fmt.Sprintf("%s%06d", im.year, im.seq)
		// A number the file uses for another household is taken too.
		if !im.fileNumber(n) {
			return n, nil
		}
	}
}

// fileNumber reports whether the file gives number n to a household.
func (im *importer) fileNumber(n string) bool {
	if im.fileNumbers == nil {
		im.fileNumbers = map[string]bool{}
		for _, g := range im.groups {
			if g.number != "" {
				im.fileNumbers[g.number] = true
			}
		}
	}
	return im.fileNumbers[n]
}

func sameHousehold(a, b *data.Household) bool {
	return a.Number == b.Number && a.Community == b.Community && a.Grid == b.Grid &&
		a.Estate == b.Estate && a.Building == b.Building && a.Unit == b.Unit && a.Room == b.Room &&
		a.Address == b.Address && a.Kind == b.Kind && a.ResidenceType == b.ResidenceType &&
		a.Housing == b.Housing && a.Phone == b.Phone && a.Notes == b.Notes
}

func sameResident(a, b *data.Resident) bool {
	return a.Name == b.Name && a.IDNumber == b.IDNumber && a.Sex == b.Sex && a.BirthDate == b.BirthDate &&
		a.Ethnicity == b.Ethnicity && a.Relation == b.Relation && a.Education == b.Education &&
		a.Political == b.Political && a.Marital == b.Marital && a.Employer == b.Employer &&
		a.Phone == b.Phone && a.RegisteredAddress == b.RegisteredAddress && a.Status == b.Status &&
		a.Notes == b.Notes
}

func sameTagSet(a, b []data.ResidentTag) bool {
	if len(a) != len(b) {
		return false
	}
	key := func(t data.ResidentTag) string {
		return t.Tag + "\x00" + t.Category + "\x00" + t.Grade + "\x00" + t.Detail
	}
	as := make([]string, len(a))
	bs := make([]string, len(b))
	for i := range a {
		as[i], bs[i] = key(a[i]), key(b[i])
	}
	slices.Sort(as)
	slices.Sort(bs)
	return slices.Equal(as, bs)
}

// importSummary is the audit entry's "after": what was imported from where.
type importSummary struct {
	File               string `json:"file"`
	Format             string `json:"format"`
	Sheet              string `json:"sheet,omitempty"`
	Rows               int    `json:"rows"`
	Valid              int    `json:"valid"`
	Invalid            int    `json:"invalid"`
	SkipInvalid        bool   `json:"skipInvalid"`
	HouseholdsCreated  int    `json:"householdsCreated"`
	HouseholdsUpdated  int    `json:"householdsUpdated"`
	ResidentsCreated   int    `json:"residentsCreated"`
	ResidentsUpdated   int    `json:"residentsUpdated"`
	ResidentsUnchanged int    `json:"residentsUnchanged"`
}

// audit leaves the import's one audit entry, when it changed anything.
// The records it wrote are not audited one by one: 300,000 entries with
// each record's JSON would double the database for no reader.
func (im *importer) audit(tx *data.Tx) error {
	r := &im.report
	if r.HouseholdsCreated+r.HouseholdsUpdated+r.ResidentsCreated+r.ResidentsUpdated == 0 {
		return nil
	}
	return tx.Audit(AuditActionImport, "households", 0, nil, importSummary{
		File: r.File, Format: r.Format, Sheet: r.Sheet,
		Rows: r.Rows, Valid: r.Valid, Invalid: r.Invalid, SkipInvalid: im.opt.SkipInvalid,
		HouseholdsCreated: r.HouseholdsCreated, HouseholdsUpdated: r.HouseholdsUpdated,
		ResidentsCreated: r.ResidentsCreated, ResidentsUpdated: r.ResidentsUpdated,
		ResidentsUnchanged: r.ResidentsUnchanged,
	})
}
