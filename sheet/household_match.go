package sheet

// Grouping a roster's rows into households and matching them to the
// register: households by number or through their members, residents by
// ID number.

import (
	"context"
	"fmt"

	"jiedao/data"
)

// addressHead is a row with relation 户主 at an address, for grouping
// the rows without a household number.
type addressHead struct {
	row  int32
	name string
}

// firstRowCache is the household of the row a group's fields come from,
// read once: the rows of a household are usually together.
type firstRowCache struct {
	row int32
	h   data.Household
}

// group assigns rows to households: by household number; without one, by
// address and head — the head being the row with relation 户主 at that
// address (the nearest one above when an address has several households).
func (im *importer) group() {
	heads := im.headsByAddress()
	index := map[string]int32{}
	first := firstRowCache{row: -1}
	for i := range im.t.records {
		h := im.household(&im.t.records[i])
		key, ok := groupKey(&h, int32(i), heads)
		if !ok {
			im.problem(i, fNumber, "", "无法确定所属的户：请填写户编号，或填写地址（或小区、楼栋、单元、房号）。")
			continue
		}
		gi, ok := index[key]
		if !ok {
			gi = im.newGroup(h.Number)
			index[key] = gi
		}
		g := im.groups[gi]
		g.rows = append(g.rows, int32(i))
		im.entries[i].group = gi
		im.compareHouseholdFields(g, i, &h, &first)
		im.takeHead(g, i)
	}
}

// addressKey is what rows without a household number are grouped by: the
// community and the address (or its parts); "" when there is none.
func addressKey(h *data.Household) string {
	a := h.Address
	if a == "" {
		a = data.ComposeAddress(h.Estate, h.Building, h.Unit, h.Room)
	}
	if a == "" {
		return ""
	}
	return h.Community + "\x00" + a
}

// headsByAddress lists the heads of the rows without a household number
// by their address key, in file order.
func (im *importer) headsByAddress() map[string][]addressHead {
	heads := map[string][]addressHead{}
	for i := range im.t.records {
		rec := &im.t.records[i]
		if im.entries[i].head && rec.get(fNumber) == "" {
			h := im.household(rec)
			if k := addressKey(&h); k != "" {
				heads[k] = append(heads[k], addressHead{int32(i), data.NormalizeName(rec.get(fName))})
			}
		}
	}
	return heads
}

// groupKey is the household of row i (which gives h): its number, or its
// address with the name of the nearest head above at that address (the
// first one when there is none above). It reports false for a row with
// neither number nor address.
func groupKey(h *data.Household, i int32, heads map[string][]addressHead) (string, bool) {
	if h.Number != "" {
		return "#" + h.Number, true
	}
	ak := addressKey(h)
	if ak == "" {
		return "", false
	}
	head := ""
	if hs := heads[ak]; len(hs) > 0 {
		head = hs[0].name
		for _, c := range hs {
			if c.row <= i {
				head = c.name
			}
		}
	}
	return "@" + ak + "\x00" + head, true
}

// newGroup adds a household of the file with the number it gives.
func (im *importer) newGroup(number string) int32 {
	g := &group{number: number, head: -1}
	for k := range g.from {
		g.from[k] = -1
	}
	im.groups = append(im.groups, g)
	return int32(len(im.groups) - 1)
}

// compareHouseholdFields takes the household's fields from row i (which
// gives h): the first row that gives one sets it; a later row that says
// otherwise is a mistake in one of them.
func (im *importer) compareHouseholdFields(g *group, i int, h *data.Household, first *firstRowCache) {
	t := im.t
	for k, hf := range householdFields {
		v := *hf.ptr(h)
		if v == "" {
			continue
		}
		from := g.from[k]
		if from < 0 {
			g.from[k] = int32(i)
			continue
		}
		if from != first.row {
			first.row, first.h = from, im.household(&t.records[from])
		}
		if *hf.ptr(&first.h) != v {
			im.problem(i, hf.f, t.records[i].get(hf.f), fmt.Sprintf("与同一户第 %d 行的“%s”不一致，请核对。", t.records[from].row, t.records[from].get(hf.f)))
		}
	}
}

