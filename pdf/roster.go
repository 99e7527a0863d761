package pdf

// 居民花名册: the filtered resident list as an A4 landscape table, read from
// the store page by page (keyset paging) and laid out row by row, so that
// only the document itself grows with the register.

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"jiedao/data"
)

// RosterOptions are the choices of a printed roster.
type RosterOptions struct {
	// Unmasked prints ID and phone numbers whole. By default they are
	// masked as in the lists (110101********123X, 138****5678).
	Unmasked bool
	// Title replaces "居民花名册".
	Title string
}

// rosterPage is how many residents are read from the store at a time (a
// variable for the tests).
var rosterPage = 500

// Roster writes the residents f selects (in the list's order) to path as
// a landscape table: a header on every page with the office, the title,
// the filter and the print date, the column header repeated on every page,
// and "第 N 页 共 M 页" at the foot. ID and phone numbers are masked unless
// opt.Unmasked. It records the print in the audit log and returns the
// number of residents printed. progress, when not nil, is called with the
// rows laid out so far and a total of 0 (not known in advance) while the
// list is read, then with rows of rows. f.After and f.Limit are ignored.
func Roster(ctx context.Context, s *data.Store, f data.ResidentFilter, opt RosterOptions, path string, progress func(done, total int)) (rows int, err error) {
	d, rows, err := rosterDoc(ctx, s, f, opt, progress)
	if err != nil {
		return 0, err
	}
	// The file is written beside path and takes its name in the
	// transaction of its audit entry: a printout of personal data the log
	// does not know about must not exist.
	b, err := d.Bytes()
	if err != nil {
		return 0, err
	}
	err = s.WriteAudited(ctx, path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}, AuditActionPrint, "residents", 0, func() any {
		return rosterAudit{Document: d.opt.Title, File: filepath.Base(path), Filter: f, Masked: !opt.Unmasked, Rows: rows}
	})
	if err != nil {
		return 0, fmt.Errorf("pdf: %w", err)
	}
	if progress != nil {
		progress(rows, rows)
	}
	return rows, nil
}

type rosterAudit struct {
	Document string              `json:"document"`
	File     string              `json:"file"`
	Filter   data.ResidentFilter `json:"filter"`
	Masked   bool                `json:"masked"`
	Rows     int                 `json:"rows"`
}

// rosterColumns are the roster's columns, sized for 9 pt on A4 landscape
// with 8 mm margins (281 mm): one line per resident for all but long
// names and addresses. There is no birth-date column: the masked ID number
// hides the birth date, the age is enough for a list.
var rosterColumns = []Column{
	{Header: "序号", Width: 13.5, Align: Center},
	{Header: "户编号", Width: 21.5, Align: Center},
	{Header: "姓名", Align: Left, Weight: 1},
	{Header: "性别", Width: 10, Align: Center},
	{Header: "年龄", Width: 10, Align: Center},
	{Header: "公民身份号码", Width: 36, Align: Center},
	{Header: "联系电话", Width: 23, Align: Center},
	{Header: "与户主\n关系", Width: 16, Align: Center},
	{Header: "社区", Align: Left, Weight: 1},
	{Header: "网格", Align: Left, Weight: 0.8},
	{Header: "住址", Align: Left, Weight: 2.45},
	{Header: "居住类型", Width: 22.5, Align: Center},
	{Header: "状态", Width: 10, Align: Center},
	{Header: "关怀标签", Align: Left, Weight: 1},
}

