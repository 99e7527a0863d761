package data

// Deliberation meetings (协商议事会议): the consultations a community holds
// on public matters — renovating an old compound, parking, lifts, an
// elderly canteen. A meeting records who was invited and came, the agenda
// with what was said, the resolutions with their votes, and the actions
// (督办事项) agreed, which are then followed up until done.
//
// Lifecycle (meeting_store.go): 草稿 → 已定稿 → 已公示. A draft is edited
// freely. Finalizing freezes the minutes (who and when are recorded); a
// change after that is an amended version — a new Meeting row, a draft
// again, copying everything, with Version+1, PreviousID and a reason; the
// older row keeps SupersededByID and stays readable. Only the newest
// version is amended, finalized or published.
//
// Outcomes are never stored: Resolution.Outcome computes them from the
// votes, the rule and the attendance (meeting_rules.go), so a corrected
// attendance list can never leave a stale "passed" behind. Likewise an
// action's 已逾期 follows from its deadline and the day (Action.State).
//
// Actions are records of follow-up, not minutes: their status, progress
// notes and completion date change after the meeting is finalized, and an
// action can be carried into a later meeting (CarryAction) keeping its
// history through CarriedFromID.

import (
	"slices"
	"time"
)

// Meeting kinds.
const (
	MeetingResidents = "居民议事会"
	MeetingConsult   = "协商议事会"
	MeetingHearing   = "听证会"
	MeetingJoint     = "联席会议"
	MeetingParty     = "党群议事会"
	MeetingOther     = "其他"
)

// Meeting statuses.
const (
	MeetingDraft     = "草稿"
	MeetingFinal     = "已定稿"
	MeetingPublished = "已公示"
)

// Attendances of a participant. 列席 (observers) attend but do not count
// towards the quorum and do not vote.
const (
	AttendPresent  = "出席"
	AttendLeave    = "请假"
	AttendAbsent   = "缺席"
	AttendObserver = "列席"
)

// Participant categories.
const (
	CategoryResidentRep  = "居民代表"
	CategoryParty        = "社区党组织"
	CategoryCommittee    = "居委会"
	CategoryOwners       = "业委会"
	CategoryProperty     = "物业服务企业"
	CategorySocialOrg    = "社会组织"
	CategoryLocalUnit    = "驻区单位"
	CategoryGovernment   = "政府部门"
	CategoryObserver     = "列席"
	CategoryOtherPartner = "其他"
)

// Vote rules of a resolution: more than half of those eligible (the
// default), or at least two thirds.
const (
	RuleMajority  = "过半数"
	RuleTwoThirds = "三分之二"
)

// Action statuses. 已逾期 is computed (Action.State), never stored.
const (
	ActionNotStarted = "未开始"
	ActionInProgress = "进行中"
	ActionDone       = "已完成"
	ActionOverdue    = "已逾期"
)

// Defaults and limits.
const (
	// DefaultQuorumPercent: more than half of the invited must be present.
	DefaultQuorumPercent = 50
	// MaxMeetingParticipants bounds a meeting's participant list; a
	// hearing of a whole compound is a few hundred people.
	MaxMeetingParticipants = 2000
)

var (
	MeetingKinds          = []string{MeetingResidents, MeetingConsult, MeetingHearing, MeetingJoint, MeetingParty, MeetingOther}
	MeetingStatuses       = []string{MeetingDraft, MeetingFinal, MeetingPublished}
	ParticipantCategories = []string{CategoryResidentRep, CategoryParty, CategoryCommittee, CategoryOwners, CategoryProperty, CategorySocialOrg, CategoryLocalUnit, CategoryGovernment, CategoryObserver, CategoryOtherPartner}
	Attendances           = []string{AttendPresent, AttendLeave, AttendAbsent, AttendObserver}
	VoteRules             = []string{RuleMajority, RuleTwoThirds}
	// ActionStatuses are the stored statuses; ActionStates adds the
	// computed 已逾期, for filters.
	ActionStatuses = []string{ActionNotStarted, ActionInProgress, ActionDone}
	ActionStates   = []string{ActionNotStarted, ActionInProgress, ActionDone, ActionOverdue}
)

