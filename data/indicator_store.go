package data

// What the report forms keep (migration 0009_reports): the office's own
// indicators, and each template's mapping of cells to indicators, found
// again by the template's file name and content hash so that next
// period's blank form is filled the same way. Neither table has a recycle
// bin: a deleted indicator or mapping is purged, its last state kept in
// the audit entry. Writes need register_write (the workers who fill the
// forms, not the read-only leaders); reading and counting need stats.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ActionReport is the audit action of a filled report form.
const ActionReport = "report"

// ownIndicator is an indicator of the office's own as stored.
type ownIndicator struct {
	ID        int64     `gorm:"primaryKey" json:"id"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Name      string    `gorm:"size:64;not null;uniqueIndex" json:"name"`
	Unit      string    `gorm:"size:4;not null" json:"unit"`
	Filter    string    `gorm:"not null" json:"filter"` // IndicatorFilter as JSON
	Note      string    `json:"note"`
}

// ReportTemplate is a superior's form the office has mapped: its file
// name and the SHA-256 of its content (hex).
type ReportTemplate struct {
	ID        int64           `gorm:"primaryKey" json:"id"`
	CreatedAt time.Time       `json:"createdAt"`
	UpdatedAt time.Time       `json:"updatedAt"`
	Name      string          `gorm:"size:255;not null;index" json:"name"`
	Hash      string          `gorm:"size:64;not null;index" json:"hash"`
	Mappings  []ReportMapping `gorm:"foreignKey:TemplateID" json:"mappings"`
}

// ReportMapping is one cell of a template: the sheet, the cell reference
// (B3), the indicator and the community ("" the whole office).
type ReportMapping struct {
	ID         int64  `gorm:"primaryKey" json:"id"`
	TemplateID int64  `gorm:"not null;index" json:"templateId"`
	Sheet      string `gorm:"size:64;not null" json:"sheet"`
	Cell       string `gorm:"size:16;not null" json:"cell"`
	Indicator  string `gorm:"size:64;not null" json:"indicator"`
	Community  string `gorm:"size:64" json:"community"`
}

// migrateReports creates the tables of 0009_reports.
func migrateReports(tx *gorm.DB) error {
	return tx.AutoMigrate(&ownIndicator{}, &ReportTemplate{}, &ReportMapping{})
}

// Indicators returns the catalogue: the built-in indicators, the computed
// ones and the office's own (by name).
func (s *Store) Indicators(ctx context.Context) ([]ReportIndicator, error) {
	if err := s.can("Indicators"); err != nil {
		return nil, err
	}
	own, err := s.ownIndicators(ctx)
	if err != nil {
		return nil, err
	}
	out := BuiltInIndicators()
	for _, c := range computedIndicators {
		out = append(out, *builtInIndicator(c.name))
	}
	return append(out, own...), nil
}

// catalogue is the catalogue by name.
func (s *Store) catalogue(ctx context.Context) (map[string]ReportIndicator, error) {
	own, err := s.ownIndicators(ctx)
	if err != nil {
		return nil, err
	}
	cat := map[string]ReportIndicator{}
	for _, ind := range builtInIndicators {
		cat[ind.Name] = ind
	}
	for _, c := range computedIndicators {
		cat[c.name] = *builtInIndicator(c.name)
	}
	for _, ind := range own {
		cat[ind.Name] = ind
	}
	return cat, nil
}

func (s *Store) ownIndicators(ctx context.Context) ([]ReportIndicator, error) {
	var rows []ownIndicator
	if err := s.db.WithContext(ctx).Order("name").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("data: indicators: %w", err)
	}
	out := make([]ReportIndicator, 0, len(rows))
	for _, r := range rows {
		ind := ReportIndicator{ID: r.ID, Name: r.Name, Unit: r.Unit, Note: r.Note}
		if err := json.Unmarshal([]byte(r.Filter), &ind.Filter); err != nil {
			return nil, fmt.Errorf("data: indicator %s: %w", r.Name, err)
		}
		out = append(out, ind)
	}
	return out, nil
}

// SaveIndicator validates an indicator of the office's own and stores it:
// a new one when ind.ID is 0, else the one with that ID. Names are unique
// (KeyIndicatorNameTaken).
func (s *Store) SaveIndicator(ctx context.Context, ind *ReportIndicator) error {
	if err := s.can("SaveIndicator"); err != nil {
		return err
	}
	if err := ind.Validate(); err != nil {
		return err
	}
	filter, err := json.Marshal(ind.Filter)
	if err != nil {
		return fmt.Errorf("data: indicator: %w", err)
	}
	row := ownIndicator{ID: ind.ID, Name: ind.Name, Unit: ind.Unit, Filter: string(filter), Note: ind.Note}
	return s.Tx(ctx, func(tx *Tx) error {
		var n int64
		if err := tx.db.Model(&ownIndicator{}).Where("name = ? AND id <> ?", ind.Name, ind.ID).Count(&n).Error; err != nil {
			return fmt.Errorf("data: indicator: %w", err)
		}
		if n > 0 {
			return &Error{Key: KeyIndicatorNameTaken, Args: map[string]any{"Field": "name", "Name": ind.Name}}
		}
		if ind.ID == 0 {
			if err := tx.Create(&row); err != nil {
				return err
			}
			ind.ID = row.ID
			return nil
		}
		return tx.Update(&row)
	})
}

// DeleteIndicator removes an indicator of the office's own. Mappings that
// name it stay, and a fill then reports the unknown indicator by its row.
func (s *Store) DeleteIndicator(ctx context.Context, id int64) error {
	if err := s.can("DeleteIndicator"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error { return tx.Delete(&ownIndicator{ID: id}) })
}

// ReportTemplateFor returns the saved mapping of a template: the one with
// the same content hash, else the newest with the same file name (a new
// period's form, re-sent with another date in it); found false when there
// is none.
func (s *Store) ReportTemplateFor(ctx context.Context, name, hash string) (ReportTemplate, bool, error) {
	if err := s.can("ReportTemplateFor"); err != nil {
		return ReportTemplate{}, false, err
	}
	for _, q := range []struct{ col, val string }{{"hash", hash}, {"name", name}} {
		// A new chain each time: a GORM chain reused keeps its conditions.
		db := s.db.WithContext(ctx).Preload("Mappings", func(db *gorm.DB) *gorm.DB { return db.Order("id") })
		var t ReportTemplate
		err := db.Where(q.col+" = ?", q.val).Order("updated_at DESC, id DESC").First(&t).Error
		if err == nil {
			return t, true, nil
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return ReportTemplate{}, false, fmt.Errorf("data: report template %s: %w", name, err)
		}
	}
	return ReportTemplate{}, false, nil
}

// SaveReportTemplate stores a template's mapping, replacing the one saved
// for the same hash (or, without one, the same name). The mappings are
// checked (KeyReportMappingInvalid names the first bad one); t.ID is set.
func (s *Store) SaveReportTemplate(ctx context.Context, t *ReportTemplate) error {
	if err := s.can("SaveReportTemplate"); err != nil {
		return err
	}
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" || t.Hash == "" {
		return &Error{Key: KeyInvalidRequired, Args: map[string]any{"Field": "name"}}
	}
	cat, err := s.catalogue(ctx)
	if err != nil {
		return err
	}
	for i, m := range t.Mappings {
		if m.Sheet == "" || m.Cell == "" {
			return &Error{Key: KeyReportMappingInvalid, Args: map[string]any{"Row": i + 1, "Sheet": m.Sheet, "Cell": m.Cell}}
		}
		if _, ok := cat[m.Indicator]; !ok {
			return unknownIndicator(m.Indicator)
		}
	}
	old, found, err := s.ReportTemplateFor(ctx, t.Name, t.Hash)
	if err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		if found && (old.Hash == t.Hash || old.Name == t.Name) {
			for i := range old.Mappings {
				if err := tx.Delete(&old.Mappings[i]); err != nil {
					return err
				}
			}
			if err := tx.Delete(&ReportTemplate{ID: old.ID}); err != nil {
				return err
			}
		}
		maps := slices.Clone(t.Mappings)
		row := ReportTemplate{Name: t.Name, Hash: t.Hash}
		if err := tx.Create(&row); err != nil {
			return err
		}
		for i := range maps {
			maps[i].ID, maps[i].TemplateID = 0, row.ID
			if err := tx.Create(&maps[i]); err != nil {
				return err
			}
		}
		t.ID, t.Mappings = row.ID, maps
		return nil
	})
}

// ReportFill is what the audit trail keeps of a filled form.
type ReportFill struct {
	Template string `json:"template"` // the template's file name
	Hash     string `json:"hash"`     // its SHA-256
	AsOf     string `json:"asOf"`     // 2006-01-02
	File     string `json:"file"`     // where the filled form was saved
	Cells    int    `json:"cells"`
	Detail   bool   `json:"detail"` // with the 明细 sheet
}

// TableName keeps the table's name to the migration's.
func (ownIndicator) TableName() string { return "report_indicators" }