// rosterDoc lays the roster out.
func rosterDoc(ctx context.Context, s *data.Store, f data.ResidentFilter, opt RosterOptions, progress func(done, total int)) (*Doc, int, error) {
	set, err := s.Settings(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("pdf: roster: %w", err)
	}
	today := storeNow(s)
	title := opt.Title
	if title == "" {
		title = "居民花名册"
	}
	header := strings.TrimSpace(set.OfficeName + "　" + title)
	header += "\n筛选条件：" + FilterSummary(f, opt.Unmasked) + "　打印日期：" + DateCN(today)
	d := New(Options{
		Landscape: true,
		Margins:   Margins{Top: 22, Right: 8, Bottom: 16, Left: 8},
		Header:    header,
		Footer:    FooterPageOfTotal,
		BodySize:  10.5,
		Title:     title,
	})
	d.Title(title)
	tw := d.newTableWriter(Table{Columns: rosterColumns, Size: 9})
	const totalSpace = 2.0
	total := Style{Align: Center, SpaceBefore: totalSpace}

	f.After, f.Limit = "", rosterPage
	n := 0
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, fmt.Errorf("pdf: roster: %w", err)
		}
		p, err := s.SearchResidents(ctx, f)
		if err != nil {
			return nil, 0, fmt.Errorf("pdf: roster: %w", err)
		}
		ids := make([]int64, len(p.Rows))
		for i, r := range p.Rows {
			ids[i] = r.ID
		}
		tags, err := rosterTags(ctx, s, p.Rows, ids, today)
		if err != nil {
			return nil, 0, err
		}
		var whole map[int64]data.ResidentNumbers
		if opt.Unmasked {
			if whole, err = s.WholeNumbers(ctx, ids, rosterPurpose); err != nil {
				return nil, 0, fmt.Errorf("pdf: roster: %w", err)
			}
		}
		for i, r := range p.Rows {
			n++
			id, phone := r.IDNumber, r.Phone // masked by the store
			if w, ok := whole[r.ID]; ok {
				id, phone = w.IDNumber, w.Phone
			}
			age := ""
			if r.Age >= 0 {
				age = strconv.Itoa(r.Age)
			}
			var tail float64 // the total line goes with the last row
			if p.Next == "" && i == len(p.Rows)-1 {
				tail = totalSpace + d.lineHeight(total)
			}
			tw.LastRow(tail, strconv.Itoa(n), r.HouseholdNumber, r.Name, r.Sex, age, id, phone,
				r.Relation, r.Community, r.Grid, r.Address, r.ResidenceType, r.Status, tags[r.ID])
		}
		if progress != nil {
			progress(n, 0)
		}
		if p.Next == "" {
			break
		}
		f.After = p.Next
	}
	tw.begin()
	if n == 0 {
		d.Text("（无符合条件的居民）", total)
	} else {
		total.Align = Right
		d.Text("合计："+strconv.Itoa(n)+" 人", total)
	}
	if d.sh.err != nil {
		return nil, 0, d.sh.err
	}
	return d, n, nil
}

// rosterPurpose is what the roster's look at whole numbers is recorded
// for.
const rosterPurpose = "print roster"

// rosterTags returns the care tags of the residents rows, as the form
// prints them (see careTags), by resident.
func rosterTags(ctx context.Context, s *data.Store, rows []data.ResidentRow, ids []int64, today time.Time) (map[int64]string, error) {
	stored, err := s.CareTags(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("pdf: roster: %w", err)
	}
	out := map[int64]string{}
	for _, r := range rows {
		// 高龄老人 is not stored: careTags finds it from the birth date.
		if t := careTags(data.Resident{BirthDate: r.BirthDate, Tags: stored[r.ID]}, today); t != "" {
			out[r.ID] = t
		}
	}
	return out, nil
}

// FilterSummary describes a resident filter in words for the roster's
// header ("社区：幸福社区；状态：在住、外出；年龄：60–79 岁"). A query that
// is an ID or phone number is masked unless unmasked.
func FilterSummary(f data.ResidentFilter, unmasked bool) string {
	var parts []string
	add := func(label, v string) {
		if v != "" {
			parts = append(parts, label+"："+v)
		}
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		if !unmasked {
			q = maskQuery(q)
		}
		parts = append(parts, "查询“"+q+"”")
	}
	add("社区", f.Community)
	add("网格", f.Grid)
	add("居住类型", f.ResidenceType)
	switch {
	case f.Status != "":
		add("状态", f.Status)
	case f.IncludeInactive:
		add("状态", "全部")
	default:
		add("状态", strings.Join(data.ActiveStatuses, "、"))
	}
	add("关怀标签", f.Tag)
	add("性别", f.Sex)
	switch {
	case f.AgeMax > 0 || f.HasAgeMax:
		add("年龄", fmt.Sprintf("%d–%d 岁", f.AgeMin, f.AgeMax))
	case f.AgeMin > 0:
		add("年龄", fmt.Sprintf("%d 岁及以上", f.AgeMin))
	}
	return strings.Join(parts, "；")
}

// maskQuery masks a query that holds an ID or phone number (seven digits
// or more), as the list would show the number.
func maskQuery(q string) string {
	n := data.NormalizeIDNumber(q)
	digits := 0
	for _, r := range n {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	switch {
	case digits < 7:
		return q
	case len(n) >= 15 && digits >= 14:
		return data.MaskID(n)
	}
	if p, err := data.NormalizePhone(q); err == nil {
		return data.MaskPhone(p)
	}
	return data.MaskPhone(n)
}