// Meeting is one meeting's record: the minutes with everything in them.
type Meeting struct {
	Model
	Title     string `gorm:"size:128;not null" json:"title"`
	Kind      string `gorm:"size:16;not null;index" json:"kind"`
	Community string `gorm:"size:64;index" json:"community"` // 社区, optional
	Date      string `gorm:"size:10;not null;index" json:"date"`
	StartTime string `gorm:"size:5" json:"startTime"` // HH:MM
	EndTime   string `gorm:"size:5" json:"endTime"`
	Place     string `gorm:"size:256" json:"place"`
	Convener  string `gorm:"size:128" json:"convener"` // 召集人
	Host      string `gorm:"size:64" json:"host"`      // 主持人
	Recorder  string `gorm:"size:64" json:"recorder"`  // 记录人

	// Invited is the quorum base: how many were invited to take part
	// (observers not counted). 0 means the participants not 列席.
	Invited int `gorm:"not null;default:0" json:"invited"`
	// QuorumPercent: more than this share of Invited must be present.
	// 0 means DefaultQuorumPercent.
	QuorumPercent int `gorm:"not null;default:50" json:"quorumPercent"`

	Status      string     `gorm:"size:8;not null;index" json:"status"`
	FinalizedAt *time.Time `json:"finalizedAt,omitempty"`
	FinalizedBy string     `gorm:"size:64" json:"finalizedBy,omitempty"`
	PublishedAt *time.Time `json:"publishedAt,omitempty"`
	PublishedBy string     `gorm:"size:64" json:"publishedBy,omitempty"`

	// Versions: an amendment is a new row with PreviousID set and
	// Version+1; the row it replaces gets SupersededByID.
	Version        int    `gorm:"not null;default:1" json:"version"`
	PreviousID     *int64 `gorm:"index" json:"previousId,omitempty"`
	AmendReason    string `json:"amendReason,omitempty"`
	SupersededByID *int64 `gorm:"index" json:"supersededById,omitempty"`

	Summary string `json:"summary"` // 会议小结, printed
	Notes   string `json:"notes"`   // internal, not printed

	Participants []Participant `gorm:"constraint:OnDelete:CASCADE" json:"participants,omitempty"`
	Agenda       []AgendaItem  `gorm:"constraint:OnDelete:CASCADE" json:"agenda,omitempty"`
	Resolutions  []Resolution  `gorm:"constraint:OnDelete:CASCADE" json:"resolutions,omitempty"`
	Actions      []Action      `gorm:"constraint:OnDelete:CASCADE" json:"actions,omitempty"`
}

// Participant is one person invited to (or attending) a meeting.
type Participant struct {
	ID             int64  `gorm:"primaryKey" json:"id"`
	MeetingID      int64  `gorm:"not null;index" json:"meetingId"`
	Seq            int    `gorm:"not null" json:"seq"`
	Name           string `gorm:"size:64;not null" json:"name"`
	Category       string `gorm:"size:16" json:"category"`
	Unit           string `gorm:"size:128" json:"unit"`                  // unit or organization, as printed
	OrganizationID *int64 `gorm:"index" json:"organizationId,omitempty"` // linked to the organization register
	ResidentID     *int64 `gorm:"index" json:"residentId,omitempty"`     // linked to the household registry
	Attendance     string `gorm:"size:8;not null" json:"attendance"`
	Phone          string `gorm:"size:32" json:"phone"`
	Note           string `gorm:"size:256" json:"note"`
}

func (Participant) TableName() string { return "meeting_participants" }

// Counts reports whether the participant counts towards the quorum base:
// everybody but observers.
func (p Participant) Counts() bool {
	return p.Attendance != AttendObserver && p.Category != CategoryObserver
}

// AgendaItem is one item (议题) of a meeting, in order.
type AgendaItem struct {
	ID         int64    `gorm:"primaryKey" json:"id"`
	MeetingID  int64    `gorm:"not null;index" json:"meetingId"`
	Seq        int      `gorm:"not null" json:"seq"`
	Topic      string   `gorm:"size:256;not null" json:"topic"`
	Background string   `json:"background"` // 情况说明
	Proposals  string   `json:"proposals"`  // 意见建议 / 方案
	Speeches   []Speech `gorm:"constraint:OnDelete:CASCADE" json:"speeches,omitempty"`
	// CarriedActionID is set on an item CarryAction put on the agenda:
	// the action (of this meeting) it reports on.
	CarriedActionID *int64 `json:"carriedActionId,omitempty"`
}

