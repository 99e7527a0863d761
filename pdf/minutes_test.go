package pdf

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"jiedao/data"
)

// The meeting documents are read back the way a reader sees them: the
// text with pdftotext, the positions of the words with pdftotext -bbox.

// speechText is n characters of Chinese prose with full-width punctuation
// and no Latin, so that a full line holds exactly the 28 characters of the
// grid; it ends in a marker.
func speechText(n int) string {
	const han = "社区居民对加装电梯的意见比较集中低层住户担心采光和噪声高层住户希望尽快开工建议物业公司公开费用分摊方案并由业委会监督施工质量和进度"
	hr := []rune(han)
	var b strings.Builder
	for i := 0; i < n; i++ {
		switch {
		case i%23 == 22:
			b.WriteRune('，')
		case i%61 == 60:
			b.WriteRune('。')
		default:
			b.WriteRune(hr[(i*7)%len(hr)])
		}
	}
	b.WriteString("以上为发言末尾。")
	return b.String()
}

// sampleMeeting is a meeting with everything the minutes print: a 𠮷
// name, observers, people on leave and absent, agenda items with a
// speech of speech characters, resolutions that pass and fail, and
// actions. extra adds participants, so that the 出席 line runs long.
func sampleMeeting(extra, speech int) *data.Meeting {
	m := &data.Meeting{
		Title: "幸福社区加装电梯协商议事会", Kind: data.MeetingConsult, Community: "幸福社区",
		Date: "2026-03-05", StartTime: "14:30", EndTime: "16:30",
		Place: "幸福社区党群服务中心二楼会议室", Convener: "幸福社区党委", Host: "王主任", Recorder: "李记录",
		Summary: "会议认为，加装电梯是惠及老年居民的民生实事，各方要加强沟通，依法依规推进。",
	}
	add := func(name, cat, unit, att string) {
		m.Participants = append(m.Participants, data.Participant{Name: name, Category: cat, Unit: unit, Attendance: att})
	}
	add("𠮷星辰", data.CategoryResidentRep, "幸福小区3号楼", data.AttendPresent)
	add("张建国", data.CategoryResidentRep, "幸福小区3号楼", data.AttendPresent)
	add("赵丽华", data.CategoryCommittee, "幸福社区居委会", data.AttendPresent)
	add("钱多多", data.CategoryProperty, "北京安居物业服务有限公司", data.AttendPresent)
	add("孙业主", data.CategoryOwners, "幸福小区业主委员会", data.AttendPresent)
	add("周休假", data.CategoryResidentRep, "幸福小区5号楼", data.AttendLeave)
	add("吴缺席", data.CategoryResidentRep, "幸福小区6号楼", data.AttendAbsent)
	add("郑列席", data.CategoryObserver, "某某街道城市管理办公室", data.AttendObserver)
	for i := 0; i < extra; i++ {
		add(fmt.Sprintf("居民代表%d", i+1), data.CategoryResidentRep, fmt.Sprintf("幸福小区%d号楼", i%12+1), data.AttendPresent)
	}
	m.Agenda = []data.AgendaItem{
		{Topic: "幸福小区3号楼加装电梯方案", Background: "3号楼共6层36户，60岁以上老人占四成。经前期征询，同意加装的住户占比超过三分之二。",
			Proposals: "由物业公司牵头编制施工方案，业委会监督实施。",
			Speeches: []data.Speech{
				{Speaker: "𠮷星辰", Summary: speechText(speech)},
				{Speaker: "钱多多", Summary: "物业公司同意承担施工期间的安全管理，费用按楼层分摊。"},
			}},
		{Topic: "小区停车秩序整治", Background: "小区车位紧张，消防通道常被占用。",
			Speeches: []data.Speech{{Speaker: "赵丽华", Summary: "建议施划临时停车位，实行错峰停车。"}}},
	}
	m.Resolutions = []data.Resolution{
		{Text: "同意幸福小区3号楼加装电梯方案，由物业公司牵头组织实施。", For: 4, Against: 1, Abstain: 0},
		{Text: "同意在小区东侧空地施划临时停车位。", Rule: data.RuleTwoThirds, For: 2, Against: 2, Abstain: 1},
	}
	m.Actions = []data.Action{
		{Task: "编制3号楼加装电梯施工方案并公示", Owner: "北京安居物业服务有限公司", Deadline: "2026-04-30"},
		{Task: "征求低层住户意见并做好解释工作", Owner: "赵丽华", Deadline: "2026-03-31"},
	}
	return m
}

