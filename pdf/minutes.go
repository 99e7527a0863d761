package pdf

// 会议纪要: the minutes of a deliberation meeting in the 公文 layout of
// GB/T 9704-2012, so that a community office can file them with its
// official documents: A4, top margin 37 mm, left 28 mm, a text block of
// 156 × 225 mm holding 22 lines of 28 characters of 3号 (16 pt) Song;
// the title centred in 2号 in the heading face; headings numbered 一、
// （一） 1. （1）; the 出席 / 请假 / 列席 lines with their label in the
// heading face two characters in and the names hanging after the colon;
// page numbers "— N —" in 4号, odd pages right, even pages left, one
// character in. A draft carries a diagonal 草稿.
//
// What the minutes say is decided once, in MinutesOutline, and rendered
// here and by package docx: the PDF and the Word file never disagree.
// Only what was decided at the meeting prints: an action's later progress
// and status are follow-up records, so a finalized meeting reprints the
// same.

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"jiedao/data"
)

// BlockKind is the kind of one block of a meeting document's outline.
type BlockKind int

// Block kinds.
const (
	BlockTitle     BlockKind = iota // the document title, centred
	BlockNote                       // a centred line under the title (version, superseded)
	BlockHeading                    // a numbered heading; Level 1 一、 2 （一） 3 1. 4 （1）
	BlockParagraph                  // body text, first line indented two characters; "\n" separates paragraphs
	BlockLabelled                   // Label in the heading face, "：", then Text hanging after the colon
	BlockClosing                    // the closing lines (记录人, 主持人), Text one a line; kept with what precedes
)

// Block is one block of a meeting document, as MinutesOutline writes it.
type Block struct {
	Kind  BlockKind
	Level int    // BlockHeading
	Label string // BlockLabelled: "出席"
	Text  string
}

// minutesWatermark marks minutes not yet finalized.
const minutesWatermark = "草稿"

// The 公文 frame (GB/T 9704-2012 §5.2): A4, text block 156 × 225 mm from
// 37 mm at the top and 28 mm at the left; 22 lines of 28 characters of 3号.
const (
	gwTop, gwLeft, gwWidth, gwHeight = 37.0, 28.0, 156.0, 225.0
	gwBodySize                       = 16.0 // 3号
	gwTitleSize                      = 22.0 // 2号
	gwLines, gwChars                 = 22, 28
)

// gwLineHeight is the height of one line of the 22-line grid, a hair less
// than 225/22 mm so that 22 lines fit the block whatever the rounding.
const gwLineHeight = gwHeight/gwLines - 1e-6

// gwOptions is the 公文 page with page numbers "— N —" and, when
// watermark is not empty, that watermark.
func gwOptions(title, watermark string) Options {
	return Options{
		Margins:      Margins{Top: gwTop, Left: gwLeft, Right: 210 - gwLeft - gwWidth, Bottom: 297 - gwTop - gwHeight},
		BodySize:     gwBodySize,
		LineSpacing:  gwLineHeight / (gwBodySize * ptMM),
		CharsPerLine: gwChars,
		Footer:       FooterDash,
		Watermark:    watermark,
		Title:        title,
	}
}

