package sheet

// Checking and writing a visit file's rows.

import (
	"errors"
	"slices"
	"strings"
	"time"

	"jiedao/data"
)

type visitImporter struct {
	t      *visitTable
	now    func() time.Time
	rep    VisitReport
	visits []*data.Visit // by row: the visit to record; nil for an invalid row or one already stored
	bad    []bool
}

func (im *visitImporter) problem(i int, f visitField, reason string) {
	im.bad[i] = true
	rec := &im.t.rows[i]
	im.rep.Problems = append(im.rep.Problems, Problem{Row: rec.row, Column: im.t.columnName(f), Value: rec.vals[f], Reason: reason})
}

func (im *visitImporter) clock() time.Time {
	if im.now != nil {
		return im.now()
	}
	return time.Now()
}

// check validates every row, finds its resident and marks the rows that
// repeat a stored visit.
func (im *visitImporter) check(rd visitReads) error {
	n := len(im.t.rows)
	im.visits = make([]*data.Visit, n)
	im.bad = make([]bool, n)
	rows := im.t.rows
	for row := range im.t.flaws.rows {
		if i := rowIndex(n, func(i int) int { return rows[i].row }, row); i >= 0 {
			im.bad[i] = true
		}
	}
	residents, err := im.findResidents(rd)
	if err != nil {
		return err
	}
	now := im.clock()
	stored := map[int64][]data.Visit{}
	for i := range im.t.rows {
		if im.bad[i] || residents[i] == 0 {
			continue
		}
		v := im.fromRow(i)
		if v == nil {
			continue
		}
		v.ResidentID = residents[i]
		if err := v.Validate(now); err != nil {
			im.fieldProblems(i, err)
			continue
		}
		if _, ok := stored[v.ResidentID]; !ok {
			vs, err := rd.Visits(v.ResidentID)
			if err != nil {
				return err
			}
			stored[v.ResidentID] = vs
		}
		if slices.ContainsFunc(stored[v.ResidentID], func(s data.Visit) bool {
			return s.Date == v.Date && s.Time == v.Time && s.Method == v.Method
		}) {
			im.rep.Unchanged++
			continue
		}
		stored[v.ResidentID] = append(stored[v.ResidentID], *v) // a row repeated in the file is recorded once
		im.visits[i] = v
	}
	for i := range im.bad {
		if im.bad[i] {
			im.rep.Invalid++
		}
	}
	im.rep.Valid = n - im.rep.Invalid
	clipProblems(im.rep.Problems)
	im.rep.Problems = im.t.flaws.merge(im.rep.Problems)
	sortProblems(im.rep.Problems)
	return nil
}

// findResidents finds each row's resident by ID number among the active
// records, in the account's scope, with the name checked when given.
func (im *visitImporter) findResidents(rd visitReads) ([]int64, error) {
	n := len(im.t.rows)
	out := make([]int64, n)
	ids := make([]string, 0, n)
	index := map[string]int{}
	rowID := make([]string, n)
	for i := range im.t.rows {
		rec := &im.t.rows[i]
		id := data.NormalizeIDNumber(stripTextMarker(rec.vals[vfIDNumber]))
		switch {
		case im.bad[i]:
			continue
		case id == "":
			im.problem(i, vfIDNumber, data.Render(data.KeyInvalidRequired, "zh", nil))
			continue
		case lostDigits(rec.vals[vfIDNumber], rec.numeric[vfIDNumber]):
			im.problem(i, vfIDNumber, "号码被存成了数字，末几位已经丢失，无法恢复。请把该列设为“文本”格式，重新填写后再导入。")
			continue
		}
		rowID[i] = id
		if _, ok := index[id]; !ok {
			index[id] = len(ids)
			ids = append(ids, id)
		}
	}
	matches, err := rd.ResidentsByIDNumber(ids)
	if err != nil {
		return nil, err
	}
	active := map[int]data.IDNumberMatch{}
	var rids, hids []int64
	for _, m := range matches {
		if m.Active {
			active[m.Index] = m
			rids, hids = append(rids, m.ID), append(hids, m.HouseholdID)
		}
	}
	hs, err := rd.HouseholdsByID(hids)
	if err != nil {
		return nil, err
	}
	rs, err := rd.ResidentsByID(rids)
	if err != nil {
		return nil, err
	}
	im.judgeRows(rd, rowID, index, active, byID(hs, householdID), byID(rs, residentID), out)
	return out, nil
}

