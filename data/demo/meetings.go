package demo

// Demo deliberation meetings: for each community a year of 协商议事会议 on
// the matters communities actually deliberate (old-compound renovation,
// lifts, parking, an elderly canteen, waste sorting, charging posts…),
// written through the store like a clerk's work, so every rule applies:
// participants drawn from the community's residents and the organization
// register, votes that pass and fail, a meeting without quorum, actions
// open, done and overdue, one carried into a later meeting, an amended
// version, and — when the register has organizations — a resolution that
// became a project agreement.
//
// Dates are relative to the store's clock: the year before today, with a
// draft for a meeting to come. Everything is drawn from one PCG seeded by
// the run's seed, so a seed, a register and a day give the same meetings.

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"jiedao/data"
)

// meetingTopic is one matter put to a meeting, with what the minutes say
// about it.
type meetingTopic struct {
	title, place          string
	background, proposals string
	speeches              [][2]string // speaker role, summary
	resolutions           []string
	twoThirds             bool        // the second resolution needs two thirds
	actions               [][2]string // task, owner
	summary               string
}

var meetingTopics = []meetingTopic{
	{
		title: "老旧小区综合改造方案协商议事会", place: "社区党群服务中心多功能厅",
		background:  "小区建成于1992年，共12栋楼、486户，存在管网老化、外墙脱落、无障碍设施缺失等问题，已列入本年度老旧小区综合改造计划。",
		proposals:   "改造内容分基础类、完善类、提升类三类实施；基础类由财政资金承担，提升类由居民按意愿出资。",
		speeches:    [][2]string{{"居民代表", "希望优先解决雨污管网和屋面漏水问题。"}, {"物业服务企业", "施工期间需协调临时停车和垃圾清运。"}, {"街道城建科", "介绍改造政策、资金来源和实施时序。"}},
		resolutions: []string{"同意按基础类、完善类、提升类分类实施改造方案。", "同意提升类项目由居民按户自愿出资。"}, twoThirds: true,
		actions: [][2]string{{"汇总居民对改造方案的意见建议", "居委会"}, {"组织设计单位进行入户勘察", "街道城建科"}},
		summary: "会议对改造方案达成基本共识，要求做好入户宣传和意见征集。",
	},
	{
		title: "加装电梯协商议事会", place: "社区居委会二楼会议室",
		background:  "3号楼为6层砖混结构，共2个单元24户，60岁以上住户15户，已有19户签署加装电梯意愿书。",
		proposals:   "采用贴墙式加装方案，费用按楼层系数分摊，一、二楼住户适当减免。",
		speeches:    [][2]string{{"居民代表", "高层老人上下楼困难，希望尽快开工。"}, {"居民代表", "一楼住户担心采光和噪音，建议给予补偿。"}, {"社会组织", "可协助开展邻里协商和入户沟通。"}},
		resolutions: []string{"同意3号楼加装电梯并采用贴墙式方案。", "同意费用按楼层系数分摊，一楼住户不分摊。"}, twoThirds: true,
		actions: [][2]string{{"联系设计单位出具加装电梯施工图", "物业服务中心"}, {"与一楼住户逐户沟通补偿方案", "居委会"}},
		summary: "会议明确了加装方案和分摊原则，要求继续做好低层住户的沟通工作。",
	},
	{
		title: "停车管理协商议事会", place: "社区党群服务中心会议室",
		background:  "小区现有车位210个，登记车辆356辆，夜间乱停乱放、占用消防通道问题突出。",
		proposals:   "施划夜间临时停车位，实行业主车辆登记和外来车辆限时停放。",
		speeches:    [][2]string{{"业委会", "建议车位优先保障本小区业主。"}, {"物业服务企业", "拟增设道闸系统，费用需业主大会表决。"}, {"居民代表", "消防通道必须保持畅通。"}},
		resolutions: []string{"同意施划夜间临时停车位并实行车辆登记。", "同意外来车辆停放超过两小时收取停车费。"},
		actions:     [][2]string{{"完成夜间临时停车位施划", "物业服务中心"}, {"开展业主车辆登记", "业委会"}},
		summary:     "会议要求先行试点一个月，根据居民反馈再作调整。",
	},
	{
		title: "老年食堂选址及运营协商议事会", place: "社区老年活动中心",
		background:  "社区60岁以上老人1870人，其中独居老人213人，现有助餐点一处，就餐高峰排队时间长。",
		proposals:   "利用社区活动中心一层开办老年食堂，引入社会组织运营，对80岁以上老人给予就餐补贴。",
		speeches:    [][2]string{{"居民代表", "希望菜品适合老人口味，价格实惠。"}, {"社会组织", "可提供送餐上门服务。"}, {"社区党组织", "将组织党员志愿者参与就餐服务。"}},
		resolutions: []string{"同意利用社区活动中心一层开办老年食堂。", "同意委托社会组织运营老年食堂。"},
		actions:     [][2]string{{"制定老年食堂运营方案", "社区居委会"}, {"开展老年人就餐需求调查", "社区社工站"}},
		summary:     "会议确定了老年食堂选址和运营方式。",
	},
	{
		title: "垃圾分类工作推进会", place: "社区居委会会议室",
		background:  "小区垃圾分类准确率约62%，厨余垃圾混投现象较多，部分楼门桶站设置不合理。",
		proposals:   "调整桶站位置，早晚高峰安排志愿者桶前值守，开展分类积分兑换活动。",
		speeches:    [][2]string{{"居民代表", "桶站离单元门太近，夏季异味大。"}, {"物业服务企业", "同意调整桶站并增加清洗频次。"}, {"社会组织", "可组织青少年开展分类宣传。"}},
		resolutions: []string{"同意调整5处桶站位置并实行桶前值守。", "同意开展垃圾分类积分兑换活动。"},
		actions:     [][2]string{{"完成桶站位置调整", "物业服务中心"}, {"招募桶前值守志愿者", "社区党组织"}},
		summary:     "会议要求三个月内将分类准确率提高到80%以上。",
	},
	{
		title: "电动自行车充电桩建设协商议事会", place: "社区党群服务中心会议室",
		background:  "小区电动自行车约600辆，存在飞线充电、楼道充电等安全隐患，现有充电桩仅40个。",
		proposals:   "在小区东西两侧各建设一处集中充电棚，新增充电端口160个。",
		speeches:    [][2]string{{"居民代表", "充电收费标准要公开透明。"}, {"驻区单位", "可提供部分场地用于建设充电棚。"}, {"街道平安办", "介绍电动自行车消防安全要求。"}},
		resolutions: []string{"同意建设两处集中充电棚。", "同意充电收费标准为每度电0.8元。"}, twoThirds: true,
		actions: [][2]string{{"确定充电棚建设单位", "物业服务中心"}, {"开展楼道飞线充电专项整治", "街道平安办"}},
		summary: "会议要求充电棚在入冬前投入使用。",
	},
	{
		title: "楼道堆物清理及消防安全议事会", place: "社区居委会会议室",
		background:  "消防检查发现小区楼道堆物点位87处，部分堵塞安全出口。",
		proposals:   "开展为期两周的集中清理，清理后建立楼门长巡查机制。",
		speeches:    [][2]string{{"楼门长", "部分老人不愿清理旧物，需要耐心劝导。"}, {"物业服务企业", "可提供大件垃圾免费清运。"}},
		resolutions: []string{"同意开展楼道堆物集中清理。", "同意建立楼门长每周巡查机制。"},
		actions:     [][2]string{{"完成楼道堆物集中清理", "物业服务中心"}, {"建立楼门长巡查台账", "居委会"}},
		summary:     "会议要求清理工作做到不留死角。",
	},
	{
		title: "公共空间改造议事会", place: "社区党群服务中心多功能厅",
		background:  "小区中心广场地面破损，健身器材老化，缺少儿童活动设施和休息座椅。",
		proposals:   "对中心广场进行适老化、适儿化改造，增设休息座椅和遮阳设施。",
		speeches:    [][2]string{{"居民代表", "希望增加儿童游乐设施。"}, {"居民代表", "广场舞音量需要管理。"}, {"社区党组织", "改造方案将公示征求意见。"}},
		resolutions: []string{"同意实施中心广场改造。", "同意制定广场使用公约。"},
		actions:     [][2]string{{"编制广场改造设计方案", "街道城建科"}, {"起草广场使用公约", "居委会"}},
		summary:     "会议对广场改造方向达成一致。",
	},
}