// takeHead makes row i the head of g when it is a valid head's row; a
// second head is a problem.
func (im *importer) takeHead(g *group, i int) {
	if !im.entries[i].head || im.entries[i].bad {
		return
	}
	if g.head >= 0 {
		rec := &im.t.records[i]
		im.problem(i, fRelation, rec.get(fRelation), fmt.Sprintf("同一户只能有一位户主，第 %d 行已是户主。", im.t.records[g.head].row))
		return
	}
	g.head = int32(i)
}

// elsewhere is what the messages about residents registered in another
// household name: those households and the residents' stored names
// (few: read only for them).
type elsewhere struct {
	households map[int64]*data.Household
	names      map[int64]string
}

// match finds the stored household of each group and the stored resident
// of each row, and refuses what would break "one person, one active
// record".
func (im *importer) match(ctx context.Context, rd registerReads) error {
	byNumber, err := im.storedByNumber(rd)
	if err != nil {
		return err
	}
	inactive, err := im.lookUpResidents(ctx, rd)
	if err != nil {
		return err
	}
	im.matchHouseholds(byNumber)
	where, err := im.registeredElsewhere(rd)
	if err != nil {
		return err
	}
	for i := range im.entries {
		im.matchResident(i, inactive, where)
	}
	return nil
}

// storedByNumber returns the stored households, the recycle bin's too (a
// number there cannot be reused), that have the numbers the file gives.
func (im *importer) storedByNumber(rd registerReads) (map[string]data.StoredHousehold, error) {
	var numbers []string
	for _, g := range im.groups {
		if g.number != "" {
			numbers = append(numbers, g.number)
		}
	}
	hs, err := rd.StoredHouseholds(numbers)
	if err != nil {
		return nil, fmt.Errorf("sheet: %w", err)
	}
	byNumber := make(map[string]data.StoredHousehold, len(hs))
	for _, h := range hs {
		byNumber[h.Number] = h
	}
	return byNumber, nil
}

// lookUpResidents finds the stored records, active or not, of the rows' ID
// numbers: the active one goes into the row's entry, the others (history,
// rare) into the map it returns, by entry. A chunk of rows at a time: for a
// second import of 300,000 rows the numbers of all of them at once cost
// 25 MB more at the import's peak.
func (im *importer) lookUpResidents(ctx context.Context, rd registerReads) (map[int32][]data.IDNumberMatch, error) {
	inactive := map[int32][]data.IDNumberMatch{}
	ids := make([]string, 0, lookupBatch)
	rows := make([]int32, 0, lookupBatch)
	for i := range im.entries {
		id := im.entries[i].id
		if id == "" {
			continue
		}
		ids, rows = append(ids, id), append(rows, int32(i))
		if len(ids) == lookupBatch {
			if err := im.matchIDNumbers(ctx, rd, ids, rows, inactive); err != nil {
				return nil, err
			}
			ids, rows = ids[:0], rows[:0]
		}
	}
	if err := im.matchIDNumbers(ctx, rd, ids, rows, inactive); err != nil {
		return nil, err
	}
	return inactive, nil
}

// matchIDNumbers looks up the ID numbers ids of the entries rows (see
// lookUpResidents).
func (im *importer) matchIDNumbers(ctx context.Context, rd registerReads, ids []string, rows []int32, inactive map[int32][]data.IDNumberMatch) error {
	if len(ids) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	matches, err := rd.ResidentsByIDNumber(ids)
	if err != nil {
		return fmt.Errorf("sheet: %w", err)
	}
	for _, m := range matches {
		i := rows[m.Index]
		if m.OutOfScope {
			// A person registered in another community's household
			// is not the account's to take over; a former record
			// there (moved out, deceased) does not stop a new one.
			if m.Active {
				im.problem(int(i), fID, im.t.records[i].get(fID), reason(fID, outOfScope()))
			}
			continue
		}
		if e := &im.entries[i]; m.Active && e.activeID == 0 {
			e.activeID, e.activeHH = m.ID, m.HouseholdID
		} else if !m.Active {
			inactive[i] = append(inactive[i], m)
		}
	}
	return nil
}

