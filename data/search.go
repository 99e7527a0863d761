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
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
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

// addressKey keeps the letters and digits of an address (lowercased): the
// FTS5 index and the queries see the same text, so "3-2-301" finds
// "3栋2单元301室" no better and no worse than a human reading would.
func addressKey(s string) []rune {
	var out []rune
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Han, r) {
			out = append(out, unicode.ToLower(r))
		}
	}
	return out
}

// addressGrams is the FTS5 document of an address: at each character the
// pair and the triple of characters that start there (the last character
// alone at the end).
func addressGrams(address string) string {
	k := addressKey(address)
	var b strings.Builder
	for i := range k {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(string(k[i:min(i+2, len(k))]))
		if i+3 <= len(k) {
			b.WriteByte(' ')
			b.WriteString(string(k[i : i+3]))
		}
	}
	return b.String()
}

// addressQuery is the FTS5 query for an address fragment, and the key a
// candidate's address must contain ("" when the query alone is exact).
//
// One character is a prefix query, two are a pair. The index keeps no
// positions, so a longer fragment asks for the triples that tile it (at
// characters 0, 3, 6… and the last three) and the candidates are checked
// against the whole fragment. Triples are rare (幸福小 is in one estate's
// addresses, 单元 in all of them), so FTS5's AND, which skips through the
// doclists, does little work.
func addressQuery(q string) (match, verify string) {
	k := addressKey(q)
	switch len(k) {
	case 0:
		return "", ""
	case 1:
		return `"` + string(k) + `"*`, ""
	case 2:
		return `"` + string(k) + `"`, ""
	case 3:
		return `"` + string(k) + `"`, ""
	}
	var grams []string
	for i := 0; ; i += 3 {
		if i+3 > len(k) {
			i = len(k) - 3
		}
		g := `"` + string(k[i:i+3]) + `"`
		if !slices.Contains(grams, g) {
			grams = append(grams, g)
		}
		if i+3 >= len(k) {
			break
		}
	}
	return strings.Join(grams, " AND "), string(k)
}

func addressBranch(db *gorm.DB, q string) *branch {
	if !isSQLite(db) {
		esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.TrimSpace(q))
		return &branch{col: "h.id", numeric: true, like: "%" + esc + "%", drive: "h"}
	}
	fq, verify := addressQuery(q)
	if fq == "" {
		return nil
	}
	return &branch{col: "h.id", numeric: true, fts: fq, ftsVerify: verify, drive: "h"}
}

// indexAddress keeps household id's address in the address index. The
// index is contentless (it stores no text, only which households contain
// which pairs), so to forget an address it must be told the pairs it
// indexed: old is the stored address before this save, nil for a new
// household.
func indexAddress(db *gorm.DB, id int64, old *string, address string) error {
	if id == 0 || !isSQLite(db) {
		return nil
	}
	if old != nil && *old == address {
		return nil
	}
	db = db.Session(&gorm.Session{NewDB: true})
	if old != nil {
		err := db.Exec("INSERT INTO household_grams (household_grams, rowid, grams) VALUES ('delete', ?, ?)", id, addressGrams(*old)).Error
		if err != nil {
			return fmt.Errorf("data: address index: %w", err)
		}
	}
	if err := db.Exec("INSERT INTO household_grams (rowid, grams) VALUES (?, ?)", id, addressGrams(address)).Error; err != nil {
		return fmt.Errorf("data: address index: %w", err)
	}
	return nil
}

// createAddressIndex creates the address index: FTS5, contentless, without
// positions (detail=none) or column sizes (columnsize=0), so it costs about
// 5 MB for 120,000 households; prefix='1' serves one-character queries
// from a prefix index instead of merging every pair that starts with it.
const createAddressIndex = `CREATE VIRTUAL TABLE IF NOT EXISTS household_grams
	USING fts5(grams, tokenize = 'ascii', prefix = '1', content = '', detail = 'none', columnsize = 0)`

// addressIndexRows is how many households one statement of
// IndexNewAddresses adds to the address index: all of an import's round
// (2,000) in one. FTS5 writes its pending terms out as a new segment
// whenever a statement opens a savepoint, as every multi-row INSERT does;
// in statements of 200 that was ten small segments a round and their
// merges, 1.4 s of a 300,000-row import.
const addressIndexRows = 5000

