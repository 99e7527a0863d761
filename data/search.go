package data

// Search of the register: the list screens' query box and filters, fast on
// 300,000 residents as the clerk types.
//
// What the query box matches is decided from what was typed:
//
//	张 / 张三 / 𠮷        name prefix, then address substring
//	zs / zhangs / zhangsan full pinyin prefix, then initials prefix
//	123X / 5678 (4–6)      ID number's last characters, then phone's last 4, then ID and household number prefix
//	13812345678            phone, then ID number prefix
//	010-62345678           phone (a mobile typed in groups too)
//	11010119900307123X     ID number (a 15-digit one is upgraded first)
//	other digits           ID number prefix, then household number prefix
//
// Each of those is a "branch": a condition that one index answers as a
// range, scanned in that index's order, so the first page reads about as
// many index entries as it shows rows. Results are the branches one after
// another (a row matched by an earlier branch is left out of later ones),
// and the cursor remembers the branch, the index key and the id of the last
// row — keyset paging, so page 1000 costs what page 1 does.
//
// Two things the measurements behind the issue showed shape the SQL: a
// prefix is written as a range (col >= 'x' AND col < 'x' || U+10FFFF),
// because SQLite never uses an index for LIKE 'x%' under GORM's
// case-insensitive LIKE; and there is no OFFSET anywhere. Addresses are
// matched anywhere inside, which no B-tree can do: households' addresses
// are indexed in an FTS5 table as the overlapping pairs and triples of
// characters ("幸福小区" → 幸福 幸福小 福小 福小区 小区 区), so one character
// is a prefix query, two are a pair, three a triple, and more the triples
// that tile them, checked against the address; FTS5's own trigram
// tokenizer finds nothing for the one- and two-character queries clerks
// type first. Outside SQLite the address branch falls back to LIKE.

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// maxKey is the upper bound of a prefix range: no string that starts with
// the prefix sorts after prefix+maxKey in SQLite's binary order.
const maxKey = "\U0010FFFF"

// DefaultPageSize is the page size used when a filter's Limit is 0.
const DefaultPageSize = 50

// ResidentFilter selects residents for the list, the export, the printed
// roster and the dashboard's figures. Zero fields do not filter.
type ResidentFilter struct {
	Query         string // see the package comment of search.go
	Community     string
	Grid          string
	ResidenceType string // of the household
	Status        string // "" means active (在住, 外出); see IncludeInactive
	Tag           string // a care tag; 高龄老人 means 80 or older today
	Sex           string
	AgeMin        int  // at least this old today
	AgeMax        int  // at most this old today; 0 means no upper bound
	HasAgeMax     bool // AgeMax 0 counts (the 0–4 band of a pyramid is 0..4, so this is rarely needed)
	// IncludeInactive lists moved-out and deceased residents too (when
	// Status is empty).
	IncludeInactive bool

	After string // the Next of the previous page; "" for the first page
	Limit int    // rows per page; 0 means DefaultPageSize

	scope *principal // set by the store: the account whose scope applies
}

// ResidentRow is one line of the resident list. Numbers are masked.
type ResidentRow struct {
	ID              int64  `json:"id"`
	HouseholdID     int64  `json:"householdId"`
	HouseholdNumber string `json:"householdNumber"`
	Name            string `json:"name"`
	IDNumber        string `json:"idNumber"` // masked: 110101********123X
	Sex             string `json:"sex"`
	BirthDate       string `json:"birthDate"`
	Age             int    `json:"age"`
	Phone           string `json:"phone"` // masked: 138****5678
	Relation        string `json:"relation"`
	Status          string `json:"status"`
	Community       string `json:"community"`
	Grid            string `json:"grid"`
	Address         string `json:"address"`
	ResidenceType   string `json:"residenceType"`
}

// ResidentPage is one page of results. Next is "" after the last page.
type ResidentPage struct {
	Rows []ResidentRow
	Next string
}