// fromRow builds the visit a row describes, before validation; nil when
// a cell could not be read (the problem is reported).
func (im *visitImporter) fromRow(i int) *data.Visit {
	rec := &im.t.rows[i]
	v := &data.Visit{Method: rec.vals[vfMethod], Notes: rec.vals[vfNotes], Referral: rec.vals[vfReferral],
		ReferralOwner: rec.vals[vfOwner]}
	if m, ok := methodSynonyms[v.Method]; ok {
		v.Method = m
	}
	if d, ok := parseDate(rec.vals[vfDate], rec.numeric[vfDate], im.t.date1904); ok && d.Day != 0 {
		v.Date = d.String()
	} else {
		v.Date = rec.vals[vfDate] // Validate names it
	}
	if s := rec.vals[vfDeadline]; s != "" {
		v.ReferralDeadline = s
		if d, ok := parseDate(s, rec.numeric[vfDeadline], im.t.date1904); ok && d.Day != 0 {
			v.ReferralDeadline = d.String()
		}
	}
	if s := rec.vals[vfTime]; s != "" {
		v.Time = timeText(s, rec.numeric[vfTime])
	}
	met, ok := metSynonyms[rec.vals[vfMet]]
	if rec.vals[vfMet] != "" && !ok {
		im.problem(i, vfMet, "请填写“是”或“否”。")
		return nil
	}
	v.Met = met || rec.vals[vfMet] == "" && v.Method == data.VisitInPerson
	checks := []struct{ res, note visitField }{{vfHealth, vfHealthNote}, {vfEconomy, vfEconomyNote},
		{vfCare, vfCareNote}, {vfSafety, vfSafetyNote}, {vfNeeds, vfNeedsNote}}
	for k, c := range checks {
		v.SetCheck(data.CheckItems[k], rec.vals[c.res], rec.vals[c.note])
	}
	if who := rec.vals[vfVisitor]; who != "" {
		v.Notes = strings.TrimSpace("走访人：" + who + "\n" + v.Notes)
	}
	return v
}

// fieldProblems reports each error Validate found on its column.
func (im *visitImporter) fieldProblems(i int, err error) {
	for field, es := range data.FieldErrors(err) {
		f, ok := visitJSONField[field]
		if !ok {
			f = vfNotes
		}
		for _, e := range es {
			im.problem(i, f, data.Render(e.Key, "zh", e.Args))
		}
	}
	var de *data.Error
	if len(data.FieldErrors(err)) == 0 && errors.As(err, &de) {
		im.problem(i, vfDate, data.Render(de.Key, "zh", de.Args))
	}
}

// write records the valid rows' visits.
func (im *visitImporter) write(tx *data.Tx) error {
	for i, v := range im.visits {
		if v == nil || im.bad[i] {
			continue
		}
		if err := tx.RecordVisit(v); err != nil {
			return err
		}
		im.rep.Created++
	}
	return nil
}

// judgeRows sets out[i] to row i's resident, or records why it has none:
// not in the register (or not active), outside the scope, another name.
func (im *visitImporter) judgeRows(rd visitReads, rowID []string, index map[string]int, active map[int]data.IDNumberMatch,
	households map[int64]*data.Household, names map[int64]*data.Resident, out []int64) {
	for i, id := range rowID {
		if id == "" {
			continue
		}
		m, ok := active[index[id]]
		h := households[m.HouseholdID]
		switch {
		case ok && m.OutOfScope: // its household is not the account's to read
			im.problem(i, vfIDNumber, data.Render(data.KeyOutOfScope, "zh", map[string]any{"Community": "", "Grid": ""}))
		case !ok || h == nil:
			im.problem(i, vfIDNumber, "登记中没有在住（或外出）的此人，请先在住户登记中登记。")
		case !rd.Covers(h.Community, h.Grid):
			im.problem(i, vfIDNumber, data.Render(data.KeyOutOfScope, "zh", map[string]any{"Community": h.Community, "Grid": h.Grid}))
		case im.t.rows[i].vals[vfName] != "" && names[m.ID] != nil && names[m.ID].Name != im.t.rows[i].vals[vfName]:
			im.problem(i, vfName, "姓名与登记不符（登记为“"+names[m.ID].Name+"”）。")
		default:
			out[i] = m.ID
		}
	}
}
