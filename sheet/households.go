package sheet

// The household import: ImportHouseholds and the importer's state. Its
// work is in the files beside this one, in the order it runs:
// household_rows.go reads each row into a resident and a household,
// household_check.go checks every row, household_match.go groups rows
// into households and matches them to the register, household_write.go
// writes them and household_forecast.go tells a dry run what an import
// would do.

import (
	"context"
	"path/filepath"
	"time"

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
	// hooks write the index once per round (see data.BulkInserter).
	// Measured on 120,000 households: 6 s of FTS5 work with the index
	// written after every 20 households, under 1 s in rounds of 2,000.
	householdBatch = 2000
	// lookupBatch is how many rows (or households) the check and the
	// forecast look up in the register at a time: few enough that what
	// they read stays small at the import's peak.
	lookupBatch = 500
	// bulkRows is the number of new residents from which an import
	// writes without the registry's secondary indexes and builds them
	// again at the end (data.Tx.WithoutSecondaryIndexes), and — counted
	// in rows — from which it reads with a smaller page cache
	// (data.Tx.WithSmallPageCache).
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
	defer boundMemory()()
	rep := Report{File: filepath.Base(path)}
	if err := s.CheckImport(); err != nil {
		return rep, err
	}
	t, err := readTable(ctx, path, func(n int) {
		if opt.Progress != nil {
			opt.Progress(n, 0)
		}
	})
	if err != nil {
		return rep, err
	}
	if len(t.records) == 0 {
		return rep, noRows(t.name)
	}
	im := newImporter(s, t, opt)
	im.tracePhase("read")
	if opt.DryRun {
		err := im.dryRun(ctx, storeReads{ctx, s})
		return im.report, err
	}
	err = s.Tx(ctx, func(tx *data.Tx) error {
		return im.withSmallPageCache(tx, func() error { return im.apply(ctx, tx) })
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

// dryRun checks every row and forecasts what an import would do.
func (im *importer) dryRun(ctx context.Context, rd registerReads) error {
	if err := im.check(ctx, rd); err != nil {
		return err
	}
	return im.forecast(ctx, rd)
}

// apply checks every row and, unless an invalid row stops the import,
// writes the valid ones and the import's audit entry, all in tx.
func (im *importer) apply(ctx context.Context, tx *data.Tx) error {
	if err := im.check(ctx, tx); err != nil {
		return err
	}
	im.tracePhase("check")
	if im.report.Invalid > 0 && !im.opt.SkipInvalid {
		return invalidRows(im.t.name, im.report.Invalid)
	}
	if err := im.write(ctx, tx); err != nil {
		return err
	}
	return im.audit(tx)
}

// withSmallPageCache runs fn with the smaller page cache of a large file.
func (im *importer) withSmallPageCache(tx *data.Tx, fn func() error) error {
	if len(im.t.records) < im.bulkRows() {
		return fn()
	}
	return tx.WithSmallPageCache(fn)
}

// bulkRows is bulkRows, or the tests' choice.
func (im *importer) bulkRows() int {
	if im.opt.bulk > 0 {
		return im.opt.bulk
	}
	return bulkRows
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
	ins     struct {
		households *data.BulkInserter[data.Household]
		residents  *data.BulkInserter[data.Resident]
		tags       *data.BulkInserter[data.ResidentTag]
	}

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