// mustMinutes lays out and writes the minutes of m.
func mustMinutes(t *testing.T, m *data.Meeting) (string, *Doc) {
	t.Helper()
	d, err := MinutesDoc(context.Background(), nil, m)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "minutes.pdf")
	if err := d.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	checkBody(t, d)
	return path, d
}

// checkBody is checkInside for the body only (page numbers stand below
// the text block by design).
func checkBody(t testing.TB, d *Doc) {
	t.Helper()
	c := *d
	c.pages = nil
	for _, p := range d.pages {
		q := &page{rows: p.rows}
		for _, o := range p.ops {
			if o.y <= d.bot+eps {
				q.ops = append(q.ops, o)
			}
		}
		c.pages = append(c.pages, q)
	}
	checkInside(t, &c)
}

var footerLine = regexp.MustCompile(`(?m)^\s*—\s*\d+\s*—\s*$`)

// readText is the document's text (pdftotext drops the narrow spaces of
// "— N —") without page numbers, page breaks,
// the watermark or blanks: what the minutes say, in order.
func readText(t *testing.T, path string) string {
	t.Helper()
	s := footerLine.ReplaceAllString(pageText(t, path, 0), "")
	s = strings.ReplaceAll(s, "\f", "")
	return noSpace(s)
}

// word is a word of pdftotext -bbox, in points from the top left.
type word struct {
	x1, y1, x2, y2 float64
	text           string
}

var (
	bboxPage = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">`)
	bboxWord = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
)

// bboxWords returns the words of each page.
func bboxWords(t *testing.T, path string) [][]word {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v\n%s", err, out)
	}
	var pages [][]word
	for _, chunk := range strings.Split(string(out), "</page>") {
		if !bboxPage.MatchString(chunk) {
			continue
		}
		var ws []word
		for _, m := range bboxWord.FindAllStringSubmatch(chunk, -1) {
			f := func(i int) float64 { v, _ := strconv.ParseFloat(m[i], 64); return v }
			ws = append(ws, word{f(1), f(2), f(3), f(4), m[5]})
		}
		pages = append(pages, ws)
	}
	return pages
}

const mmPt = 72 / 25.4

