package pdf

// 关爱走访: the weekly visit plan of a grid (who is due or overdue this
// week, where they live, their phone as the role may see it, their tier,
// the last visit and what to check) and the blank visit form of one
// person, filled in on foot and typed in (or imported) afterwards.

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

// planColumns fit A4 landscape with 8 mm margins (281 mm) at 9 pt.
var planColumns = []Column{
	{Header: "序号", Width: 11, Align: Center},
	{Header: "姓名", Width: 30, Align: Left},
	{Header: "性别", Width: 10, Align: Center},
	{Header: "年龄", Width: 10, Align: Center},
	{Header: "关爱等级", Width: 17, Align: Center},
	{Header: "关怀标签", Weight: 1, Align: Left},
	{Header: "住址", Weight: 1.8, Align: Left},
	{Header: "联系电话", Width: 24, Align: Center},
	{Header: "上次走访", Width: 20, Align: Center},
	{Header: "应访日期", Width: 20, Align: Center},
	{Header: "走访重点", Weight: 1.4, Align: Left},
	{Header: "走访情况", Width: 26, Align: Left, Middle: true},
}

// planStates are the rows a weekly plan lists: everyone due by Sunday.
var planStates = map[string]string{data.DueOverdue: "已逾期", data.DueNever: "从未走访", data.DueThisWeek: "本周应访"}

// VisitPlan writes the plan of the week of week (zero: this week) for the
// residents f selects (a grid, usually) to path, audited as a print. Phone
// numbers are whole when the account may see them (a plan is for calling
// ahead), else masked. It returns the people listed.
func VisitPlan(ctx context.Context, s *data.Store, f data.VisitFilter, week time.Time, path string) (int, error) {
	if week.IsZero() {
		week = storeNow(s)
	}
	// The plan of this week is as of today (visits made since Monday
	// are done); of another week, as of its Monday, so that what falls
	// due in it is listed whenever it is printed.
	f.AsOf = planAsOf(week, storeNow(s))
	b, whole, err := s.VisitPlan(ctx, f)
	if err != nil {
		return 0, fmt.Errorf("pdf: visit plan: %w", err)
	}
	set, err := s.Settings(ctx)
	if err != nil {
		return 0, fmt.Errorf("pdf: visit plan: %w", err)
	}
	var rows []data.VisitDue
	for _, r := range b.Rows {
		if _, ok := planStates[r.State]; ok {
			rows = append(rows, r)
		}
	}
	d := visitPlanDoc(set.OfficeName, f, b, rows)
	if d.sh.err != nil {
		return 0, d.sh.err
	}
	out, err := d.Bytes()
	if err != nil {
		return 0, err
	}
	err = s.WriteAudited(ctx, path, func(w io.Writer) error {
		_, err := w.Write(out)
		return err
	}, AuditActionPrint, data.EntityVisitPlan, 0, func() any {
		return map[string]any{"document": "走访计划", "file": filepath.Base(path), "community": f.Community, "grid": f.Grid,
			"week": b.WeekStart, "rows": len(rows), "masked": !whole}
	})
	if err != nil {
		return 0, fmt.Errorf("pdf: %w", err)
	}
	return len(rows), nil
}

func visitPlanDoc(office string, f data.VisitFilter, b data.VisitBoard, rows []data.VisitDue) *Doc {
	where := strings.TrimSpace(f.Community + " " + f.Grid)
	if where == "" {
		where = "全部网格"
	}
	title := "关爱走访周计划"
	header := strings.TrimSpace(office+"　"+title) + "\n" + where + "　" + b.WeekStart + " 至 " + b.WeekEnd
	d := New(Options{Landscape: true, Margins: Margins{Top: 22, Right: 8, Bottom: 16, Left: 8},
		Header: header, Footer: FooterPageOfTotal, BodySize: 10.5, Title: title})
	d.Title(title)
	d.Text(where+"　"+b.WeekStart+" 至 "+b.WeekEnd+"　走访人：＿＿＿＿＿＿", Style{Align: Center, SpaceAfter: 2})
	tw := d.newTableWriter(Table{Columns: planColumns, Size: 9})
	for i, r := range rows {
		age := ""
		if r.Age >= 0 {
			age = strconv.Itoa(r.Age)
		}
		last := r.LastVisit
		if last == "" {
			last = "从未走访"
		} else if r.LastProblems > 0 {
			last += "\n" + strconv.Itoa(r.LastProblems) + "项有问题"
		}
		due := r.Due
		if r.State == data.DueOverdue {
			due += "\n（已逾期）"
		}
		tw.Row(strconv.Itoa(i+1), r.Name, r.Sex, age, r.Tier, strings.Join(r.Tags, "、"), r.Address, r.Phone,
			last, due, focus(r), "□见到本人\n□未见到")
	}
	tw.begin()
	if len(rows) == 0 {
		d.Text("（本周没有应访对象）", Style{Align: Center, SpaceBefore: 2})
	} else {
		d.Text("合计："+strconv.Itoa(len(rows))+" 人", Style{Align: Right, SpaceBefore: 2})
	}
	return d
}

