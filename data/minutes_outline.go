package data

// The minutes' outline: what a meeting's minutes say, block by block,
// decided once here and rendered by package pdf (the 公文 layout) and by
// package docx (the Word copy), so the two documents never disagree. Only
// what was decided at the meeting is in it: an action's later progress
// and status are follow-up records, so finalized minutes reprint the same.
// With it the texts both documents (and the public notice) share: the
// title, the time, the vote line, the numbers of the 公文 headings, and
// Chinese dates and numerals.

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// OutlineKind is the kind of one block of a meeting document's outline.
type OutlineKind int

// Outline block kinds.
const (
	OutlineTitle     OutlineKind = iota // the document title, centred
	OutlineNote                         // a centred line under the title (version, superseded)
	OutlineHeading                      // a numbered heading; Level 1 一、 2 （一） 3 1. 4 （1）
	OutlineParagraph                    // body text, first line indented two characters; "\n" separates paragraphs
	OutlineLabelled                     // Label in the heading face, "：", then Text hanging after the colon
	OutlineClosing                      // the closing lines (记录人, 主持人), Text one a line; kept with what precedes
)

// OutlineBlock is one block of a meeting document, as MinutesOutline
// writes it.
type OutlineBlock struct {
	Kind  OutlineKind
	Level int    // OutlineHeading
	Label string // OutlineLabelled: "出席"
	Text  string
}

// MinutesTitle is the title of a meeting's minutes: the meeting's title
// with 纪要 (or 会议纪要) after it unless it says so already.
func MinutesTitle(m *Meeting) string {
	t := strings.TrimSpace(m.Title)
	switch {
	case t == "":
		return "会议纪要"
	case strings.HasSuffix(t, "纪要"):
		return t
	case strings.HasSuffix(t, "会") || strings.HasSuffix(t, "会议"):
		return t + "纪要"
	}
	return t + "会议纪要"
}

// MeetingTime writes a meeting's date and times as the documents print
// them: "2026年3月5日（星期四）14:30—16:30".
func MeetingTime(m *Meeting) string {
	s := DateCN(m.Date)
	if t, err := time.Parse(time.DateOnly, strings.TrimSpace(m.Date)); err == nil {
		s += "（星期" + []string{"日", "一", "二", "三", "四", "五", "六"}[t.Weekday()] + "）"
	}
	switch {
	case m.StartTime != "" && m.EndTime != "":
		s += m.StartTime + "—" + m.EndTime
	case m.StartTime != "":
		s += m.StartTime
	}
	return s
}

// attendees lists the participants of one attendance as the minutes name
// them: 名字（单位）、名字… An observer invited as 列席 counts as 列席
// whatever was ticked, unless absent or on leave.
func attendees(m *Meeting, attendance string) string {
	var names []string
	for _, p := range m.Participants {
		a := p.Attendance
		if p.Category == CategoryObserver && a == AttendPresent {
			a = AttendObserver
		}
		if a != attendance {
			continue
		}
		n := strings.TrimSpace(p.Name)
		if u := strings.TrimSpace(p.Unit); u != "" {
			n += "（" + u + "）"
		}
		names = append(names, n)
	}
	return strings.Join(names, "、")
}

// VoteLine is a resolution's votes and outcome as the documents print
// them: "同意9票、反对1票、弃权1票。按过半数规则（应参加表决11人，需同意6票），
// 决议通过。", with 未达法定人数 when the meeting had no quorum.
func VoteLine(m *Meeting, r Resolution) string {
	o := r.Outcome(m)
	s := fmt.Sprintf("同意%d票、反对%d票、弃权%d票", r.For, r.Against, r.Abstain)
	if r.NotVoting > 0 {
		s += fmt.Sprintf("、未参加表决%d人", r.NotVoting)
	}
	s += fmt.Sprintf("。按“%s”规则（应参加表决%d人，需同意%d票），", o.Rule, o.Eligible, o.Needed)
	switch {
	case o.NoQuorum:
		s += "因会议未达法定人数，决议未通过（未达法定人数）。"
	case o.Passed:
		s += "决议通过。"
	default:
		s += "决议未通过。"
	}
	return s
}

