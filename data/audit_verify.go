package data

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// What VerifyAudit finds wrong: each an *Error with one of these keys, for
// which errors.Is(err, ErrAuditBroken) holds. Args: ID (the entry's row),
// Seq (its place in the chain), and as said.
const (
	KeyAuditChanged   = "error.audit.changed"   // entry ID does not hash to what was written
	KeyAuditRemoved   = "error.audit.removed"   // entries From to To are gone, before entry ID
	KeyAuditTruncated = "error.audit.truncated" // the last entries, From to To, are gone
	KeyAuditInserted  = "error.audit.inserted"  // entry ID was added outside the chain
	KeyAuditReordered = "error.audit.reordered" // entry ID stands after entry After, out of its place
	KeyAuditUnchained = "error.audit.unchained" // Path is of a release before the chain
)

// AuditChain is what VerifyAudit found in an intact chain.
type AuditChain struct {
	Entries int64  // entries in the chain
	Head    string // the last entry's hash ("" for none): note it to compare later
	// Chained is how many entries the database had when the upgrade to the
	// chain chained them as they were found (0: it had none, or was made
	// with the chain); ChainedAt is when.
	Chained   int64
	ChainedAt time.Time
}

// VerifyAudit walks the store's audit trail in the order it was written
// and checks every entry against its hash, its place and the previous
// entry, then the last one against the chain's head. It returns the first
// problem as an *Error (KeyAuditChanged, …) for which errors.Is(err,
// ErrAuditBroken) holds; any other error means it could not read the
// trail.
func (s *Store) VerifyAudit(ctx context.Context) (AuditChain, error) {
	if err := s.can("VerifyAudit"); err != nil {
		return AuditChain{}, err
	}
	return verifyAudit(s.db.WithContext(ctx))
}

// VerifyAuditFile is VerifyAudit for the database file at path, which it
// only reads: it need not be openable by Open (a backup, a database another
// process has open) but must be a Jiedao database with the chain.
func VerifyAuditFile(ctx context.Context, path string) (AuditChain, error) {
	info, err := inspect(ctx, path, checkOptions{known: knownIDs(), busy: defaultBusyTimeout, backup: true})
	if err != nil {
		return AuditChain{}, err
	}
	if !slices.Contains(info.migrationIDs, auditChainMigration) {
		return AuditChain{}, &Error{Key: KeyAuditUnchained, Args: map[string]any{"Path": path}}
	}
	sqlDB, err := openReadOnly(path, defaultBusyTimeout)
	if err != nil {
		return AuditChain{}, classify(path, "check", err)
	}
	defer sqlDB.Close()
	db, err := gorm.Open(sqlite.Dialector{Conn: sqlDB}, &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return AuditChain{}, classify(path, "check", err)
	}
	return verifyAudit(db.WithContext(ctx))
}

// verifyPage is how many entries VerifyAudit reads at a time.
const verifyPage = 1000

func verifyAudit(db *gorm.DB) (AuditChain, error) {
	head, err := readChainHead(db)
	if err != nil {
		return AuditChain{}, err
	}
	var out AuditChain
	var prev AuditEntry // the chain's start: seq 0, hash ""
	for {
		var batch []AuditEntry
		if err := db.Where("id > ?", prev.ID).Order("id").Limit(verifyPage).Find(&batch).Error; err != nil {
			return AuditChain{}, fmt.Errorf("data: verify the audit trail: %w", err)
		}
		for _, e := range batch {
			if err := checkLink(db, &prev, &e); err != nil {
				return AuditChain{}, err
			}
			if e.Action == ActionChain && e.Entity == EntityAuditTrail && out.Chained == 0 {
				out.Chained, out.ChainedAt = e.Seq-1, e.At
			}
			prev = e
			out.Entries++
		}
		if len(batch) < verifyPage {
			break
		}
	}
	if err := checkHead(db, head, &prev); err != nil {
		return AuditChain{}, err
	}
	out.Head = prev.Hash
	return out, nil
}

func auditBroken(key string, args ...any) error {
	a := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		a[args[i].(string)] = args[i+1]
	}
	return &Error{Key: key, Args: a, Err: ErrAuditBroken}
}

// checkLink checks entry e, read after prev (seq 0 at the start).
func checkLink(db *gorm.DB, prev, e *AuditEntry) error {
	if e.chainHash() != e.Hash {
		return auditBroken(KeyAuditChanged, "ID", e.ID, "Seq", e.Seq)
	}
	switch {
	case e.Seq == prev.Seq+1 && e.PrevHash == prev.Hash:
		return nil
	case e.Seq == prev.Seq+1 && prev.Seq == 0:
		// The first entry names a predecessor: its own content was
		// rewritten with a hash to match.
		return auditBroken(KeyAuditChanged, "ID", e.ID, "Seq", e.Seq)
	case e.Seq == prev.Seq+1:
		// prev hashes to itself but not to what e recorded of it: prev
		// was rewritten together with its hash.
		return auditBroken(KeyAuditChanged, "ID", prev.ID, "Seq", prev.Seq)
	case e.Seq > prev.Seq+1:
		// A gap: the missing place is elsewhere (moved) or nowhere.
		var moved []AuditEntry
		if err := db.Where("seq = ?", prev.Seq+1).Limit(1).Find(&moved).Error; err != nil {
			return fmt.Errorf("data: verify the audit trail: %w", err)
		}
		if len(moved) > 0 {
			return auditBroken(KeyAuditReordered, "ID", moved[0].ID, "Seq", moved[0].Seq, "After", e.ID)
		}
		return auditBroken(KeyAuditRemoved, "From", prev.Seq+1, "To", e.Seq-1, "ID", e.ID, "Seq", e.Seq)
	default:
		// A place already taken (or passed): e does not belong here.
		return auditBroken(KeyAuditInserted, "ID", e.ID, "Seq", e.Seq)
	}
}

// checkHead checks the last entry read against the chain's head.
func checkHead(db *gorm.DB, head chainHead, last *AuditEntry) error {
	switch {
	case head.Seq > last.Seq:
		return auditBroken(KeyAuditTruncated, "From", last.Seq+1, "To", head.Seq)
	case head.Seq < last.Seq:
		var extra []AuditEntry
		if err := db.Where("seq > ?", head.Seq).Order("seq").Limit(1).Find(&extra).Error; err != nil {
			return fmt.Errorf("data: verify the audit trail: %w", err)
		}
		if len(extra) == 0 {
			return errors.New("data: verify the audit trail: entries changed while reading")
		}
		return auditBroken(KeyAuditInserted, "ID", extra[0].ID, "Seq", extra[0].Seq)
	case head.Hash != last.Hash:
		return auditBroken(KeyAuditChanged, "ID", last.ID, "Seq", last.Seq)
	}
	return nil
}
