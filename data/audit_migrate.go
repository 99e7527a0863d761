package data

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// auditChainMigration is the ID of the migration that starts the chain.
const auditChainMigration = "0006_audit_chain"

// EntityAuditTrail names the audit trail itself in the entry that starts
// its chain.
const EntityAuditTrail = "audit_entries"

// migrateAuditChain makes the audit trail a hash chain (see chainHash):
// the columns seq, prev_hash and hash, the head table audit_chain, and the
// triggers that keep the trail append-only. The entries a database already
// has are chained as they are found, in ID order (their times cut to the
// microsecond the encoding keeps), and one more entry, ActionChain on
// EntityAuditTrail, says so: the chain vouches for those entries only from
// the upgrade on, and that entry tells from which one the evidence starts.
// A new database gets no such entry.
//
// The triggers refuse UPDATE and DELETE of an entry, an entry that does not
// follow the head, and any change of the head but the one that follows a
// new entry. Only a migration may change an entry, or the triggers: it
// drops them first (DROP TRIGGER …) and creates them again.
func migrateAuditChain(tx *gorm.DB) error {
	if err := tx.AutoMigrate(&AuditEntry{}); err != nil {
		return err
	}
	if err := tx.Exec(`CREATE TABLE IF NOT EXISTS audit_chain (
		id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
		seq BIGINT NOT NULL,
		hash VARCHAR(64) NOT NULL
	)`).Error; err != nil {
		return err
	}
	var heads int64
	if err := tx.Raw("SELECT count(*) FROM audit_chain").Scan(&heads).Error; err != nil {
		return err
	}
	if heads > 0 {
		return nil // already chained
	}
	head, first, last, err := chainExisting(tx)
	if err != nil {
		return err
	}
	if err := tx.Exec("INSERT INTO audit_chain (id, seq, hash) VALUES (1, ?, ?)", head.Seq, head.Hash).Error; err != nil {
		return err
	}
	if err := tx.Exec("CREATE UNIQUE INDEX IF NOT EXISTS idx_audit_entries_seq ON audit_entries (seq)").Error; err != nil {
		return err
	}
	if err := createAuditTriggers(tx); err != nil {
		return err
	}
	if head.Seq == 0 {
		return nil
	}
	op, err := migrationOperator(tx)
	if err != nil {
		return err
	}
	e := AuditEntry{At: tx.NowFunc(), Operator: op, Action: ActionChain, Entity: EntityAuditTrail}
	e.After, err = auditJSON(map[string]any{
		"migration": auditChainMigration,
		"chained":   head.Seq, // entries found, chained as they were
		"firstId":   first,
		"lastId":    last,
		"lastHash":  head.Hash,
		"from":      head.Seq + 1, // the chain vouches for entries from this seq on
	})
	if err != nil {
		return err
	}
	return appendAudit(tx, &e)
}

// chainExisting chains the entries a database had before the chain, in
// ID order, and returns the head and the first and last IDs.
func chainExisting(tx *gorm.DB) (head chainHead, first, last int64, err error) {
	const page = 1000
	for {
		var batch []AuditEntry
		if err := tx.Where("id > ?", last).Order("id").Limit(page).Find(&batch).Error; err != nil {
			return head, 0, 0, err
		}
		for i := range batch {
			e := &batch[i]
			if first == 0 {
				first = e.ID
			}
			e.At = e.At.Truncate(time.Microsecond)
			e.Seq, e.PrevHash = head.Seq+1, head.Hash
			e.Hash = e.chainHash()
			err := tx.Model(&AuditEntry{}).Where("id = ?", e.ID).Updates(map[string]any{
				"at": e.At, "seq": e.Seq, "prev_hash": e.PrevHash, "hash": e.Hash,
			}).Error
			if err != nil {
				return head, 0, 0, fmt.Errorf("chain audit entry %d: %w", e.ID, err)
			}
			head = chainHead{Seq: e.Seq, Hash: e.Hash}
			last = e.ID
		}
		if len(batch) < page {
			return head, first, last, nil
		}
	}
}

// migrationOperator names who upgrades the database: the settings'
// operator, else the system's user.
func migrationOperator(tx *gorm.DB) (string, error) {
	set, err := loadSettings(tx)
	if err != nil {
		return "", err
	}
	if set.Operator != "" {
		return set.Operator, nil
	}
	if u := SystemUser(); u != "" {
		return u, nil
	}
	return unknownOperator, nil
}

