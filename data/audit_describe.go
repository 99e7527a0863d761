package data

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"jiedao/assets"
)

// AuditLine is an audit entry as an auditor reads it: the time in the
// desk's zone, the account's name, the action in words, the record by its
// name and the fields that changed, labelled, before → after.
type AuditLine struct {
	Entry    AuditEntry
	At       string // 2026年12月7日 09:52 (zh), 7 Dec 2026 09:52 (en), in the desk's zone
	Operator string // the account's name (or the operator of an entry from before accounts)
	Login    string // "" for entries from before accounts
	Action   string // "audit.action.<action>" in words
	Kind     string // "audit.entity.<entity>" in words: 住户, 协议…
	Record   string // 户 0012（户主 张三）, XY-2026-003 社区养老服务协议, a meeting's title…
	Detail   string // for a look at whole numbers: which and why
	Changes  []AuditChange
}

// AuditChange is one field of a record that an entry changed: for a new
// record its filled fields, for a change those that differ. ID and phone
// numbers are shown masked: the readable log says that they changed; the
// entry itself (Entry.Before/After) keeps them whole for the chain.
type AuditChange struct {
	Field         string // the JSON name: legalRep
	Label         string // 法定代表人
	Before, After string
}

// bookkeeping fields say nothing to a reader: keys, times GORM keeps,
// derived columns.
var bookkeeping = []string{"id", "createdAt", "updatedAt", "deletedAt", "seq", "version", "sha", "hash", "prevHash"}

// DescribeAudit describes entries (from AuditLog) for a reader in
// language ("zh" or "en"): names of records are read from the register,
// deleted and purged ones included (a purged record is named from the
// entry itself). It is the auditor's, like AuditLog.
func (s *Store) DescribeAudit(ctx context.Context, entries []AuditEntry, language string) ([]AuditLine, error) {
	if err := s.can("DescribeAudit"); err != nil {
		return nil, err
	}
	names, err := s.recordNames(ctx, entries, language)
	if err != nil {
		return nil, fmt.Errorf("data: describe audit: %w", err)
	}
	out := make([]AuditLine, len(entries))
	for i, e := range entries {
		name, login := ParseOperator(e.Operator)
		l := AuditLine{
			Entry: e, At: FormatAuditTime(e.At.In(time.Local), language), Operator: name, Login: login,
			Action: Render("audit.action."+e.Action, language, nil),
			Kind:   Render("audit.entity."+e.Entity, language, nil),
			Record: names[recordKey{e.Entity, e.EntityID}],
		}
		if l.Record == "" {
			l.Record = nameFromJSON(e, language)
		}
		if e.Action == ActionView {
			l.Detail = viewDetail(e, language)
		} else {
			l.Changes = auditChanges(e, language)
		}
		out[i] = l
	}
	return out, nil
}

// FormatAuditTime is t as the audit screen shows it: 2026年12月7日 09:52
// (zh) or 7 Dec 2026 09:52 (en), in t's zone.
func FormatAuditTime(t time.Time, language string) string {
	if language == "en" {
		return t.Format("2 Jan 2006 15:04")
	}
	return t.Format("2006年1月2日 15:04")
}

type recordKey struct {
	entity string
	id     int64
}

// recordNames names the records entries refer to, a query per kind of
// record: households by number and head, residents by name and household,
// organizations and meetings by name and title, agreements by number and
// title, accounts by name and login. Rows in the recycle bin are named too.
func (s *Store) recordNames(ctx context.Context, entries []AuditEntry, language string) (map[recordKey]string, error) {
	ids := map[string][]int64{}
	for _, e := range entries {
		if e.EntityID != 0 && !slices.Contains(ids[e.Entity], e.EntityID) {
			ids[e.Entity] = append(ids[e.Entity], e.EntityID)
		}
	}
	db := s.db.WithContext(ctx)
	out := map[recordKey]string{}
	for entity, q := range recordNameQueries {
		if len(ids[entity]) == 0 {
			continue
		}
		var rows []struct {
			ID      int64
			A, B, C string
		}
		if err := db.Raw(q, ids[entity]).Scan(&rows).Error; err != nil {
			return nil, err
		}
		for _, r := range rows {
			key := "audit.record." + entity
			if r.C != "" {
				key += ".full"
			}
			out[recordKey{entity, r.ID}] = Render(key, language, map[string]any{"A": r.A, "B": r.B, "C": r.C})
		}
	}
	return out, nil
}

// recordNameQueries read A, B (and C where there is more to say) of each
// kind of record by ID; the message "audit.record.<entity>" (".full" when
// C is set) puts them together.
var recordNameQueries = map[string]string{
	"households": "SELECT h.id, h.number AS a, h.address AS b, COALESCE(r.name, '') AS c FROM households h " +
		"LEFT JOIN residents r ON r.id = h.head_id WHERE h.id IN ?",
	"residents": "SELECT r.id, r.name AS a, COALESCE(h.number, '') AS b, '' AS c FROM residents r " +
		"LEFT JOIN households h ON h.id = r.household_id WHERE r.id IN ?",
	"organizations": "SELECT id, name AS a, '' AS b, '' AS c FROM organizations WHERE id IN ?",
	"agreements":    "SELECT id, number AS a, title AS b, '' AS c FROM agreements WHERE id IN ?",
	"meetings":      "SELECT id, title AS a, '' AS b, '' AS c FROM meetings WHERE id IN ?",
	EntityAccounts:  "SELECT id, name AS a, login AS b, '' AS c FROM accounts WHERE id IN ?",
}

