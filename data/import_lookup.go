package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"gorm.io/gorm"
)

// The reads an import matches a roster against the register with. Each is
// a method of the store (a dry run, which writes nothing) and of Tx (the
// import itself, which must see its own writes); both read a chunk of keys
// per statement, so that any number of them can be asked for.

// lookupBatch is how many keys one statement looks up.
const lookupBatch = 500

// StoredHousehold is what matching a roster needs of a stored household.
type StoredHousehold struct {
	ID     int64
	Number string
	// InRecycleBin: deleted, so its number cannot be given again until it
	// is restored or purged.
	InRecycleBin bool
	// OutOfScope: outside the account's communities and grids, so a row
	// of the file for it is the row problem KeyOutOfScope (it is neither
	// updated nor made anew under a number that is taken).
	OutOfScope bool
}

// IDNumberMatch is a stored resident record with one of the ID numbers an
// import asked for. 300,000 of them are looked up when a roster is
// imported again, so it holds no strings.
type IDNumberMatch struct {
	Index       int // the position of its ID number among those asked for
	ID          int64
	HouseholdID int64
	Active      bool // 在住 or 外出
	// OutOfScope: the record's household lies outside the account's
	// scope; the import may not take the person over (KeyOutOfScope).
	OutOfScope bool
}

// StoredHouseholds returns the households, in the recycle bin too, that
// have one of the numbers.
func (s *Store) StoredHouseholds(ctx context.Context, numbers []string) ([]StoredHousehold, error) {
	if err := s.can("StoredHouseholds"); err != nil {
		return nil, err
	}
	return storedHouseholds(s.db.WithContext(ctx), s.who, numbers)
}

// StoredHouseholds is Store.StoredHouseholds inside the transaction.
func (tx *Tx) StoredHouseholds(numbers []string) ([]StoredHousehold, error) {
	return storedHouseholds(tx.db, tx.store.who, numbers)
}

// ResidentsByIDNumber returns the records (not the recycle bin's) that
// have one of the ID numbers, active or not, each with the position of its
// number in ids; a number's records come in the order they were made. The
// numbers are to be distinct.
func (s *Store) ResidentsByIDNumber(ctx context.Context, ids []string) ([]IDNumberMatch, error) {
	if err := s.can("ResidentsByIDNumber"); err != nil {
		return nil, err
	}
	return residentsByIDNumber(s.db.WithContext(ctx), s.who, ids)
}

// ResidentsByIDNumber is Store.ResidentsByIDNumber inside the transaction.
func (tx *Tx) ResidentsByIDNumber(ids []string) ([]IDNumberMatch, error) {
	return residentsByIDNumber(tx.db, tx.store.who, ids)
}

// HouseholdsByID returns the households (not the recycle bin's) with the
// IDs within the account's scope, in no particular order.
func (s *Store) HouseholdsByID(ctx context.Context, ids []int64) ([]Household, error) {
	if err := s.can("HouseholdsByID"); err != nil {
		return nil, err
	}
	return householdsByID(s.db.WithContext(ctx), s.who, ids)
}

// HouseholdsByID is Store.HouseholdsByID inside the transaction.
func (tx *Tx) HouseholdsByID(ids []int64) ([]Household, error) {
	return householdsByID(tx.db, tx.store.who, ids)
}

// ResidentsByID returns the residents (not the recycle bin's) with the
// IDs within the account's scope, with their care tags, in no particular
// order.
func (s *Store) ResidentsByID(ctx context.Context, ids []int64) ([]Resident, error) {
	if err := s.can("ResidentsByID"); err != nil {
		return nil, err
	}
	return residentsByID(s.db.WithContext(ctx), s.who, ids)
}

// ResidentsByID is Store.ResidentsByID inside the transaction.
func (tx *Tx) ResidentsByID(ids []int64) ([]Resident, error) {
	return residentsByID(tx.db, tx.store.who, ids)
}

func storedHouseholds(db *gorm.DB, p *principal, numbers []string) ([]StoredHousehold, error) {
	var out []StoredHousehold
	for chunk := range slices.Chunk(numbers, lookupBatch) {
		var hs []struct {
			ID              int64
			Number          string
			Community, Grid string
			DeletedAt       gorm.DeletedAt
		}
		err := db.Unscoped().Model(&Household{}).Select("id, number, community, grid, deleted_at").
			Where("number IN ?", chunk).Find(&hs).Error
		if err != nil {
			return nil, fmt.Errorf("data: look up households: %w", err)
		}
		for _, h := range hs {
			out = append(out, StoredHousehold{ID: h.ID, Number: h.Number, InRecycleBin: h.DeletedAt.Valid, OutOfScope: !p.covers(h.Community, h.Grid)})
		}
	}
	return out, nil
}