// createAuditTriggers creates the triggers that keep the trail
// append-only, in SQLite's dialect or PostgreSQL's (functions in PL/pgSQL,
// PostgreSQL 11 and later).
func createAuditTriggers(tx *gorm.DB) error {
	stmts := auditTriggersPostgres
	if isSQLite(tx) {
		stmts = auditTriggersSQLite
	}
	for _, stmt := range stmts {
		if err := tx.Exec(stmt).Error; err != nil {
			return fmt.Errorf("audit triggers: %w", err)
		}
	}
	return nil
}

// auditTriggersSQLite are the triggers on SQLite. An entry must take the
// place after the head and name the head's hash as its previous one; the
// head then moves to it, and only so.
var auditTriggersSQLite = []string{
	`CREATE TRIGGER IF NOT EXISTS audit_entries_append BEFORE INSERT ON audit_entries
	WHEN NOT EXISTS (SELECT 1 FROM audit_chain WHERE id = 1 AND seq + 1 = NEW.seq AND hash = NEW.prev_hash)
	BEGIN SELECT RAISE(ABORT, 'jiedao: an audit entry must follow the head of the chain'); END`,
	`CREATE TRIGGER IF NOT EXISTS audit_entries_advance AFTER INSERT ON audit_entries
	BEGIN UPDATE audit_chain SET seq = NEW.seq, hash = NEW.hash WHERE id = 1; END`,
	`CREATE TRIGGER IF NOT EXISTS audit_entries_no_update BEFORE UPDATE ON audit_entries
	BEGIN SELECT RAISE(ABORT, 'jiedao: audit entries are never changed'); END`,
	`CREATE TRIGGER IF NOT EXISTS audit_entries_no_delete BEFORE DELETE ON audit_entries
	BEGIN SELECT RAISE(ABORT, 'jiedao: audit entries are never deleted'); END`,
	`CREATE TRIGGER IF NOT EXISTS audit_chain_no_delete BEFORE DELETE ON audit_chain
	BEGIN SELECT RAISE(ABORT, 'jiedao: the head of the audit chain is never deleted'); END`,
	`CREATE TRIGGER IF NOT EXISTS audit_chain_follows BEFORE UPDATE ON audit_chain
	WHEN NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1
		OR NOT EXISTS (SELECT 1 FROM audit_entries WHERE seq = NEW.seq AND hash = NEW.hash)
	BEGIN SELECT RAISE(ABORT, 'jiedao: the head of the audit chain only follows a new entry'); END`,
}

// auditTriggersPostgres are the same rules on PostgreSQL, where a trigger
// runs a function; TRUNCATE, which fires no row trigger, is refused too.
var auditTriggersPostgres = []string{
	`CREATE OR REPLACE FUNCTION jiedao_audit_append() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		IF NOT EXISTS (SELECT 1 FROM audit_chain WHERE id = 1 AND seq + 1 = NEW.seq AND hash = NEW.prev_hash) THEN
			RAISE EXCEPTION 'jiedao: an audit entry must follow the head of the chain';
		END IF;
		RETURN NEW;
	END $$`,
	`CREATE OR REPLACE FUNCTION jiedao_audit_advance() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		UPDATE audit_chain SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
		RETURN NULL;
	END $$`,
	`CREATE OR REPLACE FUNCTION jiedao_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		RAISE EXCEPTION 'jiedao: % on % refused: the audit trail is append-only', TG_OP, TG_TABLE_NAME;
	END $$`,
	`CREATE OR REPLACE FUNCTION jiedao_audit_follows() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		IF NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1
			OR NOT EXISTS (SELECT 1 FROM audit_entries WHERE seq = NEW.seq AND hash = NEW.hash) THEN
			RAISE EXCEPTION 'jiedao: the head of the audit chain only follows a new entry';
		END IF;
		RETURN NEW;
	END $$`,
	`CREATE TRIGGER audit_entries_append BEFORE INSERT ON audit_entries
	FOR EACH ROW EXECUTE FUNCTION jiedao_audit_append()`,
	`CREATE TRIGGER audit_entries_advance AFTER INSERT ON audit_entries
	FOR EACH ROW EXECUTE FUNCTION jiedao_audit_advance()`,
	`CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries
	FOR EACH ROW EXECUTE FUNCTION jiedao_audit_refuse()`,
	`CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
	FOR EACH STATEMENT EXECUTE FUNCTION jiedao_audit_refuse()`,
	`CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
	FOR EACH ROW EXECUTE FUNCTION jiedao_audit_refuse()`,
	`CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
	FOR EACH STATEMENT EXECUTE FUNCTION jiedao_audit_refuse()`,
	`CREATE TRIGGER audit_chain_follows BEFORE UPDATE ON audit_chain
	FOR EACH ROW EXECUTE FUNCTION jiedao_audit_follows()`,
}
