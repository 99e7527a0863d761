package data

// Finding meetings and actions: the meeting list with full-text search,
// the actions board across meetings, and the dashboard's counts.
//
// Full-text search. FTS5's default tokenizer (unicode61) takes a run of
// Chinese characters for one word, so "加装" would not find "加装电梯"; the
// trigram tokenizer finds substrings but needs three characters, and the
// two-character query (加装, 电梯, 停车) is the common one. So the index is
// the address index's (search.go): each meeting's searchable text —
// title, agenda topics, background, proposals, speeches, resolutions,
// summary — is reduced to its letters, digits and Han characters
// (addressKey), and indexed as the pairs and triples that start at each
// character, in a contentless FTS5 table without positions
// (meeting_grams, rowid = meeting ID). A query of one character is a
// prefix query, two or three a single token; a longer one asks for the
// triples that tile it and the candidates are checked against the whole
// text, kept in meeting_texts, so the result is exact substring search.
// The index keeps every row, deleted and superseded ones too: the list's
// own conditions leave them out, and a restore needs no reindexing.

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// meetingText is a meeting's searchable text as indexed (its addressKey):
// kept so a query longer than three characters can be verified, and so
// the contentless index can be told which grams to forget.
type meetingText struct {
	MeetingID int64  `gorm:"primaryKey;autoIncrement:false"`
	Key       string `gorm:"not null"`
}

func (meetingText) TableName() string { return "meeting_texts" }

// createMeetingIndex: see createAddressIndex.
const createMeetingIndex = `CREATE VIRTUAL TABLE IF NOT EXISTS meeting_grams
	USING fts5(grams, tokenize = 'ascii', prefix = '1', content = '', detail = 'none', columnsize = 0)`

// migrateMeetings creates the meetings' tables and their search index
// (0004_meetings).
func migrateMeetings(tx *gorm.DB) error {
	err := tx.AutoMigrate(&Meeting{}, &Participant{}, &AgendaItem{}, &Speech{}, &Resolution{}, &Action{}, &ActionNote{}, &meetingText{})
	if err != nil {
		return err
	}
	for _, stmt := range []string{
		// The list: newest first within the filters.
		"CREATE INDEX IF NOT EXISTS idx_meetings_date_id ON meetings (date, id)",
		// The actions board: open actions by deadline.
		"CREATE INDEX IF NOT EXISTS idx_meeting_actions_open ON meeting_actions (status, deadline, id)",
	} {
		if err := tx.Exec(stmt).Error; err != nil {
			return err
		}
	}
	if !isSQLite(tx) {
		return nil
	}
	return tx.Exec(createMeetingIndex).Error
}

// meetingSearchText is the text of m that search sees.
func meetingSearchText(m *Meeting) string {
	var b strings.Builder
	add := func(s string) {
		b.WriteString(s)
		b.WriteByte('\n')
	}
	add(m.Title)
	for _, it := range m.Agenda {
		add(it.Topic)
		add(it.Background)
		add(it.Proposals)
		for _, sp := range it.Speeches {
			add(sp.Speaker)
			add(sp.Summary)
		}
	}
	for _, r := range m.Resolutions {
		add(r.Text)
	}
	add(m.Summary)
	return b.String()
}

// meetingGrams is the FTS5 document of a key: its distinct pairs and
// triples (see addressGrams; a meeting's text repeats many of them).
func meetingGrams(key string) string {
	k := []rune(key)
	seen := make(map[string]bool, 2*len(k))
	var b strings.Builder
	put := func(g string) {
		if seen[g] {
			return
		}
		seen[g] = true
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(g)
	}
	for i := range k {
		put(string(k[i:min(i+2, len(k))]))
		if i+3 <= len(k) {
			put(string(k[i : i+3]))
		}
	}
	return b.String()
}