// Names for participants who are not in the household registry: staff
// of the committee, the property company, the office.
var staffNames = []string{"赵红", "钱明", "孙丽华", "李建国", "周敏", "吴晓燕", "郑海涛", "冯秀英", "陈志刚", "褚玉兰", "卫东", "蒋丽"}

// generateMeetings writes the demo meetings into s, unless it already
// has meetings. Participants are linked to organizations, and a
// resolution made into an agreement, only when withOrgs — the register's
// organizations are the demonstration's own; a real one is never named
// in made-up minutes. It returns how many meeting records (amended
// versions included) and agreements it wrote.
func generateMeetings(ctx context.Context, s *data.Store, seed int64, withOrgs bool) (meetings, agreements int, err error) {
	wctx := context.WithoutCancel(ctx)
	if empty, err := s.MeetingRegisterIsEmpty(wctx); err != nil || !empty {
		return 0, 0, err
	}
	cs, err := s.Communities(wctx)
	if err != nil {
		return 0, 0, fmt.Errorf("demo: %w", err)
	}
	var orgs []data.Organization
	if withOrgs {
		if orgs, err = activeOrganizations(wctx, s); err != nil {
			return 0, 0, err
		}
	}
	w := &meetingWriter{s: s, ctx: wctx, r: rand.New(rand.NewPCG(uint64(seed), 0x6d656574696e67)), orgs: orgs, today: day(s.Now())}
	for ci, cg := range cs {
		c := cg.Community
		if err := ctx.Err(); err != nil {
			return w.written, w.agreements, context.Cause(ctx)
		}
		if err := w.community(ci, c); err != nil {
			return w.written, w.agreements, fmt.Errorf("demo: meetings of %s: %w", c, err)
		}
	}
	return w.written, w.agreements, nil
}

