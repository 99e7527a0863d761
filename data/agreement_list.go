package data

// The agreement list: its filter, one page of rows newest first (keyset
// paging on the id), and the term end in force.

import (
	"context"
	"fmt"
	"math"
	"time"
)

// AgreementFilter selects agreements for the list. Zero fields do not
// filter.
type AgreementFilter struct {
	Query          string // number, title, project or party B's name, anywhere in it
	Kind           string
	Status         string
	Year           int // of the number
	OrganizationID int64
	MinAmount      int64 // fen
	MaxAmount      int64 // fen; 0 means no upper bound
	// EndingWithin > 0 selects agreements in force (已签订, 履行中) whose
	// term, as extended by signed supplementary agreements, ends between
	// today and that many days from today.
	EndingWithin int
	ParentID     int64 // the supplementary agreements of this agreement
	MainOnly     bool  // leave supplementary agreements out

	After string // the Next of the previous page
	Limit int    // 0 means DefaultPageSize
}

// AgreementRow is one line of the agreement list: the agreement without
// its children, party B's name, and the term end in force.
type AgreementRow struct {
	Agreement
	OrganizationName string `json:"organizationName"`
	EffectiveEnd     string `json:"effectiveEnd"`
}

// AgreementPage is one page of agreements, newest first. Next is "" after
// the last page.
type AgreementPage struct {
	Rows []AgreementRow
	Next string
}

// effectiveEndSQL is the end of an agreement's term as extended by its
// latest signed supplementary agreement with a new end date.
const effectiveEndSQL = `COALESCE((SELECT s.new_term_end FROM agreements s
	WHERE s.parent_id = a.id AND s.deleted_at IS NULL AND s.status = '` + AgreementSigned + `' AND s.new_term_end <> ''
	ORDER BY s.supplement DESC LIMIT 1), a.term_end)`

// agreementWhere is the WHERE of the agreements f selects.
func (s *Store) agreementWhere(f AgreementFilter) where {
	var w where
	w.add("a.deleted_at IS NULL")
	for _, c := range []struct{ col, v string }{{"a.kind", f.Kind}, {"a.status", f.Status}} {
		if c.v != "" {
			w.add(c.col+" = ?", c.v)
		}
	}
	if f.Year != 0 {
		w.add("a.year = ?", f.Year)
	}
	if f.OrganizationID != 0 {
		w.add("a.organization_id = ?", f.OrganizationID)
	}
	if f.MinAmount > 0 {
		w.add("a.amount >= ?", f.MinAmount)
	}
	if f.MaxAmount > 0 {
		w.add("a.amount <= ?", f.MaxAmount)
	}
	if f.ParentID != 0 {
		w.add("a.parent_id = ?", f.ParentID)
	}
	if f.MainOnly {
		w.add("a.parent_id IS NULL")
	}
	if f.EndingWithin > 0 {
		today := agrDay(s.now())
		w.add("a.status IN ? AND a.parent_id IS NULL", []string{AgreementSigned, AgreementInProgress})
		w.add(effectiveEndSQL+" BETWEEN ? AND ?", today.Format(time.DateOnly), today.AddDate(0, 0, f.EndingWithin).Format(time.DateOnly))
	}
	if q := cleanText(f.Query); q != "" {
		like := "%" + likeEscape(q) + "%"
		w.add("("+likeSQL(s.db, "a.number")+" OR "+likeSQL(s.db, "a.title")+" OR "+likeSQL(s.db, "a.project_name")+" OR "+likeSQL(s.db, "o.name")+")", like, like, like, like)
	}
	if c, ok := decodeCursor(f.After); ok {
		w.add("a.id < ?", c.id)
	}
	return w
}

// ListAgreements returns one page of the agreements f selects, newest
// first (keyset paging on the id).
func (s *Store) ListAgreements(ctx context.Context, f AgreementFilter) (AgreementPage, error) {
	if err := s.can("ListAgreements"); err != nil {
		return AgreementPage{}, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultPageSize
	}
	w := s.agreementWhere(f)
	// Two steps: the page's ids with what is joined in, then the rows
	// through GORM, which knows their serialized columns.
	sql := `SELECT a.id, COALESCE(o.name, '') AS organization_name, ` + effectiveEndSQL + ` AS effective_end
		FROM agreements a LEFT JOIN organizations o ON o.id = a.organization_id
		WHERE ` + w.sql() + ` ORDER BY a.id DESC LIMIT ?`
	var keys []struct {
		ID               int64
		OrganizationName string
		EffectiveEnd     string
	}
	db := s.db.WithContext(ctx)
	if err := db.Raw(sql, append(w.args, limit)...).Scan(&keys).Error; err != nil {
		return AgreementPage{}, fmt.Errorf("data: list agreements: %w", err)
	}
	if len(keys) == 0 {
		return AgreementPage{}, nil
	}
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
	}
	var as []Agreement
	if err := db.Where("id IN ?", ids).Find(&as).Error; err != nil {
		return AgreementPage{}, fmt.Errorf("data: list agreements: %w", err)
	}
	byID := make(map[int64]Agreement, len(as))
	for _, a := range as {
		byID[a.ID] = a
	}
	page := AgreementPage{Rows: make([]AgreementRow, 0, len(keys))}
	for _, k := range keys {
		page.Rows = append(page.Rows, AgreementRow{Agreement: byID[k.ID], OrganizationName: k.OrganizationName, EffectiveEnd: k.EffectiveEnd})
	}
	if len(keys) == limit {
		page.Next = cursor{id: keys[len(keys)-1].ID}.encode()
	}
	return page, nil
}

// agrDay is the calendar day of t (in t's zone) as midnight UTC, so days
// between dates are whole multiples of 24 hours.
func agrDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// agrDaysUntil returns to − from in days for ISO dates, and false when
// either is not a date.
func agrDaysUntil(from time.Time, to string) (int, bool) {
	t, err := time.Parse(time.DateOnly, to)
	if err != nil {
		return 0, false
	}
	return int(math.Round(t.Sub(from).Hours() / 24)), true
}
