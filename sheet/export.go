package sheet

import (
	"archive/zip"
	"compress/flate"
	"context"
	"database/sql"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"jiedao/data"
)

// ExportOptions are the choices of an export.
type ExportOptions struct {
	// Unmasked writes ID and phone numbers whole. By default they are
	// masked as in the lists (110101********123X, 138****5678).
	Unmasked bool
	// Progress, when not nil, is called with the rows written so far and
	// the total, which is 0 when it is not known in advance (a filtered
	// list; the unfiltered register is counted first).
	Progress func(done, total int)
}

// AuditActionExport is the action of the audit entry every export leaves
// (on the entity "residents"): the file, the filter, masked or not, rows.
const AuditActionExport = "export"

// exportPage is how many residents are read per page of the list.
const exportPage = 1000

// ExportHouseholds writes the residents f selects (the filtered list, in
// its order: by household) to an XLSX file in the template's layout, one
// row per resident with the household's columns, so that an unmasked export
// can be imported again. It pages through the list with keyset paging and
// writes with excelize's StreamWriter, so the register is never in memory.
// The file appears only when complete (it is written beside path and
// renamed), and the export is recorded in the audit log. It returns the
// number of rows written.
func ExportHouseholds(ctx context.Context, s *data.Store, path string, f data.ResidentFilter, opt ExportOptions) (rows int, err error) {
	// The audit entry is written before the file takes its name: an export
	// the log does not know about must not exist.
	err = data.WriteFileAtomic(path, func(w io.Writer) error {
		var err error
		rows, err = exportTo(ctx, s, w, f, opt)
		return err
	}, func() error {
		err := s.Tx(ctx, func(tx *data.Tx) error {
			return tx.Audit(AuditActionExport, "residents", 0, nil, exportSummary{
				File: filepath.Base(path), Filter: f, Masked: !opt.Unmasked, Rows: rows,
			})
		})
		if err != nil {
			return fmt.Errorf("sheet: export: audit: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return rows, nil
}

// exportSummary is the export's audit entry.
type exportSummary struct {
	File   string              `json:"file"`
	Filter data.ResidentFilter `json:"filter"`
	Masked bool                `json:"masked"`
	Rows   int                 `json:"rows"`
}

// exportTo streams the export into w.
func exportTo(ctx context.Context, s *data.Store, w io.Writer, f data.ResidentFilter, opt ExportOptions) (int, error) {
	x := excelize.NewFile()
	defer x.Close()
	// Deflate at its fastest level: the worksheet XML of 300,000 rows is
	// over 500 MB and the default level spends several seconds more on it
	// for a file a few percent smaller.
	x.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(w)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(out, flate.BestSpeed)
		})
		return zw
	})
	if err := x.SetSheetName("Sheet1", rosterSheet); err != nil {
		return 0, fmt.Errorf("sheet: export: %w", err)
	}
	st, err := newRosterStyles(x)
	if err != nil {
		return 0, fmt.Errorf("sheet: export: %w", err)
	}
	sw, err := x.NewStreamWriter(rosterSheet)
	if err != nil {
		return 0, fmt.Errorf("sheet: export: %w", err)
	}
	for fl := field(0); fl < nFields; fl++ {
		if err := sw.SetColWidth(int(fl)+1, int(fl)+1, columns[fl].width); err != nil {
			return 0, fmt.Errorf("sheet: export: %w", err)
		}
		// Text format on the number columns, set once for the column
		// rather than on each of 300,000 cells.
		if columns[fl].text {
			if err := sw.SetColStyle(int(fl)+1, int(fl)+1, st.text); err != nil {
				return 0, fmt.Errorf("sheet: export: %w", err)
			}
		}
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, XSplit: int(fName) + 1, YSplit: 1, TopLeftCell: colName(fName+1) + "2", ActivePane: "bottomRight",
	}); err != nil {
		return 0, fmt.Errorf("sheet: export: %w", err)
	}
	header := make([]any, nFields)
	for fl := field(0); fl < nFields; fl++ {
		header[fl] = excelize.Cell{StyleID: st.header, Value: columns[fl].header}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 28}); err != nil {
		return 0, fmt.Errorf("sheet: export: %w", err)
	}

	total := 0
	if isUnfiltered(f) {
		var n int64
		err := s.DB().WithContext(ctx).Model(&data.Resident{}).
			Where("status IN ? AND household_id IN (SELECT id FROM households WHERE deleted_at IS NULL)", data.ActiveStatuses).
			Count(&n).Error
		if err != nil {
			return 0, fmt.Errorf("sheet: export: %w", err)
		}
		total = int(n)
	}

	today := s.Now()
	pages := readPages(ctx, s, f)
	defer pages.stop()
	row := 1
	vals := make([]any, nFields)
	for page := range pages.ch {
		if page.err != nil {
			return 0, page.err
		}
		for _, r := range page.rows {
			cells := exportCells(&r.h, &r.r, today, opt.Unmasked)
			for fl := field(0); fl < nFields; fl++ {
				if cells[fl] == "" {
					vals[fl] = nil
				} else {
					vals[fl] = cells[fl]
				}
			}
			row++
			ref, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(ref, vals); err != nil {
				return 0, fmt.Errorf("sheet: export: %w", err)
			}
		}
		if opt.Progress != nil {
			opt.Progress(row-1, total)
		}
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := sw.Flush(); err != nil {
		return 0, fmt.Errorf("sheet: export: %w", err)
	}
	if err := x.Write(w); err != nil {
		return 0, fmt.Errorf("sheet: export: %w", err)
	}
	return row - 1, nil
}

