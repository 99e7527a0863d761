package sheet

// Writing a checked roster: rounds of households with their residents and
// care tags, inside the import's transaction.

import (
	"context"
	"fmt"

	"jiedao/data"
)

// write applies the valid rows. It runs inside the import's transaction.
// Many new residents are written without the secondary indexes, which are
// built again at the end.
func (im *importer) write(ctx context.Context, tx *data.Tx) error {
	im.year = im.today.Format("2006")
	defer im.closeInserters()
	if err := im.openInserters(tx); err != nil {
		return err
	}
	if im.newResidents() < im.bulkRows() {
		return im.writeRounds(ctx, tx)
	}
	return tx.WithoutSecondaryIndexes(func(dropped int) error {
		im.indexes = dropped
		return im.writeRounds(ctx, tx)
	}, func(name string) {
		im.indexesDone++
		im.progress(len(im.t.records), im.done)
		im.tracePhase("index " + name)
	})
}

// newResidents counts the valid rows that make a new resident.
func (im *importer) newResidents() int {
	n := 0
	for i := range im.entries {
		if e := &im.entries[i]; !e.bad && e.existing == 0 {
			n++
		}
	}
	return n
}

// openInserters prepares the bulk inserts of households, residents and
// care tags.
func (im *importer) openInserters(tx *data.Tx) error {
	var err error
	if im.ins.households, err = data.NewBulkInserter[data.Household](tx); err != nil {
		return fmt.Errorf("sheet: prepare inserts: %w", err)
	}
	if im.ins.residents, err = data.NewBulkInserter[data.Resident](tx); err != nil {
		return fmt.Errorf("sheet: prepare inserts: %w", err)
	}
	if im.ins.tags, err = data.NewBulkInserter[data.ResidentTag](tx); err != nil {
		return fmt.Errorf("sheet: prepare inserts: %w", err)
	}
	return nil
}

func (im *importer) closeInserters() {
	if im.ins.households != nil {
		im.ins.households.Close()
	}
	if im.ins.residents != nil {
		im.ins.residents.Close()
	}
	if im.ins.tags != nil {
		im.ins.tags.Close()
	}
}

// writeRounds writes the households a round at a time.
func (im *importer) writeRounds(ctx context.Context, tx *data.Tx) error {
	round := householdBatch
	if im.opt.round > 0 {
		round = im.opt.round
	}
	for start := 0; start < len(im.groups); start += round {
		if err := ctx.Err(); err != nil {
			return err
		}
		end := min(start+round, len(im.groups))
		if err := im.writeBatch(tx, im.groups[start:end]); err != nil {
			return err
		}
		im.progress(len(im.t.records), im.done)
	}
	im.tracePhase("write")
	return nil
}

// batch is one round of writes: a slice of the file's households and what
// they become.
type batch struct {
	groups []*group
	// preassign: IDs are handed out before inserting, so a new household
	// is written with its head (head_id) in the same row; otherwise it is
	// inserted first to learn its ID, and setHeads fills the head in.
	preassign bool

	newHouseholds []data.Household // with newGroups, the households to create
	newGroups     []*group
	storedIDs     []int64                   // the stored households the batch's valid rows go to
	stored        map[int64]*data.Household // them, as stored before the batch

	newResidents []data.Resident // with newRows, the residents to create
	newRows      []int32
	storedRows   []int32 // the rows that update a stored resident
}

// writeBatch writes a batch of households and their valid rows: the
// households, new and changed, then the residents, then the heads.
func (im *importer) writeBatch(tx *data.Tx, groups []*group) error {
	b := &batch{groups: groups, preassign: im.ins.households.ReservesIDs() && im.ins.residents.ReservesIDs()}
	if err := im.collectHouseholds(tx, b); err != nil {
		return err
	}
	if err := im.placeNewHouseholds(b); err != nil {
		return err
	}
	if err := im.updateHouseholds(tx, b); err != nil {
		return err
	}
	if err := im.collectResidents(b); err != nil {
		return err
	}
	if b.preassign {
		if err := im.insertWithHeads(b); err != nil {
			return err
		}
	}
	if err := im.createResidents(b); err != nil {
		return err
	}
	if err := im.updateResidents(tx, b); err != nil {
		return err
	}
	if err := im.setHeads(tx, b); err != nil {
		return err
	}
	for _, g := range groups {
		im.done += len(g.rows)
	}
	return nil
}

