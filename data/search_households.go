package data

// The household list: its filter, one page of households by number (or,
// for an address query, by when they were registered), the count, and the
// communities and grids its filters offer.

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// HouseholdFilter selects households for the household list. Zero fields
// do not filter. Query matches the household number (prefix) when it is
// letters and digits, else the address (anywhere in it).
type HouseholdFilter struct {
	Query         string
	Community     string
	Grid          string
	ResidenceType string
	Kind          string
	Housing       string

	After string
	Limit int
}

// HouseholdRow is one line of the household list. Numbers are masked.
type HouseholdRow struct {
	ID            int64  `json:"id"`
	Number        string `json:"number"`
	Community     string `json:"community"`
	Grid          string `json:"grid"`
	Address       string `json:"address"`
	Kind          string `json:"kind"`
	ResidenceType string `json:"residenceType"`
	Housing       string `json:"housing"`
	Phone         string `json:"phone"` // masked
	HeadName      string `json:"headName"`
	HeadIDNumber  string `json:"headIdNumber"` // masked
	Members       int    `json:"members"`      // active members
}

// HouseholdPage is one page of households. Next is "" after the last page.
type HouseholdPage struct {
	Rows []HouseholdRow
	Next string
}

// SearchHouseholds returns one page of the households f selects, by number
// (or, for an address query, by when they were registered).
func (s *Store) SearchHouseholds(ctx context.Context, f HouseholdFilter) (HouseholdPage, error) {
	if err := s.can("SearchHouseholds"); err != nil {
		return HouseholdPage{}, err
	}
	db := s.db.WithContext(ctx)
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultPageSize
	}
	b, w := householdWhere(db, f, s.who)
	var after int64
	if c, ok := decodeCursor(f.After); ok {
		if b.numeric {
			after, _ = strconv.ParseInt(c.key, 10, 64)
			w.add("h.id > ?", after)
		} else {
			w.add("h.number > ?", c.key)
		}
	}
	if b.fts == "" {
		return householdPage(db, b.col, w, limit, nil)
	}
	// The address: batches of matching households, filtered, in order.
	var page HouseholdPage
	batch := max(addressBatch, limit)
	for {
		hids, next, more, err := matchingHouseholds(db, b, after, false, batch)
		if err != nil {
			return HouseholdPage{}, fmt.Errorf("data: search households: %w", err)
		}
		if len(hids) > 0 {
			p, err := householdPage(db, b.col, w, limit-len(page.Rows), hids)
			if err != nil {
				return HouseholdPage{}, err
			}
			page.Rows = append(page.Rows, p.Rows...)
			page.Next = p.Next
		}
		after, batch = next, min(4*batch, addressBatchMax)
		if len(page.Rows) >= limit || !more {
			break
		}
	}
	if len(page.Rows) < limit {
		page.Next = ""
	}
	return page, nil
}

// householdWhere returns the branch that lists the households f selects
// and the conditions of its filters and query.
func householdWhere(db *gorm.DB, f HouseholdFilter, scope *principal) (branch, where) {
	q := strings.TrimSpace(f.Query)
	b := branch{col: "h.number", drive: "h"}
	if q != "" {
		if n := strings.ToUpper(NormalizeIDNumber(q)); isHouseholdNumber(n) {
			b.lo = n
		} else if a := addressBranch(db, q); a != nil {
			b = *a
		}
	}
	var w where
	w.add(noIndex(db, "h.deleted_at") + " IS NULL")
	if cond, args := scope.householdScope(db, "h"); cond != "" {
		w.add(cond, args...)
	}
	for _, c := range []struct{ col, v string }{{"h.community", f.Community}, {"h.grid", f.Grid}, {"h.residence_type", f.ResidenceType}, {"h.kind", f.Kind}, {"h.housing", f.Housing}} {
		if c.v != "" {
			w.add(c.col+" = ?", c.v)
		}
	}
	if c, a := b.cond(); c != "" {
		w.add(c, a...)
	}
	if b.like != "" {
		w.add(likeSQL(db, "h.address"), b.like)
	}
	return b, w
}