// nameFromJSON names a record the register no longer has, or a part of
// one (a payment, an action), from the entry: its number, name, title or
// task, else its kind and ID.
func nameFromJSON(e AuditEntry, language string) string {
	for _, raw := range []string{e.After, e.Before} {
		var m map[string]any
		if json.Unmarshal([]byte(raw), &m) != nil {
			continue
		}
		for _, k := range []string{"number", "name", "title", "task", "topic", "login", "fileName"} {
			if v, ok := m[k].(string); ok && v != "" {
				return v
			}
		}
	}
	if e.EntityID == 0 {
		return ""
	}
	return Render("audit.record.other", language, map[string]any{"Kind": Render("audit.entity."+e.Entity, language, nil), "ID": e.EntityID})
}

// viewDetail says what a look at whole numbers showed and why: Unmask's
// field and reason, or WholeNumbers' count and purpose.
func viewDetail(e AuditEntry, language string) string {
	var v struct {
		Field, Reason, Purpose string
		Count                  int
	}
	if json.Unmarshal([]byte(e.After), &v) != nil {
		return ""
	}
	if v.Field != "" {
		return Render("audit.view.field", language, map[string]any{"Field": fieldLabel(e.Entity, v.Field, language), "Reason": v.Reason})
	}
	return Render("audit.view.batch", language, map[string]any{"Count": v.Count, "Purpose": v.Purpose})
}

// auditChanges lists the fields of e's record that differ between before
// and after (all filled fields of a new record, none of a deleted one),
// in the JSON's order of keys sorted.
func auditChanges(e AuditEntry, language string) []AuditChange {
	var before, after map[string]any
	_ = json.Unmarshal([]byte(e.Before), &before) // "" or not an object: nothing
	_ = json.Unmarshal([]byte(e.After), &after)
	if after == nil {
		return nil // a deletion: the record is named, its fields are in the entry
	}
	keys := make([]string, 0, len(after))
	for k := range after {
		keys = append(keys, k)
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []AuditChange
	for _, k := range keys {
		if slices.Contains(bookkeeping, k) || (strings.HasSuffix(k, "Id") && k != "headId") {
			continue
		}
		b, a := valueText(k, before[k], language), valueText(k, after[k], language)
		if b == a {
			continue
		}
		out = append(out, AuditChange{Field: k, Label: fieldLabel(e.Entity, k, language), Before: b, After: a})
	}
	return out
}

// valueText is a JSON value as a reader reads it; ID and phone numbers
// masked, long lists and objects shortened.
func valueText(key string, v any, language string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		switch key {
		case "idNumber":
			return MaskID(x)
		case "phone":
			return MaskPhone(x)
		}
		return x
	case bool:
		if x {
			return Render("audit.value.yes", language, nil)
		}
		return Render("audit.value.no", language, nil)
	case float64:
		return fmt.Sprint(x)
	}
	b, _ := json.Marshal(v)
	s := string(b)
	if s == "[]" || s == "{}" {
		return ""
	}
	if utf8.RuneCountInString(s) > 80 {
		s = string([]rune(s)[:80]) + "…"
	}
	return s
}

// fieldLabel is the label of a record's field: data's own
// ("audit.field.<entity>.<key>", then "audit.field.<key>"), else the
// form's ("field.<key>" in the translation files), else the key.
func fieldLabel(entity, key, language string) string {
	for _, k := range []string{"audit.field." + entity + "." + key, "audit.field." + key} {
		if _, ok := LookupMessage(k); ok {
			return Render(k, language, nil)
		}
	}
	if l, ok := formLabels(language)["field."+key]; ok {
		return l
	}
	return key
}

var (
	formLabelsOnce   sync.Once
	formLabelsByLang map[string]map[string]string
)

// formLabels are the "field.*" entries of the embedded translation files
// of language: the labels the forms show, read once.
func formLabels(language string) map[string]string {
	formLabelsOnce.Do(func() {
		formLabelsByLang = map[string]map[string]string{"zh": {}, "en": {}}
		files, _ := fs.Glob(assets.Translations, "translations/*.json")
		for _, f := range files {
			lang, _, _ := strings.Cut(path.Base(f), ".")
			m, ok := formLabelsByLang[lang]
			if !ok {
				continue
			}
			b, err := assets.Translations.ReadFile(f)
			var all map[string]string
			if err != nil || json.Unmarshal(b, &all) != nil {
				continue
			}
			for k, v := range all {
				if strings.HasPrefix(k, "field.") {
					m[k] = v
				}
			}
		}
	})
	if language != "en" {
		language = "zh"
	}
	return formLabelsByLang[language]
}