// indexMeeting brings meeting id's entry in the search index up to date
// with what is stored.
func indexMeeting(db *gorm.DB, id int64) error {
	db = db.Session(&gorm.Session{NewDB: true})
	m, err := loadMeeting(db.Unscoped(), id)
	if err != nil {
		return err
	}
	key := string(addressKey(meetingSearchText(&m)))
	var old []meetingText
	if err := db.Where("meeting_id = ?", id).Limit(1).Find(&old).Error; err != nil {
		return fmt.Errorf("data: meeting index: %w", err)
	}
	if len(old) == 1 && old[0].Key == key {
		return nil
	}
	if isSQLite(db) {
		if len(old) == 1 {
			err := db.Exec("INSERT INTO meeting_grams (meeting_grams, rowid, grams) VALUES ('delete', ?, ?)", id, meetingGrams(old[0].Key)).Error
			if err != nil {
				return fmt.Errorf("data: meeting index: %w", err)
			}
		}
		if err := db.Exec("INSERT INTO meeting_grams (rowid, grams) VALUES (?, ?)", id, meetingGrams(key)).Error; err != nil {
			return fmt.Errorf("data: meeting index: %w", err)
		}
	}
	if err := db.Save(&meetingText{MeetingID: id, Key: key}).Error; err != nil {
		return fmt.Errorf("data: meeting index: %w", err)
	}
	return nil
}