// attendanceLine is the count of those invited and present, and whether
// the meeting had its quorum.
func attendanceLine(m *Meeting) string {
	count := func(a string) int {
		n := 0
		for _, p := range m.Participants {
			if p.Attendance == a && p.Counts() {
				n++
			}
		}
		return n
	}
	observers := 0
	for _, p := range m.Participants {
		if !p.Counts() && p.Attendance != AttendLeave && p.Attendance != AttendAbsent {
			observers++
		}
	}
	s := fmt.Sprintf("本次会议应到%d人，实到%d人", m.QuorumBase(), m.Present())
	if n := count(AttendLeave); n > 0 {
		s += fmt.Sprintf("，请假%d人", n)
	}
	if n := count(AttendAbsent); n > 0 {
		s += fmt.Sprintf("，缺席%d人", n)
	}
	if observers > 0 {
		s += fmt.Sprintf("，列席%d人", observers)
	}
	if m.HasQuorum() {
		return s + fmt.Sprintf("。出席人数超过应到人数的%d%%，符合法定人数要求。", m.Quorum())
	}
	return s + fmt.Sprintf("。出席人数未超过应到人数的%d%%（至少需%d人），未达法定人数。", m.Quorum(), m.QuorumNeeded())
}

// HeadingNumber is the number of a heading of level 1–4 in the 公文
// sequence: 一、 （一） 1. （1）.
func HeadingNumber(level, n int) string {
	switch level {
	case 1:
		return NumberCN(n) + "、"
	case 2:
		return "（" + NumberCN(n) + "）"
	case 3:
		return strconv.Itoa(n) + ". "
	}
	return "（" + strconv.Itoa(n) + "）"
}

// MinutesOutline is what the minutes of m say, block by block, for the
// PDF (package pdf) and the Word file (package docx): the title and the
// version, the meeting's basics and attendance, each agenda item with its
// background, speeches and proposals, the resolutions with their votes
// and outcome, the actions with owner and deadline, the summary, and the
// recorder and host.
func MinutesOutline(m *Meeting) []OutlineBlock {
	var o outline
	o.title(m)
	o.basics(m)
	o.agenda(m.Agenda)
	o.resolutions(m)
	o.actions(m.Actions)
	if Paragraphs(m.Summary) != "" {
		o.section("会议小结")
		o.paragraphs("", m.Summary)
	}
	o.closing(m)
	for i := range o.blocks {
		o.blocks[i].Text = DatesCN(o.blocks[i].Text)
	}
	return o.blocks
}

// outline is an outline being written, with its level-1 sections
// numbered as they come.
type outline struct {
	blocks   []OutlineBlock
	sections int
}

func (o *outline) add(k OutlineKind, text string) {
	o.blocks = append(o.blocks, OutlineBlock{Kind: k, Text: text})
}

func (o *outline) heading(level, n int, text string) {
	o.blocks = append(o.blocks, OutlineBlock{Kind: OutlineHeading, Level: level, Text: HeadingNumber(level, n) + strings.TrimSpace(text)})
}

// section starts the next numbered section.
func (o *outline) section(text string) {
	o.sections++
	o.heading(1, o.sections, text)
}

// field adds "label：text", unless text is empty.
func (o *outline) field(label, text string) {
	if text = strings.TrimSpace(text); text != "" {
		o.blocks = append(o.blocks, OutlineBlock{Kind: OutlineLabelled, Label: label, Text: text})
	}
}

// paragraphs adds text's paragraphs, the first after prefix, unless text
// is empty.
func (o *outline) paragraphs(prefix, text string) {
	if text = Paragraphs(text); text != "" {
		o.add(OutlineParagraph, prefix+text)
	}
}