// IndexNewAddresses adds households that were just inserted, and are not
// yet in the address index, to it — what their AfterSave hook does one
// statement each, in one statement for up to 5,000 households with the
// grams as SQL literals. The import's bulk path calls it instead of the hook:
// 115,000 single INSERTs cost the SQLite driver a prepare each.
func IndexNewAddresses(db *gorm.DB, hs []Household) error {
	if len(hs) == 0 || !isSQLite(db) {
		return nil
	}
	var sql strings.Builder
	for chunk := range slices.Chunk(hs, addressIndexRows) {
		sql.Reset()
		sql.WriteString("INSERT INTO household_grams (rowid, grams) VALUES ")
		for i, h := range chunk {
			if h.ID == 0 {
				return fmt.Errorf("data: address index: household %q has no id", h.Number)
			}
			if i > 0 {
				sql.WriteByte(',')
			}
			sql.WriteByte('(')
			sql.WriteString(strconv.FormatInt(h.ID, 10))
			sql.WriteString(",'")
			// The grams are the address's own characters (no NUL):
			// doubling the quotes makes them a literal.
			sql.WriteString(strings.ReplaceAll(strings.ReplaceAll(addressGrams(h.Address), "\x00", ""), "'", "''"))
			sql.WriteString("')")
		}
		// Straight to the connection: GORM would scan the text for
		// placeholders.
		if _, err := db.Statement.ConnPool.ExecContext(context.Background(), sql.String()); err != nil {
			return fmt.Errorf("data: address index: %w", err)
		}
	}
	return nil
}

// migrateRegistry adds residence events and the address index
// (0002_registry).
func migrateRegistry(tx *gorm.DB) error {
	if err := tx.AutoMigrate(&ResidenceEvent{}); err != nil {
		return err
	}
	if !isSQLite(tx) {
		return nil
	}
	return tx.Exec(createAddressIndex).Error
}