func (AgendaItem) TableName() string { return "meeting_agenda_items" }

// Speech is one contribution to the discussion of an agenda item.
type Speech struct {
	ID           int64  `gorm:"primaryKey" json:"id"`
	AgendaItemID int64  `gorm:"not null;index" json:"agendaItemId"`
	Seq          int    `gorm:"not null" json:"seq"`
	Speaker      string `gorm:"size:128;not null" json:"speaker"`
	Summary      string `json:"summary"`
}

func (Speech) TableName() string { return "meeting_speeches" }

// Resolution is one decision (决议) put to the vote. The outcome is
// computed (Outcome), never stored.
type Resolution struct {
	ID        int64  `gorm:"primaryKey" json:"id"`
	MeetingID int64  `gorm:"not null;index" json:"meetingId"`
	Seq       int    `gorm:"not null" json:"seq"`
	Text      string `gorm:"not null" json:"text"`
	Rule      string `gorm:"size:8;not null" json:"rule"` // "" means RuleMajority
	For       int    `gorm:"column:votes_for;not null;default:0" json:"for"`
	Against   int    `gorm:"column:votes_against;not null;default:0" json:"against"`
	Abstain   int    `gorm:"column:votes_abstain;not null;default:0" json:"abstain"`
	NotVoting int    `gorm:"column:votes_not_voting;not null;default:0" json:"notVoting"`
	// Eligible is how many may vote on this resolution; 0 means all those
	// present (a member with a conflict of interest may be excluded).
	Eligible int `gorm:"not null;default:0" json:"eligible"`
	// AgreementID is the project agreement made from this resolution
	// (ResolutionToAgreement).
	AgreementID *int64 `gorm:"index" json:"agreementId,omitempty"`
}

func (Resolution) TableName() string { return "meeting_resolutions" }

// Outcome is what a resolution's votes mean under its rule.
type Outcome struct {
	Passed   bool `json:"passed"`
	Quorum   bool `json:"quorum"`   // the meeting had its quorum
	NoQuorum bool `json:"noQuorum"` // !Quorum: taken without quorum, marked so
	Present  int  `json:"present"`  // participants present (出席)
	Invited  int  `json:"invited"`  // the quorum base
	Eligible int  `json:"eligible"` // who may vote
	Needed   int  `json:"needed"`   // the fewest votes for that pass
	Rule     string
}

// Action is one follow-up task (督办事项) agreed at a meeting.
type Action struct {
	ID           int64  `gorm:"primaryKey" json:"id"`
	MeetingID    int64  `gorm:"not null;index" json:"meetingId"`
	Seq          int    `gorm:"not null;default:0" json:"seq"`
	ResolutionID *int64 `gorm:"index" json:"resolutionId,omitempty"`
	// ResolutionSeq links a new action to a resolution saved with it
	// (whose ID is not known yet): the Seq of that resolution. Not
	// stored; ResolutionID is.
	ResolutionSeq int    `gorm:"-" json:"resolutionSeq,omitempty"`
	Task          string `gorm:"not null" json:"task"`
	Owner         string `gorm:"size:128;not null;index" json:"owner"` // person or unit responsible
	Deadline      string `gorm:"size:10;index" json:"deadline"`        // YYYY-MM-DD, optional
	Status        string `gorm:"size:8;not null;index" json:"status"`  // stored: 未开始/进行中/已完成
	CompletedDate string `gorm:"size:10" json:"completedDate,omitempty"`
	// CarriedFromID is the action of an earlier meeting this one
	// continues; CarriedToID, on that earlier action, the continuation.
	CarriedFromID *int64 `gorm:"index" json:"carriedFromId,omitempty"`
	CarriedToID   *int64 `gorm:"index" json:"carriedToId,omitempty"`
	// VisitID is the care visit whose referral made this action (it has
	// no meeting then: MeetingID is 0). See RecordVisit.
	VisitID  *int64       `gorm:"index" json:"visitId,omitempty"`
	Progress []ActionNote `gorm:"constraint:OnDelete:CASCADE" json:"progress,omitempty"`
}

func (Action) TableName() string { return "meeting_actions" }