type meetingWriter struct {
	s          *data.Store
	ctx        context.Context
	r          *rand.Rand
	orgs       []data.Organization
	today      time.Time
	written    int
	agreements int
}

func (w *meetingWriter) date(daysAgo int) string {
	return w.today.AddDate(0, 0, -daysAgo).Format(time.DateOnly)
}

// signOff dates the finalization (and publication) of a demo meeting as an
// office would have done it: by the recorder, late on the day `after` days
// past the meeting, published the next morning (see
// data.Store.BackdateMeetingSignOff for why the marks are backdated).
func (w *meetingWriter) signOff(id int64, by, date string, after int, published bool) error {
	day, err := time.ParseInLocation(time.DateOnly, date, w.today.Location())
	if err != nil {
		return fmt.Errorf("meeting %d: date %q: %w", id, date, err)
	}
	final := day.AddDate(0, 0, after).Add(17*time.Hour + 30*time.Minute)
	var pub *time.Time
	if published {
		p := final.Add(16 * time.Hour)
		pub = &p
	}
	return w.s.BackdateMeetingSignOff(w.ctx, id, by, final, pub)
}

// community writes one community's year: six meetings 60 days apart, the
// oldest published, the recent ones finalized, the last a draft; and a
// meeting to come, a draft with an action carried into it.
func (w *meetingWriter) community(ci int, community string) error {
	residents, err := w.s.CommunityAdults(w.ctx, community, 25, 60)
	if err != nil {
		return err
	}
	var ids []int64 // of the latest version of each
	for k := range 6 {
		id, err := w.pastMeeting(ci, k, community, residents)
		if err != nil {
			return err
		}
		ids = append(ids, id)
	}
	return w.upcoming(ci, community, residents, ids[2])
}