// isUnfiltered reports whether f selects the whole active register.
func isUnfiltered(f data.ResidentFilter) bool {
	f.After, f.Limit = "", 0
	return reflect.ValueOf(f).IsZero()
}

// exportRow is one resident of the export with their household.
type exportRow struct {
	r data.Resident
	h data.Household
}

// exportBatch is one page of the list, loaded whole.
type exportBatch struct {
	rows []exportRow
	err  error
}

// pageReader reads the list a page ahead of the writer, in its own
// goroutine: the database and the spreadsheet each take about half of an
// export's time.
type pageReader struct {
	ch   chan exportBatch
	done chan struct{}
	once sync.Once
	wg   sync.WaitGroup
}

func readPages(ctx context.Context, s *data.Store, f data.ResidentFilter) *pageReader {
	p := &pageReader{ch: make(chan exportBatch, 2), done: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer close(p.ch)
		send := func(b exportBatch) bool {
			select {
			case p.ch <- b:
				return true
			case <-p.done:
				return false
			}
		}
		if isUnfiltered(f) {
			// The whole register: one query a page, in the list's
			// order, instead of the list's page and then the records.
			var after exportCursor
			for {
				rows, next, err := loadAll(ctx, s, after)
				if (len(rows) > 0 || err != nil) && !send(exportBatch{rows: rows, err: err}) {
					return
				}
				if err != nil || len(rows) < exportPage {
					return
				}
				after = next
			}
		}
		f.After, f.Limit = "", exportPage
		for {
			var b exportBatch
			page, err := s.SearchResidents(ctx, f)
			if err == nil {
				b.rows, err = loadPage(ctx, s, page.Rows)
			}
			b.err = err
			if (len(b.rows) > 0 || b.err != nil) && !send(b) {
				return
			}
			if b.err != nil || page.Next == "" {
				return
			}
			f.After = page.Next
		}
	}()
	return p
}

func (p *pageReader) stop() {
	p.once.Do(func() { close(p.done) })
	p.wg.Wait()
}

// exportColumns are the columns scanExportRow reads.
const exportColumns = `r.id, r.household_id, r.name, r.id_number, r.sex, r.birth_date, r.ethnicity,
	r.relation, r.education, r.political, r.marital, r.employer, r.phone, r.registered_address,
	r.status, r.notes, h.number, h.community, h.grid, h.estate, h.building, h.unit, h.room,
	h.address, h.kind, h.residence_type, h.housing`