// collectHouseholds sorts the batch's households with valid rows into the
// new ones — validated, numbered when the file gives no number — and the
// stored ones.
func (im *importer) collectHouseholds(tx *data.Tx, b *batch) error {
	for _, g := range b.groups {
		if g.bad || len(im.valid(g)) == 0 {
			continue
		}
		if g.existing != 0 {
			b.storedIDs = append(b.storedIDs, g.existing)
			continue
		}
		h := im.fileHousehold(g)
		if err := h.Validate(); err != nil {
			return fmt.Errorf("sheet: household %s: %w", h.Number, err)
		}
		if h.Number == "" {
			n, err := im.nextNumber(tx)
			if err != nil {
				return err
			}
			h.Number = n
		}
		g.number, g.created = h.Number, true
		b.newHouseholds = append(b.newHouseholds, h)
		b.newGroups = append(b.newGroups, g)
	}
	return nil
}

// placeNewHouseholds gives the new households their IDs: reserved, to be
// inserted with their heads, or by inserting them now.
func (im *importer) placeNewHouseholds(b *batch) error {
	if len(b.newHouseholds) == 0 {
		return nil
	}
	fresh := b.newHouseholds
	if b.preassign {
		first := im.ins.households.Reserve(len(fresh))
		for k := range fresh {
			fresh[k].ID = first + int64(k)
		}
	} else if err := im.ins.households.Insert(fresh); err != nil {
		return fmt.Errorf("sheet: create households: %w", err)
	}
	for k, g := range b.newGroups {
		g.existing = fresh[k].ID
	}
	im.report.HouseholdsCreated += len(fresh)
	return nil
}

// updateHouseholds reads the batch's stored households and saves those
// whose fields the file changes.
func (im *importer) updateHouseholds(tx *data.Tx, b *batch) error {
	b.stored = map[int64]*data.Household{}
	if len(b.storedIDs) == 0 {
		return nil
	}
	var err error
	if b.stored, err = householdsByID(tx, b.storedIDs); err != nil {
		return fmt.Errorf("sheet: load households: %w", err)
	}
	for _, g := range b.groups {
		cur, ok := b.stored[g.existing]
		if !ok || g.bad {
			continue
		}
		next := im.overlay(g, *cur)
		if err := next.Validate(); err != nil {
			return fmt.Errorf("sheet: household %s: %w", cur.Number, err)
		}
		if sameHousehold(cur, &next) {
			continue
		}
		if err := tx.UpdateImportedHousehold(&next); err != nil {
			return fmt.Errorf("sheet: %w", err)
		}
		im.report.HouseholdsUpdated++
	}
	return nil
}

// householdsByID reads the stored households with ids, by ID.
func householdsByID(rd registerReads, ids []int64) (map[int64]*data.Household, error) {
	hs, err := rd.HouseholdsByID(ids)
	if err != nil {
		return nil, err
	}
	return byID(hs, householdID), nil
}

// collectResidents sorts the valid rows of the batch's households into new
// residents — validated, in their household — and updates of stored ones.
func (im *importer) collectResidents(b *batch) error {
	for _, g := range b.groups {
		if g.bad || g.existing == 0 {
			continue
		}
		for _, i := range im.valid(g) {
			if im.entries[i].existing != 0 {
				b.storedRows = append(b.storedRows, i)
				continue
			}
			r, _, _, _ := im.resident(&im.t.records[i])
			r.BirthDate = "" // checked against the ID number already; Validate fills it from there
			if _, err := r.Validate(im.today); err != nil {
				return fmt.Errorf("sheet: row %d: %w", im.t.records[i].row, err)
			}
			r.HouseholdID = g.existing
			b.newResidents = append(b.newResidents, r)
			b.newRows = append(b.newRows, i)
		}
	}
	return nil
}

// insertWithHeads reserves the new residents' IDs and inserts the new
// households with their heads.
func (im *importer) insertWithHeads(b *batch) error {
	if len(b.newResidents) > 0 {
		first := im.ins.residents.Reserve(len(b.newResidents))
		for k, i := range b.newRows {
			b.newResidents[k].ID = first + int64(k)
			im.entries[i].existing = b.newResidents[k].ID
		}
	}
	if len(b.newHouseholds) == 0 {
		return nil
	}
	for k, g := range b.newGroups {
		if g.head >= 0 && !im.entries[g.head].bad && im.entries[g.head].existing != 0 {
			id := im.entries[g.head].existing
			b.newHouseholds[k].HeadID = &id
		}
	}
	if err := im.ins.households.Insert(b.newHouseholds); err != nil {
		return fmt.Errorf("sheet: create households: %w", err)
	}
	return nil
}

