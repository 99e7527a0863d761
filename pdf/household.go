package pdf

// 住户登记表: the household registration form, one A4 portrait form per
// household. It is the official record a clerk and the head of household
// sign, so numbers print whole here (lists and rosters mask them).

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"jiedao/data"
)

// formTitle is the title of the registration form.
const formTitle = "住户登记表"

// formCarry is how many rows of the last table go to a new page with the
// signature block when it would otherwise stand alone at the top of one.
const formCarry = 2

// householdForm is what one form shows, loaded from the store.
type householdForm struct {
	office  string
	printed time.Time // the store's today: print date, ages (高龄老人)
	h       data.Household
	members []data.Resident // active, the head first
	events  []data.TimelineEntry
}

// formOptions is the page of the form: A4 portrait with narrow margins, so
// that the members table with a whole ID number fits.
func formOptions() Options {
	return Options{
		// GB/T 9704's binding margin: 28 mm on the left (the form is
		// filed in a binder); the right one is narrower to keep the
		// members' table wide.
		Margins:  Margins{Top: 15, Right: 12, Bottom: 18, Left: 28},
		BodySize: 10.5, // 五号
		Title:    formTitle,
	}
}

// HouseholdForms lays out the registration form of each household, in the
// order given: every household starts on a new page, and one with too many
// members for a page continues on the next with the table header repeated.
// Each page carries the household number and its page number within the
// household at the foot. progress, when not nil, is called with the forms
// done after each one; ctx is checked between households. Write the result
// with WriteFile, which records the print in the audit trail (the
// households, their numbers, how many residents, whole ID numbers).
func HouseholdForms(ctx context.Context, s *data.Store, householdIDs []int64, progress func(done, total int)) (*Doc, error) {
	set, err := s.Settings(ctx)
	if err != nil {
		return nil, fmt.Errorf("pdf: household forms: %w", err)
	}
	today := storeNow(s)
	d := New(formOptions())
	var spans []formSpan
	numbers := make([]string, 0, len(householdIDs))
	residents := 0
	forms := make([]*householdForm, 0, len(householdIDs))
	for _, id := range householdIDs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("pdf: household forms: %w", err)
		}
		f, err := loadHouseholdForm(ctx, s, id)
		if err != nil {
			return nil, fmt.Errorf("pdf: household form %d: %w", id, err)
		}
		f.office, f.printed = set.OfficeName, today
		forms = append(forms, f)
	}
	whole, err := wholeMembers(ctx, s, forms)
	if err != nil {
		return nil, fmt.Errorf("pdf: household forms: %w", err)
	}
	for i, f := range forms {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("pdf: household forms: %w", err)
		}
		numbers, residents = append(numbers, f.h.Number), residents+len(f.members)
		spans = append(spans, d.addHouseholdForm(f))
		if progress != nil {
			progress(i+1, len(householdIDs))
		}
	}
	d.formFooters(spans)
	if d.sh.err != nil {
		return nil, d.sh.err
	}
	// The form prints whole ID numbers (to an account that may see them:
	// see wholeMembers): the audit trail says whose.
	return d.audited(s, formTitle, "households", householdIDs, map[string]any{
		"numbers": numbers, "residents": residents, "masked": !whole,
	}), nil
}

// formPurpose is what the form's look at whole numbers is recorded as
// (data.WholeNumbers).
const formPurpose = "print household form"

// wholeMembers puts the whole ID and phone numbers into the members of
// forms, read through data.WholeNumbers, which records the look (a
// "viewed" entry with the residents and the purpose) — a chunk of
// residents per entry. An account that may not see whole numbers (a
// leader) gets its forms as the store gave the members: masked; whole
// is then false.
func wholeMembers(ctx context.Context, s *data.Store, forms []*householdForm) (whole bool, err error) {
	var ids []int64
	for _, f := range forms {
		for _, m := range f.members {
			ids = append(ids, m.ID)
		}
	}
	numbers := map[int64]data.ResidentNumbers{}
	for chunk := range slices.Chunk(ids, 5000) {
		got, err := s.WholeNumbers(ctx, chunk, formPurpose)
		if errors.Is(err, data.ErrPermission) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		maps.Copy(numbers, got)
	}
	for _, f := range forms {
		for i := range f.members {
			if n, ok := numbers[f.members[i].ID]; ok {
				f.members[i].IDNumber, f.members[i].Phone = n.IDNumber, n.Phone
			}
		}
	}
	return true, nil
}