// MinutesTitle is the title of a meeting's minutes: the meeting's title
// with 纪要 (or 会议纪要) after it unless it says so already.
func MinutesTitle(m *data.Meeting) string {
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
func MeetingTime(m *data.Meeting) string {
	s := isoDateCN(m.Date)
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
func attendees(m *data.Meeting, attendance string) string {
	var names []string
	for _, p := range m.Participants {
		a := p.Attendance
		if p.Category == data.CategoryObserver && a == data.AttendPresent {
			a = data.AttendObserver
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
func VoteLine(m *data.Meeting, r data.Resolution) string {
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
func attendanceLine(m *data.Meeting) string {
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
		if !p.Counts() && p.Attendance != data.AttendLeave && p.Attendance != data.AttendAbsent {
			observers++
		}
	}
	s := fmt.Sprintf("本次会议应到%d人，实到%d人", m.QuorumBase(), m.Present())
	if n := count(data.AttendLeave); n > 0 {
		s += fmt.Sprintf("，请假%d人", n)
	}
	if n := count(data.AttendAbsent); n > 0 {
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

// headingNumber is the number of a heading of level 1–4 in the 公文
// sequence: 一、 （一） 1. （1）.
func headingNumber(level, n int) string {
	switch level {
	case 1:
		return cnNumber(n) + "、"
	case 2:
		return "（" + cnNumber(n) + "）"
	case 3:
		return strconv.Itoa(n) + ". "
	}
	return "（" + strconv.Itoa(n) + "）"
}

// MinutesOutline is what the minutes of m say, block by block, for the
// PDF (MinutesDoc) and the Word file (package docx): the title and the
// version, the meeting's basics and attendance, each agenda item with its
// background, speeches and proposals, the resolutions with their votes
// and outcome, the actions with owner and deadline, the summary, and the
// recorder and host.
func MinutesOutline(m *data.Meeting) []Block {
	var bs []Block
	add := func(k BlockKind, text string) { bs = append(bs, Block{Kind: k, Text: text}) }
	section := 0
	heading := func(level, n int, text string) {
		bs = append(bs, Block{Kind: BlockHeading, Level: level, Text: headingNumber(level, n) + strings.TrimSpace(text)})
	}
	field := func(label, text string) {
		if text = strings.TrimSpace(text); text != "" {
			bs = append(bs, Block{Kind: BlockLabelled, Label: label, Text: text})
		}
	}
	paragraphs := func(prefix, text string) {
		if text = bodyParagraphs(text); text != "" {
			add(BlockParagraph, prefix+text)
		}
	}

	add(BlockTitle, MinutesTitle(m))
	if m.Version > 1 {
		note := fmt.Sprintf("（第%d版", m.Version)
		if r := strings.TrimSpace(m.AmendReason); r != "" {
			note += "　修订原因：" + r
		}
		add(BlockNote, note+"）")
	}
	if m.Superseded() {
		add(BlockNote, "（本版本已被修订版本替代，以最新版本为准）")
	}

	section++
	heading(1, section, "会议基本情况")
	field("时间", MeetingTime(m))
	field("地点", m.Place)
	field("会议类型", m.Kind)
	field("社区", m.Community)
	field("召集人", m.Convener)
	field("主持人", m.Host)
	field("记录人", m.Recorder)
	add(BlockParagraph, attendanceLine(m))
	for _, a := range []string{data.AttendPresent, data.AttendLeave, data.AttendAbsent, data.AttendObserver} {
		field(a, attendees(m, a))
	}

	if len(m.Agenda) > 0 {
		section++
		heading(1, section, "会议议题及讨论情况")
		for i, it := range m.Agenda {
			heading(2, i+1, it.Topic)
			sub := 0
			if strings.TrimSpace(it.Background) != "" {
				sub++
				heading(3, sub, "情况说明")
				paragraphs("", it.Background)
			}
			if len(it.Speeches) > 0 {
				sub++
				heading(3, sub, "讨论发言")
				for k, sp := range it.Speeches {
					paragraphs(headingNumber(4, k+1)+strings.TrimSpace(sp.Speaker)+"：", sp.Summary)
					if strings.TrimSpace(sp.Summary) == "" {
						add(BlockParagraph, headingNumber(4, k+1)+strings.TrimSpace(sp.Speaker)+"发言。")
					}
				}
			}
			if strings.TrimSpace(it.Proposals) != "" {
				sub++
				heading(3, sub, "意见建议")
				paragraphs("", it.Proposals)
			}
		}
	}

	if len(m.Resolutions) > 0 {
		section++
		heading(1, section, "会议决议")
		for i, r := range m.Resolutions {
			paragraphs(headingNumber(2, i+1), r.Text)
			add(BlockParagraph, "表决结果："+VoteLine(m, r))
		}
	}

	if len(m.Actions) > 0 {
		section++
		heading(1, section, "督办事项")
		for i, a := range m.Actions {
			t := strings.TrimSpace(a.Task)
			if !strings.HasSuffix(t, "。") {
				t += "。"
			}
			t += "责任人：" + strings.TrimSpace(a.Owner)
			if a.Deadline != "" {
				t += "；完成时限：" + isoDateCN(a.Deadline)
			}
			t += "。"
			if a.CarriedFromID != nil {
				t += "（延续此前会议督办事项）"
			}
			add(BlockParagraph, headingNumber(2, i+1)+t)
		}
	}

	if bodyParagraphs(m.Summary) != "" {
		section++
		heading(1, section, "会议小结")
		paragraphs("", m.Summary)
	}

	var closing []string
	if r := strings.TrimSpace(m.Recorder); r != "" {
		closing = append(closing, "记录人："+r)
	}
	if h := strings.TrimSpace(m.Host); h != "" {
		closing = append(closing, "主持人："+h)
	}
	if len(closing) > 0 {
		add(BlockClosing, strings.Join(closing, "\n"))
	}
	return bs
}

// MinutesDoc lays out the minutes of m (as Store.Meeting returns it, with
// its participants, agenda, resolutions and actions). Write the result
// with WriteFile or Bytes. s is not used yet and may be nil.
func MinutesDoc(ctx context.Context, s *data.Store, m *data.Meeting) (*Doc, error) {
	if m == nil {
		return nil, errors.New("pdf: minutes: nil meeting")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pdf: minutes: %w", err)
	}
	wm := ""
	if !m.Frozen() {
		wm = minutesWatermark
	}
	d := New(gwOptions(MinutesTitle(m), wm))
	d.gwBlocks(MinutesOutline(m))
	if d.sh.err != nil {
		return nil, d.sh.err
	}
	return d, nil
}

// PrintMinutes writes the minutes of the meeting whose ID is key to path,
// for `jiedao print minutes ID -o FILE.pdf`. A key that is not a number
// or no meeting gives the store's not-found *data.Error
// (errors.Is(err, data.ErrNotFound)).
func PrintMinutes(ctx context.Context, s *data.Store, key, path string) error {
	m, err := MeetingByKey(ctx, s, key)
	if err != nil {
		return err
	}
	d, err := MinutesDoc(ctx, s, m)
	if err != nil {
		return err
	}
	return d.WriteFile(path)
}

// MeetingByKey loads the meeting whose ID is key (full-width digits and
// blanks tolerated) with everything in it.
func MeetingByKey(ctx context.Context, s *data.Store, key string) (*data.Meeting, error) {
	k := strings.TrimSpace(strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, key))
	id, err := strconv.ParseInt(strings.TrimPrefix(k, "#"), 10, 64)
	if err != nil || id <= 0 {
		return nil, data.NotFound("meetings", key)
	}
	m, err := s.Meeting(ctx, id)
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// gwBlocks lays an outline out in the 公文 style.
func (d *Doc) gwBlocks(bs []Block) {
	lh := d.lineHeight(Style{})
	for i, b := range bs {
		switch b.Kind {
		case BlockTitle:
			st := Style{Face: SansBold, Size: gwTitleSize, Align: Center, LineSpacing: lh / (gwTitleSize * ptMM)}
			rows := d.lines(b.Text, st, d.w)
			// A title that needs two lines breaks between words (GB/T
			// 9704: 回行时词意完整) where a known word ends; failing
			// that it is balanced (lines of like length, no word alone on
			// the last), narrowing the measure as long as it takes no
			// more lines.
			balance := len(rows) > 1
			if len(rows) == 2 {
				fits := func(line string) bool { return len(d.lines(line, st, d.w)) == 1 }
				if a, b, ok := titleBreak(b.Text, fits); ok {
					rows, balance = d.lines(a+"\n"+b, st, d.w), false
				}
			}
			for k := 1; balance && len(rows) > 1; k++ {
				in := float64(k) * gwTitleSize * ptMM / 2
				if 2*in > d.w/2 {
					break
				}
				nst := st
				nst.Indent, nst.RightIndent = in, in
				nr := d.lines(b.Text, nst, d.w)
				if len(nr) > len(rows) {
					break
				}
				rows = nr
			}
			d.need(rowsHeight(rows) + 3*lh)
			d.place(rows, never)
			if i+1 < len(bs) && bs[i+1].Kind == BlockNote {
				continue
			}
			d.Space(lh) // 空一行
		case BlockNote:
			d.Text(b.Text, Style{Align: Center})
			if i+1 < len(bs) && bs[i+1].Kind == BlockNote {
				continue
			}
			d.Space(lh)
		case BlockHeading:
			st := Style{Face: Serif, FirstIndent: 2}
			switch b.Level {
			case 1:
				st.Face = SansBold
			case 2:
				st.Face = Sans
			}
			rows := d.lines(b.Text, st, d.w)
			d.need(rowsHeight(rows) + 2*lh) // never the last line of a page
			d.place(rows, never)
		case BlockParagraph:
			d.Text(b.Text, Style{FirstIndent: 2})
		case BlockLabelled:
			d.labelled(b.Label, b.Text, Style{FirstIndent: 2})
		case BlockClosing:
			// The closing lines stand right of the middle, their colons
			// aligned, after a blank line; when they would start a page
			// they take the last two lines before them along.
			d.KeepWithPrevious(2, func(c *Doc) {
				c.Space(lh)
				c.Text(b.Text, Style{Align: Left, Indent: c.w * 0.55})
			})
		}
	}
}

func rowsHeight(rows []row) float64 {
	var h float64
	for _, r := range rows {
		h += r.h
	}
	return h
}

// labelled adds "label：text" with the label and its colon in the heading
// face (Sans Bold), st.FirstIndent characters in, and text in the body
// face hanging after the colon: every line of the names starts under the
// first name (GB/T 9704 §10.3). A label too wide for that falls back to
// one face with the lines hanging after the colon.
func (d *Doc) labelled(label, text string, st Style) {
	size := d.size(st)
	em := size * ptMM
	trk := d.track * em
	lab := label + "："
	var labW float64
	for _, c := range d.sh.shape(lab, fSansBold, size) {
		labW += c.w + trk
	}
	indent := st.FirstIndent * (em + trk)
	hang := indent + labW
	if hang > d.w/2 || strings.Contains(text, "\n") {
		st.HangAfter = "："
		d.Text(lab+text, st)
		return
	}
	body := st
	body.FirstIndent, body.Indent = 0, hang
	rows := d.lines(text, body, d.w)
	head := st
	head.Face, head.Align = SansBold, Left
	labRows := d.lines(lab, head, d.w)
	if len(labRows) == 0 {
		return
	}
	if len(rows) == 0 {
		rows = labRows[:1]
	} else {
		// The label sits on the baseline of the names.
		base := labRows[0].ops[0].y
		for _, o := range rows[0].ops {
			if o.kind == opText || o.kind == opGlyph {
				base = o.y
				break
			}
		}
		ops := make([]op, 0, len(labRows[0].ops)+len(rows[0].ops))
		for _, o := range labRows[0].ops {
			o.y = base
			ops = append(ops, o)
		}
		rows[0].ops = append(ops, rows[0].ops...)
	}
	d.Space(st.SpaceBefore)
	n := len(rows)
	d.place(rows, func(i int) bool { return i >= 2 && n-i >= 2 })
	d.Space(st.SpaceAfter)
}

// titleWordEnds are words after which a 公文 title may break: places,
// meetings and matters, the parts its titles are made of.
var titleWordEnds = []string{"街道", "社区", "小区", "议事会", "协商会", "听证会", "联席会议", "会议", "事项", "方案", "工作"}

// titleBreak splits a title into two lines after one of titleWordEnds,
// both lines fitting and neither shorter than four characters, choosing
// the most even split. ok is false when no such break exists.
func titleBreak(title string, fits func(string) bool) (first, second string, ok bool) {
	best := -1
	runes := []rune(title)
	for i := 4; i <= len(runes)-4; i++ {
		head := string(runes[:i])
		ends := false
		for _, w := range titleWordEnds {
			if strings.HasSuffix(head, w) {
				ends = true
				break
			}
		}
		if !ends || !fits(head) || !fits(string(runes[i:])) {
			continue
		}
		if best < 0 || abs(len(runes)-2*i) < abs(len(runes)-2*best) {
			best = i
		}
	}
	if best < 0 {
		return "", "", false
	}
	return string(runes[:best]), string(runes[best:]), true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