// branch is one way of matching the query; see the package comment.
type branch struct {
	col       string // keyset column: r.name…, h.number, or h.id for the address
	numeric   bool   // col is an integer (h.id)
	eq        bool   // match col = lo instead of a prefix range
	lo, hi    string // range [lo, hi); hi "" means lo + maxKey
	fts       string // address branch: the FTS5 query (SQLite only)
	ftsVerify string // and the address key a match must contain, or ""
	also      string // a further condition on the rows the index yields
	alsoArgs  []any
	like      string // address branch elsewhere: LIKE pattern
	drive     string // "r" or "h": whose index orders the rows
}

// cond returns the branch's match condition, for exclusion from later
// branches (the address branch is never excluded: it is always last).
func (b branch) cond() (string, []any) {
	switch {
	case b.fts != "" || b.like != "":
		return "", nil
	case b.eq && b.also != "":
		return b.col + " = ? AND " + b.also, append([]any{b.lo}, b.alsoArgs...)
	case b.eq:
		return b.col + " = ?", []any{b.lo}
	case b.lo == "" && b.hi == "":
		return "", nil // list everything
	}
	return b.col + " >= ? AND " + b.col + " < ?", []any{b.lo, b.upper()}
}

func (b branch) upper() string {
	if b.hi != "" {
		return b.hi
	}
	return b.lo + maxKey
}

// prefix is a prefix branch on a resident column.
func prefix(col, p string) branch { return branch{col: col, lo: p, drive: "r"} }

func equal(col, v string) branch { return branch{col: col, lo: v, eq: true, drive: "r"} }

// phoneIs matches a whole phone number through the index of its last four
// digits (phone numbers have no index of their own: the tail index finds
// the few with the same tail, which saves one index on 300,000 rows).
func phoneIs(p string) branch {
	b := equal("r.phone_tail", phoneTail(p))
	b.also, b.alsoArgs = "r.phone = ?", []any{p}
	return b
}

// birthBranch lists the residents of f's age range by birth date. Dates
// are ten characters, so "at most d" is "< d + a blank" and "after d" is
// ">= d + a blank"; the lower bound "1" leaves out a missing birth date.
func birthBranch(f ResidentFilter, today time.Time) branch {
	b := branch{col: "r.birth_date", lo: "1", hi: "9", drive: "r"}
	minAge := f.AgeMin
	if f.Tag == TagVeryOld {
		minAge = max(minAge, AgeVeryOld)
	}
	if minAge > 0 {
		b.hi = BirthDateBound(minAge, today) + " "
	}
	if f.AgeMax > 0 || f.HasAgeMax {
		b.lo = BirthDateBound(f.AgeMax+1, today) + " "
	}
	return b
}

// residentBranches turns the query text into branches.
func residentBranches(db *gorm.DB, q string, today time.Time) []branch {
	q = strings.TrimSpace(q)
	if q == "" {
		return []branch{{col: "h.number", drive: "h"}}
	}
	if d := NormalizeIDNumber(q); isIDChars(d) {
		return digitBranches(d, today)
	}
	if p, err := NormalizePhone(q); err == nil {
		return []branch{phoneIs(p)} // a landline, or a mobile typed in groups
	}
	if l := latinKey(q); l != "" {
		return []branch{prefix("r.name_pinyin", l), prefix("r.name_initials", l)}
	}
	bs := []branch{prefix("r.name", NormalizeName(q))}
	if a := addressBranch(db, q); a != nil {
		bs = append(bs, *a)
	}
	return bs
}

