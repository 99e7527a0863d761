package data

// Translation keys of the deliberation meetings. Validation keys are under
// "error.invalid" (errors.Is(err, ErrInvalid) holds) and carry
// Args["Field"], the JSON name of the field ("participants", "resolutions"…
// for the tables, with Args["Seq"] the row's number).
const (
	KeyInvalidTime           = "error.invalid.time"                    // Args: Value
	KeyMeetingTimeOrder      = "error.invalid.meeting.time_order"      // Args: Start, End
	KeyMeetingInvited        = "error.invalid.meeting.invited"         // Args: Invited, Count
	KeyMeetingQuorumPercent  = "error.invalid.meeting.quorum_percent"  // Args: Value
	KeyMeetingLink           = "error.invalid.meeting.link"            // Args: Seq, Name, Entity, ID
	KeyMeetingTooMany        = "error.invalid.meeting.too_many"        // Args: Max
	KeyResolutionVotes       = "error.invalid.resolution.votes"        // Args: Seq, Votes, Eligible, For, Against, Abstain, NotVoting
	KeyResolutionEligible    = "error.invalid.resolution.eligible"     // Args: Seq, Eligible, Present
	KeyResolutionNegative    = "error.invalid.resolution.negative"     // Args: Seq
	KeyActionResolution      = "error.invalid.action.resolution"       // Args: Seq
	KeyActionCompletedFuture = "error.invalid.action.completed_future" // Args: Date
	KeyActionCompletedBefore = "error.invalid.action.completed_before" // Args: Date, Meeting
	KeyActionStatus          = "error.invalid.action.status"           // Args: Value
	KeyMeetingAmendReason    = "error.invalid.meeting.amend_reason"    //
	KeyActionNoteEmpty       = "error.invalid.action.note_empty"       //
	KeyActionNoteFuture      = "error.invalid.action.note_future"      // Args: Date

	// Refusals. Args: Title, Status (and Version) of the meeting unless
	// noted.
	KeyMeetingTransition    = "error.meeting.transition" // Args: Title, From, To
	KeyMeetingFrozen        = "error.meeting.frozen"
	KeyMeetingSuperseded    = "error.meeting.superseded" // Args: Title, Version, Newer (its version)
	KeyMeetingDeleteFinal   = "error.meeting.delete_final"
	KeyMeetingAmendDraft    = "error.meeting.amend_draft"
	KeyMeetingCarryTarget   = "error.meeting.carry_target"          // the target's Title, Status, Date; From (the action's meeting date)
	KeyActionCarried        = "error.meeting.action_carried"        // Args: Task
	KeyResolutionAgreement  = "error.meeting.resolution_agreement"  // Args: Seq, Number
	KeyResolutionNotPassed  = "error.meeting.resolution_not_passed" // Args: Seq
	KeyResolutionNotFinal   = "error.meeting.resolution_not_final"  // Args: Title, Status
	KeyActionSupersededNote = "error.meeting.action_superseded"     // Args: Title, Version
)

