package data

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"

	"gorm.io/gorm"
)

// The roster an export writes: residents with their households and care
// tags, read page after page so that the register is never in memory.

// RosterRow is one resident of a roster with their household: the
// resident's fields with their care tags and the household's, as a roster
// shows them (no timestamps, no search columns).
type RosterRow struct {
	Resident  Resident
	Household Household
}

// Unfiltered reports whether f selects the whole active register (its
// After and Limit aside).
func (f ResidentFilter) Unfiltered() bool {
	f.After, f.Limit = "", 0
	return reflect.ValueOf(f).IsZero()
}

// RosterPages calls fn with the residents f selects (its After and Limit
// are ignored), in the list's order, a page of up to size at a time; it
// stops at fn's first error and returns it.
func (s *Store) RosterPages(ctx context.Context, f ResidentFilter, size int, fn func([]RosterRow) error) error {
	if err := s.can("RosterPages"); err != nil {
		return err
	}
	if s.who != nil && !s.who.may(permExportWhole) {
		// Whole numbers leave the register in a file only for an
		// account that may export them (street managers, with a
		// reason): everyone else's rows come masked, whatever the
		// exporter asks for.
		inner := fn
		fn = func(rows []RosterRow) error {
			for i := range rows {
				rows[i].Resident.IDNumber, rows[i].Resident.Phone = MaskID(rows[i].Resident.IDNumber), MaskPhone(rows[i].Resident.Phone)
				rows[i].Household.Phone = MaskPhone(rows[i].Household.Phone)
			}
			return inner(rows)
		}
	}
	if f.Unfiltered() && s.who.unscoped() {
		return s.registerPages(ctx, size, fn)
	}
	f.After, f.Limit = "", size
	for {
		page, err := s.SearchResidents(ctx, f)
		if err != nil {
			return err
		}
		rows, err := s.rosterRows(ctx, page.Rows)
		if err != nil {
			return err
		}
		if len(rows) > 0 {
			if err := fn(rows); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		f.After = page.Next
	}
}

// registerPages is RosterPages of the whole register: one query a page, in
// the list's order, instead of the list's page and then the records.
func (s *Store) registerPages(ctx context.Context, size int, fn func([]RosterRow) error) error {
	var after rosterCursor
	for {
		rows, next, err := s.registerPage(ctx, after, size)
		if err != nil {
			return err
		}
		if len(rows) > 0 {
			if err := fn(rows); err != nil {
				return err
			}
		}
		if len(rows) < size {
			return nil
		}
		after = next
	}
}

// rosterColumns are the columns scanRosterRow reads.
const rosterColumns = `r.id, r.household_id, r.name, r.id_number, r.sex, r.birth_date, r.ethnicity,
	r.relation, r.education, r.political, r.marital, r.employer, r.phone, r.registered_address,
	r.status, r.notes, h.number, h.community, h.grid, h.estate, h.building, h.unit, h.room,
	h.address, h.kind, h.residence_type, h.housing`

// scanRosterRow scans rosterColumns by hand: GORM's reflective scanning
// was most of an export's time.
func scanRosterRow(rows *sql.Rows) (RosterRow, error) {
	var e RosterRow
	r, h := &e.Resident, &e.Household
	var ns [25]sql.NullString
	if err := rows.Scan(&r.ID, &r.HouseholdID, &ns[0], &ns[1], &ns[2], &ns[3], &ns[4], &ns[5], &ns[6],
		&ns[7], &ns[8], &ns[9], &ns[10], &ns[11], &ns[12], &ns[13], &ns[14], &ns[15], &ns[16],
		&ns[17], &ns[18], &ns[19], &ns[20], &ns[21], &ns[22], &ns[23], &ns[24]); err != nil {
		return e, fmt.Errorf("data: roster: residents: %w", err)
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

// scanRoster reads every row of rows.
func scanRoster(rows *sql.Rows, capacity int) ([]RosterRow, error) {
	defer rows.Close()
	out := make([]RosterRow, 0, capacity)
	for rows.Next() {
		e, err := scanRosterRow(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data: roster: residents: %w", err)
	}
	return out, nil
}

// rosterCursor is the position of the last row of a page of registerPage.
type rosterCursor struct {
	number string
	id     int64
}

// registerPage reads a page of the whole register (active residents of
// live households, by household number and then as registered — the
// list's order without a filter) with keyset paging, and attaches the
// tags.
func (s *Store) registerPage(ctx context.Context, after rosterCursor, size int) ([]RosterRow, rosterCursor, error) {
	db := s.db.WithContext(ctx)
	// As the search does (search.go): CROSS JOIN with the join condition
	// in WHERE keeps the order written in SQLite (households by number
	// outside, their residents inside), and a unary plus keeps it from
	// looking rows up by "deleted_at IS NULL"; so the scan starts at the
	// cursor and stops after a page. Left to itself, without statistics,
	// it reads every resident and sorts them, for every page. Plain SQL
	// elsewhere.
	rows, err := db.Raw(`SELECT `+rosterColumns+`
		FROM households h CROSS JOIN residents r
		WHERE r.household_id = h.id AND `+noIndex(db, "h.deleted_at")+` IS NULL AND `+noIndex(db, "r.deleted_at")+` IS NULL
		AND r.status IN ?
		AND h.number >= ? AND (h.number > ? OR r.id > ?)
		ORDER BY h.number, r.id LIMIT ?`,
		ActiveStatuses, after.number, after.number, after.id, size).Rows()
	if err != nil {
		return nil, after, fmt.Errorf("data: roster: residents: %w", err)
	}
	out, err := scanRoster(rows, size)
	if err != nil {
		return nil, after, err
	}
	if len(out) > 0 {
		last := out[len(out)-1]
		after = rosterCursor{number: last.Household.Number, id: last.Resident.ID}
	}
	if err := attachTags(db, out); err != nil {
		return nil, after, err
	}
	return out, after, nil
}

// rosterRows reads the full records of one page of the list, in the
// page's order: residents with their households in one query, then their
// tags. A resident gone between the two reads is left out.
func (s *Store) rosterRows(ctx context.Context, page []ResidentRow) ([]RosterRow, error) {
	if len(page) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(page))
	for i, r := range page {
		ids[i] = r.ID
	}
	db := s.db.WithContext(ctx)
	cond, arg := idList(db, "r.id", ids)
	rows, err := db.Raw(`SELECT `+rosterColumns+`
		FROM residents r JOIN households h ON h.id = r.household_id WHERE `+cond, arg).Rows()
	if err != nil {
		return nil, fmt.Errorf("data: roster: residents: %w", err)
	}
	loaded, err := scanRoster(rows, len(page))
	if err != nil {
		return nil, err
	}
	if err := attachTags(db, loaded); err != nil {
		return nil, err
	}
	byID := make(map[int64]*RosterRow, len(loaded))
	for i := range loaded {
		byID[loaded[i].Resident.ID] = &loaded[i]
	}
	out := make([]RosterRow, 0, len(page))
	for _, pr := range page {
		if e := byID[pr.ID]; e != nil {
			out = append(out, *e)
		}
	}
	return out, nil
}

// attachTags reads the residents' care tags into them.
func attachTags(db *gorm.DB, rs []RosterRow) error {
	if len(rs) == 0 {
		return nil
	}
	ids := make([]int64, len(rs))
	byID := make(map[int64]*RosterRow, len(rs))
	for i := range rs {
		ids[i] = rs[i].Resident.ID
		byID[rs[i].Resident.ID] = &rs[i]
	}
	cond, arg := idList(db, "resident_id", ids)
	rows, err := db.Raw(`SELECT resident_id, tag, category, grade, detail FROM resident_tags WHERE `+cond+` ORDER BY id`, arg).Rows()
	if err != nil {
		return fmt.Errorf("data: roster: care tags: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t ResidentTag
		var cat, grade, detail sql.NullString
		if err := rows.Scan(&t.ResidentID, &t.Tag, &cat, &grade, &detail); err != nil {
			return fmt.Errorf("data: roster: care tags: %w", err)
		}
		t.Category, t.Grade, t.Detail = cat.String, grade.String, detail.String
		if e := byID[t.ResidentID]; e != nil {
			e.Resident.Tags = append(e.Resident.Tags, t)
		}
	}
	return rows.Err()
}