// digitBranches handles a query of digits (and X as the last character).
func digitBranches(d string, today time.Time) []branch {
	n := len(d)
	switch {
	case n == 18 || n == 15:
		if id, _, err := ParseIDNumber(d, today); err == nil {
			return []branch{equal("r.id_number", id.Number)}
		}
		return []branch{prefix("r.id_number", d)}
	case isMobile(d):
		return []branch{phoneIs(d), prefix("r.id_number", d)}
	case n >= 4 && n <= 6:
		bs := []branch{prefix("r.id_tail", reverse(d))}
		if n == 4 && !strings.HasSuffix(d, "X") {
			bs = append(bs, equal("r.phone_tail", d))
		}
		return append(bs, prefix("r.id_number", d), branch{col: "h.number", lo: d, drive: "h"})
	case strings.HasSuffix(d, "X"):
		return []branch{prefix("r.id_number", d)}
	}
	if p, err := NormalizePhone(d); err == nil {
		return []branch{phoneIs(p), prefix("r.id_number", d)} // a landline typed without its hyphen
	}
	return []branch{prefix("r.id_number", d), branch{col: "h.number", lo: d, drive: "h"}}
}

// isIDChars reports whether s is digits with perhaps X at the end.
func isIDChars(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c == 'X' && i == len(s)-1 && i > 0) {
			return false
		}
	}
	return true
}

// latinKey returns the query as a pinyin key (lowercase letters and digits,
// blanks and apostrophes dropped: "Zhang San", "xi'an") when it is one.
func latinKey(q string) string {
	var b strings.Builder
	for _, r := range q {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case r >= 'ａ' && r <= 'ｚ':
			b.WriteRune(r - 'ａ' + 'a')
		case r >= 'Ａ' && r <= 'Ｚ':
			b.WriteRune(r - 'Ａ' + 'a')
		case r == ' ' || r == '\'' || r == '’' || r == 0x3000:
		default:
			return ""
		}
	}
	return b.String()
}

func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// idTail is the search key of an ID number's last characters: the last
// six, reversed, so that "the last 4–6" is a prefix.
func idTail(id string) string {
	if len(id) < 6 {
		return ""
	}
	return reverse(id[len(id)-6:])
}

// cursor is the decoded After/Next of a page.
type cursor struct {
	branch int
	key    string
	id     int64
}

func (c cursor) encode() string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%d|%d|%s", c.branch, c.id, c.key)))
}

func decodeCursor(s string) (cursor, bool) {
	if s == "" {
		return cursor{}, false
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, false
	}
	parts := strings.SplitN(string(b), "|", 3)
	if len(parts) != 3 {
		return cursor{}, false
	}
	br, err1 := strconv.Atoi(parts[0])
	id, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil || !utf8.ValidString(parts[2]) {
		return cursor{}, false
	}
	return cursor{branch: br, id: id, key: parts[2]}, true
}

// where collects SQL conditions and their arguments.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return "1 = 1"
	}
	return strings.Join(w.conds, " AND ")
}

// noIndex returns col marked, on SQLite, as not to be used to look rows
// up (unary plus): filters are checked on the rows the branch's index
// yields in order. Without it SQLite, lacking statistics, takes
// "deleted_at IS NULL" for a selective equality, reads every live row
// through idx_*_deleted_at and sorts them — 200 ms instead of 1.
func noIndex(db *gorm.DB, col string) string {
	if isSQLite(db) {
		return "+" + col
	}
	return col
}

// residentFilters adds the filter fields' conditions.
func residentFilters(db *gorm.DB, w *where, f ResidentFilter, today time.Time) {
	w.add(noIndex(db, "r.deleted_at") + " IS NULL AND " + noIndex(db, "h.deleted_at") + " IS NULL")
	if cond, args := f.scope.householdScope(db, "h"); cond != "" {
		w.add(cond, args...)
	}
	switch {
	case f.Status != "":
		w.add("r.status = ?", f.Status)
	case !f.IncludeInactive:
		w.add("r.status IN (?, ?)", StatusPresent, StatusAway)
	}
	if f.Community != "" {
		w.add("h.community = ?", f.Community)
	}
	if f.Grid != "" {
		w.add("h.grid = ?", f.Grid)
	}
	if f.ResidenceType != "" {
		w.add("h.residence_type = ?", f.ResidenceType)
	}
	if f.Sex != "" {
		w.add("r.sex = ?", f.Sex)
	}
	minAge := f.AgeMin
	if f.Tag == TagVeryOld {
		minAge = max(minAge, AgeVeryOld)
	} else if f.Tag != "" {
		w.add("EXISTS (SELECT 1 FROM resident_tags t WHERE t.tag = ? AND t.resident_id = r.id)", f.Tag)
	}
	if minAge > 0 {
		w.add(noIndex(db, "r.birth_date")+" <= ?", BirthDateBound(minAge, today))
	}
	if f.AgeMax > 0 || f.HasAgeMax {
		// At most AgeMax: not yet AgeMax+1.
		w.add(noIndex(db, "r.birth_date")+" > ?", BirthDateBound(f.AgeMax+1, today))
	}
}