// scanExportRow scans exportColumns by hand: GORM's reflective scanning
// was most of an export's time.
func scanExportRow(rows *sql.Rows) (exportRow, error) {
	var e exportRow
	r, h := &e.r, &e.h
	var ns [25]sql.NullString
	if err := rows.Scan(&r.ID, &r.HouseholdID, &ns[0], &ns[1], &ns[2], &ns[3], &ns[4], &ns[5], &ns[6],
		&ns[7], &ns[8], &ns[9], &ns[10], &ns[11], &ns[12], &ns[13], &ns[14], &ns[15], &ns[16],
		&ns[17], &ns[18], &ns[19], &ns[20], &ns[21], &ns[22], &ns[23], &ns[24]); err != nil {
		return e, fmt.Errorf("sheet: export: residents: %w", err)
	}
	for i, dst := range []*string{&r.Name, &r.IDNumber, &r.Sex, &r.BirthDate, &r.Ethnicity,
		&r.Relation, &r.Education, &r.Political, &r.Marital, &r.Employer, &r.Phone, &r.RegisteredAddress,
		&r.Status, &r.Notes, &h.Number, &h.Community, &h.Grid, &h.Estate, &h.Building, &h.Unit, &h.Room,
		&h.Address, &h.Kind, &h.ResidenceType, &h.Housing} {
		*dst = ns[i].String
	}
	h.ID = r.HouseholdID
	return e, nil
}

// idList is a condition "col IN (ids)". On SQLite the IDs travel as one
// JSON array: the driver binds a thousand parameters in quadratic time.
func idList(db *gorm.DB, col string, ids []int64) (string, any) {
	if db.Dialector.Name() != "sqlite" {
		return col + " IN ?", ids
	}
	b := make([]byte, 0, len(ids)*8)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	b = append(b, ']')
	return col + " IN (SELECT value FROM json_each(?))", string(b)
}

// exportCursor is the position of the last row of a page of loadAll.
type exportCursor struct {
	number string
	id     int64
}