func residentsByIDNumber(db *gorm.DB, p *principal, ids []string) ([]IDNumberMatch, error) {
	var out []IDNumberMatch
	index := make(map[string]int, min(len(ids), lookupBatch))
	for start := 0; start < len(ids); start += lookupBatch {
		chunk := ids[start:min(len(ids), start+lookupBatch)]
		clear(index)
		for k, id := range chunk {
			index[id] = start + k
		}
		var err error
		from := len(out)
		if out, err = appendResidentsByIDNumber(out, db, chunk, index); err != nil {
			return nil, fmt.Errorf("data: look up residents: %w", err)
		}
		if err := markOutOfScope(db, p, out[from:]); err != nil {
			return nil, fmt.Errorf("data: look up residents: %w", err)
		}
	}
	return out, nil
}

// markOutOfScope sets OutOfScope on the matches whose household lies
// outside p's scope: one query for the chunk's households, and none for
// an account of the whole street.
func markOutOfScope(db *gorm.DB, p *principal, ms []IDNumberMatch) error {
	if p.unscoped() || len(ms) == 0 {
		return nil
	}
	var ids []int64
	for _, m := range ms {
		ids = append(ids, m.HouseholdID)
	}
	var hs []struct {
		ID              int64
		Community, Grid string
	}
	cond, arg := idList(db, "id", ids)
	if err := db.Raw("SELECT id, community, grid FROM households WHERE "+cond, arg).Scan(&hs).Error; err != nil {
		return err
	}
	in := make(map[int64]bool, len(hs))
	for _, h := range hs {
		in[h.ID] = p.covers(h.Community, h.Grid)
	}
	for i := range ms {
		ms[i].OutOfScope = !in[ms[i].HouseholdID]
	}
	return nil
}

// appendResidentsByIDNumber appends the records of the ID numbers in chunk
// (their positions in index) to out.
func appendResidentsByIDNumber(out []IDNumberMatch, db *gorm.DB, chunk []string, index map[string]int) ([]IDNumberMatch, error) {
	// Without statistics SQLite takes "deleted_at IS NULL" (GORM's
	// soft-delete condition) over a list of ID numbers and reads every
	// live resident for each chunk: 160 s for a second import of
	// 300,000. So the condition is written here, kept off the index.
	cond, arg := textList(db, "id_number", chunk)
	rows, err := db.Raw("SELECT id, id_number, household_id, status FROM residents WHERE "+cond+
		" AND "+noIndex(db, "deleted_at")+" IS NULL ORDER BY id", arg).Rows()
	if err != nil {
		return out, err
	}
	defer rows.Close()
	var idNumber, status sql.RawBytes
	for rows.Next() {
		var m IDNumberMatch
		if err := rows.Scan(&m.ID, &idNumber, &m.HouseholdID, &status); err != nil {
			return out, err
		}
		i, ok := index[string(idNumber)]
		if !ok {
			continue
		}
		m.Index = i
		for _, a := range ActiveStatuses {
			m.Active = m.Active || string(status) == a
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func householdsByID(db *gorm.DB, p *principal, ids []int64) ([]Household, error) {
	var out []Household
	cond, args := p.householdScope(db, "")
	for chunk := range slices.Chunk(ids, lookupBatch) {
		var hs []Household
		q := db.Where("id IN ?", chunk)
		if cond != "" {
			q = q.Where(cond, args...)
		}
		if err := q.Find(&hs).Error; err != nil {
			return nil, fmt.Errorf("data: look up households: %w", err)
		}
		out = append(out, hs...)
	}
	return out, nil
}

func residentsByID(db *gorm.DB, p *principal, ids []int64) ([]Resident, error) {
	var out []Resident
	cond, args := p.householdScope(db, "h")
	for chunk := range slices.Chunk(ids, lookupBatch) {
		var rs []Resident
		q := db.Preload("Tags").Where("id IN ?", chunk)
		if cond != "" {
			q = q.Where("household_id IN (SELECT h.id FROM households h WHERE "+cond+")", args...)
		}
		if err := q.Find(&rs).Error; err != nil {
			return nil, fmt.Errorf("data: look up residents: %w", err)
		}
		out = append(out, rs...)
	}
	return out, nil
}

// textList is a condition "col IN (values)"; on SQLite the values travel
// as one JSON array (see idList).
func textList(db *gorm.DB, col string, vals []string) (string, any) {
	if !isSQLite(db) {
		return col + " IN ?", vals
	}
	b, _ := json.Marshal(vals)
	return col + " IN (SELECT value FROM json_each(?))", string(b)
}

// idList is a condition "col IN (ids)". On SQLite the IDs travel as one
// JSON array: the driver binds a thousand parameters in quadratic time.
func idList(db *gorm.DB, col string, ids []int64) (string, any) {
	if !isSQLite(db) {
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