// focus is what to check on a visit: what the last visit found to watch
// or a problem, then what the person's tags call for; the five items when
// nothing stands out.
func focus(r data.VisitDue) string {
	var parts []string
	for _, t := range r.Tags {
		switch t {
		case data.TagAloneElderly, data.TagVeryOld:
			parts = append(parts, "身体状况、居家安全")
		case data.TagDisabled:
			parts = append(parts, "赡养照料、服务需求")
		case data.TagSubsistence, data.TagDestitute:
			parts = append(parts, "经济状况")
		case data.TagLeftBehind:
			parts = append(parts, "监护照料")
		}
	}
	if len(r.LastFlags) > 0 {
		parts = append([]string{"上次" + strings.Join(r.LastFlags, "、")}, parts...) // what was found comes first
	}
	seen := map[string]bool{}
	var out []string
	for _, p := range parts {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return "五项清单"
	}
	return strings.Join(out, "；")
}

// formColumns are the checklist's columns on A4 portrait (text width 160
// mm with 25 mm margins).
var formColumns = []Column{
	{Header: "走访内容", Width: 48, Align: Left, Middle: true},
	{Header: "正常", Width: 14, Align: Center, Middle: true},
	{Header: "需关注", Width: 16, Align: Center, Middle: true},
	{Header: "有问题", Width: 16, Align: Center, Middle: true},
	{Header: "情况说明", Weight: 1, Align: Left},
}

// VisitForm writes the blank visit form of resident id (name, address,
// tier, the checklist with boxes, the referral and signatures) to path,
// audited as a print. The phone is masked: the form is left behind or
// filed.
func VisitForm(ctx context.Context, s *data.Store, residentID int64, path string) error {
	b, err := s.VisitBoard(ctx, data.VisitFilter{ResidentID: residentID})
	if err != nil {
		return fmt.Errorf("pdf: visit form: %w", err)
	}
	r, err := s.Resident(ctx, residentID)
	if err != nil {
		return fmt.Errorf("pdf: visit form: %w", err)
	}
	h, err := s.Household(ctx, r.HouseholdID)
	if err != nil {
		return fmt.Errorf("pdf: visit form: %w", err)
	}
	row := data.VisitDue{ResidentID: r.ID, Name: r.Name, Sex: r.Sex, Age: r.Age(storeNow(s)), Address: h.Address,
		Community: h.Community, Grid: h.Grid, Phone: data.MaskPhone(r.Phone), Tags: r.CareTags(storeNow(s)), Tier: "未列入"}
	if len(b.Rows) == 1 {
		row = b.Rows[0]
	}
	set, err := s.Settings(ctx)
	if err != nil {
		return fmt.Errorf("pdf: visit form: %w", err)
	}
	d := visitFormDoc(set.OfficeName, row)
	if d.sh.err != nil {
		return d.sh.err
	}
	out, err := d.Bytes()
	if err != nil {
		return err
	}
	err = s.WriteAudited(ctx, path, func(w io.Writer) error {
		_, err := w.Write(out)
		return err
	}, AuditActionPrint, "residents", residentID, func() any {
		return map[string]any{"document": "走访记录表", "file": filepath.Base(path)}
	})
	if err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

func visitFormDoc(office string, r data.VisitDue) *Doc {
	title := "关爱走访记录表"
	d := New(Options{Margins: Margins{Top: 20, Right: 25, Bottom: 18, Left: 25}, Header: office, BodySize: 11, Title: title})
	d.Title(title)
	age := ""
	if r.Age >= 0 {
		age = strconv.Itoa(r.Age) + " 岁"
	}
	last := r.LastVisit
	if last == "" {
		last = "从未走访"
	}
	info := Table{Columns: []Column{{Width: 26}, {Weight: 1}, {Width: 26}, {Weight: 1}}, Size: 10.5, Rows: [][]string{
		{"姓名", r.Name, "性别 / 年龄", strings.TrimSpace(r.Sex + "　" + age)},
		{"社区 / 网格", strings.TrimSpace(r.Community + " " + r.Grid), "关爱等级", r.Tier},
		{"住址", r.Address, "联系电话", r.Phone},
		{"关怀标签", strings.Join(r.Tags, "、"), "上次走访", last},
	}}
	d.Table(info)
	d.Table(Table{Columns: []Column{{Width: 26}, {Weight: 1}}, Size: 10.5, Rows: [][]string{
		{"走访时间", "　　　　年　　月　　日　　时　　分　　　　是否见到本人：□是　□否"},
		{"走访方式", "□上门　□电话　□视频　□第三方代访　□智能设备提醒"},
	}})
	d.Space(3)
	var rows [][]string
	for _, item := range data.CheckItems {
		rows = append(rows, []string{item + "\n", "□", "□", "□", ""})
	}
	d.Table(Table{Columns: formColumns, Size: 10.5, Rows: rows})
	d.Space(3)
	d.Table(Table{Columns: []Column{{Width: 26}, {Weight: 1}}, Size: 10.5, Rows: [][]string{
		{"转办事项", "\n\n"},
		{"责任人 / 时限", ""},
		{"其他情况", "\n\n"},
	}})
	d.Text("走访人（签名）：＿＿＿＿＿＿＿＿　　被走访人或家属（签名）：＿＿＿＿＿＿＿＿", Style{SpaceBefore: 8})
	return d
}

// planAsOf is the day the plan of week's week is computed for: today when
// the week is this week, else its Monday.
func planAsOf(week, now time.Time) time.Time {
	mon, sun := data.WeekOf(week)
	if today := now.Format(time.DateOnly); today >= mon && today <= sun {
		return now
	}
	t, _ := time.ParseInLocation(time.DateOnly, mon, week.Location())
	return t
}