// loadAll reads a page of the whole register (active residents of live
// households, by household number and then as registered — the list's
// order without a filter) with keyset paging, and attaches the tags.
func loadAll(ctx context.Context, s *data.Store, after exportCursor) ([]exportRow, exportCursor, error) {
	db := s.DB().WithContext(ctx)
	// As the data package's search does (search.go): CROSS JOIN with the
	// join condition in WHERE keeps the order written in SQLite
	// (households by number outside, their residents inside), and a unary
	// plus keeps it from looking rows up by "deleted_at IS NULL"; so the
	// scan starts at the cursor and stops after a page. Left to itself,
	// without statistics, it reads every resident and sorts them, for
	// every page. Plain SQL elsewhere.
	plus := ""
	if db.Dialector.Name() == "sqlite" {
		plus = "+"
	}
	rows, err := db.Raw(`SELECT `+exportColumns+`
		FROM households h CROSS JOIN residents r
		WHERE r.household_id = h.id AND `+plus+`h.deleted_at IS NULL AND `+plus+`r.deleted_at IS NULL
		AND r.status IN ?
		AND h.number >= ? AND (h.number > ? OR r.id > ?)
		ORDER BY h.number, r.id LIMIT ?`,
		data.ActiveStatuses, after.number, after.number, after.id, exportPage).Rows()
	if err != nil {
		return nil, after, fmt.Errorf("sheet: export: residents: %w", err)
	}
	defer rows.Close()
	out := make([]exportRow, 0, exportPage)
	for rows.Next() {
		e, err := scanExportRow(rows)
		if err != nil {
			return nil, after, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, after, fmt.Errorf("sheet: export: residents: %w", err)
	}
	if len(out) > 0 {
		last := out[len(out)-1]
		after = exportCursor{number: last.h.Number, id: last.r.ID}
	}
	if err := loadTags(db, out); err != nil {
		return nil, after, err
	}
	return out, after, nil
}

// loadPage reads the full records of one page of the list, in the page's
// order: residents with their households in one query, then their tags.
func loadPage(ctx context.Context, s *data.Store, page []data.ResidentRow) ([]exportRow, error) {
	if len(page) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(page))
	for i, r := range page {
		ids[i] = r.ID
	}
	db := s.DB().WithContext(ctx)
	cond, arg := idList(db, "r.id", ids)
	rows, err := db.Raw(`SELECT `+exportColumns+`
		FROM residents r JOIN households h ON h.id = r.household_id WHERE `+cond, arg).Rows()
	if err != nil {
		return nil, fmt.Errorf("sheet: export: residents: %w", err)
	}
	defer rows.Close()
	loaded := make([]exportRow, 0, len(page))
	for rows.Next() {
		e, err := scanExportRow(rows)
		if err != nil {
			return nil, err
		}
		loaded = append(loaded, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sheet: export: residents: %w", err)
	}
	if err := loadTags(db, loaded); err != nil {
		return nil, err
	}
	byID := make(map[int64]*exportRow, len(loaded))
	for i := range loaded {
		byID[loaded[i].r.ID] = &loaded[i]
	}
	out := make([]exportRow, 0, len(page))
	for _, pr := range page {
		if e := byID[pr.ID]; e != nil { // gone between the two reads: skipped
			out = append(out, *e)
		}
	}
	return out, nil
}

// loadTags attaches the residents' care tags.
func loadTags(db *gorm.DB, rs []exportRow) error {
	if len(rs) == 0 {
		return nil
	}
	ids := make([]int64, len(rs))
	byID := make(map[int64]*exportRow, len(rs))
	for i := range rs {
		ids[i] = rs[i].r.ID
		byID[rs[i].r.ID] = &rs[i]
	}
	cond, arg := idList(db, "resident_id", ids)
	rows, err := db.Raw(`SELECT resident_id, tag, category, grade, detail FROM resident_tags WHERE `+cond+` ORDER BY id`, arg).Rows()
	if err != nil {
		return fmt.Errorf("sheet: export: care tags: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t data.ResidentTag
		var cat, grade, detail sql.NullString
		if err := rows.Scan(&t.ResidentID, &t.Tag, &cat, &grade, &detail); err != nil {
			return fmt.Errorf("sheet: export: care tags: %w", err)
		}
		t.Category, t.Grade, t.Detail = cat.String, grade.String, detail.String
		if e := byID[t.ResidentID]; e != nil {
			e.r.Tags = append(e.r.Tags, t)
		}
	}
	return rows.Err()
}

// exportCells is one resident's row. Masking is the data package's
// (data.MaskID, data.MaskPhone), the same as the lists show.
func exportCells(h *data.Household, r *data.Resident, today time.Time, unmasked bool) [nFields]string {
	var c [nFields]string
	c[fNumber], c[fCommunity], c[fGrid] = h.Number, h.Community, h.Grid
	c[fEstate], c[fBuilding], c[fUnit], c[fRoom] = h.Estate, h.Building, h.Unit, h.Room
	c[fAddress], c[fKind], c[fResidenceType], c[fHousing] = h.Address, h.Kind, h.ResidenceType, h.Housing
	c[fName], c[fSex], c[fBirth], c[fEthnicity] = r.Name, r.Sex, r.BirthDate, r.Ethnicity
	c[fRelation], c[fEducation], c[fPolitical], c[fMarital] = r.Relation, r.Education, r.Political, r.Marital
	c[fEmployer], c[fRegistered], c[fStatus], c[fNotes] = r.Employer, r.RegisteredAddress, r.Status, r.Notes
	if unmasked {
		c[fID], c[fPhone] = r.IDNumber, r.Phone
	} else {
		c[fID], c[fPhone] = data.MaskID(r.IDNumber), data.MaskPhone(r.Phone)
	}
	var tags []string
	for _, t := range r.Tags {
		name := t.Tag
		if t.Tag == data.TagDisabled {
			c[fDisability], c[fDisabilityGrade] = t.Category, t.Grade
		} else if t.Detail != "" {
			name += "（" + t.Detail + "）"
		}
		tags = append(tags, name)
	}
	if r.Age(today) >= data.AgeVeryOld {
		tags = append(tags, data.TagVeryOld) // computed; the importer ignores it
	}
	c[fTags] = strings.Join(tags, "、")
	return c
}