func TestMinutesPDF(t *testing.T) {
	needPoppler(t)
	ctx := context.Background()
	s := openTestStore(t)
	m := sampleMeeting(30, 1800)
	if err := s.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	key := strconv.FormatInt(m.ID, 10)
	dir := t.TempDir()
	print := func(name string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := PrintMinutes(ctx, s, key, path); err != nil {
			t.Fatal(err)
		}
		return path
	}

	draft := print("draft.pdf")
	if !strings.Contains(noSpace(pageText(t, draft, 0)), minutesWatermark) {
		t.Error("draft minutes without the 草稿 watermark")
	}
	if err := s.FinalizeMeeting(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	final := print("final.pdf")
	keepSample(t, final)
	if strings.Contains(noSpace(pageText(t, final, 0)), minutesWatermark) {
		t.Error("finalized minutes still marked 草稿")
	}

	t.Run("content", func(t *testing.T) {
		text := readText(t, final)
		want := []string{
			"幸福社区加装电梯协商议事会纪要",
			"一、会议基本情况", "二、会议议题及讨论情况", "三、会议决议", "四、督办事项", "五、会议小结",
			"时间：2026年3月5日（星期四）14:30—16:30", "地点：幸福社区党群服务中心二楼会议室", "召集人：幸福社区党委",
			"本次会议应到37人，实到35人，请假1人，缺席1人，列席1人。",
			"（一）幸福小区3号楼加装电梯方案", "1.情况说明", "2.讨论发言", "3.意见建议", "（二）小区停车秩序整治",
			"请假：周休假（幸福小区5号楼）", "缺席：吴缺席（幸福小区6号楼）", "列席：郑列席（某某街道城市管理办公室）",
			"（1）𠮷星辰：" + speechText(1800), "（2）钱多多：物业公司同意承担施工期间的安全管理，费用按楼层分摊。",
			"同意在小区东侧空地施划临时停车位。",
			"表决结果：同意4票、反对1票、弃权0票。按“过半数”规则（应参加表决35人，需同意18票），决议未通过。",
			"表决结果：同意2票、反对2票、弃权1票。按“三分之二”规则（应参加表决35人，需同意24票），决议未通过。",
			"（一）编制3号楼加装电梯施工方案并公示。责任人：北京安居物业服务有限公司；完成时限：2026年4月30日。",
			"会议认为，加装电梯是惠及老年居民的民生实事",
			"记录人：李记录", "主持人：王主任",
		}
		for _, w := range want {
			if !strings.Contains(text, noSpace(w)) {
				t.Errorf("minutes lack %q", w)
			}
		}
		for _, p := range m.Participants {
			if !strings.Contains(text, noSpace(p.Name)) {
				t.Errorf("participant %q missing", p.Name)
			}
		}
		// Every present participant, in order, in the one 出席 line.
		var present []string
		for _, p := range m.Participants {
			if p.Attendance == data.AttendPresent && p.Counts() {
				present = append(present, p.Name+"（"+p.Unit+"）")
			}
		}
		if line := "出席：" + strings.Join(present, "、"); !strings.Contains(text, noSpace(line)) {
			t.Errorf("the 出席 line is not whole:\nwant %s", line)
		}
		if !strings.Contains(text, "记录人：李记录主持人：王主任") || strings.LastIndex(text, "记录人：李记录") < strings.Index(text, "会议认为") {
			t.Error("recorder and host are not the last lines")
		}
	})

	t.Run("pages", func(t *testing.T) {
		n := len(bboxWords(t, final))
		if n < 3 {
			t.Fatalf("%d pages: the long speech should run over pages", n)
		}
		for p := 1; p <= n; p++ {
			if !footerLine.MatchString(pageText(t, final, p)) || !strings.Contains(noSpace(pageText(t, final, p)), fmt.Sprintf("—%d—", p)) {
				t.Errorf("page %d lacks its number “— %d —”", p, p)
			}
		}
	})

	t.Run("frame", func(t *testing.T) {
		pages := bboxWords(t, final)
		left, top, right, bottom := gwLeft*mmPt, gwTop*mmPt, (gwLeft+gwWidth)*mmPt, (gwTop+gwHeight)*mmPt
		minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), 0.0, 0.0
		for i, ws := range pages {
			var foot []word
			for _, w := range ws {
				if w.y1 > bottom {
					foot = append(foot, w)
					continue
				}
				minX, minY = math.Min(minX, w.x1), math.Min(minY, w.y1)
				maxX, maxY = math.Max(maxX, w.x2), math.Max(maxY, w.y2)
			}
			if len(foot) == 0 {
				t.Errorf("page %d: no page number below the text block", i+1)
				continue
			}
			fx1, fx2 := math.Inf(1), 0.0
			for _, w := range foot {
				fx1, fx2 = math.Min(fx1, w.x1), math.Max(fx2, w.x2)
				if w.y1 < bottom+2*mmPt || w.y2 > (297-10)*mmPt {
					t.Errorf("page %d: page number at y %.1f–%.1f pt, want 2–25 mm below the block", i+1, w.y1, w.y2)
				}
			}
			em := 14.0 // 4号, one character in from the edge
			if (i+1)%2 == 1 {
				if math.Abs(fx2-(right-em)) > 2 {
					t.Errorf("odd page %d: page number ends at %.1f pt, want %.1f (right, one character in)", i+1, fx2, right-em)
				}
			} else if math.Abs(fx1-(left+em)) > 2 {
				t.Errorf("even page %d: page number starts at %.1f pt, want %.1f (left, one character in)", i+1, fx1, left+em)
			}
		}
		t.Logf("text block: x %.1f–%.1f pt, y %.1f–%.1f pt (frame %.1f–%.1f, %.1f–%.1f)", minX, maxX, minY, maxY, left, right, top, bottom)
		if math.Abs(minX-left) > 1 {
			t.Errorf("left edge of the text %.1f pt, want %.1f (28 mm)", minX, left)
		}
		// pdftotext's boxes reach up to the font's ascender, about 1 mm
		// above the em box of the title's first line.
		if minY < top-1.5*mmPt || minY > top+4*mmPt {
			t.Errorf("top of the text %.1f pt, want %.1f (37 mm)", minY, top)
		}
		if maxX > right+1 || maxX < right-1 {
			t.Errorf("right edge of the text %.1f pt, want %.1f (28+156 mm)", maxX, right)
		}
		if maxY > bottom+1 {
			t.Errorf("bottom of the text %.1f pt beyond %.1f (37+225 mm)", maxY, bottom)
		}
	})

	t.Run("grid", func(t *testing.T) {
		// A page inside the long speech: 22 lines of 28 characters.
		pages := bboxWords(t, final)
		full := 0
		for i, ws := range pages[1 : len(pages)-1] {
			lines := map[int]int{}
			for _, w := range ws {
				if w.y1 < (gwTop+gwHeight)*mmPt {
					lines[int(math.Round(w.y1))] += len([]rune(w.text))
				}
			}
			counts := map[int]int{}
			for _, n := range lines {
				counts[n]++
			}
			t.Logf("page %d: %d lines, characters per line %v", i+2, len(lines), counts)
			if len(lines) == gwLines && counts[gwChars] >= gwLines-3 {
				full++
			}
		}
		if full == 0 {
			t.Errorf("no page of 22 lines of 28 characters")
		}
	})

	t.Run("amended", func(t *testing.T) {
		v2, err := s.AmendMeeting(ctx, m.ID, "更正出席人员名单")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "v2.pdf")
		if err := PrintMinutes(ctx, s, strconv.FormatInt(v2.ID, 10), path); err != nil {
			t.Fatal(err)
		}
		text := noSpace(pageText(t, path, 1))
		if !strings.Contains(text, "（第2版修订原因：更正出席人员名单）") || !strings.Contains(text, minutesWatermark) {
			t.Errorf("amended version not marked as such:\n%s", text)
		}
		old := filepath.Join(dir, "v1.pdf")
		if err := PrintMinutes(ctx, s, key, old); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(noSpace(pageText(t, old, 1)), "本版本已被修订版本替代") {
			t.Error("the superseded version does not say so")
		}
	})
}