// matchHouseholds finds each group's stored household: by its number, or
// without one the household its members are registered in. A number in
// the recycle bin makes the household invalid.
func (im *importer) matchHouseholds(byNumber map[string]data.StoredHousehold) {
	for _, g := range im.groups {
		if g.number == "" {
			g.existing = im.membersHousehold(g)
			continue
		}
		h, ok := byNumber[g.number]
		switch {
		case !ok:
		case h.OutOfScope:
			// Another community's (or grid's) household: neither
			// updated nor made anew under its number.
			for _, i := range g.rows {
				im.problem(int(i), fNumber, im.t.records[i].get(fNumber), reason(fNumber, outOfScope()))
			}
			g.bad = true
		case h.InRecycleBin:
			for _, i := range g.rows {
				im.problem(int(i), fNumber, im.t.records[i].get(fNumber),
					fmt.Sprintf("户编号 %s 的户在回收站中，请先恢复或彻底删除它。", g.number))
			}
			g.bad = true
		default:
			g.existing = h.ID
		}
	}
}

// membersHousehold is the household the first of g's rows with an active
// stored record is registered in, 0 when there is none.
func (im *importer) membersHousehold(g *group) int64 {
	for _, i := range g.rows {
		if e := &im.entries[i]; e.activeID != 0 && e.id != "" {
			return e.activeHH
		}
	}
	return 0
}

// registeredElsewhere reads what the messages about rows whose person is
// active in another household than the row's name.
func (im *importer) registeredElsewhere(rd registerReads) (elsewhere, error) {
	var households, residents []int64
	for i := range im.entries {
		e := &im.entries[i]
		if e.id == "" || e.group < 0 || e.activeID == 0 {
			continue
		}
		if e.activeHH != im.groups[e.group].existing {
			households = append(households, e.activeHH)
			residents = append(residents, e.activeID)
		}
	}
	hs, err := householdsByID(rd, households)
	if err != nil {
		return elsewhere{}, fmt.Errorf("sheet: %w", err)
	}
	rs, err := rd.ResidentsByID(residents)
	if err != nil {
		return elsewhere{}, fmt.Errorf("sheet: %w", err)
	}
	where := elsewhere{households: hs, names: make(map[int64]string, len(rs))}
	for _, r := range rs {
		where.names[r.ID] = r.Name
	}
	return where, nil
}

// matchResident decides what row i's person is to the register: the
// stored record it updates, a new one, or a problem — active in another
// household, or recorded as moved out or deceased on an active record.
func (im *importer) matchResident(i int, inactive map[int32][]data.IDNumberMatch, where elsewhere) {
	e := &im.entries[i]
	if e.id == "" || e.group < 0 {
		return
	}
	g := im.groups[e.group]
	rec := &im.t.records[i]
	switch {
	case e.activeID != 0 && (g.existing == 0 || e.activeHH != g.existing):
		var h data.Household
		if p := where.households[e.activeHH]; p != nil {
			h = *p
		}
		err := &data.Error{Key: data.KeyResidentDuplicate, Args: map[string]any{
			"IDNumber": e.id, "Name": where.names[e.activeID], "Number": h.Number, "Address": h.Address,
		}}
		im.problem(i, fID, rec.get(fID), reason(fID, err))
	case e.activeID != 0 && !e.active:
		// 迁出 and 死亡 are recorded as events, with a date.
		err := &data.Error{Key: data.KeyEventStatusByEvent}
		im.problem(i, fStatus, rec.get(fStatus), reason(fStatus, err))
	case e.activeID != 0:
		e.existing = e.activeID
	case !e.active && g.existing != 0:
		// A moved-out or deceased person imported again: the record of
		// the same household, if there is one.
		for _, r := range inactive[int32(i)] {
			if r.HouseholdID == g.existing {
				e.existing = r.ID
				break
			}
		}
	}
}
