package data

import (
	"context"
	"fmt"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// ApplicationID is written to PRAGMA application_id of every Jiedao
// database ("JDO1"), so Open can tell its own files from other programs'.
const ApplicationID uint32 = 0x4A444F31

// migrationTable records which migrations a database has had.
const migrationTable = "migrations"

// migrations returns every schema migration, oldest first. A database's
// PRAGMA user_version is the number of them it has had.
//
// To change the schema, append a migration; never edit or reorder one that
// has shipped, since databases in the field have already run it. IDs are
// "NNNN_topic". A migration must be idempotent against a fresh database
// (0001 creates tables from the current models, so a later AutoMigrate of
// the same model finds nothing to do); renames and drops need explicit SQL
// that checks before it acts. Keep SQL portable: SQLite-only statements go
// behind isSQLite.
func migrations() []*gormigrate.Migration {
	return []*gormigrate.Migration{
		{ID: "0001_foundation", Migrate: migrateFoundation},
		{ID: "0002_registry", Migrate: migrateRegistry},
		{ID: "0003_agreements", Migrate: migrateAgreements},
		{ID: "0004_meetings", Migrate: migrateMeetings},
		{ID: "0005_registry_indexes", Migrate: migrateRegistryIndexes},
		{ID: auditChainMigration, Migrate: migrateAuditChain},
		{ID: "0007_accounts", Migrate: migrateAccounts},
		{ID: "0008_visits", Migrate: migrateVisits},
		{ID: "0009_reports", Migrate: migrateReports},
	}
}

// SchemaVersion is the data version this release writes: the number of
// migrations it knows. A file with a larger PRAGMA user_version is refused
// with ErrNewerVersion.
func SchemaVersion() int { return len(migrations()) }

// migrateFoundation creates the settings, the audit log and the household
// registry.
func migrateFoundation(tx *gorm.DB) error {
	if err := tx.AutoMigrate(&setting{}, &AuditEntry{}, &Household{}, &Resident{}, &ResidentTag{}); err != nil {
		return err
	}
	// Indexes the models' tags cannot express (composite ones) or that
	// serve the registry's searches: by name, by age range (BirthDate is
	// ISO text, so a range is an index range), members of a tagged group,
	// and households by building.
	for _, stmt := range []string{
		"CREATE INDEX IF NOT EXISTS idx_residents_name ON residents (name)",
		"CREATE INDEX IF NOT EXISTS idx_residents_birth_date ON residents (birth_date)",
		"CREATE INDEX IF NOT EXISTS idx_resident_tags_tag_resident ON resident_tags (tag, resident_id)",
		"CREATE INDEX IF NOT EXISTS idx_households_building ON households (community, estate, building, unit, room)",
		"CREATE INDEX IF NOT EXISTS idx_audit_entity ON audit_entries (entity, entity_id, id)",
	} {
		if err := tx.Exec(stmt).Error; err != nil {
			return err
		}
	}
	return nil
}

func migrationIDs(migs []*gormigrate.Migration) []string {
	ids := make([]string, len(migs))
	for i, m := range migs {
		ids[i] = m.ID
	}
	return ids
}

// runMigrations applies the migrations db has not had, all in one
// transaction, so a failed upgrade leaves the file as it was; after, when
// given, runs last in the same transaction. Each migration also stamps
// application_id and user_version (on SQLite), in the same transaction,
// so the header always tells which migrations ran.
//
// The transaction is the store's (BEGIN IMMEDIATE), not gormigrate's:
// gormigrate ignores a BEGIN that fails, so a file another process held
// locked for longer than the busy timeout made it dereference a nil row
// and panic; here the BEGIN's error (SQLITE_BUSY) is returned.
func runMigrations(ctx context.Context, db *gorm.DB, migs []*gormigrate.Migration, after func(tx *gorm.DB) error) error {
	wrapped := make([]*gormigrate.Migration, len(migs))
	for i, m := range migs {
		version, inner := i+1, m.Migrate
		wrapped[i] = &gormigrate.Migration{
			ID:       m.ID,
			Rollback: m.Rollback,
			Migrate: func(tx *gorm.DB) error {
				if err := inner(tx); err != nil {
					return fmt.Errorf("migration %s: %w", m.ID, err)
				}
				return stampVersion(tx, version)
			},
		}
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if !isSQLite(tx) {
			// Two desks opening a new register at once: the second
			// waits here, then finds the migrations done.
			if err := (postgresDialect{}).lockMigrations(tx); err != nil {
				return err
			}
		}
		g := gormigrate.New(tx, &gormigrate.Options{
			TableName:                 migrationTable,
			IDColumnName:              "id",
			IDColumnSize:              255,
			UseTransaction:            false, // tx is the transaction
			ValidateUnknownMigrations: true,
		}, wrapped)
		if err := g.Migrate(); err != nil {
			return err
		}
		if after != nil {
			return after(tx)
		}
		return nil
	})
}

// stampVersion marks the file as Jiedao's at schema version n.
func stampVersion(tx *gorm.DB, n int) error {
	if !isSQLite(tx) {
		return nil // elsewhere the migrations table is the only record
	}
	// PRAGMA takes no bound parameters; both values are integers we made.
	if err := tx.Exec(fmt.Sprintf("PRAGMA application_id = %d", int32(ApplicationID))).Error; err != nil {
		return err
	}
	return tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", n)).Error
}

func isSQLite(db *gorm.DB) bool { return db.Dialector.Name() == "sqlite" }