// pastMeeting writes the k-th meeting of community ci's year with what
// became of it, and returns the ID of its latest version. The first
// community's year has the showcases: a meeting without quorum, an
// amended version, and (with organizations) a resolution made an
// agreement.
func (w *meetingWriter) pastMeeting(ci, k int, community string, residents []data.Resident) (int64, error) {
	first := ci == 0
	topic := meetingTopics[(ci*3+k)%len(meetingTopics)]
	daysAgo := 340 - k*60 - ci*4 // the last about 40 days ago
	noQuorum := first && k == 2
	m := w.meeting(topic, community, w.date(daysAgo), residents, noQuorum)
	if err := w.s.CreateMeeting(w.ctx, m); err != nil {
		return 0, fmt.Errorf("%s: %w", m.Title, err)
	}
	w.written++
	if err := w.followUp(m, daysAgo); err != nil {
		return 0, err
	}
	if k == 5 {
		return m.ID, nil // the latest stays a draft
	}
	if err := w.signOffMinutes(m, k < 3); err != nil {
		return 0, err
	}
	id := m.ID
	if first && k == 1 {
		v2, err := w.amend(m.ID)
		if err != nil {
			return 0, err
		}
		id = v2
	}
	if first && k == 3 && len(w.orgs) > 0 {
		if err := w.agreement(m.ID); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// signOffMinutes finalizes m's minutes, publishes them when publish, and
// dates both the day after the meeting.
func (w *meetingWriter) signOffMinutes(m *data.Meeting, publish bool) error {
	if err := w.s.FinalizeMeeting(w.ctx, m.ID); err != nil {
		return fmt.Errorf("%s: %w", m.Title, err)
	}
	if publish {
		if err := w.s.PublishMeeting(w.ctx, m.ID); err != nil {
			return err
		}
	}
	return w.signOff(m.ID, m.Recorder, m.Date, 1, publish)
}

// amend corrects published minutes after publication: the amended
// version, finalized and published, and returns its ID.
func (w *meetingWriter) amend(id int64) (int64, error) {
	v2, err := w.s.AmendMeeting(w.ctx, id, "补记一名请假的居民代表。")
	if err != nil {
		return 0, err
	}
	w.written++
	v2.Participants = append(v2.Participants, data.Participant{Name: "卫东", Category: data.CategoryResidentRep, Attendance: data.AttendLeave})
	if err := w.s.UpdateMeeting(w.ctx, &v2); err != nil {
		return 0, err
	}
	if err := w.s.FinalizeMeeting(w.ctx, v2.ID); err != nil {
		return 0, err
	}
	if err := w.s.PublishMeeting(w.ctx, v2.ID); err != nil {
		return 0, err
	}
	if err := w.signOff(v2.ID, v2.Recorder, v2.Date, 9, true); err != nil {
		return 0, err
	}
	return v2.ID, nil
}

// upcoming writes the meeting to come, a draft with its agenda and
// everyone expected; in the first community an open action of meeting
// carryFrom is carried into it.
func (w *meetingWriter) upcoming(ci int, community string, residents []data.Resident, carryFrom int64) error {
	topic := meetingTopics[(ci*3+6)%len(meetingTopics)]
	next := w.meeting(topic, community, w.date(-10), residents, false)
	next.Resolutions, next.Actions, next.Summary = nil, nil, ""
	for i := range next.Participants {
		next.Participants[i].Attendance = data.AttendPresent
	}
	for i := range next.Agenda {
		next.Agenda[i].Speeches = nil
	}
	if err := w.s.CreateMeeting(w.ctx, next); err != nil {
		return err
	}
	w.written++
	if ci != 0 {
		return nil
	}
	old, err := w.s.Meeting(w.ctx, carryFrom)
	if err != nil {
		return err
	}
	for _, a := range old.Actions {
		if a.Status != data.ActionDone && !a.Carried() {
			_, err := w.s.CarryAction(w.ctx, a.ID, next.ID)
			return err
		}
	}
	return nil
}

// meeting makes one meeting's record from a topic: participants from the
// residents and organizations, the agenda, two resolutions with votes
// (the first passes; the second, under two thirds, may fail) and two
// actions with deadlines after the meeting.
func (w *meetingWriter) meeting(t meetingTopic, community, date string, residents []data.Resident, noQuorum bool) *data.Meeting {
	r := w.r
	m := &data.Meeting{
		Title: community + t.title, Kind: data.MeetingConsult, Community: community, Date: date,
		StartTime: fmt.Sprintf("%02d:%02d", []int{9, 14, 15, 19}[r.IntN(4)], []int{0, 30}[r.IntN(2)]),
		Place:     t.place, Convener: community + "居委会", Summary: t.summary,
	}
	h, _ := time.Parse("15:04", m.StartTime)
	m.EndTime = h.Add(time.Duration(90+30*r.IntN(3)) * time.Minute).Format("15:04")
	if r.IntN(4) == 0 {
		m.Kind = data.MeetingResidents
	}
	w.participants(m, residents)
	w.attendance(m, noQuorum)
	m.Agenda = []data.AgendaItem{agendaItem(t)}
	m.Resolutions = w.votes(t, m.Present())
	md, _ := time.Parse(time.DateOnly, date)
	for i, a := range t.actions {
		m.Actions = append(m.Actions, data.Action{
			Task: a[0], Owner: a[1], ResolutionSeq: i + 1,
			Deadline: md.AddDate(0, 0, 20+r.IntN(50)).Format(time.DateOnly),
		})
	}
	return m
}

// participants invites the meeting of m.Community: the host and the
// recorder, seven to twelve residents' representatives (staff when the
// register is too small), the property company, a social organization
// when there are any, and an observer from the office.
func (w *meetingWriter) participants(m *data.Meeting, residents []data.Resident) {
	r, community := w.r, m.Community
	host := staffNames[r.IntN(len(staffNames))]
	recorder := staffNames[r.IntN(len(staffNames))]
	if recorder == host {
		recorder = staffNames[(r.IntN(len(staffNames)-1)+1+indexOf(staffNames, host))%len(staffNames)]
	}
	m.Host, m.Recorder = host, recorder
	add := func(p data.Participant) {
		p.Attendance = data.AttendPresent
		m.Participants = append(m.Participants, p)
	}
	add(data.Participant{Name: host, Category: data.CategoryParty, Unit: community + "党委"})
	add(data.Participant{Name: recorder, Category: data.CategoryCommittee, Unit: community + "居委会"})
	reps := 7 + r.IntN(6)
	perm := r.Perm(len(residents))
	for i := 0; i < reps && i < len(perm); i++ {
		res := residents[perm[i]]
		id := res.ID
		add(data.Participant{Name: res.Name, Category: data.CategoryResidentRep, ResidentID: &id, Phone: res.Phone})
	}
	for i := len(m.Participants); i < 9; i++ { // a register too small to have residents enough
		add(data.Participant{Name: staffNames[(i*5)%len(staffNames)], Category: data.CategoryResidentRep})
	}
	add(data.Participant{Name: staffNames[r.IntN(len(staffNames))], Category: data.CategoryProperty, Unit: community + "物业服务中心"})
	if len(w.orgs) > 0 {
		add(w.orgParticipant())
	}
	add(data.Participant{Name: staffNames[r.IntN(len(staffNames))], Category: data.CategoryObserver, Unit: "街道城市建设管理科"})
}

// orgParticipant is someone of one of the register's organizations: its
// contact, its legal representative, or one of its social workers.
func (w *meetingWriter) orgParticipant() data.Participant {
	o := w.orgs[w.r.IntN(len(w.orgs))]
	id := o.ID
	name := o.Contact
	if name == "" {
		name = o.LegalRep
	}
	if name == "" {
		name = "社工" + staffNames[w.r.IntN(len(staffNames))]
	}
	return data.Participant{Name: name, Category: data.CategorySocialOrg, Unit: o.Name, OrganizationID: &id}
}

// attendance draws who came: most do; a meeting without quorum sees most
// stay away. The host, the recorder and observers always come.
func (w *meetingWriter) attendance(m *data.Meeting, noQuorum bool) {
	for i := range m.Participants {
		p := &m.Participants[i]
		if p.Category == data.CategoryObserver || i < 2 {
			continue
		}
		switch x := w.r.IntN(100); {
		case noQuorum && x < 70:
			p.Attendance = data.AttendAbsent
		case !noQuorum && x < 8:
			p.Attendance = data.AttendLeave
		case !noQuorum && x < 12:
			p.Attendance = data.AttendAbsent
		}
	}
}

// agendaItem is the topic's one item with what was said.
func agendaItem(t meetingTopic) data.AgendaItem {
	topic := t.title
	for _, suffix := range []string{"协商议事会", "议事会", "工作推进会"} {
		topic = strings.TrimSuffix(topic, suffix)
	}
	item := data.AgendaItem{Topic: topic, Background: t.background, Proposals: t.proposals}
	for _, sp := range t.speeches {
		item.Speeches = append(item.Speeches, data.Speech{Speaker: sp[0], Summary: sp[1]})
	}
	return item
}

// votes are the topic's two resolutions as present people voted: the
// first passes (with quorum); the second, under two thirds, gets about
// 60% and fails.
func (w *meetingWriter) votes(t meetingTopic, present int) []data.Resolution {
	forV := present - w.r.IntN(2)
	against := min(present-forV, 1)
	first := data.Resolution{Text: t.resolutions[0], For: forV, Against: against, Abstain: present - forV - against}
	second := data.Resolution{Text: t.resolutions[1]}
	if t.twoThirds {
		second.Rule = data.RuleTwoThirds
		second.For = present * 6 / 10
	} else {
		second.For = present*7/10 + 1
	}
	second.For = min(second.For, present)
	second.Against = (present - second.For) / 2
	second.Abstain = present - second.For - second.Against - min(1, present-second.For-second.Against)
	second.NotVoting = present - second.For - second.Against - second.Abstain
	return []data.Resolution{first, second}
}

// followUp records what became of a meeting's actions by today: the
// first of an older meeting done, the second in progress with notes —
// overdue when its deadline has passed.
func (w *meetingWriter) followUp(m *data.Meeting, daysAgo int) error {
	if daysAgo < 30 {
		return nil
	}
	done := m.Actions[0]
	note := data.ActionNote{Date: w.date(daysAgo - 10), Text: "已召开专题会议部署，明确责任分工。"}
	if err := w.s.AddActionNote(w.ctx, done.ID, &note); err != nil {
		return err
	}
	if w.r.IntN(5) > 0 {
		if err := w.s.UpdateActionStatus(w.ctx, done.ID, data.ActionDone, w.date(daysAgo-25)); err != nil {
			return err
		}
	}
	open := m.Actions[1]
	if w.r.IntN(3) > 0 {
		note := data.ActionNote{Date: w.date(daysAgo - 15), Text: "已完成前期摸底，正在协调相关单位。"}
		if err := w.s.AddActionNote(w.ctx, open.ID, &note); err != nil {
			return err
		}
	}
	// Most of what was agreed months ago is done by now; the register's
	// overdue list is the few that are not, as in a real office.
	if daysAgo > 150 && w.r.IntN(4) > 0 {
		if err := w.s.UpdateActionStatus(w.ctx, open.ID, data.ActionDone, w.date(daysAgo-60)); err != nil {
			return err
		}
	}
	return nil
}

// agreement makes a project agreement from the first resolution of a
// finalized meeting, with a social organization as party B.
func (w *meetingWriter) agreement(meetingID int64) error {
	m, err := w.s.Meeting(w.ctx, meetingID)
	if err != nil {
		return err
	}
	for _, r := range m.Resolutions {
		if !r.Outcome(&m).Passed {
			continue
		}
		a, err := w.s.ResolutionToAgreement(w.ctx, r.ID, w.orgs[w.r.IntN(len(w.orgs))].ID)
		if err != nil {
			return err
		}
		w.agreements++
		// The clerk goes on with the draft: scope, term, money, payments
		// and indicators, as any project agreement has them.
		start := w.today.AddDate(0, 1, 0)
		start = time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
		a.ServiceContent = "协助居委会组织居民协商、入户沟通和意见征集，跟踪决议落实并向后续议事会议报告进展。"
		a.TargetGroup = m.Community + "居民"
		a.TermStart, a.TermEnd = start.Format(time.DateOnly), start.AddDate(1, 0, -1).Format(time.DateOnly)
		a.Amount, a.FundingSource = 8_000_000, "社区公益事业专项经费"
		a.Milestones = []data.Milestone{
			{Share: 50, Condition: data.ConditionSigned, PlannedDate: start.AddDate(0, 0, 14).Format(time.DateOnly)},
			{Share: 50, Condition: data.ConditionFinal, PlannedDate: start.AddDate(1, 0, 14).Format(time.DateOnly)},
		}
		a.Indicators = []data.Indicator{
			{Name: "入户沟通户数", Target: "不少于200户", Weight: 40},
			{Name: "居民满意度", Target: "不低于90%", Weight: 30},
			{Name: "进展报告", Target: "每季度向议事会议报告一次", Weight: 30},
		}
		return w.s.UpdateAgreement(w.ctx, &a)
	}
	return nil
}

// activeOrganizations are the register's organizations that are 正常, by
// ID.
func activeOrganizations(ctx context.Context, s *data.Store) ([]data.Organization, error) {
	var orgs []data.Organization
	f := data.OrganizationFilter{Status: data.OrgActive, Limit: 500}
	for {
		page, err := s.ListOrganizations(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("demo: organizations: %w", err)
		}
		orgs = append(orgs, page.Rows...)
		if page.Next == "" {
			break
		}
		f.After = page.Next
	}
	slices.SortFunc(orgs, func(a, b data.Organization) int { return cmp.Compare(a.ID, b.ID) })
	return orgs, nil
}

func indexOf(list []string, v string) int {
	for i, s := range list {
		if s == v {
			return i
		}
	}
	return 0
}