// ReindexAddresses rebuilds the address index from the households table,
// for after rows were written without GORM (raw SQL bypasses the hooks
// that keep it). It takes a few seconds for 120,000 households.
func (s *Store) ReindexAddresses(ctx context.Context) error {
	if !isSQLite(s.db) {
		return nil
	}
	return s.Tx(ctx, func(tx *Tx) error {
		if err := tx.DB.Exec("DROP TABLE IF EXISTS household_grams").Error; err != nil {
			return err
		}
		if err := tx.DB.Exec(createAddressIndex).Error; err != nil {
			return err
		}
		var after int64
		for {
			var hs []struct {
				ID      int64
				Address string
			}
			err := tx.DB.Raw("SELECT id, address FROM households WHERE id > ? ORDER BY id LIMIT 1000", after).Scan(&hs).Error
			if err != nil {
				return fmt.Errorf("data: reindex addresses: %w", err)
			}
			if len(hs) == 0 {
				return nil
			}
			for _, h := range hs {
				if err := indexAddress(tx.DB, h.ID, nil, h.Address); err != nil {
					return err
				}
			}
			after = hs[len(hs)-1].ID
		}
	})
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
	db := s.db.WithContext(ctx)
	today := s.now()
	branches := listBranches(db, f, today)
	total := 0
	for bi, b := range branches {
		var w where
		residentFilters(db, &w, f, today)
		for _, prev := range branches[:bi] {
			if cond, a := prev.cond(); cond != "" {
				w.add("NOT ("+cond+")", a...)
			}
		}
		var n int
		var err error
		if b.fts != "" {
			n, err = countAddress(db, b, w, "households h CROSS JOIN residents r", "r.household_id = h.id")
		} else {
			if cond, a := b.cond(); cond != "" {
				w.add(cond, a...)
			}
			if b.like != "" {
				w.add(`h.address LIKE ? ESCAPE '\'`, b.like)
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

// countBatch is how many matching households an address count reads from
// the index at a time.
const countBatch = 8192

// countAddress counts the rows of from (households h joined as join) in
// the households whose address matches the address branch b, with w's
// conditions.
func countAddress(db *gorm.DB, b branch, w where, from, join string) (int, error) {
	total := 0
	after := int64(0)
	for {
		hids, next, more, err := matchingHouseholds(db, b, after, false, countBatch)
		if err != nil {
			return 0, err
		}
		if len(hids) > 0 {
			ww := w
			ww.conds = append([]string(nil), w.conds...)
			ww.args = append([]any(nil), w.args...)
			// One JSON array rather than thousands of parameters: the
			// SQLite driver binds parameters in quadratic time.
			ids, _ := json.Marshal(hids)
			ww.add("h.id IN (SELECT value FROM json_each(?))", string(ids))
			if join != "" {
				ww.add(join)
			}
			var n int
			if err := db.Raw("SELECT count(*) FROM "+from+" WHERE "+ww.sql(), ww.args...).Scan(&n).Error; err != nil {
				return 0, err
			}
			total += n
		}
		if !more {
			return total, nil
		}
		after = next
	}
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
	var w where
	residentFilters(db, &w, f, today)
	for _, prev := range branches[:bi] {
		if cond, a := prev.cond(); cond != "" {
			w.add("NOT ("+cond+")", a...)
		}
	}
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
	var from string
	switch b.drive {
	case "t":
		from = "resident_tags t CROSS JOIN residents r CROSS JOIN households h"
		w.add("t.tag = ? AND r.id = t.resident_id AND h.id = r.household_id", f.Tag)
	case "h":
		from = "households h CROSS JOIN residents r"
		w.add("r.household_id = h.id")
	default:
		from = "residents r CROSS JOIN households h"
		w.add("h.id = r.household_id")
	}
	if b.like != "" {
		w.add(`h.address LIKE ? ESCAPE '\'`, b.like)
	}
	sql := "SELECT " + residentColumns + ", " + b.col + " AS k FROM " + from +
		" WHERE " + w.sql() + " ORDER BY " + b.col + ", r.id LIMIT ?"
	var rows []keyedRow
	err := db.Raw(sql, append(w.args, n)...).Scan(&rows).Error
	return rows, err
}

// addressBatch is how many index entries the address branch reads at a
// time, at first: a page of 50 residents needs about 20 households. Each
// further batch is four times larger, up to addressBatchMax.
const (
	addressBatch    = 32
	addressBatchMax = 2048
)

// matchingHouseholds returns, in id order, the households after after
// (from after itself when inclusive) whose address matches the address
// branch, reading up to addressBatch index entries; more reports whether
// the index may hold further matches, and next is where to go on from.
func matchingHouseholds(db *gorm.DB, b branch, after int64, inclusive bool, batch int) (ids []int64, next int64, more bool, err error) {
	op := ">"
	if inclusive {
		op = ">="
	}
	var rows []struct {
		ID      int64
		Address string
	}
	err = db.Raw("SELECT g.rowid AS id, h.address FROM household_grams g CROSS JOIN households h"+
		" WHERE household_grams MATCH ? AND g.rowid "+op+" ? AND h.id = g.rowid ORDER BY g.rowid LIMIT ?",
		b.fts, after, batch).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return nil, after, false, err
	}
	for _, r := range rows {
		if b.ftsVerify == "" || strings.Contains(string(addressKey(r.Address)), b.ftsVerify) {
			ids = append(ids, r.ID)
		}
	}
	return ids, rows[len(rows)-1].ID, len(rows) == batch, nil
}

// addressRows is branchRows for the address branch. FTS5 yields matching
// households in rowid order, but SQLite cannot tell that the join with
// their members is then in (household, resident) order and would sort every
// match; so households are fetched in batches, in order, and their members
// joined batch by batch until the page is full.
func addressRows(db *gorm.DB, b branch, w where, c *cursor, n int) ([]keyedRow, error) {
	after, afterID := int64(0), int64(0)
	if c != nil {
		after, _ = strconv.ParseInt(c.key, 10, 64)
		afterID = c.id
	}
	var out []keyedRow
	first := c != nil
	batch := addressBatch
	for len(out) < n {
		hids, next, more, err := matchingHouseholds(db, b, after, first, batch)
		if err != nil {
			return nil, err
		}
		if len(hids) > 0 {
			ww := w
			ww.conds = append([]string(nil), w.conds...)
			ww.args = append([]any(nil), w.args...)
			ww.add("h.id IN ? AND r.household_id = h.id", hids)
			if first {
				ww.add("(h.id > ? OR r.id > ?)", after, afterID)
			}
			sql := "SELECT " + residentColumns + ", h.id AS k FROM households h CROSS JOIN residents r WHERE " +
				ww.sql() + " ORDER BY h.id, r.id LIMIT ?"
			var rows []keyedRow
			if err := db.Raw(sql, append(ww.args, n-len(out))...).Scan(&rows).Error; err != nil {
				return nil, err
			}
			out = append(out, rows...)
		}
		after, first, batch = next, false, min(4*batch, addressBatchMax)
		if !more {
			break
		}
	}
	return out, nil
}

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
	db := s.db.WithContext(ctx)
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultPageSize
	}
	b, w := householdWhere(db, f)
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
func householdWhere(db *gorm.DB, f HouseholdFilter) (branch, where) {
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
	for _, c := range []struct{ col, v string }{{"h.community", f.Community}, {"h.grid", f.Grid}, {"h.residence_type", f.ResidenceType}, {"h.kind", f.Kind}, {"h.housing", f.Housing}} {
		if c.v != "" {
			w.add(c.col+" = ?", c.v)
		}
	}
	if c, a := b.cond(); c != "" {
		w.add(c, a...)
	}
	if b.like != "" {
		w.add(`h.address LIKE ? ESCAPE '\'`, b.like)
	}
	return b, w
}

// CountHouseholds counts the households f selects (After and Limit are
// ignored), in SQL.
func (s *Store) CountHouseholds(ctx context.Context, f HouseholdFilter) (int, error) {
	db := s.db.WithContext(ctx)
	b, w := householdWhere(db, f)
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
	var rows []struct{ Community, Grid string }
	err := s.db.WithContext(ctx).Raw("SELECT DISTINCT community, grid FROM households WHERE " +
		noIndex(s.db, "deleted_at") + " IS NULL AND community <> '' ORDER BY community, grid").Scan(&rows).Error
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