// ReindexMeetings rebuilds the meetings' search index from the tables,
// for after rows were written without the store.
func (s *Store) ReindexMeetings(ctx context.Context) error {
	if err := s.can("ReindexMeetings"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		if isSQLite(tx.db) {
			if err := tx.db.Exec("DROP TABLE IF EXISTS meeting_grams").Error; err != nil {
				return err
			}
			if err := tx.db.Exec(createMeetingIndex).Error; err != nil {
				return err
			}
		}
		if err := tx.db.Where("1 = 1").Delete(&meetingText{}).Error; err != nil {
			return err
		}
		var ids []int64
		if err := tx.db.Unscoped().Model(&Meeting{}).Order("id").Pluck("id", &ids).Error; err != nil {
			return err
		}
		for _, id := range ids {
			if err := indexMeeting(tx.db, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// meetingRowsSQL are the list's columns beyond the meeting's own.
const meetingRowsSQL = `m.id, m.date,
	(SELECT COUNT(*) FROM meeting_participants p WHERE p.meeting_id = m.id AND p.attendance <> '` + AttendObserver + `' AND p.category <> '` + CategoryObserver + `') AS participants,
	(SELECT COUNT(*) FROM meeting_participants p WHERE p.meeting_id = m.id AND p.attendance = '` + AttendPresent + `' AND p.category <> '` + CategoryObserver + `') AS present,
	(SELECT COUNT(*) FROM meeting_resolutions r WHERE r.meeting_id = m.id) AS resolutions,
	(SELECT COUNT(*) FROM meeting_actions a WHERE a.meeting_id = m.id AND a.status <> '` + ActionDone + `' AND a.carried_to_id IS NULL) AS open_actions`

// ListMeetings returns one page of the meetings f selects, latest date
// first (keyset paging on date and id).
func (s *Store) ListMeetings(ctx context.Context, f MeetingFilter) (MeetingPage, error) {
	if err := s.can("ListMeetings"); err != nil {
		return MeetingPage{}, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultPageSize
	}
	db := s.db.WithContext(ctx)
	var w where
	w.add(noIndex(db, "m.deleted_at") + " IS NULL")
	w.add(noIndex(db, "m.kind")+" <> ?", MeetingKindVisits) // the holder of visits' actions (visit_store.go)
	if !f.AllVersions {
		w.add(noIndex(db, "m.superseded_by_id") + " IS NULL")
	}
	// The date index drives the list in its order (noIndex): the
	// filters and the search are checked on the rows it yields, and a
	// page stops after Limit of them.
	for _, c := range []struct{ col, v string }{{noIndex(db, "m.kind"), f.Kind}, {noIndex(db, "m.status"), f.Status}, {noIndex(db, "m.community"), cleanText(f.Community)}} {
		if c.v != "" {
			w.add(c.col+" = ?", c.v)
		}
	}
	if f.Year != 0 {
		w.add("m.date >= ? AND m.date < ?", fmt.Sprintf("%04d-01-01", f.Year), fmt.Sprintf("%04d-01-01", f.Year+1))
	}
	if cond, args := s.who.meetingScope(db, "m"); cond != "" {
		w.add(cond, args...)
	}
	if q := cleanText(f.Query); q != "" {
		match, verify := addressQuery(q)
		if match == "" {
			return MeetingPage{}, nil // nothing searchable in it: punctuation only
		}
		if !isSQLite(db) {
			verify = string(addressKey(q))
		} else {
			// "+m.id": a membership test on the rows the date index
			// yields, not a lookup that would fetch and verify every
			// match and sort them — "加装" is in a quarter of the
			// meetings; the page needs 50.
			w.add("+m.id IN (SELECT rowid FROM meeting_grams WHERE meeting_grams MATCH ?)", match)
		}
		if verify != "" {
			w.add("EXISTS (SELECT 1 FROM meeting_texts t WHERE t.meeting_id = m.id AND "+containsSQL(db, "t.key")+")", verify)
		}
	}
	if c, ok := decodeCursor(f.After); ok {
		w.add("(m.date < ? OR m.date = ? AND m.id < ?)", c.key, c.key, c.id)
	}
	var keys []struct {
		ID                                              int64
		Date                                            string
		Participants, Present, Resolutions, OpenActions int
	}
	sql := `SELECT ` + meetingRowsSQL + ` FROM meetings m WHERE ` + w.sql() + ` ORDER BY m.date DESC, m.id DESC LIMIT ?`
	if err := db.Raw(sql, append(w.args, limit)...).Scan(&keys).Error; err != nil {
		return MeetingPage{}, fmt.Errorf("data: list meetings: %w", err)
	}
	if len(keys) == 0 {
		return MeetingPage{}, nil
	}
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
	}
	var ms []Meeting
	if err := db.Where("id IN ?", ids).Find(&ms).Error; err != nil {
		return MeetingPage{}, fmt.Errorf("data: list meetings: %w", err)
	}
	byID := make(map[int64]Meeting, len(ms))
	for _, m := range ms {
		byID[m.ID] = m
	}
	page := MeetingPage{Rows: make([]MeetingRow, 0, len(keys))}
	for _, k := range keys {
		page.Rows = append(page.Rows, MeetingRow{Meeting: byID[k.ID], Participants: k.Participants, Present: k.Present, Resolutions: k.Resolutions, OpenActions: k.OpenActions})
	}
	if len(keys) == limit {
		last := keys[len(keys)-1]
		page.Next = cursor{id: last.ID, key: last.Date}.encode()
	}
	return page, nil
}

// noDeadline sorts actions without a deadline after all others.
const noDeadline = "9999-99-99"

// ListActions returns one page of the actions f selects across the newest
// versions of live meetings, by deadline (earliest first, none last),
// each with its state today (the store's clock).
func (s *Store) ListActions(ctx context.Context, f ActionFilter) (ActionPage, error) {
	if err := s.can("ListActions"); err != nil {
		return ActionPage{}, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultPageSize
	}
	db := s.db.WithContext(ctx)
	today := isoDay(s.now())
	var w where
	w.add(noIndex(db, "m.deleted_at") + " IS NULL AND m.superseded_by_id IS NULL")
	if sc, args := s.visitActionScope(db); sc != "" {
		w.add(sc, args...) // a visit's action is personal data
	}
	if !f.IncludeCarried {
		w.add("a.carried_to_id IS NULL")
	}
	if cond, args := s.who.meetingScope(db, "m"); cond != "" {
		w.add(cond, args...)
	}
	if f.MeetingID != 0 {
		w.add("a.meeting_id = ?", f.MeetingID)
	}
	if o := cleanText(f.Owner); o != "" {
		w.add(likeSQL(db, "a.owner"), "%"+likeEscape(o)+"%")
	}
	status := f.Status
	if f.Overdue {
		status = ActionOverdue
	}
	switch status {
	case "":
	case ActionOverdue:
		w.add("a.status <> ? AND a.deadline <> '' AND a.deadline < ?", ActionDone, today)
	case ActionDone:
		w.add("a.status = ?", ActionDone)
	default:
		w.add("a.status = ? AND (a.deadline = '' OR a.deadline >= ?)", status, today)
	}
	dl := "CASE WHEN a.deadline = '' THEN '" + noDeadline + "' ELSE a.deadline END"
	if c, ok := decodeCursor(f.After); ok {
		w.add("("+dl+" > ? OR "+dl+" = ? AND a.id > ?)", c.key, c.key, c.id)
	}
	var rows []struct {
		ID           int64
		MeetingTitle string
		MeetingDate  string
		SortKey      string
	}
	sql := `SELECT a.id, m.title AS meeting_title, m.date AS meeting_date, ` + dl + ` AS sort_key
		FROM meeting_actions a JOIN meetings m ON m.id = a.meeting_id
		WHERE ` + w.sql() + ` ORDER BY sort_key, a.id LIMIT ?`
	if err := db.Raw(sql, append(w.args, limit)...).Scan(&rows).Error; err != nil {
		return ActionPage{}, fmt.Errorf("data: list actions: %w", err)
	}
	if len(rows) == 0 {
		return ActionPage{}, nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var as []Action
	err := db.Preload("Progress", func(db *gorm.DB) *gorm.DB { return db.Order("date, id") }).Where("id IN ?", ids).Find(&as).Error
	if err != nil {
		return ActionPage{}, fmt.Errorf("data: list actions: %w", err)
	}
	byID := make(map[int64]Action, len(as))
	for _, a := range as {
		byID[a.ID] = a
	}
	page := ActionPage{Rows: make([]ActionRow, 0, len(rows))}
	for _, r := range rows {
		a := byID[r.ID]
		page.Rows = append(page.Rows, ActionRow{Action: a, MeetingTitle: r.MeetingTitle, MeetingDate: r.MeetingDate, State: a.State(today)})
	}
	if len(rows) == limit {
		last := rows[len(rows)-1]
		page.Next = cursor{id: last.ID, key: last.SortKey}.encode()
	}
	return page, nil
}

// MeetingCounts returns the dashboard's figures for year (0 means the
// current year): meetings held in it (newest versions, live), of them
// drafts, and actions open and overdue today (any year).
func (s *Store) MeetingCounts(ctx context.Context, year int) (MeetingCounts, error) {
	if err := s.can("MeetingCounts"); err != nil {
		return MeetingCounts{}, err
	}
	now := s.now()
	if year == 0 {
		year = now.Year()
	}
	today := isoDay(now)
	out := MeetingCounts{Year: year}
	db := s.db.WithContext(ctx)
	// The account's meetings only (meeting_scope.go).
	scope, scopeArgs := s.who.meetingScope(db, "m")
	if scope == "" {
		scope = "1 = 1"
	}
	err := db.Raw(`SELECT COUNT(*) AS meetings, COALESCE(SUM(CASE WHEN status = ? THEN 1 ELSE 0 END), 0) AS drafts
		FROM meetings m WHERE deleted_at IS NULL AND superseded_by_id IS NULL AND kind <> ? AND date >= ? AND date < ? AND `+scope,
		append([]any{MeetingDraft, MeetingKindVisits, fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-01-01", year+1)}, scopeArgs...)...).Scan(&out).Error
	if err != nil {
		return out, fmt.Errorf("data: meeting counts: %w", err)
	}
	out.Year = year
	var acts struct{ Open, Overdue int }
	err = db.Raw(`SELECT COUNT(*) AS open, COALESCE(SUM(CASE WHEN a.deadline <> '' AND a.deadline < ? THEN 1 ELSE 0 END), 0) AS overdue
		FROM meeting_actions a JOIN meetings m ON m.id = a.meeting_id
		WHERE m.deleted_at IS NULL AND m.superseded_by_id IS NULL AND a.carried_to_id IS NULL AND a.status <> ? AND `+scope,
		append([]any{today, ActionDone}, scopeArgs...)...).Scan(&acts).Error
	if err != nil {
		return out, fmt.Errorf("data: meeting counts: %w", err)
	}
	out.OpenActions, out.OverdueActions = acts.Open, acts.Overdue
	return out, nil
}

// MeetingOrdinal is m's place among the meetings of its kind held in its
// year (newest versions, by date, then by ID for one day), counting from
// 1, for the names of the files printed from it (第3次居民议事会). An older
// version takes the place its newest version has. It is 0 for a meeting
// without a date.
func (s *Store) MeetingOrdinal(ctx context.Context, m *Meeting) (int, error) {
	if err := s.can("MeetingOrdinal"); err != nil {
		return 0, err
	}
	if len(m.Date) < 4 {
		return 0, nil
	}
	year := m.Date[:4]
	var n int64
	err := s.db.WithContext(ctx).Model(&Meeting{}).
		Where("kind = ? AND date >= ? AND superseded_by_id IS NULL AND (date < ? OR date = ? AND id <= ?)",
			m.Kind, year+"-01-01", m.Date, m.Date, m.ID).
		Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("data: meeting ordinal: %w", err)
	}
	if m.Superseded() {
		n++ // an older version is not counted itself
	}
	return int(n), nil
}
