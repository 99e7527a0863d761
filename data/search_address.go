package data

// The address branch of the search: households' addresses in a
// contentless FTS5 index of character pairs and triples (see search.go's
// comment), kept by the households' hooks and in bulk by the import, and
// read a batch of matching households at a time.

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"gorm.io/gorm"
)

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
	if err := s.can("ReindexAddresses"); err != nil {
		return err
	}
	if !isSQLite(s.db) {
		return nil
	}
	return s.Tx(ctx, func(tx *Tx) error {
		if err := tx.db.Exec("DROP TABLE IF EXISTS household_grams").Error; err != nil {
			return err
		}
		if err := tx.db.Exec(createAddressIndex).Error; err != nil {
			return err
		}
		var after int64
		for {
			var hs []struct {
				ID      int64
				Address string
			}
			err := tx.db.Raw("SELECT id, address FROM households WHERE id > ? ORDER BY id LIMIT 1000", after).Scan(&hs).Error
			if err != nil {
				return fmt.Errorf("data: reindex addresses: %w", err)
			}
			if len(hs) == 0 {
				return nil
			}
			for _, h := range hs {
				if err := indexAddress(tx.db, h.ID, nil, h.Address); err != nil {
					return err
				}
			}
			after = hs[len(hs)-1].ID
		}
	})
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