// PrintHousehold writes the registration form of the household numbered
// number (户编号; full-width digits and blanks are tolerated) to path, for
// `jiedao print household NUMBER -o FILE.pdf`. An unknown number gives the
// store's not-found *data.Error (errors.Is(err, data.ErrNotFound)).
func PrintHousehold(ctx context.Context, s *data.Store, number, path string) error {
	number = strings.ToUpper(data.NormalizeIDNumber(number))
	h, err := s.HouseholdByNumber(ctx, number)
	if err != nil {
		return err
	}
	d, err := HouseholdForms(ctx, s, []int64{h.ID}, nil)
	if err != nil {
		return err
	}
	return d.WriteFile(path)
}

// HouseholdIDs returns the ids of the households f selects, in the list's
// order, paging through the store (only the ids are kept): the selection
// behind "print the forms of the filtered list". f.After and f.Limit are
// ignored.
func HouseholdIDs(ctx context.Context, s *data.Store, f data.HouseholdFilter) ([]int64, error) {
	f.After, f.Limit = "", 500
	var ids []int64
	for {
		p, err := s.SearchHouseholds(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, r := range p.Rows {
			ids = append(ids, r.ID)
		}
		if p.Next == "" {
			return ids, nil
		}
		f.After = p.Next
	}
}

func storeNow(s *data.Store) time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func loadHouseholdForm(ctx context.Context, s *data.Store, id int64) (*householdForm, error) {
	h, err := s.Household(ctx, id)
	if err != nil {
		return nil, err
	}
	members, err := s.Members(ctx, id, false)
	if err != nil {
		return nil, err
	}
	events, err := s.HouseholdTimeline(ctx, id)
	if err != nil {
		return nil, err
	}
	return &householdForm{h: h, members: members, events: events}, nil
}

// formSpan is the pages of one household's form: pages[first:end].
type formSpan struct {
	first, end int
	number     string
}

// addHouseholdForm lays out one form from the top of a new page. When the
// signature block would stand alone at the top of a page, the form is laid
// out again with the last rows of the events table taken along to that
// page (under a repeated header), so the block always has some of the form
// with it.
func (d *Doc) addHouseholdForm(f *householdForm) formSpan {
	d.NewPage()
	first := len(d.pages) - 1
	if !d.layoutHouseholdForm(f, 0) {
		d.pages, d.keep = d.pages[:first], -1 // the trial's pages, and its headings, are gone
		d.addPage()
		d.layoutHouseholdForm(f, formCarry)
	}
	return formSpan{first: first, end: len(d.pages), number: f.h.Number}
}

// layoutHouseholdForm draws the form. carry > 0 ends the page before the
// last carry rows of the events table (or before the events section when
// it has no more rows). It reports false when the signature block ended
// up alone on a page.
func (d *Doc) layoutHouseholdForm(f *householdForm, carry int) bool {
	h := f.h
	d.Title(formTitle)
	small := Style{Size: 10, LineSpacing: 1.4}
	left, right := small, small
	left.Align, right.Align = Left, Right
	d.Columns(
		func(b *Doc) { b.Text("填报单位："+f.office, left) },
		func(b *Doc) { b.Text("打印日期："+DateCN(f.printed), right) },
	)
	d.Space(1.5)

	// Household data as a bordered grid: label, value, label, value; the
	// address and notes take a whole line.
	head := ""
	for _, m := range f.members {
		if h.HeadID != nil && m.ID == *h.HeadID {
			head = m.Name
		}
	}
	const labelW = 22.0
	label := Column{Width: labelW, Align: Center}
	d.Table(Table{
		Columns: []Column{label, {Align: Left}, label, {Align: Left}},
		Rows: [][]string{
			{"户编号", h.Number, "户别", h.Kind},
			{"社区", h.Community, "网格", h.Grid},
			{"居住类型", h.ResidenceType, "住房", h.Housing},
			{"户主", head, "联系电话", h.Phone},
		},
		Size: 10,
	})
	d.Table(Table{
		Columns: []Column{label, {Align: Left}},
		Rows: [][]string{
			{"住址", h.Address},
			{"在册人数", strconv.Itoa(len(f.members)) + " 人"},
			{"备注", h.Notes},
		},
		Size: 10,
	})

	d.Space(2)
	d.Heading(2, "家庭成员")
	members := make([][]string, 0, len(f.members))
	for _, m := range f.members {
		members = append(members, []string{
			m.Name, m.Relation, m.Sex, m.BirthDate, m.IDNumber, m.Ethnicity, m.Phone, m.Status,
			careTags(m, f.printed),
		})
	}
	if len(members) == 0 {
		members = [][]string{{"（无）"}}
	}
	d.Table(Table{
		Columns: []Column{
			{Header: "姓名", Weight: 1.3, Align: Left},
			{Header: "与户主\n关系", Width: 16, Align: Center},
			{Header: "性别", Width: 10, Align: Center},
			{Header: "出生日期", Width: 20, Align: Center},
			{Header: "公民身份号码", Width: 36, Align: Center},
			{Header: "民族", Width: 16, Align: Center},
			{Header: "联系电话", Width: 24, Align: Center},
			{Header: "状态", Width: 10, Align: Center},
			{Header: "关怀标签", Weight: 1.2, Align: Left},
		},
		Rows: members,
		Size: 9,
	})

	d.Space(2)
	events := make([][]string, 0, len(f.events))
	for _, e := range f.events {
		events = append(events, []string{e.Date, e.Kind, e.ResidentName, eventNote(e, h.ID), e.Operator})
	}
	if len(events) == 0 {
		events = [][]string{{"", "", "", "（无）"}}
	}
	evTable := func(rows [][]string) Table {
		return Table{
			Columns: []Column{
				{Header: "日期", Width: 20, Align: Center},
				{Header: "类别", Width: 17, Align: Center},
				{Header: "姓名", Width: 28, Align: Left},
				{Header: "说明", Weight: 1, Align: Left},
				{Header: "经办人", Width: 20, Align: Center},
			},
			Rows: rows,
			Size: 9,
		}
	}
	if carry > 0 && len(events) <= carry {
		d.NewPage()
	}
	d.Heading(2, "居住变动记录")
	if carry > 0 && len(events) > carry {
		d.Table(evTable(events[:len(events)-carry]))
		d.NewPage()
		events = events[len(events)-carry:]
	}
	d.Table(evTable(events))

	// The signature block: the declaration and the three signatures, on
	// one page, never alone on it.
	pages := len(d.pages)
	d.Space(6)
	d.KeepTogether(func(b *Doc) {
		b.Text("以上登记信息经本户核对，真实无误。", Style{Size: 10.5, Align: Left, FirstIndent: 2})
		b.Space(5)
		sig := Style{Size: 10.5, Align: Left, LineSpacing: 2}
		b.Columns(
			func(c *Doc) { c.Text("登记人：", sig) },
			func(c *Doc) { c.Text("户主签字：", sig) },
			func(c *Doc) { c.Text("日期："+dateBlankNarrow, sig) }, // one line in a third of the 28 mm-margined page
		)
	})
	return len(d.pages) == pages
}

// careTags lists a resident's care tags as the form prints them: the
// stored ones in order (a disability with its category and grade), then
// 高龄老人 when 80 or older on today.
func careTags(r data.Resident, today time.Time) string {
	var tags []string
	for _, t := range r.Tags {
		s := t.Tag
		if t.Tag == data.TagDisabled && t.Category+t.Grade != "" {
			s += "（" + t.Category + t.Grade + "）"
		}
		tags = append(tags, s)
	}
	if r.Age(today) >= data.AgeVeryOld {
		tags = append(tags, data.TagVeryOld)
	}
	return strings.Join(tags, "、")
}

// eventNote is the 说明 of an event on household self's form: a move
// names the other household.
func eventNote(e data.TimelineEntry, self int64) string {
	var move string
	if e.Kind == data.EventTransfer {
		if e.HouseholdID == self {
			move = "迁至" + e.ToNumber + "户"
		} else {
			move = "由" + e.FromNumber + "户迁入"
		}
	}
	switch {
	case move == "":
		return e.Note
	case e.Note == "":
		return move
	}
	return move + "；" + e.Note
}

// formFooters prints at the foot of every page its household number and
// its page within the household's form ("第 1 页 共 2 页"), so that a
// continuation sheet is never anonymous. (Options.Footer counts the pages
// of the whole document, which for a batch of forms says nothing.)
func (d *Doc) formFooters(spans []formSpan) {
	st := Style{Size: 9, LineSpacing: 1.2}
	y := min(d.bot+5, d.ph-d.lineHeight(st)-3)
	for _, sp := range spans {
		n := sp.end - sp.first
		for i := sp.first; i < sp.end; i++ {
			p := d.pages[i]
			l, r := st, st
			l.Align, r.Align = Left, Right
			for _, row := range d.lines("户编号："+sp.number, l, d.w) {
				p.ops = appendRow(p.ops, row, d.x0, y, 0)
			}
			for _, row := range d.lines(fmt.Sprintf("%s　第 %d 页 共 %d 页", formTitle, i-sp.first+1, n), r, d.w) {
				p.ops = appendRow(p.ops, row, d.x0, y, 0)
			}
		}
	}
}
