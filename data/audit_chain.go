package data

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// The audit trail is a hash chain: every entry carries a SHA-256 over its
// own content and the previous entry's hash, so that an entry changed,
// removed, inserted or moved after it was written shows (VerifyAudit), and
// the table audit_chain keeps the chain's head — the last entry's Seq and
// Hash — updated by trigger in the transaction that appends the entry, so
// that removing the last entries shows too. Someone who rewrites the whole
// chain and its head after the fact is not caught by the chain alone: the
// head printed by `jiedao audit verify`, kept elsewhere, and the backups
// (each holds the chain as it was) are what catch that.

// AuditChainVersion is the version of the encoding chainHash describes.
const AuditChainVersion = 1

// auditChainTag opens the encoding of version 1.
const auditChainTag = "jiedao-audit-v1"

// auditTimeLayout writes an entry's time in the encoding: UTC, to the
// microsecond (PostgreSQL's precision, so that a copy of the chain into
// PostgreSQL hashes the same).
const auditTimeLayout = "2006-01-02T15:04:05.000000Z"

// chainHash is the entry's hash, version 1 of the encoding, which anyone
// can re-implement to check a chain without Jiedao:
//
//	hash = lowercase hex of SHA-256 over the concatenation of ten fields,
//	       each written as a netstring: its length in bytes (decimal,
//	       ASCII), ":", the bytes (UTF-8), ","
//	 1. the tag "jiedao-audit-v1"
//	 2. seq, decimal (1 for the first entry)
//	 3. at, in UTC, "2006-01-02T15:04:05.000000Z" (microseconds, truncated)
//	 4. operator
//	 5. action
//	 6. entity
//	 7. entity_id, decimal, "-" before a negative number
//	 8. before (the JSON as stored, "" for none)
//	 9. after (likewise)
//	10. prev_hash: the previous entry's hash, "" for the first entry
//
// For example the first field is "15:jiedao-audit-v1,". The row's id is not
// part of it: it is the table's key, not the chain's order (seq is).
func (e *AuditEntry) chainHash() string {
	h := sha256.New()
	for _, f := range []string{
		auditChainTag,
		strconv.FormatInt(e.Seq, 10),
		e.At.UTC().Truncate(time.Microsecond).Format(auditTimeLayout),
		e.Operator,
		e.Action,
		e.Entity,
		strconv.FormatInt(e.EntityID, 10),
		e.Before,
		e.After,
		e.PrevHash,
	} {
		fmt.Fprintf(h, "%d:%s,", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// chainHead is the row of audit_chain: the last entry's place and hash
// (0 and "" before the first).
type chainHead struct {
	Seq  int64
	Hash string
}

// KeyAuditNoHead: the chain's head row is gone, so no entry can be
// appended (the audit trail was tampered with outside Jiedao).
const KeyAuditNoHead = "error.audit.no_head"

// readChainHead reads the chain's head.
func readChainHead(db *gorm.DB) (chainHead, error) {
	return chainHeadQuery(db, "SELECT seq, hash FROM audit_chain WHERE id = 1")
}

// lockChainHead is readChainHead for appending: on the office server the
// head's row stays locked until the transaction ends, so desks writing at
// once append one after the other and the trail stays one chain (without
// it the second would read the same head and its entry be refused). On
// SQLite the write transaction (BEGIN IMMEDIATE) is the lock already.
func lockChainHead(db *gorm.DB) (chainHead, error) {
	if isSQLite(db) {
		return readChainHead(db)
	}
	return chainHeadQuery(db, "SELECT seq, hash FROM audit_chain WHERE id = 1 FOR UPDATE")
}

func chainHeadQuery(db *gorm.DB, query string) (chainHead, error) {
	var heads []chainHead
	if err := db.Raw(query).Scan(&heads).Error; err != nil {
		return chainHead{}, fmt.Errorf("read the audit chain's head: %w", err)
	}
	if len(heads) != 1 {
		return chainHead{}, &Error{Key: KeyAuditNoHead, Err: ErrAuditBroken}
	}
	return heads[0], nil
}

// appendAudit appends e to the chain: it takes the next place after the
// head, and its hash. The time is kept to the microsecond, as it is
// hashed. The triggers refuse an entry that does not follow the head and
// move the head to it.
func appendAudit(db *gorm.DB, e *AuditEntry) error {
	head, err := lockChainHead(db)
	if err != nil {
		return err
	}
	e.At = e.At.Truncate(time.Microsecond)
	e.Seq, e.PrevHash = head.Seq+1, head.Hash
	e.Hash = e.chainHash()
	return db.Create(e).Error
}

// ErrAuditBroken is what errors.Is finds in an error that says the audit
// trail was changed outside Jiedao (VerifyAudit's findings, a missing
// head).
var ErrAuditBroken = errors.New("audit trail broken")