// CountHouseholds counts the households f selects (After and Limit are
// ignored), in SQL.
func (s *Store) CountHouseholds(ctx context.Context, f HouseholdFilter) (int, error) {
	if err := s.can("CountHouseholds"); err != nil {
		return 0, err
	}
	db := s.db.WithContext(ctx)
	b, w := householdWhere(db, f, s.who)
	var n int
	var err error
	if b.fts != "" {
		n, err = countAddress(db, b, w, "households h", "")
	} else {
		err = db.Raw("SELECT count(*) FROM households h WHERE "+w.sql(), w.args...).Scan(&n).Error
	}
	if err != nil {
		return 0, fmt.Errorf("data: count households: %w", err)
	}
	return n, nil
}

// householdPage runs the household list query: up to limit rows in col
// order, among ids when not nil.
func householdPage(db *gorm.DB, col string, w where, limit int, ids []int64) (HouseholdPage, error) {
	if ids != nil {
		w.conds = append([]string(nil), w.conds...)
		w.args = append([]any(nil), w.args...)
		w.add("h.id IN ?", ids)
	}
	sql := `SELECT h.id, h.number, h.community, h.grid, h.address, h.kind, h.residence_type, h.housing, h.phone,
		COALESCE(hd.name, '') AS head_name, COALESCE(hd.id_number, '') AS head_id_number,
		(SELECT count(*) FROM residents m WHERE m.household_id = h.id AND m.deleted_at IS NULL AND m.status IN (?, ?)) AS members,
		` + col + ` AS k
		FROM households h LEFT JOIN residents hd ON hd.id = h.head_id AND hd.deleted_at IS NULL
		WHERE ` + w.sql() + ` ORDER BY ` + col + ` LIMIT ?`
	args := append([]any{StatusPresent, StatusAway}, w.args...)
	var rows []struct {
		HouseholdRow
		K string
	}
	if err := db.Raw(sql, append(args, limit)...).Scan(&rows).Error; err != nil {
		return HouseholdPage{}, fmt.Errorf("data: search households: %w", err)
	}
	var page HouseholdPage
	for _, r := range rows {
		row := r.HouseholdRow
		row.Phone = MaskPhone(row.Phone)
		row.HeadIDNumber = MaskID(row.HeadIDNumber)
		page.Rows = append(page.Rows, row)
	}
	if len(rows) == limit {
		page.Next = cursor{key: rows[len(rows)-1].K, id: rows[len(rows)-1].ID}.encode()
	}
	return page, nil
}

// isHouseholdNumber reports whether s has the characters of a household
// number and at least one digit.
func isHouseholdNumber(s string) bool {
	digit := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case r >= 'A' && r <= 'Z', r == '-':
		default:
			return false
		}
	}
	return digit
}

// CommunityGrids is one community of the register and the grids in it.
type CommunityGrids struct {
	Community string
	Grids     []string // sorted; without ""
}

// Communities returns the communities the register's households are in
// (not those in the recycle bin), sorted, each with its grids: the
// choices of the lists' community and grid filters.
func (s *Store) Communities(ctx context.Context) ([]CommunityGrids, error) {
	if err := s.can("Communities"); err != nil {
		return nil, err
	}
	var rows []struct{ Community, Grid string }
	q := "SELECT DISTINCT community, grid FROM households WHERE " + noIndex(s.db, "deleted_at") + " IS NULL AND community <> ''"
	cond, args := s.who.householdScope(s.db, "")
	if cond != "" {
		q += " AND " + cond
	}
	err := s.db.WithContext(ctx).Raw(q+" ORDER BY community, grid", args...).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("data: communities: %w", err)
	}
	var out []CommunityGrids
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].Community != r.Community {
			out = append(out, CommunityGrids{Community: r.Community})
		}
		if r.Grid != "" {
			c := &out[len(out)-1]
			c.Grids = append(c.Grids, r.Grid)
		}
	}
	return out, nil
}