// title adds the title, and notes of the version and of its being
// superseded.
func (o *outline) title(m *Meeting) {
	o.add(OutlineTitle, MinutesTitle(m))
	if m.Version > 1 {
		note := fmt.Sprintf("（第%d版", m.Version)
		if r := strings.TrimSpace(m.AmendReason); r != "" {
			note += "　修订原因：" + r
		}
		o.add(OutlineNote, note+"）")
	}
	if m.Superseded() {
		o.add(OutlineNote, "（本版本已被修订版本替代，以最新版本为准）")
	}
}

// basics adds the section of the meeting's basics and attendance.
func (o *outline) basics(m *Meeting) {
	o.section("会议基本情况")
	o.field("时间", MeetingTime(m))
	o.field("地点", m.Place)
	o.field("会议类型", m.Kind)
	o.field("社区", m.Community)
	o.field("召集人", m.Convener)
	o.field("主持人", m.Host)
	o.field("记录人", m.Recorder)
	o.add(OutlineParagraph, attendanceLine(m))
	for _, a := range []string{AttendPresent, AttendLeave, AttendAbsent, AttendObserver} {
		o.field(a, attendees(m, a))
	}
}

// agenda adds the section of the agenda items: each one's background,
// speeches and proposals, numbered as they are there.
func (o *outline) agenda(items []AgendaItem) {
	if len(items) == 0 {
		return
	}
	o.section("会议议题及讨论情况")
	for i, it := range items {
		o.heading(2, i+1, it.Topic)
		sub := 0
		if strings.TrimSpace(it.Background) != "" {
			sub++
			o.heading(3, sub, "情况说明")
			o.paragraphs("", it.Background)
		}
		if len(it.Speeches) > 0 {
			sub++
			o.heading(3, sub, "讨论发言")
			o.speeches(it.Speeches)
		}
		if strings.TrimSpace(it.Proposals) != "" {
			sub++
			o.heading(3, sub, "意见建议")
			o.paragraphs("", it.Proposals)
		}
	}
}

// speeches adds an item's speeches, one numbered paragraph each.
func (o *outline) speeches(speeches []Speech) {
	for k, sp := range speeches {
		o.paragraphs(HeadingNumber(4, k+1)+strings.TrimSpace(sp.Speaker)+"：", sp.Summary)
		if strings.TrimSpace(sp.Summary) == "" {
			o.add(OutlineParagraph, HeadingNumber(4, k+1)+strings.TrimSpace(sp.Speaker)+"发言。")
		}
	}
}

// resolutions adds the section of the resolutions with their votes and
// outcome.
func (o *outline) resolutions(m *Meeting) {
	if len(m.Resolutions) == 0 {
		return
	}
	o.section("会议决议")
	for i, r := range m.Resolutions {
		o.paragraphs(HeadingNumber(2, i+1), r.Text)
		o.add(OutlineParagraph, "表决结果："+VoteLine(m, r))
	}
}

// actions adds the section of the actions with owner and deadline.
func (o *outline) actions(actions []Action) {
	if len(actions) == 0 {
		return
	}
	o.section("督办事项")
	for i, a := range actions {
		t := strings.TrimSpace(a.Task)
		if !strings.HasSuffix(t, "。") {
			t += "。"
		}
		t += "责任人：" + strings.TrimSpace(a.Owner)
		if a.Deadline != "" {
			t += "；完成时限：" + DateCN(a.Deadline)
		}
		t += "。"
		if a.CarriedFromID != nil {
			t += "（延续此前会议督办事项）"
		}
		o.add(OutlineParagraph, HeadingNumber(2, i+1)+t)
	}
}

// closing adds the closing lines, the recorder and the host.
func (o *outline) closing(m *Meeting) {
	var closing []string
	if r := strings.TrimSpace(m.Recorder); r != "" {
		closing = append(closing, "记录人："+r)
	}
	if h := strings.TrimSpace(m.Host); h != "" {
		closing = append(closing, "主持人："+h)
	}
	if len(closing) > 0 {
		o.add(OutlineClosing, strings.Join(closing, "\n"))
	}
}