func TestMinutesQuorum(t *testing.T) {
	needPoppler(t)
	m := sampleMeeting(0, 50)
	m.Status = data.MeetingFinal
	m.Invited = 20 // 5 present of 20: no quorum
	path, _ := mustMinutes(t, m)
	text := readText(t, path)
	for _, w := range []string{"本次会议应到20人，实到5人", "未达法定人数", "因会议未达法定人数，决议未通过（未达法定人数）。"} {
		if !strings.Contains(text, noSpace(w)) {
			t.Errorf("minutes without quorum lack %q", w)
		}
	}
	m.Invited = 0
	m.Resolutions[0].For = 4 // 4 of 5 present
	path, _ = mustMinutes(t, m)
	text = readText(t, path)
	for _, w := range []string{"符合法定人数要求", "同意4票、反对1票、弃权0票。按“过半数”规则（应参加表决5人，需同意3票），决议通过。"} {
		if !strings.Contains(text, noSpace(w)) {
			t.Errorf("minutes lack %q", w)
		}
	}
}

// The 出席 line: the label in the heading face two characters in, the
// names in the body face, every wrapped line starting under the first name.
func TestMinutesAttendanceHangs(t *testing.T) {
	m := sampleMeeting(40, 10)
	d, err := MinutesDoc(context.Background(), nil, m)
	if err != nil {
		t.Fatal(err)
	}
	em := d.opt.BodySize*ptMM + d.track*d.opt.BodySize*ptMM
	p := d.pages[0]
	found := false
	for ri, r := range p.rows {
		ops := p.ops[r.start:r.end]
		if len(ops) == 0 || ops[0].kind != opText || !strings.HasPrefix(ops[0].text, "出席：") {
			continue
		}
		found = true
		if ops[0].font != fSansBold || math.Abs(ops[0].x-(d.x0+2*em)) > 0.01 {
			t.Errorf("label %q in font %d at %.2f, want the heading face at %.2f", ops[0].text, ops[0].font, ops[0].x, d.x0+2*em)
		}
		if ops[1].font == fSansBold || math.Abs(ops[1].x-(d.x0+5*em)) > 0.01 {
			t.Errorf("names %q in font %d at %.2f, want the body face at %.2f", ops[1].text, ops[1].font, ops[1].x, d.x0+5*em)
		}
		for k := 1; k <= 2; k++ {
			next := p.ops[p.rows[ri+k].start]
			if math.Abs(next.x-(d.x0+5*em)) > 0.01 {
				t.Errorf("wrapped line %d of the names at %.2f, want %.2f (after the colon)", k, next.x, d.x0+5*em)
			}
		}
		break
	}
	if !found {
		t.Fatal("no 出席 line on page 1")
	}
}