const residentColumns = `r.id, r.household_id, h.number AS household_number, r.name,
	r.id_number AS raw_id, r.sex, r.birth_date, r.phone AS raw_phone, r.relation, r.status,
	h.community, h.grid, h.address, h.residence_type`

// SearchResidents returns one page of the residents f selects.
func (s *Store) SearchResidents(ctx context.Context, f ResidentFilter) (ResidentPage, error) {
	if err := s.can("SearchResidents"); err != nil {
		return ResidentPage{}, err
	}
	f.scope = s.who
	db := s.db.WithContext(ctx)
	today := s.now()
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultPageSize
	}
	branches := listBranches(db, f, today)
	start, hasCursor := decodeCursor(f.After)
	if start.branch >= len(branches) {
		return ResidentPage{}, nil
	}

	var page ResidentPage
	var last cursor
	for bi := start.branch; bi < len(branches) && len(page.Rows) < limit; bi++ {
		var c *cursor
		if hasCursor && bi == start.branch {
			c = &start
		}
		rows, err := branchRows(db, f, today, branches, bi, c, limit-len(page.Rows))
		if err != nil {
			return ResidentPage{}, fmt.Errorf("data: search residents: %w", err)
		}
		for _, r := range rows {
			row := r.ResidentRow
			row.IDNumber = MaskID(r.RawID)
			row.Phone = MaskPhone(r.RawPhone)
			row.Age = AgeOn(row.BirthDate, today)
			page.Rows = append(page.Rows, row)
			last = cursor{branch: bi, key: r.K, id: r.ID}
		}
	}
	if len(page.Rows) == limit {
		page.Next = last.encode()
	}
	return page, nil
}

// listBranches returns the branches that list what f selects: the query's,
// or for a filter alone the index that yields its rows first.
func listBranches(db *gorm.DB, f ResidentFilter, today time.Time) []branch {
	if strings.TrimSpace(f.Query) == "" {
		switch {
		case f.Tag != "" && f.Tag != TagVeryOld:
			// A care group is small: list it in the tag index's order
			// (resident_tags (tag, resident_id)) instead of scanning
			// the whole register in household order for its members.
			return []branch{{col: "t.resident_id", numeric: true, drive: "t"}}
		case f.AgeMin > 0 || f.AgeMax > 0 || f.HasAgeMax || f.Tag == TagVeryOld:
			// An age group (高龄老人, a dashboard band): list it
			// oldest first from the birth-date index.
			return []branch{birthBranch(f, today)}
		}
	}
	return residentBranches(db, f.Query, today)
}