// MeetingByKey loads the meeting whose ID is key (full-width digits and
// blanks tolerated, a leading # too), with everything in it, for the
// commands that print or export one meeting. A key that is not a number,
// or no such meeting, gives the not-found *Error (errors.Is(err,
// ErrNotFound)).
func (s *Store) MeetingByKey(ctx context.Context, key string) (*Meeting, error) {
	if err := s.can("MeetingByKey"); err != nil {
		return nil, err
	}
	k := strings.TrimSpace(strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, key))
	id, err := strconv.ParseInt(strings.TrimPrefix(k, "#"), 10, 64)
	if err != nil || id <= 0 {
		return nil, NotFound("meetings", key)
	}
	m, err := s.Meeting(ctx, id)
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// isoDateInText is a date typed as 2027-06-25, 2027-6-25 or 2027/6/25 in
// free text, not part of a longer run of digits (an agreement number
// XF-2026-0001, a phone number).
var isoDateInText = regexp.MustCompile(`(^|[^0-9A-Za-z/-])((?:19|20)\d{2})([-/])(\d{1,2})([-/])(\d{1,2})($|[^0-9A-Za-z/-])`)

// DatesCN rewrites the dates typed in text as 2027-06-25 (or 2027-6-25,
// 2027/6/25) the way body text prints them, 2027年6月25日: what the user
// writes into an agreement's 变更内容 or a meeting's summary reads as the
// rest of the document does. Something that is not a real day is left
// as it is.
func DatesCN(text string) string {
	if !strings.ContainsAny(text, "-/") {
		return text
	}
	// Matches share no boundary character with the next only if the
	// boundary is consumed; run twice so "2027-01-01至2027-12-31" both go.
	for range 2 {
		text = isoDateInText.ReplaceAllStringFunc(text, func(s string) string {
			m := isoDateInText.FindStringSubmatch(s)
			if m[3] != m[5] {
				return s
			}
			y, mo, d := atoi(m[2]), atoi(m[4]), atoi(m[6])
			t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
			if mo < 1 || mo > 12 || d < 1 || t.Day() != d {
				return s
			}
			return m[1] + fmt.Sprintf("%d年%d月%d日", y, mo, d) + m[7]
		})
	}
	return text
}

// DateCN writes an ISO date (2006-01-02) as documents print it since GB/T
// 9704-2012, 2027年1月1日; other text is returned as it is.
func DateCN(iso string) string {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(iso))
	if err != nil {
		return iso
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// NumberCN writes 0 < n < 1000 in Chinese numerals as article and
// instalment numbers read (一, 十二, 二十, 一百零五); other numbers in
// digits.
func NumberCN(n int) string {
	d := []rune("零一二三四五六七八九")
	switch {
	case n <= 0 || n >= 1000:
		return fmt.Sprint(n)
	case n < 10:
		return string(d[n])
	case n < 20:
		if n == 10 {
			return "十"
		}
		return "十" + string(d[n%10])
	case n < 100:
		s := string(d[n/10]) + "十"
		if n%10 != 0 {
			s += string(d[n%10])
		}
		return s
	}
	s := string(d[n/100]) + "百"
	switch r := n % 100; {
	case r == 0:
	case r < 10:
		s += "零" + string(d[r])
	default:
		if r < 20 {
			s += "一" // 一百一十二
		}
		s += NumberCN(r)
	}
	return s
}

// Paragraphs returns a text (an article's body, an agenda item's
// background) with blank lines dropped and each line trimmed: one
// paragraph a line. \r\n, \r, U+2028 and U+2029 end lines too.
func Paragraphs(body string) string {
	var out []string
	for _, l := range splitLines(body) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// splitLines normalises line ends and splits text into hard lines.
func splitLines(text string) []string {
	if strings.ContainsAny(text, "\r\u2028\u2029") {
		text = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n").Replace(text)
	}
	return strings.Split(text, "\n")
}
