package data

// The rules of a meeting's record: what a saved meeting must satisfy
// (Validate on each type), and the vote and quorum arithmetic.
//
// Quorum. Present counts the participants marked 出席 who are not
// observers (列席 attend without counting or voting). The base is Invited,
// or when that is 0 the participants who are not observers. The meeting
// has its quorum when Present*100 > Invited*QuorumPercent — "more than
// half" at the default 50%, so 5 of 10 is not enough and 6 is.
//
// Votes. Eligible defaults to Present; it may be set lower (a member with
// an interest in the matter does not vote) but never higher, and
// For+Against+Abstain+NotVoting may not exceed it: a count that does was
// mistyped, and is refused with the numbers named. 过半数 passes with
// For*2 > Eligible (a tie fails; abstentions count against, as the rule
// is of those eligible, not of those voting); 三分之二 with
// For*3 >= Eligible*2. A resolution taken without quorum is marked
// (Outcome.NoQuorum) and does not pass whatever its votes.

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Present is how many participants are present and count (出席, not
// observers).
func (m *Meeting) Present() int {
	n := 0
	for _, p := range m.Participants {
		if p.Attendance == AttendPresent && p.Counts() {
			n++
		}
	}
	return n
}

// Listed is how many participants count towards the quorum base (all but
// observers).
func (m *Meeting) Listed() int {
	n := 0
	for _, p := range m.Participants {
		if p.Counts() {
			n++
		}
	}
	return n
}

// QuorumBase is the number the quorum is a share of: Invited, or the
// participants listed when Invited is 0.
func (m *Meeting) QuorumBase() int {
	if m.Invited > 0 {
		return m.Invited
	}
	return m.Listed()
}

// Quorum is the quorum share in percent (DefaultQuorumPercent when 0).
func (m *Meeting) Quorum() int {
	if m.QuorumPercent == 0 {
		return DefaultQuorumPercent
	}
	return m.QuorumPercent
}

// HasQuorum reports whether more than the quorum share of the invited is
// present.
func (m *Meeting) HasQuorum() bool {
	base := m.QuorumBase()
	return base > 0 && m.Present()*100 > base*m.Quorum()
}

// QuorumNeeded is the fewest present that make the quorum.
func (m *Meeting) QuorumNeeded() int {
	return m.QuorumBase()*m.Quorum()/100 + 1
}

// EligibleOf is how many may vote on r at meeting m: r.Eligible, or those
// present.
func (r Resolution) EligibleOf(m *Meeting) int {
	if r.Eligible > 0 {
		return r.Eligible
	}
	return m.Present()
}

// Votes is the number of votes recorded, not voting included.
func (r Resolution) Votes() int { return r.For + r.Against + r.Abstain + r.NotVoting }

// RuleOrDefault is the rule, RuleMajority when empty.
func (r Resolution) RuleOrDefault() string {
	if r.Rule == "" {
		return RuleMajority
	}
	return r.Rule
}

// Outcome computes what r's votes mean at meeting m (see the file
// comment). It does not check the counts; CheckVotes does.
func (r Resolution) Outcome(m *Meeting) Outcome {
	o := Outcome{
		Present:  m.Present(),
		Invited:  m.QuorumBase(),
		Quorum:   m.HasQuorum(),
		Eligible: r.EligibleOf(m),
		Rule:     r.RuleOrDefault(),
	}
	o.NoQuorum = !o.Quorum
	var ok bool
	switch o.Rule {
	case RuleTwoThirds:
		o.Needed = (o.Eligible*2 + 2) / 3
		ok = r.For*3 >= o.Eligible*2
	default:
		o.Needed = o.Eligible/2 + 1
		ok = r.For*2 > o.Eligible
	}
	o.Needed = max(o.Needed, 1)
	o.Passed = o.Quorum && o.Eligible > 0 && r.For >= 1 && ok
	return o
}

// CheckVotes checks r's counts against meeting m: none negative, Eligible
// at most those present, the votes at most Eligible. It returns an *Error
// naming the numbers, or nil.
func (r Resolution) CheckVotes(m *Meeting) error {
	p := problems{record: RecordMeeting}
	r.checkVotes(m, &p)
	return p.err()
}

func (r Resolution) checkVotes(m *Meeting, p *problems) {
	if r.For < 0 || r.Against < 0 || r.Abstain < 0 || r.NotVoting < 0 || r.Eligible < 0 {
		p.add("resolutions", KeyResolutionNegative, map[string]any{"Seq": r.Seq})
		return
	}
	present := m.Present()
	if r.Eligible > present {
		p.add("resolutions", KeyResolutionEligible, map[string]any{"Seq": r.Seq, "Eligible": r.Eligible, "Present": present})
		return
	}
	eligible := r.EligibleOf(m)
	if v := r.Votes(); v > eligible {
		p.add("resolutions", KeyResolutionVotes, map[string]any{
			"Seq": r.Seq, "Votes": v, "Eligible": eligible,
			"For": r.For, "Against": r.Against, "Abstain": r.Abstain, "NotVoting": r.NotVoting,
		})
	}
}

// Validate normalizes the meeting in place — texts trimmed, names through
// NormalizeName, dates and times to their ISO forms, children numbered in
// order, defaults filled in (status 草稿, version 1, quorum 50%,
// attendance 出席, rule 过半数, action status 未开始) — and checks it with
// all its children. It returns FieldErrors, or nil. Links to the
// registers are checked by the store (they need the database).
func (m *Meeting) Validate() error {
	m.normalize()
	p := problems{record: RecordMeeting}
	p.required("title", m.Title)
	p.maxLen("title", m.Title, 128)
	p.required("kind", m.Kind)
	p.oneOf("kind", m.Kind, MeetingKinds)
	p.oneOf("status", m.Status, MeetingStatuses)
	p.maxLen("community", m.Community, 64)
	p.maxLen("place", m.Place, 256)
	p.maxLen("convener", m.Convener, 128)
	p.maxLen("host", m.Host, 64)
	p.maxLen("recorder", m.Recorder, 64)
	p.maxLen("summary", m.Summary, 20000)
	p.required("date", m.Date)
	p.normalizeEach([]checkedField{{"date", &m.Date}}, parseDate, KeyInvalidDate)
	timesOK := p.normalizeEach([]checkedField{{"startTime", &m.StartTime}, {"endTime", &m.EndTime}}, parseClock, KeyInvalidTime)
	if timesOK && m.StartTime != "" && m.EndTime != "" && m.EndTime <= m.StartTime {
		p.add("endTime", KeyMeetingTimeOrder, map[string]any{"Start": m.StartTime, "End": m.EndTime})
	}
	if m.QuorumPercent < 1 || m.QuorumPercent > 99 {
		p.add("quorumPercent", KeyMeetingQuorumPercent, map[string]any{"Value": m.QuorumPercent})
	}
	m.validateChildren(&p)
	return p.err()
}

// normalize trims the meeting's texts and fills in its defaults.
func (m *Meeting) normalize() {
	for _, f := range []*string{&m.Title, &m.Kind, &m.Community, &m.Date, &m.StartTime, &m.EndTime, &m.Place, &m.Convener} {
		*f = collapseBlanks(cleanText(*f))
	}
	m.Host, m.Recorder = NormalizeName(m.Host), NormalizeName(m.Recorder)
	m.Summary, m.Notes, m.AmendReason = strings.TrimSpace(m.Summary), strings.TrimSpace(m.Notes), strings.TrimSpace(m.AmendReason)
	if m.Status == "" {
		m.Status = MeetingDraft
	}
	if m.Version == 0 {
		m.Version = 1
	}
	if m.QuorumPercent == 0 {
		m.QuorumPercent = DefaultQuorumPercent
	}
}

// validateChildren numbers and checks the participants (and the invited
// count against them), the agenda, the resolutions and the actions.
func (m *Meeting) validateChildren(p *problems) {
	if len(m.Participants) > MaxMeetingParticipants {
		p.add("participants", KeyMeetingTooMany, map[string]any{"Max": MaxMeetingParticipants})
	}
	for i := range m.Participants {
		m.Participants[i].Seq = i + 1
		m.Participants[i].validate(p)
	}
	if n := m.Listed(); m.Invited < 0 || m.Invited > 0 && m.Invited < n {
		p.add("invited", KeyMeetingInvited, map[string]any{"Invited": m.Invited, "Count": n})
	}
	for i := range m.Agenda {
		m.Agenda[i].Seq = i + 1
		m.Agenda[i].validate(p)
	}
	for i := range m.Resolutions {
		r := &m.Resolutions[i]
		r.Seq = i + 1
		r.validate(m, p)
	}
	for i := range m.Actions {
		a := &m.Actions[i]
		a.Seq = i + 1
		a.validate(p)
		if a.ResolutionSeq < 0 || a.ResolutionSeq > len(m.Resolutions) {
			p.add("actions", KeyActionResolution, map[string]any{"Seq": a.Seq})
		}
	}
}

// Validate normalizes and checks one participant (Seq as numbered).
func (pt *Participant) Validate() error {
	p := problems{record: RecordMeeting}
	pt.validate(&p)
	return p.err()
}

func (pt *Participant) validate(p *problems) {
	pt.Name = NormalizeName(pt.Name)
	pt.Category, pt.Unit, pt.Attendance, pt.Note = cleanText(pt.Category), collapseBlanks(cleanText(pt.Unit)), cleanText(pt.Attendance), cleanText(pt.Note)
	pt.Phone = cleanText(pt.Phone)
	if pt.Attendance == "" {
		pt.Attendance = AttendPresent
	}
	if pt.Category == CategoryObserver {
		pt.Attendance = AttendObserver
	}
	seq := map[string]any{"Seq": pt.Seq}
	if pt.Name == "" {
		p.add("participants", KeyInvalidRequired, seq)
	}
	if len([]rune(pt.Name)) > 64 {
		p.add("participants", KeyInvalidTooLong, map[string]any{"Seq": pt.Seq, "Max": 64})
	}
	if len([]rune(pt.Unit)) > 128 || len([]rune(pt.Note)) > 256 {
		p.add("participants", KeyInvalidTooLong, map[string]any{"Seq": pt.Seq, "Max": 128})
	}
	if pt.Category != "" && !containsStr(ParticipantCategories, pt.Category) {
		p.add("participants", KeyInvalidChoice, map[string]any{"Seq": pt.Seq, "Value": pt.Category})
	}
	if !containsStr(Attendances, pt.Attendance) {
		p.add("participants", KeyInvalidChoice, map[string]any{"Seq": pt.Seq, "Value": pt.Attendance})
	}
	if pt.Phone != "" {
		if n, err := NormalizePhone(pt.Phone); err != nil {
			p.add("participants", KeyInvalidPhone, seq)
		} else {
			pt.Phone = n
		}
	}
	if pt.OrganizationID != nil && *pt.OrganizationID <= 0 {
		pt.OrganizationID = nil
	}
	if pt.ResidentID != nil && *pt.ResidentID <= 0 {
		pt.ResidentID = nil
	}
}

// Validate normalizes and checks one agenda item with its speeches.
func (a *AgendaItem) Validate() error {
	p := problems{record: RecordMeeting}
	a.validate(&p)
	return p.err()
}

func (a *AgendaItem) validate(p *problems) {
	a.Topic = collapseBlanks(cleanText(a.Topic))
	a.Background, a.Proposals = strings.TrimSpace(a.Background), strings.TrimSpace(a.Proposals)
	if a.Topic == "" {
		p.add("agenda", KeyInvalidRequired, map[string]any{"Seq": a.Seq})
	}
	if len([]rune(a.Topic)) > 256 {
		p.add("agenda", KeyInvalidTooLong, map[string]any{"Seq": a.Seq, "Max": 256})
	}
	for i := range a.Speeches {
		a.Speeches[i].Seq = i + 1
		a.Speeches[i].validate(a.Seq, p)
	}
}

// Validate normalizes and checks one speech.
func (s *Speech) Validate() error {
	p := problems{record: RecordMeeting}
	s.validate(0, &p)
	return p.err()
}

func (s *Speech) validate(item int, p *problems) {
	s.Speaker = collapseBlanks(cleanText(s.Speaker))
	if s.Speaker != "" && len([]rune(s.Speaker)) <= 8 {
		// A bare name (not "物业公司 张经理") goes through the name rules.
		s.Speaker = NormalizeName(s.Speaker)
	}
	s.Summary = strings.TrimSpace(s.Summary)
	args := map[string]any{"Seq": item, "Speech": s.Seq}
	if s.Speaker == "" {
		p.add("speeches", KeyInvalidRequired, args)
	}
	if len([]rune(s.Speaker)) > 128 {
		p.add("speeches", KeyInvalidTooLong, map[string]any{"Seq": item, "Max": 128})
	}
}

// Validate normalizes and checks one resolution at meeting m, votes
// included.
func (r *Resolution) Validate(m *Meeting) error {
	p := problems{record: RecordMeeting}
	r.validate(m, &p)
	return p.err()
}

func (r *Resolution) validate(m *Meeting, p *problems) {
	r.Text = strings.TrimSpace(r.Text)
	r.Rule = cleanText(r.Rule)
	if r.Rule == "" {
		r.Rule = RuleMajority
	}
	if r.Text == "" {
		p.add("resolutions", KeyInvalidRequired, map[string]any{"Seq": r.Seq})
	}
	if len([]rune(r.Text)) > 5000 {
		p.add("resolutions", KeyInvalidTooLong, map[string]any{"Seq": r.Seq, "Max": 5000})
	}
	if !containsStr(VoteRules, r.Rule) {
		p.add("resolutions", KeyInvalidChoice, map[string]any{"Seq": r.Seq, "Value": r.Rule})
	}
	r.checkVotes(m, p)
}

// Validate normalizes and checks one action (its content; notes are added
// with AddActionNote).
func (a *Action) Validate() error {
	p := problems{record: RecordMeeting}
	a.validate(&p)
	return p.err()
}

func (a *Action) validate(p *problems) {
	a.Task = strings.TrimSpace(a.Task)
	a.Owner = collapseBlanks(cleanText(a.Owner))
	if a.Owner != "" && len([]rune(a.Owner)) <= 8 {
		a.Owner = NormalizeName(a.Owner)
	}
	a.Deadline, a.Status, a.CompletedDate = cleanText(a.Deadline), cleanText(a.Status), cleanText(a.CompletedDate)
	if a.Status == "" {
		a.Status = ActionNotStarted
	}
	seq := map[string]any{"Seq": a.Seq}
	if a.Task == "" {
		p.add("actions", KeyInvalidRequired, seq)
	}
	if len([]rune(a.Task)) > 2000 {
		p.add("actions", KeyInvalidTooLong, map[string]any{"Seq": a.Seq, "Max": 2000})
	}
	if a.Owner == "" {
		p.add("actions", KeyInvalidRequired, seq)
	}
	if len([]rune(a.Owner)) > 128 {
		p.add("actions", KeyInvalidTooLong, map[string]any{"Seq": a.Seq, "Max": 128})
	}
	if !containsStr(ActionStatuses, a.Status) {
		p.add("actions", KeyActionStatus, map[string]any{"Seq": a.Seq, "Value": a.Status})
	}
	for _, d := range []*string{&a.Deadline, &a.CompletedDate} {
		if *d == "" {
			continue
		}
		if iso, ok := parseDate(*d); ok {
			*d = iso
		} else {
			p.add("actions", KeyInvalidDate, map[string]any{"Seq": a.Seq, "Value": *d})
		}
	}
	if a.Status != ActionDone {
		a.CompletedDate = ""
	}
}

// Validate normalizes and checks a progress note on the day today.
func (n *ActionNote) Validate(today string) error {
	n.Text = strings.TrimSpace(n.Text)
	n.Date = cleanText(n.Date)
	p := problems{record: RecordMeeting}
	if n.Text == "" {
		p.add("text", KeyActionNoteEmpty, nil)
	}
	p.maxLen("text", n.Text, 2000)
	if n.Date == "" {
		n.Date = today
	} else if iso, ok := parseDate(n.Date); !ok {
		p.add("date", KeyInvalidDate, map[string]any{"Value": n.Date})
	} else if n.Date = iso; iso > today {
		p.add("date", KeyActionNoteFuture, map[string]any{"Date": iso})
	}
	return p.err()
}

// parseClock accepts a time of day as typed (9:30, 09:30, 9：30, 0930,
// 9点30) and returns it as HH:MM.
func parseClock(s string) (string, bool) {
	s = strings.NewReplacer("：", ":", "点", ":", "时", ":", "分", "", ".", ":").Replace(cleanText(NormalizeIDNumber(s)))
	var hs, ms string
	if i := strings.IndexByte(s, ':'); i >= 0 {
		hs, ms = s[:i], s[i+1:]
		if ms == "" {
			ms = "0"
		}
	} else if len(s) == 4 {
		hs, ms = s[:2], s[2:]
	} else {
		return "", false
	}
	h, e1 := strconv.Atoi(hs)
	m, e2 := strconv.Atoi(ms)
	if e1 != nil || e2 != nil || len(hs) > 2 || len(ms) > 2 || h < 0 || h > 23 || m < 0 || m > 59 {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", h, m), true
}

// isoDay is the calendar day of t as YYYY-MM-DD.
func isoDay(t time.Time) string { return t.Format(time.DateOnly) }

func containsStr(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
