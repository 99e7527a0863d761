package data

import (
	"context"
	"fmt"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// replaced is the database a restore replaces, as its safety copy holds
// it: read-only, for the audit entries written after the backup.
type replaced struct {
	db       *gorm.DB // nil when there is none, or its trail cannot be read
	close    func()
	operator string    // its settings' operator
	head     chainHead // its chain's head
	why      string    // why its entries are not carried, when db is nil but a copy exists
}

// readReplaced opens the safety copy at path ("" when there was no
// database) for carryEntries. The caller closes it.
func readReplaced(ctx context.Context, path string) *replaced {
	r := &replaced{close: func() {}}
	if path == "" {
		return r
	}
	fail := func(err error) *replaced {
		r.close()
		return &replaced{close: func() {}, operator: r.operator, why: err.Error()}
	}
	sqlDB, err := openReadOnly(path, defaultBusyTimeout)
	if err != nil {
		return fail(err)
	}
	r.close = func() { sqlDB.Close() }
	db, err := gorm.Open(sqlite.Dialector{Conn: sqlDB}, &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return fail(err)
	}
	db = db.WithContext(ctx)
	if set, err := loadSettings(db); err == nil {
		r.operator = set.Operator
	}
	var chained int64
	err = db.Raw("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_chain'").Scan(&chained).Error
	if err != nil {
		return fail(err)
	}
	if chained == 0 {
		return fail(fmt.Errorf("its audit trail is of a release before the chain; it stays in %s", path))
	}
	if r.head, err = readChainHead(db); err != nil {
		return fail(err)
	}
	r.db = db
	return r
}

// carryPage is how many entries a restore carries over at a time.
const carryPage = 1000

// carryEntries appends to this (restored) database's trail the entries
// of the replaced one that it lacks: those after the last entry both
// chains share, which for a backup of this database is the backup's last
// one. They keep their place and hash when they follow on (the usual case),
// and are chained anew after this trail's head otherwise (the backup went
// another way, or the replaced chain was broken), content unchanged. It
// returns what the restore entry says of them.
func (tx *Tx) carryEntries(old *replaced) (map[string]any, error) {
	if old.db == nil {
		if old.why == "" {
			return map[string]any{"entries": 0}, nil
		}
		return map[string]any{"entries": 0, "notCarried": old.why}, nil
	}
	head, err := readChainHead(tx.db)
	if err != nil {
		return nil, err
	}
	fork, err := forkPoint(tx.db, old.db, min(head.Seq, old.head.Seq))
	if err != nil {
		return nil, err
	}
	var n, rechained int64
	after := fork
	for {
		var batch []AuditEntry
		if err := old.db.Where("seq > ?", after).Order("seq").Limit(carryPage).Find(&batch).Error; err != nil {
			return nil, fmt.Errorf("data: restore: read the replaced audit trail: %w", err)
		}
		for i := range batch {
			e := &batch[i]
			after, e.ID = e.Seq, 0
			if e.Seq == head.Seq+1 && e.PrevHash == head.Hash && e.chainHash() == e.Hash {
				err = tx.db.Create(e).Error
			} else {
				err = appendAudit(tx.db, e)
				rechained++
			}
			if err != nil {
				return nil, fmt.Errorf("data: restore: carry audit entry %d: %w", after, err)
			}
			head = chainHead{Seq: e.Seq, Hash: e.Hash}
			n++
		}
		if len(batch) < carryPage {
			break
		}
	}
	return map[string]any{"entries": n, "from": fork + 1, "rechained": rechained}, nil
}

// forkPoint is the last place, at most upTo, where both chains hold the
// same entry (0 when none): where they part. Equal hashes at a place mean
// equal chains up to it, so a binary search finds it.
func forkPoint(a, b *gorm.DB, upTo int64) (int64, error) {
	same := func(seq int64) (bool, error) {
		var ha, hb []string
		if err := a.Model(&AuditEntry{}).Where("seq = ?", seq).Limit(1).Pluck("hash", &ha).Error; err != nil {
			return false, err
		}
		if err := b.Model(&AuditEntry{}).Where("seq = ?", seq).Limit(1).Pluck("hash", &hb).Error; err != nil {
			return false, err
		}
		return len(ha) == 1 && len(hb) == 1 && ha[0] == hb[0], nil
	}
	if upTo <= 0 {
		return 0, nil
	}
	if ok, err := same(upTo); err != nil || ok {
		return upTo, err
	}
	lo, hi := int64(0), upTo // same(lo), !same(hi)
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		ok, err := same(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, nil
}