// createResidents inserts the new residents, then their care tags.
func (im *importer) createResidents(b *batch) error {
	fresh := b.newResidents
	if len(fresh) == 0 {
		return nil
	}
	held := make([][]data.ResidentTag, len(fresh))
	for k := range fresh {
		held[k], fresh[k].Tags = fresh[k].Tags, nil
	}
	if err := im.ins.residents.Insert(fresh); err != nil {
		return fmt.Errorf("sheet: create residents: %w", err)
	}
	var tags []data.ResidentTag
	for k, i := range b.newRows {
		im.entries[i].existing = fresh[k].ID
		for _, t := range held[k] {
			t.ID, t.ResidentID = 0, fresh[k].ID
			tags = append(tags, t)
		}
	}
	if err := im.ins.tags.Insert(tags); err != nil {
		return fmt.Errorf("sheet: create care tags: %w", err)
	}
	im.report.ResidentsCreated += len(fresh)
	return nil
}

// updateResidents applies the batch's rows to their stored residents.
func (im *importer) updateResidents(tx *data.Tx, b *batch) error {
	if len(b.storedRows) == 0 {
		return nil
	}
	stored, err := im.storedResidents(tx, b.storedRows)
	if err != nil {
		return fmt.Errorf("sheet: load residents: %w", err)
	}
	for _, i := range b.storedRows {
		cur := stored[im.entries[i].existing]
		if cur == nil {
			continue
		}
		changed, err := im.updateResident(tx, &im.t.records[i], cur)
		if err != nil {
			return err
		}
		if changed {
			im.report.ResidentsUpdated++
		} else {
			im.report.ResidentsUnchanged++
		}
	}
	return nil
}

// storedResidents reads the stored residents the rows update, with their
// care tags, by ID.
func (im *importer) storedResidents(rd registerReads, rows []int32) (map[int64]*data.Resident, error) {
	ids := make([]int64, len(rows))
	for k, i := range rows {
		ids[k] = im.entries[i].existing
	}
	rs, err := rd.ResidentsByID(ids)
	if err != nil {
		return nil, err
	}
	return byID(rs, residentID), nil
}

// updateResident applies a row to a stored resident: the row's non-empty
// cells over the stored values. It reports whether anything changed.
func (im *importer) updateResident(tx *data.Tx, rec *record, cur *data.Resident) (bool, error) {
	next, sameFields, sameTags, err := im.merged(rec, cur)
	if err != nil {
		return false, err
	}
	if !sameFields {
		if err := tx.UpdateImportedResident(&next); err != nil {
			return false, fmt.Errorf("sheet: row %d: %w", rec.row, err)
		}
	}
	if !sameTags {
		if err := tx.ReplaceImportedTags(cur.ID, next.Tags); err != nil {
			return false, fmt.Errorf("sheet: row %d: %w", rec.row, err)
		}
	}
	return !sameFields || !sameTags, nil
}

// setHeads makes each household's head the row with relation 户主. A
// stored head the file does not list any more keeps their record but
// stops being 户主 (their relation becomes 其他, as SetHead does).
func (im *importer) setHeads(tx *data.Tx, b *batch) error {
	var heads []data.HouseholdHead
	var former []int64
	for _, g := range b.groups {
		if g.bad || g.existing == 0 || g.head < 0 || im.entries[g.head].bad || g.created && b.preassign {
			continue
		}
		head := im.entries[g.head].existing
		var old int64
		if cur, ok := b.stored[g.existing]; ok && cur.HeadID != nil {
			old = *cur.HeadID
		}
		if old == head {
			continue
		}
		if old != 0 && !im.listed(g, old) {
			former = append(former, old)
		}
		heads = append(heads, data.HouseholdHead{Household: g.existing, Resident: head})
	}
	if err := tx.SetImportedHeads(heads, former); err != nil {
		return fmt.Errorf("sheet: %w", err)
	}
	return nil
}

// listed reports whether the stored resident id is one of g's valid rows.
func (im *importer) listed(g *group, id int64) bool {
	for _, i := range g.rows {
		if im.entries[i].existing == id && !im.entries[i].bad {
			return true
		}
	}
	return false
}

// nextNumber gives a new household without a number the next free one,
// in the form the store generates (the year and a six-digit sequence).
func (im *importer) nextNumber(tx *data.Tx) (string, error) {
	if im.seq == 0 {
		last, err := tx.LastHouseholdNumber(im.year)
		if err != nil {
			return "", fmt.Errorf("sheet: %w", err)
		}
		if last != "" {
			fmt.Sscanf(last[4:], "%d", &im.seq)
		}
	}
	for {
		im.seq++
		n := fmt.Sprintf("%s%06d", im.year, im.seq)
		// A number the file uses for another household is taken too.
		if !im.fileNumber(n) {
			return n, nil
		}
	}
}

// fileNumber reports whether the file gives number n to a household.
func (im *importer) fileNumber(n string) bool {
	if im.fileNumbers == nil {
		im.fileNumbers = map[string]bool{}
		for _, g := range im.groups {
			if g.number != "" {
				im.fileNumbers[g.number] = true
			}
		}
	}
	return im.fileNumbers[n]
}