// CountResidents counts the residents f selects (its After and Limit are
// ignored): the rows SearchResidents would list page after page, counted
// in SQL branch by branch, each from the index that lists it. The address
// branch counts the members of the matching households a batch at a time.
func (s *Store) CountResidents(ctx context.Context, f ResidentFilter) (int, error) {
	if err := s.can("CountResidents"); err != nil {
		return 0, err
	}
	f.scope = s.who
	db := s.db.WithContext(ctx)
	today := s.now()
	branches := listBranches(db, f, today)
	total := 0
	for bi, b := range branches {
		w := branchFilters(db, f, today, branches, bi)
		var n int
		var err error
		if b.fts != "" {
			n, err = countAddress(db, b, w, "households h CROSS JOIN residents r", "r.household_id = h.id")
		} else {
			if cond, a := b.cond(); cond != "" {
				w.add(cond, a...)
			}
			if b.like != "" {
				w.add(likeSQL(db, "h.address"), b.like)
			}
			from := residentsFrom(&w, b, f)
			err = db.Raw("SELECT count(*) FROM "+from+" WHERE "+w.sql(), w.args...).Scan(&n).Error
		}
		if err != nil {
			return 0, fmt.Errorf("data: count residents: %w", err)
		}
		total += n
	}
	return total, nil
}

// branchFilters returns the conditions of f's filters on the rows of
// branch bi, which leave out the rows the earlier branches list.
func branchFilters(db *gorm.DB, f ResidentFilter, today time.Time, branches []branch, bi int) where {
	var w where
	residentFilters(db, &w, f, today)
	for _, prev := range branches[:bi] {
		if cond, a := prev.cond(); cond != "" {
			w.add("NOT ("+cond+")", a...)
		}
	}
	return w
}

// residentsFrom returns the FROM clause of branch b, joined so that b's
// index drives (see branchRows), and adds the join's conditions to w.
func residentsFrom(w *where, b branch, f ResidentFilter) string {
	switch b.drive {
	case "t":
		w.add("t.tag = ? AND r.id = t.resident_id AND h.id = r.household_id", f.Tag)
		return "resident_tags t CROSS JOIN residents r CROSS JOIN households h"
	case "h":
		w.add("r.household_id = h.id")
		return "households h CROSS JOIN residents r"
	}
	w.add("h.id = r.household_id")
	return "residents r CROSS JOIN households h"
}

// keyedRow is a result row with its keyset key.
type keyedRow struct {
	ResidentRow
	RawID    string
	RawPhone string
	K        string
}

// branchRows returns up to n rows of branch bi, after c when not nil.
//
// The FROM clauses are CROSS JOINs: in SQLite that fixes the join order,
// so the table whose index yields the branch's order is the outer loop and
// the first page stops after n rows. (Without statistics SQLite otherwise
// likes to scan residents and sort.) CROSS JOIN with the condition in
// WHERE is plain SQL elsewhere.
func branchRows(db *gorm.DB, f ResidentFilter, today time.Time, branches []branch, bi int, c *cursor, n int) ([]keyedRow, error) {
	b := branches[bi]
	w := branchFilters(db, f, today, branches, bi)
	if b.fts != "" {
		return addressRows(db, b, w, c, n)
	}
	switch {
	case c == nil:
		if cond, a := b.cond(); cond != "" {
			w.add(cond, a...)
		}
	case b.eq:
		cond, a := b.cond()
		w.add(cond+" AND r.id > ?", append(a, c.id)...)
	default:
		// The cursor's key is the only lower bound: given two, SQLite
		// may start the index scan at the branch's and walk every row
		// of the earlier pages.
		var key any = c.key
		if b.numeric {
			key, _ = strconv.ParseInt(c.key, 10, 64)
		}
		w.add(b.col+" >= ? AND ("+b.col+" > ? OR r.id > ?)", key, key, c.id)
		if b.lo != "" || b.hi != "" {
			w.add(b.col+" < ?", b.upper())
		}
	}
	from := residentsFrom(&w, b, f)
	if b.like != "" {
		w.add(likeSQL(db, "h.address"), b.like)
	}
	sql := "SELECT " + residentColumns + ", " + b.col + " AS k FROM " + from +
		" WHERE " + w.sql() + " ORDER BY " + b.col + ", r.id LIMIT ?"
	var rows []keyedRow
	err := db.Raw(sql, append(w.args, n)...).Scan(&rows).Error
	return rows, err
}