// meetingMessages are the texts of the meetings in both languages.
var meetingMessages = []Message{
	{KeyInvalidTime, "时间“{{.Value}}”无效，请按“时:分”填写，如 09:30。", "“{{.Value}}” is not a time; write hours:minutes, like 09:30."},
	{KeyMeetingTimeOrder, "结束时间 {{.End}} 应晚于开始时间 {{.Start}}。", "The end time {{.End}} must be after the start time {{.Start}}."},
	{KeyMeetingInvited,
		"应到人数 {{.Invited}} 少于名单中除列席外的参会人员 {{.Count}} 人。",
		"The number invited ({{.Invited}}) is less than the {{.Count}} participants listed (observers not counted)."},
	{KeyMeetingQuorumPercent, "法定到会比例须在1%到99%之间。", "The quorum share must be between 1% and 99%."},
	{KeyMeetingLink,
		"第{{.Seq}}位参会人员“{{.Name}}”关联的{{if eq .Entity \"organizations\"}}社会组织{{else}}居民{{end}}（编号 {{.ID}}）不存在或已被删除。",
		"Participant {{.Seq}} (“{{.Name}}”) is linked to {{if eq .Entity \"organizations\"}}an organization{{else}}a resident{{end}} (ID {{.ID}}) that does not exist or was deleted."},
	{KeyMeetingTooMany, "参会人员不能超过 {{.Max}} 人。", "At most {{.Max}} participants."},
	{KeyResolutionVotes,
		"第{{.Seq}}项决议的表决票数合计 {{.Votes}} 票（同意 {{.For}}、反对 {{.Against}}、弃权 {{.Abstain}}、未表决 {{.NotVoting}}），超过有表决权的 {{.Eligible}} 人。",
		"The votes on resolution {{.Seq}} add up to {{.Votes}} (for {{.For}}, against {{.Against}}, abstaining {{.Abstain}}, not voting {{.NotVoting}}), more than the {{.Eligible}} entitled to vote."},
	{KeyResolutionEligible,
		"第{{.Seq}}项决议的有表决权人数 {{.Eligible}} 超过实到人数 {{.Present}}（列席人员不计）。",
		"Resolution {{.Seq}}: {{.Eligible}} entitled to vote is more than the {{.Present}} present (observers not counted)."},
	{KeyResolutionNegative, "第{{.Seq}}项决议的票数不能为负数。", "The votes on resolution {{.Seq}} cannot be negative."},
	{KeyActionResolution, "第{{.Seq}}项督办事项关联的决议不在本次会议中。", "Action {{.Seq}} refers to a resolution that is not in this meeting."},
	{KeyActionCompletedFuture, "完成日期 {{.Date}} 晚于今天。", "The completion date {{.Date}} is after today."},
	{KeyActionCompletedBefore, "完成日期 {{.Date}} 早于会议日期 {{.Meeting}}。", "The completion date {{.Date}} is before the meeting ({{.Meeting}})."},
	{KeyActionStatus, "督办事项的状态只能是未开始、进行中或已完成（“已逾期”由截止日期自动判断）。", "An action is not started, in progress or done (“overdue” follows from its deadline)."},
	{KeyMeetingAmendReason, "请填写修订理由。", "Give the reason for the amendment."},
	{KeyActionNoteEmpty, "进展情况不能为空。", "The progress note is empty."},
	{KeyActionNoteFuture, "进展日期 {{.Date}} 晚于今天。", "The date of the note, {{.Date}}, is after today."},

	{KeyMeetingTransition, "会议“{{.Title}}”的状态为“{{.From}}”，不能改为“{{.To}}”。", "The meeting “{{.Title}}” is {{.From}}; it cannot become {{.To}}."},
	{KeyMeetingFrozen,
		"会议“{{.Title}}”的纪要已定稿（{{.Status}}），不能再修改；如需更正，请制作修订版本并说明理由。",
		"The minutes of “{{.Title}}” are finalized ({{.Status}}) and cannot change; make an amended version with a reason instead."},
	{KeyMeetingSuperseded,
		"这是会议“{{.Title}}”的第{{.Version}}版，已有更新的第{{.Newer}}版，请在最新版本上操作。",
		"This is version {{.Version}} of “{{.Title}}”; version {{.Newer}} replaces it. Work on the newest version."},
	{KeyMeetingDeleteFinal,
		"会议“{{.Title}}”已定稿（{{.Status}}），不能删除；只有草稿可以删除。",
		"The meeting “{{.Title}}” is finalized ({{.Status}}) and cannot be deleted; only drafts can."},
	{KeyMeetingAmendDraft,
		"会议“{{.Title}}”还是草稿，可直接修改，无需制作修订版本。",
		"The meeting “{{.Title}}” is still a draft: edit it directly, no amendment is needed."},
	{KeyMeetingCarryTarget,
		"只能转入日期晚于 {{.From}} 的草稿会议；“{{.Title}}”（{{.Date}}，{{.Status}}）不符合。",
		"An action can only be carried into a draft meeting held after {{.From}}; “{{.Title}}” ({{.Date}}, {{.Status}}) is not one."},
	{KeyActionCarried, "督办事项“{{.Task}}”已转入后续会议，请在后续会议中跟进。", "The action “{{.Task}}” was carried into a later meeting; follow it up there."},
	{KeyResolutionAgreement, "第{{.Seq}}项决议已生成协议 {{.Number}}。", "Resolution {{.Seq}} already has agreement {{.Number}}."},
	{KeyResolutionNotPassed, "第{{.Seq}}项决议未获通过，不能据此签订协议。", "Resolution {{.Seq}} did not pass; no agreement can be made from it."},
	{KeyResolutionNotFinal,
		"会议“{{.Title}}”的纪要尚未定稿（{{.Status}}），定稿后才能据决议签订协议。",
		"The minutes of “{{.Title}}” are not finalized ({{.Status}}); finalize them before making an agreement from a resolution."},
	{KeyActionSupersededNote,
		"会议“{{.Title}}”的第{{.Version}}版已被修订版本取代，请在最新版本中跟进督办事项。",
		"Version {{.Version}} of “{{.Title}}” was replaced by an amended version; follow up the actions there."},

	{"audit.entity.meetings", "议事会议", "Meetings"},
	{"audit.entity.meeting_participants", "参会人员", "Meeting participants"},
	{"audit.entity.meeting_agenda_items", "会议议题", "Agenda items"},
	{"audit.entity.meeting_speeches", "会议发言", "Speeches"},
	{"audit.entity.meeting_resolutions", "会议决议", "Resolutions"},
	{"audit.entity.meeting_actions", "督办事项", "Follow-up actions"},
	{"audit.entity.meeting_action_notes", "督办进展", "Action progress notes"},
}

// MeetingMessages returns the meetings' texts, for the UI's checks.
func MeetingMessages() []Message { return meetingMessages }
