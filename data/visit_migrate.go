package data

import "gorm.io/gorm"

// migrateVisits (0008_visits) creates the care visits' tables and links
// the actions board to visits (meeting_actions.visit_id). The column is
// added only when missing, since a fresh database's 0004 created the
// actions table from the current model, which has it.
func migrateVisits(tx *gorm.DB) error {
	if err := tx.AutoMigrate(&Visit{}, &CareTierOverride{}, &Intensification{}, &CareEvent{}); err != nil {
		return err
	}
	m := tx.Migrator()
	if !m.HasColumn(&Action{}, "VisitID") {
		if err := m.AddColumn(&Action{}, "VisitID"); err != nil {
			return err
		}
	}
	if !m.HasIndex(&Action{}, "VisitID") {
		return m.CreateIndex(&Action{}, "VisitID")
	}
	return nil
}
