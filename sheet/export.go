package sheet

import (
	"archive/zip"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"

	"jiedao/data"
)

// ExportOptions are the choices of an export.
type ExportOptions struct {
	// Unmasked writes ID and phone numbers whole. By default they are
	// masked as in the lists (110101********123X, 138****5678).
	Unmasked bool
	// Reason is what an unmasked export is for (data.ValidateReason):
	// it is required, stamped into the file and recorded in the audit.
	Reason string
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
//
// An unmasked export needs the account's permission and a reason
// (data.Store.CheckWholeExport), checked before anything is read; the file
// is stamped (export_stamp.go) and, besides the export's entry, the audit
// records a look at whole numbers (data.ActionView) with the reason and
// the rows, in the same transaction.
func ExportHouseholds(ctx context.Context, s *data.Store, path string, f data.ResidentFilter, opt ExportOptions) (rows int, err error) {
	var stamp *exportStamp
	if opt.Unmasked {
		if err := s.CheckWholeExport(opt.Reason); err != nil {
			return 0, err
		}
		stamp = newExportStamp(s, opt.Reason)
	}
	// The audit entry is written before the file takes its name: an export
	// the log does not know about must not exist.
	err = data.WriteFileAtomic(path, func(w io.Writer) error {
		var err error
		rows, err = exportTo(ctx, s, w, f, opt, stamp)
		return err
	}, func() error {
		err := s.Tx(ctx, func(tx *data.Tx) error {
			sum := exportSummary{File: filepath.Base(path), Filter: f, Masked: !opt.Unmasked, Rows: rows}
			if stamp != nil {
				sum.Reason = stamp.Reason
			}
			if err := tx.Audit(AuditActionExport, "residents", 0, nil, sum); err != nil {
				return err
			}
			if stamp == nil {
				return nil
			}
			return tx.Audit(data.ActionView, "residents", 0, nil, exportView{
				Purpose: "export roster", Reason: stamp.Reason, File: sum.File,
				Fields: []string{data.FieldIDNumber, data.FieldPhone}, Count: rows,
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
	Reason string              `json:"reason,omitempty"` // unmasked only
}

// exportView is an unmasked export's look at whole numbers, as
// data.WholeNumbers records one for a print: what for, which fields, how
// many residents.
type exportView struct {
	Purpose string   `json:"purpose"`
	Reason  string   `json:"reason"`
	File    string   `json:"file"`
	Fields  []string `json:"fields"`
	Count   int      `json:"count"`
}

// exportTo streams the export into w.
func exportTo(ctx context.Context, s *data.Store, w io.Writer, f data.ResidentFilter, opt ExportOptions, stamp *exportStamp) (int, error) {
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
	sw, st, header, err := newRosterStream(x, stamp)
	if err != nil {
		return 0, fmt.Errorf("sheet: export: %w", err)
	}
	total := 0
	if f.Unfiltered() {
		if total, err = s.CountResidents(ctx, f); err != nil {
			return 0, fmt.Errorf("sheet: export: %w", err)
		}
	}
	rows, err := writeResidentRows(ctx, s, sw, st, f, opt, total, header)
	if err != nil {
		return 0, err
	}
	if err := sw.Flush(); err != nil {
		return 0, fmt.Errorf("sheet: export: %w", err)
	}
	if err := x.Write(w); err != nil {
		return 0, fmt.Errorf("sheet: export: %w", err)
	}
	return rows, nil
}

// newRosterStream starts the roster sheet of x: column widths, text format
// on the number columns, the stamp when there is one, the frozen header.
// It returns the header's row.
func newRosterStream(x *excelize.File, stamp *exportStamp) (*excelize.StreamWriter, rosterStyles, int, error) {
	sw, st, err := newRosterColumns(x)
	if err != nil {
		return nil, st, 0, err
	}
	header := 1
	if stamp != nil {
		header = 2
	}
	// The stream takes the panes before any row.
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, XSplit: int(fName) + 1, YSplit: header, TopLeftCell: colName(fName+1) + strconv.Itoa(header+1), ActivePane: "bottomRight",
	}); err != nil {
		return nil, st, 0, err
	}
	if stamp != nil {
		if err := stamp.write(x, sw); err != nil {
			return nil, st, 0, err
		}
	}
	cells := make([]any, nFields)
	for fl := field(0); fl < nFields; fl++ {
		cells[fl] = excelize.Cell{StyleID: st.header, Value: columns[fl].header}
	}
	if err := sw.SetRow("A"+strconv.Itoa(header), cells, excelize.RowOpts{Height: 28}); err != nil {
		return nil, st, 0, err
	}
	return sw, st, header, nil
}

// newRosterColumns makes the roster sheet's stream with its columns'
// widths and styles.
func newRosterColumns(x *excelize.File) (*excelize.StreamWriter, rosterStyles, error) {
	if err := x.SetSheetName("Sheet1", rosterSheet); err != nil {
		return nil, rosterStyles{}, err
	}
	st, err := newRosterStyles(x)
	if err != nil {
		return nil, st, err
	}
	sw, err := x.NewStreamWriter(rosterSheet)
	if err != nil {
		return nil, st, err
	}
	for fl := field(0); fl < nFields; fl++ {
		if err := sw.SetColWidth(int(fl)+1, int(fl)+1, columns[fl].width); err != nil {
			return nil, st, err
		}
		// Text format on the number columns, set once for the column
		// rather than on each of 300,000 cells.
		if columns[fl].text {
			if err := sw.SetColStyle(int(fl)+1, int(fl)+1, st.text); err != nil {
				return nil, st, err
			}
		}
	}
	return sw, st, nil
}

// writeResidentRows writes the residents f selects below the header and
// returns how many; total is the progress's total (0: not known), header
// the header's row.
func writeResidentRows(ctx context.Context, s *data.Store, sw *excelize.StreamWriter, st rosterStyles, f data.ResidentFilter, opt ExportOptions, total, header int) (int, error) {
	today := s.Now()
	pages := readPages(ctx, s, f)
	defer pages.stop()
	row := header
	vals := make([]any, nFields)
	for page := range pages.ch {
		if page.err != nil {
			return 0, page.err
		}
		for _, r := range page.rows {
			cells := exportCells(&r.Household, &r.Resident, today, opt.Unmasked)
			for fl := field(0); fl < nFields; fl++ {
				vals[fl] = st.cellValue(cells[fl], fl)
			}
			row++
			ref, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(ref, vals); err != nil {
				return 0, fmt.Errorf("sheet: export: %w", err)
			}
		}
		if opt.Progress != nil {
			opt.Progress(row-header, total)
		}
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return row - header, nil
}

// cellValue is an exported cell of column fl: nil (no cell) when empty,
// with a quotePrefix style when it begins like a formula. Every value is
// written as text, as the register keeps it (none is a number to
// compute with), so the style changes no value: "-" as a phone number is
// "-", and "=HYPERLINK(…)" as an address is that text, never a link.
func (st rosterStyles) cellValue(v string, fl field) any {
	if v == "" {
		return nil
	}
	if id := st.quoteStyle(v, columns[fl].text); id != 0 {
		return excelize.Cell{StyleID: id, Value: v}
	}
	return v
}

// exportBatch is one page of the list, loaded whole.
type exportBatch struct {
	rows []data.RosterRow
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

// errStopped ends the page reader's reading when the writer stopped.
var errStopped = errors.New("sheet: export stopped")

func readPages(ctx context.Context, s *data.Store, f data.ResidentFilter) *pageReader {
	p := &pageReader{ch: make(chan exportBatch, 2), done: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer close(p.ch)
		err := s.RosterPages(ctx, f, exportPage, func(rows []data.RosterRow) error {
			if !p.send(exportBatch{rows: rows}) {
				return errStopped
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStopped) {
			p.send(exportBatch{err: fmt.Errorf("sheet: export: %w", err)})
		}
	}()
	return p
}

// send hands a batch to the writer; false when it stopped.
func (p *pageReader) send(b exportBatch) bool {
	select {
	case p.ch <- b:
		return true
	case <-p.done:
		return false
	}
}

func (p *pageReader) stop() {
	p.once.Do(func() { close(p.done) })
	p.wg.Wait()
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