// Whatever the length of the minutes, the recorder and host lines are
// never alone at the top of a page: text of the minutes comes with them.
func TestMinutesClosingNeverAlone(t *testing.T) {
	carried := 0
	for n := 0; n < 900; n += 9 {
		m := sampleMeeting(0, 10)
		m.Summary = speechText(n)
		d, err := MinutesDoc(context.Background(), nil, m)
		if err != nil {
			t.Fatal(err)
		}
		last := d.pages[len(d.pages)-1]
		text := opsText(last)
		if !strings.HasSuffix(text, "记录人：李记录主持人：王主任") {
			t.Fatalf("summary %d: the last page does not end with the closing lines: %q", n, text)
		}
		rest := strings.TrimSuffix(text, "记录人：李记录主持人：王主任")
		if rest == "" {
			t.Errorf("summary %d: the closing lines stand alone on page %d", n, len(d.pages))
		}
		if len([]rune(rest)) <= 2*gwChars && len(d.pages) > 1 {
			carried++
		}
		checkBody(t, d)
	}
	if carried == 0 {
		t.Error("no length took the closing lines to a new page: the carry path is untested")
	}
}

func TestPrintMinutesUnknown(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	path := filepath.Join(t.TempDir(), "x.pdf")
	for _, key := range []string{"", "abc", "0", "-1", "9999"} {
		t.Run(key, func(t *testing.T) {
			for name, print := range map[string]func(context.Context, *data.Store, string, string) error{
				"minutes": PrintMinutes, "signin": PrintSignIn, "notice": PrintNotice,
			} {
				if err := print(ctx, s, key, path); !errors.Is(err, data.ErrNotFound) {
					t.Errorf("%s %q: got %v, want not found", name, key, err)
				}
			}
			if _, err := os.Stat(path); err == nil {
				t.Error("a file was written")
			}
		})
	}
}

