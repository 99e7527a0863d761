package pdf

// 会议签到表: the sign-in sheet printed before a meeting and signed at the
// door. A4 portrait; the title and the meeting's title, time and place on
// the first page, the meeting named small at the top of every page (a
// loose page still says which meeting it belongs to); a table of the
// invited participants — 序号, 姓名, 类别, 单位 and a wide, empty 签名
// column — whose rows are tall enough to sign in, with its header
// repeated on every page; then blank numbered rows for those who come
// uninvited, filling the last page. A line for the head count stands
// with the time and place.

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"jiedao/data"
)

// signInTitle is the title of the sheet.
const signInTitle = "会议签到表"

// signInBlank is the fewest blank rows for walk-ins; more fill the rest
// of the last page.
const signInBlank = 5

// signInSize is the size of the table text (小四).
const signInSize = 12

// SignInDoc lays out the sign-in sheet of m (as Store.Meeting returns it,
// with its participants).
func SignInDoc(ctx context.Context, m *data.Meeting) (*Doc, error) {
	if m == nil {
		return nil, errors.New("pdf: sign-in sheet: nil meeting")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pdf: sign-in sheet: %w", err)
	}
	title := strings.TrimSpace(m.Title)
	head := signInTitle
	if title != "" {
		head = title + "　" + signInTitle
	}
	if t := data.MeetingTime(m); t != "" {
		head += "　" + t
	}
	d := New(Options{
		Margins:  Margins{Top: 22, Right: 20, Bottom: 20, Left: 20},
		BodySize: signInSize,
		Header:   head,
		Footer:   FooterPageOfTotal,
		Title:    strings.TrimSpace(title + " " + signInTitle),
	})
	d.Title(signInTitle)
	if title != "" {
		d.Text(title, Style{Face: SerifBold, Size: 14, Align: Center, LineSpacing: 1.4})
		d.Space(2)
	}
	field := Style{Align: Left, HangAfter: "：", LineSpacing: 1.4}
	d.Text("时间："+data.MeetingTime(m), field)
	if p := strings.TrimSpace(m.Place); p != "" {
		d.Text("地点："+p, field)
	}
	if h := strings.TrimSpace(m.Host); h != "" {
		d.Text("主持人："+h, field)
	}
	d.Text(fmt.Sprintf("应到%d人，实到＿＿＿人。", m.QuorumBase()), field)
	d.Space(2)

	// An empty second line makes every row tall enough for a signature
	// (about 13 mm); a long unit may make it taller.
	const sign = "\n"
	cols := []Column{
		{Header: "序号", Width: 14, Align: Center, Middle: true},
		{Header: "姓名", Width: 30, Align: Center, Middle: true},
		{Header: "类别", Width: 31, Align: Center, Middle: true}, // 物业服务企业 on one line
		{Header: "单位", Weight: 1, Align: Left, Middle: true},
		{Header: "签名", Width: 48, Align: Center},
	}
	rows := make([][]string, 0, len(m.Participants)+signInBlank)
	for _, p := range m.Participants {
		rows = append(rows, []string{strconv.Itoa(len(rows) + 1), p.Name, p.Category, p.Unit, sign})
	}
	for i := 0; i < signInBlank; i++ {
		rows = append(rows, []string{strconv.Itoa(len(rows) + 1), "", "", "", sign})
	}
	d.Table(Table{Columns: cols, Rows: rows, Size: signInSize})

	// Fill the rest of the last page with blank rows; they join the
	// table above (no header of their own).
	plain := make([]Column, len(cols))
	for i, c := range cols {
		c.Header = ""
		plain[i] = c
	}
	probe := d.scratch(d.w)
	probe.Table(Table{Columns: plain, Rows: [][]string{{"0", "", "", "", sign}}, Size: signInSize})
	if rowH := probe.y; rowH > 0 {
		if n := int((d.bot - d.y + eps) / rowH); n > 0 {
			more := make([][]string, n)
			for i := range more {
				more[i] = []string{strconv.Itoa(len(rows) + i + 1), "", "", "", sign}
			}
			d.Table(Table{Columns: plain, Rows: more, Size: signInSize})
		}
	}
	if d.sh.err != nil {
		return nil, d.sh.err
	}
	return d, nil
}

// PrintSignIn writes the sign-in sheet of the meeting whose ID is key to
// path, for `jiedao print signin ID -o FILE.pdf`. An unknown key gives the
// store's not-found *data.Error.
func PrintSignIn(ctx context.Context, s *data.Store, key, path string) error {
	m, err := s.MeetingByKey(ctx, key)
	if err != nil {
		return err
	}
	d, err := SignInDoc(ctx, m)
	if err != nil {
		return err
	}
	return d.audited(s, "signin", "meetings", []int64{m.ID}, map[string]any{"title": m.Title}).WriteFile(path)
}