// ActionNote is one progress note (进展) of an action.
type ActionNote struct {
	ID        int64     `gorm:"primaryKey" json:"id"`
	CreatedAt time.Time `json:"createdAt"`
	ActionID  int64     `gorm:"not null;index" json:"actionId"`
	Date      string    `gorm:"size:10;not null" json:"date"`
	Text      string    `gorm:"not null" json:"text"`
	Operator  string    `gorm:"size:64" json:"operator"`
}

func (ActionNote) TableName() string { return "meeting_action_notes" }

// State is the action's status on the day today (YYYY-MM-DD): 已逾期 when
// it is not done and its deadline has passed, else the stored status.
func (a Action) State(today string) string {
	if a.Status != ActionDone && a.Deadline != "" && a.Deadline < today {
		return ActionOverdue
	}
	if a.Status == "" {
		return ActionNotStarted
	}
	return a.Status
}

// Carried reports whether the action was carried into a later meeting,
// where its continuation is followed up.
func (a Action) Carried() bool { return a.CarriedToID != nil }

// Frozen reports whether the meeting's minutes are finalized: changed
// only by an amended version.
func (m *Meeting) Frozen() bool { return m.Status != MeetingDraft && m.Status != "" }

// Superseded reports whether a newer version replaces this one.
func (m *Meeting) Superseded() bool { return m.SupersededByID != nil }

// Clone copies m deeply enough that Validate and the store may change the
// copy's lists (participants, agenda items and their speeches,
// resolutions, actions and their notes) without touching m's.
func (m *Meeting) Clone() Meeting {
	c := *m
	c.Participants = slices.Clone(m.Participants)
	c.Agenda = slices.Clone(m.Agenda)
	for i := range c.Agenda {
		c.Agenda[i].Speeches = slices.Clone(m.Agenda[i].Speeches)
	}
	c.Resolutions = slices.Clone(m.Resolutions)
	c.Actions = slices.Clone(m.Actions)
	for i := range c.Actions {
		c.Actions[i].Progress = slices.Clone(m.Actions[i].Progress)
	}
	return c
}

// MeetingFilter selects meetings for the list. Zero fields do not filter.
type MeetingFilter struct {
	// Query is searched in the title, the agenda (topics, background,
	// proposals), the speeches, the resolutions and the summary.
	Query     string
	Kind      string
	Status    string
	Community string
	Year      int // of the meeting's date
	// AllVersions lists superseded versions too; by default only the
	// newest version of each meeting is listed.
	AllVersions bool

	After string // the Next of the previous page
	Limit int    // 0 means DefaultPageSize
}

// MeetingRow is one line of the meeting list: the meeting without its
// children, with counts.
type MeetingRow struct {
	Meeting
	Participants int `json:"participantCount"` // not 列席
	Present      int `json:"presentCount"`
	Resolutions  int `json:"resolutionCount"`
	OpenActions  int `json:"openActionCount"` // not done, not carried away
}

// MeetingPage is one page of meetings, latest date first. Next is "" after
// the last page.
type MeetingPage struct {
	Rows []MeetingRow
	Next string
}

// ActionFilter selects actions across meetings (the actions board). Zero
// fields do not filter.
type ActionFilter struct {
	Owner string // contained in the owner
	// Status is a stored status or ActionOverdue; a stored status
	// selects actions in that state today (未开始 leaves out overdue
	// ones).
	Status string
	// Overdue selects overdue actions only (as Status = 已逾期).
	Overdue   bool
	MeetingID int64
	// IncludeCarried lists actions carried into a later meeting too; by
	// default only the continuation is listed.
	IncludeCarried bool

	After string // the Next of the previous page
	Limit int    // 0 means DefaultPageSize
}

// ActionRow is one line of the actions board: the action with its
// meeting, and its state today.
type ActionRow struct {
	Action
	MeetingTitle string `json:"meetingTitle"`
	MeetingDate  string `json:"meetingDate"`
	State        string `json:"state"`
}

// ActionPage is one page of actions, earliest deadline first (those
// without a deadline last). Next is "" after the last page.
type ActionPage struct {
	Rows []ActionRow
	Next string
}

// MeetingCounts are the dashboard's figures.
type MeetingCounts struct {
	Year           int `json:"year"`
	Meetings       int `json:"meetings"`       // held (dated) in the year, newest versions
	Drafts         int `json:"drafts"`         // of those, not finalized
	OpenActions    int `json:"openActions"`    // not done, anywhere
	OverdueActions int `json:"overdueActions"` // of those, past their deadline
}