func TestSignInPDF(t *testing.T) {
	needPoppler(t)
	ctx := context.Background()
	s := openTestStore(t)
	m := sampleMeeting(40, 10)
	if err := s.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "signin.pdf")
	if err := PrintSignIn(ctx, s, "　"+strconv.FormatInt(m.ID, 10)+" ", path); err != nil {
		t.Fatal(err)
	}
	keepSample(t, path)
	text := noSpace(pageText(t, path, 0))
	for _, w := range []string{signInTitle, "幸福社区加装电梯协商议事会", "时间：2026年3月5日（星期四）14:30—16:30",
		"地点：幸福社区党群服务中心二楼会议室", "序号", "姓名", "类别", "单位", "签名", "应到47人，实到＿＿＿人。"} {
		if !strings.Contains(text, noSpace(w)) {
			t.Errorf("sign-in sheet lacks %q", w)
		}
	}
	for _, p := range m.Participants {
		if !strings.Contains(text, noSpace(p.Name)) {
			t.Errorf("participant %q missing", p.Name)
		}
	}
	pages := bboxWords(t, path)
	if len(pages) < 2 {
		t.Fatalf("%d pages, want the 48 participants over at least 2", len(pages))
	}
	// Every page names the meeting and repeats the table header; the
	// rows are numbered on past the participants (blank rows for
	// walk-ins); each row is tall enough to sign in.
	numbers := map[int]float64{}
	for i, ws := range pages {
		pt := noSpace(pageText(t, path, i+1))
		if !strings.Contains(pt, "幸福社区加装电梯协商议事会") || !strings.Contains(pt, "签名") {
			t.Errorf("page %d lacks the meeting's name or the table header", i+1)
		}
		for _, w := range ws {
			if n, err := strconv.Atoi(w.text); err == nil && w.x2 < (20+14)*mmPt {
				if _, dup := numbers[n]; dup {
					t.Errorf("row %d printed twice", n)
				}
				numbers[n] = w.y1 + float64(i)*1e4
			}
		}
	}
	rows := len(m.Participants)
	if _, ok := numbers[rows+signInBlank]; !ok {
		t.Errorf("fewer than %d blank rows after the %d participants", signInBlank, rows)
	}
	var ns []int
	for n := range numbers {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	for i, n := range ns {
		if n != i+1 {
			t.Fatalf("rows numbered %v", ns)
		}
		if i > 0 {
			if gap := numbers[n] - numbers[n-1]; gap < 12*mmPt && gap < 1e3 {
				t.Errorf("row %d only %.1f mm tall", n-1, gap/mmPt)
			}
		}
	}
	d, err := SignInDoc(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	checkBody(t, d)
}

func TestNoticePDF(t *testing.T) {
	needPoppler(t)
	ctx := context.Background()
	s := openTestStore(t)
	m := sampleMeeting(0, 10)
	m.Resolutions[0].For = 4
	if err := s.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := s.FinalizeMeeting(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "notice.pdf")
	if err := PrintNotice(ctx, s, strconv.FormatInt(m.ID, 10), path); err != nil {
		t.Fatal(err)
	}
	keepSample(t, path)
	text := readText(t, path)
	for _, w := range []string{
		"关于幸福社区加装电梯协商议事会决议事项的公示",
		"2026年3月5日，幸福社区召开幸福社区加装电梯协商议事会",
		"一、同意幸福小区3号楼加装电梯方案，由物业公司牵头组织实施。",
		"表决结果：同意4票、反对1票、弃权0票。按“过半数”规则（应参加表决5人，需同意3票），决议通过。",
		"二、同意在小区东侧空地施划临时停车位。", "决议未通过",
		"公示期：2026年11月25日至2026年12月1日（7天）", "特此公示。",
		testOffice + "2026年11月25日",
	} {
		if !strings.Contains(text, noSpace(w)) {
			t.Errorf("notice lacks %q", w)
		}
	}
	if strings.Contains(text, minutesWatermark) {
		t.Error("notice of finalized minutes marked 草稿")
	}
	d, err := NoticeDoc(ctx, m, data.Settings{OfficeName: testOffice}, s.Now())
	if err != nil {
		t.Fatal(err)
	}
	checkBody(t, d)
}

// minutes10 is a meeting whose minutes fill 10 pages.
func minutes10() *data.Meeting {
	m := sampleMeeting(30, 1200)
	for i := 0; i < 2; i++ {
		it := m.Agenda[0]
		it.Topic = fmt.Sprintf("第%d项议题", i+3)
		it.Speeches = []data.Speech{{Speaker: "张建国", Summary: speechText(900)}, {Speaker: "𠮷星辰", Summary: speechText(200)}}
		m.Agenda = append(m.Agenda, it)
	}
	return m
}

func TestMinutes10Pages(t *testing.T) {
	d, err := MinutesDoc(context.Background(), nil, minutes10())
	if err != nil {
		t.Fatal(err)
	}
	if d.Pages() != 10 {
		t.Fatalf("%d pages, want 10 (adjust minutes10)", d.Pages())
	}
}

// BenchmarkMinutes10Pages lays out and writes a 10-page minutes PDF (the
// target is 60 ms).
func BenchmarkMinutes10Pages(b *testing.B) {
	m := minutes10()
	ctx := context.Background()
	if d, err := MinutesDoc(ctx, nil, m); err != nil { // parse the fonts once
		b.Fatal(err)
	} else if _, err := d.Bytes(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		d, err := MinutesDoc(ctx, nil, m)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := d.Bytes(); err != nil {
			b.Fatal(err)
		}
		if d.Pages() != 10 {
			b.Fatalf("%d pages, want 10", d.Pages())
		}
	}
}

// TestTitleBreak: a two-line title breaks after a whole word, as evenly as
// the words allow, never leaving fewer than four characters on a line.
func TestTitleBreak(t *testing.T) {
	fits := func(s string) bool { return len([]rune(s)) <= 20 } // 20 characters a line
	for _, tc := range []struct {
		title, first, second string
		ok                   bool
	}{
		{"关于和平社区加装电梯协商议事会决议事项的公示", "关于和平社区加装电梯协商议事会", "决议事项的公示", true},
		{"和平社区老旧小区综合改造方案协商议事会纪要", "和平社区老旧小区", "综合改造方案协商议事会纪要", true}, // 8/13 beats 14/7
		{"银杏社区关于电动自行车集中充电设施建设的意见征集会", "", "", false},                 // no known word end that fits
		{"社区会议纪要", "", "", false},
	} {
		a, b, ok := titleBreak(tc.title, fits)
		if ok != tc.ok || a != tc.first || b != tc.second {
			t.Errorf("titleBreak(%q) = %q / %q, %v; want %q / %q, %v", tc.title, a, b, ok, tc.first, tc.second, tc.ok)
		}
	}
}
