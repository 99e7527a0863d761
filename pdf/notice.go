package pdf

// 公示: the notice of a meeting's resolutions for the community notice
// board. It uses the 公文 frame of the minutes (GB/T 9704: 3号 text in
// the 156 × 225 mm block, page numbers "— N —"), because it goes out over
// the office's name: the title, an opening paragraph saying which meeting
// decided what with how many present, each resolution with its votes and
// outcome, the publicity period and whom to tell of objections, and the
// office's name with the date, right of the middle and never alone on a
// page. A notice of minutes not yet finalized carries a diagonal 草稿.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"jiedao/data"
)

// NoticeDays is how long a notice stays up: the publicity period, in
// days, from the day it is published (or printed, before that).
const NoticeDays = 7

// NoticeTitle is the notice's title.
func NoticeTitle(m *data.Meeting) string {
	t := strings.TrimSpace(m.Title)
	if t == "" {
		return "会议决议公示"
	}
	return "关于" + t + "决议事项的公示"
}

// NoticeDoc lays out the public notice of m's resolutions. office is the
// office's settings (its name signs the notice, its contact and phone
// take objections); day is the first day of the publicity period.
func NoticeDoc(ctx context.Context, m *data.Meeting, office data.Settings, day time.Time) (*Doc, error) {
	if m == nil {
		return nil, errors.New("pdf: notice: nil meeting")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pdf: notice: %w", err)
	}
	wm := ""
	if !m.Frozen() {
		wm = minutesWatermark
	}
	d := New(gwOptions(NoticeTitle(m), wm))
	name := strings.TrimSpace(office.OfficeName)
	who := name
	if c := strings.TrimSpace(m.Community); c != "" {
		who = c
	}
	if who == "" {
		who = "本社区"
	}
	intro := data.DateCN(m.Date) + "，" + who + "召开" + strings.TrimSpace(m.Title)
	if p := strings.TrimSpace(m.Place); p != "" {
		intro += "（地点：" + p + "）"
	}
	intro += fmt.Sprintf("，应到%d人，实到%d人", m.QuorumBase(), m.Present())
	if !m.HasQuorum() {
		intro += "，未达法定人数"
	}
	if len(m.Resolutions) == 0 {
		intro += "。本次会议未形成表决事项。"
	} else {
		intro += "。会议对以下事项进行了表决，现将表决结果公示如下："
	}
	end := day.AddDate(0, 0, NoticeDays-1)
	period := "公示期：" + DateCN(day) + "至" + DateCN(end) + fmt.Sprintf("（%d天）。", NoticeDays) +
		"公示期间，居民群众如有意见或建议，请向" + orDefault(name, "社区") + "反映"
	var contact []string
	if c := strings.TrimSpace(office.Contact); c != "" {
		contact = append(contact, "联系人："+c)
	}
	if p := strings.TrimSpace(office.Phone); p != "" {
		contact = append(contact, "联系电话："+p)
	}
	if len(contact) > 0 {
		period += "（" + strings.Join(contact, "，") + "）"
	}
	period += "。"

	var bs []data.OutlineBlock
	bs = append(bs, data.OutlineBlock{Kind: data.OutlineTitle, Text: NoticeTitle(m)})
	if m.Version > 1 {
		bs = append(bs, data.OutlineBlock{Kind: data.OutlineNote, Text: fmt.Sprintf("（依据会议纪要第%d版）", m.Version)})
	}
	bs = append(bs, data.OutlineBlock{Kind: data.OutlineParagraph, Text: intro})
	for i, r := range m.Resolutions {
		bs = append(bs, data.OutlineBlock{Kind: data.OutlineHeading, Level: 1, Text: data.HeadingNumber(1, i+1) + firstLine(r.Text)})
		if rest := restLines(r.Text); rest != "" {
			bs = append(bs, data.OutlineBlock{Kind: data.OutlineParagraph, Text: rest})
		}
		bs = append(bs, data.OutlineBlock{Kind: data.OutlineParagraph, Text: "表决结果：" + data.VoteLine(m, r)})
	}
	bs = append(bs, data.OutlineBlock{Kind: data.OutlineParagraph, Text: period}, data.OutlineBlock{Kind: data.OutlineParagraph, Text: "特此公示。"})
	d.gwBlocks(bs)

	// The signature: the office's name centred over the date, four
	// characters in from the right (GB/T 9704 §7.3.5), after two blank
	// lines; the last two lines of the text go along to a new page.
	lh := d.lineHeight(Style{})
	em := d.opt.BodySize * ptMM
	sign := []string{orDefault(name, "（单位名称）"), DateCN(day)}
	var wide float64
	for _, l := range sign {
		var w float64
		for _, c := range d.sh.shape(l, fSerif, d.opt.BodySize) {
			w += c.w + d.track*em
		}
		wide = max(wide, w)
	}
	wide -= d.track * em // the last character keeps its natural advance
	wide += 0.01
	right := 4 * (em + d.track*em)
	left := max(d.w-right-wide, 0)
	d.KeepWithPrevious(2, func(b *Doc) {
		b.Space(2 * lh)
		b.Text(strings.Join(sign, "\n"), Style{Align: Center, Indent: left, RightIndent: right})
	})
	if d.sh.err != nil {
		return nil, d.sh.err
	}
	return d, nil
}

// PrintNotice writes the public notice of the resolutions of the meeting
// whose ID is key to path, for `jiedao print notice ID -o FILE.pdf`. The
// publicity period starts on the day the meeting was published, or today
// (the store's clock) before that.
func PrintNotice(ctx context.Context, s *data.Store, key, path string) error {
	m, err := s.MeetingByKey(ctx, key)
	if err != nil {
		return err
	}
	set, err := s.Settings(ctx)
	if err != nil {
		return fmt.Errorf("pdf: notice: %w", err)
	}
	day := storeNow(s)
	if m.PublishedAt != nil {
		day = *m.PublishedAt
	}
	d, err := NoticeDoc(ctx, m, set, day)
	if err != nil {
		return err
	}
	return d.audited(s, "notice", "meetings", []int64{m.ID}, map[string]any{"title": m.Title}).WriteFile(path)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// firstLine and restLines split a resolution's text at its first line
// break: the first line heads the item, the rest is its body.
func firstLine(s string) string {
	s = data.Paragraphs(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func restLines(s string) string {
	s = data.Paragraphs(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return ""
}
