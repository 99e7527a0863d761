package data

// Agreements (协议): the administrative contracts by which the office (party
// A, from the settings) commissions services from a social organization
// (party B, an Organization). Two kinds, 委托协议 and 项目协议, share one
// model; they differ in their number sequence and clause template.
//
// Lifecycle (agreement_workflow.go): 草稿 → 待签署 → 已签订 → 履行中 → 已验收
// or 已终止. A draft is edited freely; 待签署 locks it (it has been printed
// for signature; 退回草稿 unlocks it); from 已签订 on its content is frozen —
// including the snapshot of both parties taken at signing and the articles
// rendered then — and a change is a supplementary agreement (补充协议).
//
// Supplementary agreements are Agreement rows too, with ParentID set and
// numbered after the parent ("〔2026〕委字第001号-补1"). They record a change,
// not a restatement: Changes is the text of the change, AmountChange the
// increase (or, negative, decrease) of the total and NewTermEnd a new end
// date; their milestones are the payments the change adds. What is in force
// is the parent plus its signed supplements (see Effective). A supplementary
// agreement goes 草稿 → 待签署 → 已签订 and no further: the parent carries
// the performance, evaluations and acceptance.
//
// Money is int64 fen. Dates are ISO text (2006-01-02), as in the registry.
// The children — milestones, indicators, evaluations, attachments — live in
// their own tables; milestones and indicators are content (replaced as a
// whole while a draft is edited), payments, evaluations and attachments are
// records of performance added after signing.

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Agreement kinds.
const (
	AgreementCommission = "委托协议"
	AgreementProject    = "项目协议"
)

// Agreement statuses.
const (
	AgreementDraft      = "草稿"
	AgreementPending    = "待签署"
	AgreementSigned     = "已签订"
	AgreementInProgress = "履行中"
	AgreementAccepted   = "已验收"
	AgreementTerminated = "已终止"
)

// Payment conditions of milestones.
const (
	ConditionSigned  = "签订后"
	ConditionMidterm = "中期评估合格后"
	ConditionFinal   = "终期验收合格后"
	ConditionOther   = "其他" // described in ConditionNote
)

// Evaluation stages and conclusions.
const (
	StageMidterm = "中期评估"
	StageFinal   = "终期验收"
	StageOther   = "专项评估"

	ConclusionExcellent = "优秀"
	ConclusionGood      = "良好"
	ConclusionPass      = "合格"
	ConclusionFail      = "不合格"
)

// Attachment kinds.
const (
	AttachmentSignedScan = "签署扫描件"
	AttachmentReport     = "评估报告"
	AttachmentOther      = "其他"
)

// Limits.
const (
	// MaxAgreementAmount bounds amounts (fen): 1000亿元, far above any
	// street office's budget, low enough that share × amount cannot
	// overflow.
	MaxAgreementAmount int64 = 10_000_000_000_000
	// DefaultCopies is how many originals are signed (一式X份) when the
	// form leaves it empty: two for each party.
	DefaultCopies = 4
)

var (
	AgreementKinds      = []string{AgreementCommission, AgreementProject}
	AgreementStatuses   = []string{AgreementDraft, AgreementPending, AgreementSigned, AgreementInProgress, AgreementAccepted, AgreementTerminated}
	MilestoneConditions = []string{ConditionSigned, ConditionMidterm, ConditionFinal, ConditionOther}
	EvaluationStages    = []string{StageMidterm, StageFinal, StageOther}
	Conclusions         = []string{ConclusionExcellent, ConclusionGood, ConclusionPass, ConclusionFail}
	AttachmentKinds     = []string{AttachmentSignedScan, AttachmentReport, AttachmentOther}

	// frozenStatuses are those of a signed agreement: its content no
	// longer changes and it cannot be deleted.
	frozenStatuses = []string{AgreementSigned, AgreementInProgress, AgreementAccepted, AgreementTerminated}
)

// AgreementParty is what an agreement prints about a party; at signing both
// parties' details are copied into the agreement (PartyA, PartyB) so later
// changes of the settings or the register do not alter a signed document.
type AgreementParty struct {
	Name     string `json:"name"`
	USCC     string `json:"uscc,omitempty"`
	LegalRep string `json:"legalRep,omitempty"`
	Contact  string `json:"contact,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Address  string `json:"address,omitempty"`
	Bank     string `json:"bank,omitempty"`
	Account  string `json:"account,omitempty"`
}

// Agreement is one 委托协议 or 项目协议, or a supplementary agreement to one.
type Agreement struct {
	Model
	Kind       string `gorm:"size:8;not null;index:idx_agreements_kind_year,priority:1" json:"kind"`
	Number     string `gorm:"size:64;not null;uniqueIndex" json:"number"` // generated; never reused
	Year       int    `gorm:"not null;index:idx_agreements_kind_year,priority:2" json:"year"`
	Seq        int64  `gorm:"not null" json:"seq"`                            // in the kind and year; the parent's for a supplementary agreement
	ParentID   *int64 `gorm:"index" json:"parentId,omitempty"`                // set on a supplementary agreement
	Supplement int    `gorm:"not null;default:0" json:"supplement,omitempty"` // N of 补N; 0 on an agreement

	Title          string `gorm:"size:128;not null" json:"title"`
	OrganizationID int64  `gorm:"not null;index" json:"organizationId"` // party B
	ProjectName    string `gorm:"size:128" json:"projectName"`
	Purpose        string `json:"purpose"`                     // 项目目的
	ServiceContent string `json:"serviceContent"`              // 服务内容及范围
	TargetGroup    string `gorm:"size:256" json:"targetGroup"` // 服务对象
	Place          string `gorm:"size:256" json:"place"`       // 服务地点
	TermStart      string `gorm:"size:10" json:"termStart"`
	TermEnd        string `gorm:"size:10;index" json:"termEnd"`
	Amount         int64  `gorm:"not null;default:0" json:"amount"` // fen; 0 on a supplementary agreement
	FundingSource  string `gorm:"size:128" json:"fundingSource"`    // 资金来源
	Copies         int    `gorm:"not null;default:4" json:"copies"` // 一式X份

	// Supplementary agreements only.
	Changes      string `json:"changes,omitempty"`                      // 变更内容, printed
	AmountChange int64  `gorm:"not null;default:0" json:"amountChange"` // fen, signed
	NewTermEnd   string `gorm:"size:10" json:"newTermEnd,omitempty"`

	// Articles is this agreement's clause text with its placeholders
	// (clauses.go), copied from the kind's template when created and
	// editable while a draft.
	Articles string `json:"articles"`

	Status string `gorm:"size:8;not null;index" json:"status"`
	Notes  string `json:"notes"` // internal, not printed

	// Recorded at signing (已签订) and frozen with the content.
	SignedDate    string          `gorm:"size:10" json:"signedDate,omitempty"`
	SignatoryA    string          `gorm:"size:64" json:"signatoryA,omitempty"` // 甲方签字人
	SignatoryB    string          `gorm:"size:64" json:"signatoryB,omitempty"` // 乙方签字人
	PartyA        *AgreementParty `gorm:"serializer:json" json:"partyA,omitempty"`
	PartyB        *AgreementParty `gorm:"serializer:json" json:"partyB,omitempty"`
	SignedClauses []Clause        `gorm:"serializer:json" json:"signedClauses,omitempty"` // Articles rendered at signing

	// Recorded when the agreement is closed.
	AcceptedDate      string `gorm:"size:10" json:"acceptedDate,omitempty"`
	TerminatedDate    string `gorm:"size:10" json:"terminatedDate,omitempty"`
	TerminationReason string `json:"terminationReason,omitempty"`

	Milestones  []Milestone           `gorm:"constraint:OnDelete:CASCADE" json:"milestones,omitempty"`
	Indicators  []Indicator           `gorm:"constraint:OnDelete:CASCADE" json:"indicators,omitempty"`
	Evaluations []Evaluation          `gorm:"constraint:OnDelete:CASCADE" json:"evaluations,omitempty"`
	Attachments []AgreementAttachment `json:"attachments,omitempty"` // loaded without their bytes
}

// Milestone is one payment of an agreement (第N期). It is entered either as
// a share of the total (Share, in percent; Amount is then computed) or as
// an amount (Share 0). The payment itself is recorded after signing
// (RecordPayment).
type Milestone struct {
	ID            int64  `gorm:"primaryKey" json:"id"`
	AgreementID   int64  `gorm:"not null;index" json:"agreementId"`
	Seq           int    `gorm:"not null" json:"seq"` // 1, 2, …, in the order entered
	Share         int    `gorm:"not null;default:0" json:"share,omitempty"`
	Amount        int64  `gorm:"not null" json:"amount"` // fen
	Condition     string `gorm:"size:16" json:"condition"`
	ConditionNote string `gorm:"size:128" json:"conditionNote,omitempty"`
	PlannedDate   string `gorm:"size:10;index" json:"plannedDate"`
	PaidDate      string `gorm:"size:10" json:"paidDate,omitempty"`
	PaidAmount    int64  `gorm:"not null;default:0" json:"paidAmount,omitempty"`
	PaymentNote   string `gorm:"size:256" json:"paymentNote,omitempty"`
}

func (Milestone) TableName() string { return "agreement_milestones" }

// Indicator is one performance indicator (绩效指标): what is measured, the
// target, and its weight in the total score (weights add up to 100).
type Indicator struct {
	ID          int64  `gorm:"primaryKey" json:"id"`
	AgreementID int64  `gorm:"not null;index" json:"agreementId"`
	Seq         int    `gorm:"not null" json:"seq"`
	Name        string `gorm:"size:128;not null" json:"name"`
	Target      string `gorm:"size:256" json:"target"`
	Weight      int    `gorm:"not null" json:"weight"`
}

func (Indicator) TableName() string { return "agreement_indicators" }

// IndicatorScore is an evaluation's score of one indicator, from 0 to the
// indicator's weight.
type IndicatorScore struct {
	IndicatorID int64   `json:"indicatorId"`
	Score       float64 `json:"score"`
}

// Evaluation is one performance evaluation (中期评估, 终期验收…).
type Evaluation struct {
	ID          int64            `gorm:"primaryKey" json:"id"`
	CreatedAt   time.Time        `json:"createdAt"`
	AgreementID int64            `gorm:"not null;index" json:"agreementId"`
	Stage       string           `gorm:"size:16;not null" json:"stage"`
	Date        string           `gorm:"size:10;not null" json:"date"`
	Evaluator   string           `gorm:"size:128;not null" json:"evaluator"` // person, panel or third-party body
	Scores      []IndicatorScore `gorm:"serializer:json" json:"scores"`
	Total       float64          `json:"total"` // sum of Scores, computed
	Conclusion  string           `gorm:"size:8;not null" json:"conclusion"`
	Notes       string           `json:"notes"`
}

func (Evaluation) TableName() string { return "agreement_evaluations" }

// AgreementAttachment is a file kept with an agreement: the signed scan,
// evaluation reports, other papers. The bytes are stored in the database
// (Data), so the one file, its backups and a later shared server carry
// them, and a backup is never missing a scan; size is capped at
// MaxAttachmentSize. SHA256 is checked whenever the bytes are read.
type AgreementAttachment struct {
	Model
	AgreementID int64  `gorm:"not null;index" json:"agreementId"`
	Kind        string `gorm:"size:16;not null" json:"kind"`
	FileName    string `gorm:"size:255;not null" json:"fileName"`
	MediaType   string `gorm:"size:64;not null" json:"mediaType"` // sniffed from the bytes
	Size        int64  `gorm:"not null" json:"size"`
	SHA256      string `gorm:"column:sha256;size:64;not null" json:"sha256"` // hex
	Data        []byte `json:"-"`                                            // never in audit entries
}

func (AgreementAttachment) TableName() string { return "agreement_attachments" }

// attachmentColumns are the columns of an attachment without its bytes.
var attachmentColumns = []string{"id", "created_at", "updated_at", "deleted_at", "agreement_id", "kind", "file_name", "media_type", "size", "sha256"}

// Frozen reports whether the agreement is signed: its content, party
// snapshot and articles no longer change.
func (a *Agreement) Frozen() bool { return slices.Contains(frozenStatuses, a.Status) }

// IsSupplement reports whether a is a supplementary agreement.
func (a *Agreement) IsSupplement() bool { return a.ParentID != nil }

// Total is the amount the milestones must add up to: the amount, or for a
// supplementary agreement the increase it adds.
func (a *Agreement) Total() int64 {
	if a.IsSupplement() {
		return a.AmountChange
	}
	return a.Amount
}

// agreementContent is what signing freezes.
type agreementContent struct {
	Kind, Number, Title, ProjectName, Purpose, ServiceContent, TargetGroup, Place string
	TermStart, TermEnd, FundingSource, Changes, NewTermEnd, Articles              string
	SignedDate, SignatoryA, SignatoryB, SignedClauses                             string
	OrganizationID, Amount, AmountChange, ParentID                                int64
	Copies, Supplement                                                            int
	PartyA, PartyB                                                                AgreementParty
}

func (a *Agreement) content() agreementContent {
	c := agreementContent{
		Kind: a.Kind, Number: a.Number, Title: a.Title, ProjectName: a.ProjectName, Purpose: a.Purpose,
		ServiceContent: a.ServiceContent, TargetGroup: a.TargetGroup, Place: a.Place,
		TermStart: a.TermStart, TermEnd: a.TermEnd, FundingSource: a.FundingSource, Changes: a.Changes,
		NewTermEnd: a.NewTermEnd, Articles: a.Articles, SignedDate: a.SignedDate,
		SignatoryA: a.SignatoryA, SignatoryB: a.SignatoryB, SignedClauses: fmt.Sprint(a.SignedClauses),
		OrganizationID: a.OrganizationID, Amount: a.Amount, AmountChange: a.AmountChange,
		Copies: a.Copies, Supplement: a.Supplement,
	}
	if a.ParentID != nil {
		c.ParentID = *a.ParentID
	}
	if a.PartyA != nil {
		c.PartyA = *a.PartyA
	}
	if a.PartyB != nil {
		c.PartyB = *a.PartyB
	}
	return c
}

// BeforeUpdate refuses a change of a signed agreement's content however
// it is attempted — UpdateAgreement refuses first with a clearer message,
// but a generic Store.Update of the whole record lands here. Status and
// closing details still change (the workflow writes them).
func (a *Agreement) BeforeUpdate(tx *gorm.DB) error {
	if a.ID == 0 {
		return nil
	}
	var stored Agreement
	err := tx.Session(&gorm.Session{NewDB: true}).Unscoped().Where("id = ?", a.ID).Limit(1).Find(&stored).Error
	if err != nil {
		return fmt.Errorf("data: agreement %d: %w", a.ID, err)
	}
	if stored.ID != 0 && stored.Frozen() && stored.content() != a.content() {
		return frozenError(&stored)
	}
	return nil
}

// BeforeDelete keeps signed agreements out of the recycle bin: a signed
// contract is terminated, not deleted.
func (a *Agreement) BeforeDelete(*gorm.DB) error {
	if a.Frozen() {
		return &Error{Key: KeyAgreementDeleteSigned, Args: map[string]any{"Number": a.Number, "Status": a.Status}}
	}
	return nil
}

// BeforeDelete keeps the signed scan of a signed agreement.
func (f *AgreementAttachment) BeforeDelete(tx *gorm.DB) error {
	if f.Kind != AttachmentSignedScan || f.AgreementID == 0 {
		return nil
	}
	var a Agreement
	err := tx.Session(&gorm.Session{NewDB: true}).Select("id", "number", "status").Where("id = ?", f.AgreementID).Limit(1).Find(&a).Error
	if err != nil {
		return fmt.Errorf("data: attachment %d: %w", f.ID, err)
	}
	if a.Frozen() {
		return frozenError(&a)
	}
	return nil
}

func frozenError(a *Agreement) error {
	return &Error{Key: KeyAgreementFrozen, Args: map[string]any{"Number": a.Number, "Status": a.Status}}
}

// Validate normalizes a draft in place and checks what any saved agreement
// must satisfy: kind, title, party B, formats and limits, term order, and
// the sums — milestones add up to the total (when there are milestones),
// indicator weights to 100 (when there are indicators). Shares are turned
// into amounts first. An empty title becomes the project name followed by
// the kind. What signing needs beyond that is ReadyToSign. It returns
// FieldErrors (fields are the JSON names; "milestones" and "indicators"
// for the tables), or nil.
func (a *Agreement) Validate() error {
	for _, f := range []*string{&a.Kind, &a.Title, &a.ProjectName, &a.TargetGroup, &a.Place, &a.TermStart, &a.TermEnd, &a.FundingSource, &a.NewTermEnd} {
		*f = collapseBlanks(cleanText(*f))
	}
	for _, f := range []*string{&a.Purpose, &a.ServiceContent, &a.Changes, &a.Notes} {
		*f = strings.TrimSpace(*f)
	}
	if a.Title == "" && a.ProjectName != "" && !a.IsSupplement() {
		a.Title = a.ProjectName + a.Kind
	}
	if a.Copies == 0 {
		a.Copies = DefaultCopies
	}
	p := problems{record: RecordAgreement}
	p.required("kind", a.Kind)
	p.oneOf("kind", a.Kind, AgreementKinds)
	p.required("title", a.Title)
	p.maxLen("title", a.Title, 128)
	if a.OrganizationID <= 0 {
		p.add("organizationId", KeyInvalidRequired, nil)
	}
	p.maxLen("projectName", a.ProjectName, 128)
	p.maxLen("targetGroup", a.TargetGroup, 256)
	p.maxLen("place", a.Place, 256)
	p.maxLen("fundingSource", a.FundingSource, 128)
	p.maxLen("purpose", a.Purpose, 2000)
	p.maxLen("serviceContent", a.ServiceContent, 10000)
	p.maxLen("changes", a.Changes, 10000)
	for _, d := range []struct {
		field string
		v     *string
	}{{"termStart", &a.TermStart}, {"termEnd", &a.TermEnd}, {"newTermEnd", &a.NewTermEnd}} {
		if *d.v == "" {
			continue
		}
		if iso, ok := parseDate(*d.v); ok {
			*d.v = iso
		} else {
			p.add(d.field, KeyInvalidDate, map[string]any{"Value": *d.v})
		}
	}
	if a.TermStart != "" && a.TermEnd != "" && a.TermEnd < a.TermStart {
		p.add("termEnd", KeyAgreementTermOrder, map[string]any{"Start": a.TermStart, "End": a.TermEnd})
	}
	if a.Amount < 0 || a.Amount > MaxAgreementAmount {
		p.add("amount", KeyAgreementAmountRange, map[string]any{"Max": Yuan(MaxAgreementAmount)})
	}
	if a.AmountChange < -MaxAgreementAmount || a.AmountChange > MaxAgreementAmount {
		p.add("amountChange", KeyAgreementAmountRange, map[string]any{"Max": Yuan(MaxAgreementAmount)})
	}
	if a.Copies < 2 || a.Copies > 20 {
		p.add("copies", KeyAgreementCopies, nil)
	}
	if a.Articles != "" {
		if err := CheckClauseTemplate(a.Articles); err != nil {
			var e *Error
			if errors.As(err, &e) {
				p.add("articles", e.Key, e.Args)
			}
		}
	}
	a.validateMilestones(&p)
	a.validateIndicators(&p)
	return p.err()
}

// validateMilestones numbers the milestones, turns shares into amounts,
// clears payments (recorded by RecordPayment only) and checks the sum.
func (a *Agreement) validateMilestones(p *problems) {
	if len(a.Milestones) == 0 {
		return
	}
	total := a.Total()
	// A draft whose amount is not known yet keeps its shares; the sum is
	// checked once there is an amount (ReadyToSign requires one).
	unknown := !a.IsSupplement() && a.Amount == 0
	var sum int64
	shared := 0
	bad := false
	for i := range a.Milestones {
		m := &a.Milestones[i]
		m.Seq = i + 1
		m.Condition = cleanText(m.Condition)
		m.ConditionNote = cleanText(m.ConditionNote)
		m.PaidDate, m.PaidAmount, m.PaymentNote = "", 0, ""
		args := map[string]any{"Seq": m.Seq}
		switch {
		case m.Share < 0 || m.Share > 100:
			p.add("milestones", KeyMilestoneShare, args)
			bad = true
		case m.Share > 0:
			m.Amount = total * int64(m.Share) / 100
			shared++
		}
		if (m.Amount <= 0 && !(unknown && m.Share > 0)) || m.Amount > MaxAgreementAmount {
			p.add("milestones", KeyMilestoneAmount, args)
			bad = true
		}
		p.required("milestones", m.Condition)
		p.oneOf("milestones", m.Condition, MilestoneConditions)
		if m.Condition == ConditionOther && m.ConditionNote == "" {
			p.add("milestones", KeyMilestoneConditionNote, args)
		}
		p.maxLen("milestones", m.ConditionNote, 128)
		if m.PlannedDate = cleanText(m.PlannedDate); m.PlannedDate != "" {
			if iso, ok := parseDate(m.PlannedDate); ok {
				m.PlannedDate = iso
			} else {
				p.add("milestones", KeyInvalidDate, map[string]any{"Value": m.PlannedDate})
			}
		}
		sum += m.Amount
	}
	// Shares are rounded down to the fen; the fen or two left over go to
	// the last milestone entered as a share, so 33% + 33% + 34% of
	// ¥100.01 add up exactly.
	if rest := total - sum; shared > 0 && rest > 0 && rest < int64(shared) {
		for i := len(a.Milestones) - 1; i >= 0; i-- {
			if a.Milestones[i].Share > 0 {
				a.Milestones[i].Amount += rest
				sum += rest
				break
			}
		}
	}
	if !bad && !unknown && sum != total {
		p.add("milestones", KeyMilestoneSum, map[string]any{"Sum": Yuan(sum), "Total": Yuan(total)})
	}
}

// validateIndicators numbers the indicators and checks the weights.
func (a *Agreement) validateIndicators(p *problems) {
	if len(a.Indicators) == 0 {
		return
	}
	sum := 0
	for i := range a.Indicators {
		in := &a.Indicators[i]
		in.Seq = i + 1
		in.Name = collapseBlanks(cleanText(in.Name))
		in.Target = collapseBlanks(cleanText(in.Target))
		p.required("indicators", in.Name)
		p.maxLen("indicators", in.Name, 128)
		p.maxLen("indicators", in.Target, 256)
		if in.Weight <= 0 || in.Weight > 100 {
			p.add("indicators", KeyIndicatorWeight, map[string]any{"Seq": in.Seq})
		}
		sum += in.Weight
	}
	if sum != 100 {
		p.add("indicators", KeyIndicatorWeightSum, map[string]any{"Sum": sum})
	}
}

// ReadyToSign checks what an agreement needs before it is printed for
// signature (草稿 → 待签署), after Validate: the project, service content,
// term, amount, at least one milestone and one indicator — or, for a
// supplementary agreement, the text of the change. FieldErrors, or nil.
func (a *Agreement) ReadyToSign() error {
	if err := a.Validate(); err != nil {
		return err
	}
	p := problems{record: RecordAgreement}
	if a.IsSupplement() {
		p.required("changes", a.Changes)
		return p.err()
	}
	p.required("projectName", a.ProjectName)
	p.required("serviceContent", a.ServiceContent)
	p.required("termStart", a.TermStart)
	p.required("termEnd", a.TermEnd)
	if a.Amount <= 0 {
		p.add("amount", KeyInvalidRequired, nil)
	}
	if len(a.Milestones) == 0 {
		p.add("milestones", KeyInvalidRequired, nil)
	}
	if len(a.Indicators) == 0 {
		p.add("indicators", KeyInvalidRequired, nil)
	}
	return p.err()
}

// Effective returns what is in force of an agreement given its
// supplementary agreements (any order; only signed ones count): the total
// amount, its amount plus each change, and the end of the term, the latest
// signed new end date or its own.
func Effective(a Agreement, supplements []Agreement) (amount int64, termEnd string) {
	amount, termEnd = a.Amount, a.TermEnd
	sorted := slices.Clone(supplements)
	slices.SortFunc(sorted, func(x, y Agreement) int { return x.Supplement - y.Supplement })
	for _, s := range sorted {
		if !s.Frozen() || s.ParentID == nil || *s.ParentID != a.ID {
			continue
		}
		amount += s.AmountChange
		if s.NewTermEnd != "" {
			termEnd = s.NewTermEnd
		}
	}
	return amount, termEnd
}

// CreateAgreement validates a draft (Validate) and adds it with its
// milestones and indicators: status 草稿, a new number for its kind and
// the current year (agreement_number.go), and, when Articles is empty, the
// kind's clause template. Party B must be an organization in the register
// with status 正常. Payments and evaluations are not taken here. For a
// supplementary agreement use CreateSupplement.
func (s *Store) CreateAgreement(ctx context.Context, a *Agreement) error {
	if a.ParentID != nil {
		return &Error{Key: KeyAgreementUseSupplement}
	}
	if err := a.Validate(); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		if _, err := activeOrganization(tx.DB, a.OrganizationID); err != nil {
			return err
		}
		year := s.now().Year()
		number, seq, err := nextAgreementNumber(tx.DB, a.Kind, year)
		if err != nil {
			return err
		}
		if a.Articles == "" {
			if a.Articles, err = clauseTemplate(tx.DB, a.Kind); err != nil {
				return err
			}
		}
		a.prepareInsert(number, year, seq)
		return tx.Create(a)
	})
}

// prepareInsert resets what a new draft never brings with it.
func (a *Agreement) prepareInsert(number string, year int, seq int64) {
	a.ID, a.Number, a.Year, a.Seq, a.Status = 0, number, year, seq, AgreementDraft
	a.Model = Model{}
	a.SignedDate, a.SignatoryA, a.SignatoryB, a.PartyA, a.PartyB, a.SignedClauses = "", "", "", nil, nil, nil
	a.AcceptedDate, a.TerminatedDate, a.TerminationReason = "", "", ""
	a.Evaluations, a.Attachments = nil, nil
	for i := range a.Milestones {
		a.Milestones[i].ID, a.Milestones[i].AgreementID = 0, 0
	}
	for i := range a.Indicators {
		a.Indicators[i].ID, a.Indicators[i].AgreementID = 0, 0
	}
}

// CreateSupplement adds a draft supplementary agreement to the agreement
// parentID (or, when that is itself supplementary, to its parent), which
// must be signed and not closed (已签订 or 履行中). Kind, party B, project
// and place are the parent's; the number is the parent's followed by
// "-补N", N counting every supplementary agreement the parent ever had
// (deleted ones too). An empty title becomes "<parent title>补充协议", empty
// Articles the supplementary template. sup.Changes says what changes (it
// may stay empty in the draft); AmountChange, NewTermEnd and Milestones
// carry the structured part.
func (s *Store) CreateSupplement(ctx context.Context, parentID int64, sup *Agreement) error {
	return s.Tx(ctx, func(tx *Tx) error {
		var parent Agreement
		if err := first(tx.DB, &parent, "agreements", parentID); err != nil {
			return err
		}
		if parent.ParentID != nil {
			// Numbered and linked after the agreement itself.
			var root Agreement
			if err := first(tx.DB, &root, "agreements", *parent.ParentID); err != nil {
				return err
			}
			parent = root
		}
		if parent.Status != AgreementSigned && parent.Status != AgreementInProgress {
			return &Error{Key: KeyAgreementSupplementParent, Args: map[string]any{"Number": parent.Number, "Status": parent.Status}}
		}
		if _, err := activeOrganization(tx.DB, parent.OrganizationID); err != nil {
			return err
		}
		sup.ParentID = &parent.ID
		sup.Kind, sup.OrganizationID = parent.Kind, parent.OrganizationID
		sup.ProjectName, sup.Place, sup.TargetGroup = parent.ProjectName, parent.Place, parent.TargetGroup
		sup.TermStart, sup.TermEnd, sup.Amount = parent.TermStart, parent.TermEnd, 0
		if cleanText(sup.Title) == "" {
			sup.Title = parent.Title + "补充协议"
		}
		if sup.Copies == 0 {
			sup.Copies = parent.Copies
		}
		if err := sup.Validate(); err != nil {
			return err
		}
		if err := checkNewTermEnd(sup, &parent); err != nil {
			return err
		}
		n, err := nextCounter(tx.DB, supplementScope(parent.ID))
		if err != nil {
			return err
		}
		number := fmt.Sprintf("%s-补%d", parent.Number, n)
		if sup.Articles == "" {
			if sup.Articles, err = clauseTemplate(tx.DB, ClauseSupplement); err != nil {
				return err
			}
		}
		sup.prepareInsert(number, parent.Year, parent.Seq)
		sup.Supplement = int(n)
		return tx.Create(sup)
	})
}

// checkNewTermEnd refuses a new end date before the start of the term.
func checkNewTermEnd(sup, parent *Agreement) error {
	if sup.NewTermEnd != "" && parent.TermStart != "" && sup.NewTermEnd < parent.TermStart {
		return &Error{Key: KeyAgreementTermOrder, Args: map[string]any{"Field": "newTermEnd", "Start": parent.TermStart, "End": sup.NewTermEnd}}
	}
	return nil
}

// activeOrganization loads party B and refuses one that is deregistered or
// on the abnormal list: it may get no new agreement.
func activeOrganization(db *gorm.DB, id int64) (Organization, error) {
	var o Organization
	if err := first(db, &o, "organizations", id); err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Args["Field"] = "organizationId"
		}
		return o, err
	}
	if o.Status != OrgActive {
		return o, &Error{Key: KeyAgreementOrgStatus, Args: map[string]any{"Field": "organizationId", "Name": o.Name, "Status": o.Status}}
	}
	return o, nil
}

// UpdateAgreement validates a draft and saves it with its milestones and
// indicators (the stored ones are replaced). Only a draft can be edited: an
// agreement awaiting signature is refused with KeyAgreementLocked (return
// it to draft first), a signed one with KeyAgreementFrozen (make a
// supplementary agreement). The kind, number, parent, status and signing
// details are kept as stored; so are a supplementary agreement's party B,
// project and term, which are its parent's.
func (s *Store) UpdateAgreement(ctx context.Context, a *Agreement) error {
	return s.Tx(ctx, func(tx *Tx) error {
		before, err := loadAgreement(tx.DB, a.ID)
		if err != nil {
			return err
		}
		switch {
		case before.Frozen():
			return frozenError(&before)
		case before.Status != AgreementDraft:
			return &Error{Key: KeyAgreementLocked, Args: map[string]any{"Number": before.Number, "Status": before.Status}}
		}
		a.Kind, a.Number, a.Year, a.Seq, a.ParentID, a.Supplement = before.Kind, before.Number, before.Year, before.Seq, before.ParentID, before.Supplement
		a.Status, a.Model = before.Status, before.Model
		a.SignedDate, a.SignatoryA, a.SignatoryB, a.PartyA, a.PartyB, a.SignedClauses = "", "", "", nil, nil, nil
		a.AcceptedDate, a.TerminatedDate, a.TerminationReason = "", "", ""
		if a.IsSupplement() {
			a.OrganizationID, a.ProjectName, a.Place, a.TargetGroup = before.OrganizationID, before.ProjectName, before.Place, before.TargetGroup
			a.TermStart, a.TermEnd, a.Amount = before.TermStart, before.TermEnd, 0
		}
		if a.Articles == "" {
			a.Articles = before.Articles
		}
		if err := a.Validate(); err != nil {
			return err
		}
		if a.IsSupplement() {
			var parent Agreement
			if err := first(tx.DB, &parent, "agreements", *a.ParentID); err != nil {
				return err
			}
			if err := checkNewTermEnd(a, &parent); err != nil {
				return err
			}
		} else if a.OrganizationID != before.OrganizationID {
			if _, err := activeOrganization(tx.DB, a.OrganizationID); err != nil {
				return err
			}
		}
		err = tx.DB.Model(a).Select("*").Omit("CreatedAt", "DeletedAt", clause.Associations).Updates(a).Error
		if err != nil {
			return fmt.Errorf("data: update agreement %d: %w", a.ID, err)
		}
		if err := replaceChildren(tx.DB, a); err != nil {
			return err
		}
		after, err := loadAgreement(tx.DB, a.ID)
		if err != nil {
			return err
		}
		return tx.Audit(ActionUpdate, "agreements", a.ID, before, after)
	})
}

// replaceChildren replaces the stored milestones and indicators of a draft
// with a's.
func replaceChildren(db *gorm.DB, a *Agreement) error {
	if err := db.Where("agreement_id = ?", a.ID).Delete(&Milestone{}).Error; err != nil {
		return fmt.Errorf("data: agreement %d: milestones: %w", a.ID, err)
	}
	if err := db.Where("agreement_id = ?", a.ID).Delete(&Indicator{}).Error; err != nil {
		return fmt.Errorf("data: agreement %d: indicators: %w", a.ID, err)
	}
	for i := range a.Milestones {
		a.Milestones[i].ID, a.Milestones[i].AgreementID = 0, a.ID
	}
	for i := range a.Indicators {
		a.Indicators[i].ID, a.Indicators[i].AgreementID = 0, a.ID
	}
	if len(a.Milestones) > 0 {
		if err := db.Create(&a.Milestones).Error; err != nil {
			return fmt.Errorf("data: agreement %d: milestones: %w", a.ID, err)
		}
	}
	if len(a.Indicators) > 0 {
		if err := db.Create(&a.Indicators).Error; err != nil {
			return fmt.Errorf("data: agreement %d: indicators: %w", a.ID, err)
		}
	}
	return nil
}

// loadAgreement loads a live agreement with its children in order
// (attachments without their bytes).
func loadAgreement(db *gorm.DB, id int64) (Agreement, error) {
	var a Agreement
	err := db.
		Preload("Milestones", func(db *gorm.DB) *gorm.DB { return db.Order("seq, id") }).
		Preload("Indicators", func(db *gorm.DB) *gorm.DB { return db.Order("seq, id") }).
		Preload("Evaluations", func(db *gorm.DB) *gorm.DB { return db.Order("date, id") }).
		Preload("Attachments", func(db *gorm.DB) *gorm.DB { return db.Select(attachmentColumns).Order("id") }).
		First(&a, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return a, NotFound("agreements", id)
	}
	if err != nil {
		return a, fmt.Errorf("data: load agreement %d: %w", id, err)
	}
	return a, nil
}

// Agreement returns the agreement with id, with its milestones,
// indicators, evaluations and attachments (without their bytes: see
// AttachmentData).
func (s *Store) Agreement(ctx context.Context, id int64) (Agreement, error) {
	return loadAgreement(s.db.WithContext(ctx), id)
}

// AgreementByNumber returns the agreement with number, as Agreement does.
func (s *Store) AgreementByNumber(ctx context.Context, number string) (Agreement, error) {
	var id int64
	err := s.db.WithContext(ctx).Model(&Agreement{}).Where("number = ?", strings.TrimSpace(number)).Limit(1).Pluck("id", &id).Error
	if err != nil {
		return Agreement{}, fmt.Errorf("data: agreement %s: %w", number, err)
	}
	if id == 0 {
		return Agreement{}, NotFound("agreements", number)
	}
	return s.Agreement(ctx, id)
}

// Supplements returns the supplementary agreements of parentID, in the
// order of their numbers.
func (s *Store) Supplements(ctx context.Context, parentID int64) ([]Agreement, error) {
	var out []Agreement
	err := s.db.WithContext(ctx).Preload("Milestones", func(db *gorm.DB) *gorm.DB { return db.Order("seq, id") }).
		Where("parent_id = ?", parentID).Order("supplement").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("data: supplements of agreement %d: %w", parentID, err)
	}
	return out, nil
}

// DeleteAgreement moves an agreement that is not signed to the recycle
// bin; a signed one is refused with KeyAgreementDeleteSigned (terminate
// it instead). Its number is never given out again.
func (s *Store) DeleteAgreement(ctx context.Context, id int64) error {
	return s.Tx(ctx, func(tx *Tx) error {
		var a Agreement
		if err := first(tx.DB, &a, "agreements", id); err != nil {
			return err
		}
		return tx.Delete(&a)
	})
}

// AgreementFilter selects agreements for the list. Zero fields do not
// filter.
type AgreementFilter struct {
	Query          string // number, title, project or party B's name, anywhere in it
	Kind           string
	Status         string
	Year           int // of the number
	OrganizationID int64
	MinAmount      int64 // fen
	MaxAmount      int64 // fen; 0 means no upper bound
	// EndingWithin > 0 selects agreements in force (已签订, 履行中) whose
	// term, as extended by signed supplementary agreements, ends between
	// today and that many days from today.
	EndingWithin int
	ParentID     int64 // the supplementary agreements of this agreement
	MainOnly     bool  // leave supplementary agreements out

	After string // the Next of the previous page
	Limit int    // 0 means DefaultPageSize
}

// AgreementRow is one line of the agreement list: the agreement without
// its children, party B's name, and the term end in force.
type AgreementRow struct {
	Agreement
	OrganizationName string `json:"organizationName"`
	EffectiveEnd     string `json:"effectiveEnd"`
}

// AgreementPage is one page of agreements, newest first. Next is "" after
// the last page.
type AgreementPage struct {
	Rows []AgreementRow
	Next string
}

// effectiveEndSQL is the end of an agreement's term as extended by its
// latest signed supplementary agreement with a new end date.
const effectiveEndSQL = `COALESCE((SELECT s.new_term_end FROM agreements s
	WHERE s.parent_id = a.id AND s.deleted_at IS NULL AND s.status = '` + AgreementSigned + `' AND s.new_term_end <> ''
	ORDER BY s.supplement DESC LIMIT 1), a.term_end)`

// ListAgreements returns one page of the agreements f selects, newest
// first (keyset paging on the id).
func (s *Store) ListAgreements(ctx context.Context, f AgreementFilter) (AgreementPage, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultPageSize
	}
	var w where
	w.add("a.deleted_at IS NULL")
	for _, c := range []struct{ col, v string }{{"a.kind", f.Kind}, {"a.status", f.Status}} {
		if c.v != "" {
			w.add(c.col+" = ?", c.v)
		}
	}
	if f.Year != 0 {
		w.add("a.year = ?", f.Year)
	}
	if f.OrganizationID != 0 {
		w.add("a.organization_id = ?", f.OrganizationID)
	}
	if f.MinAmount > 0 {
		w.add("a.amount >= ?", f.MinAmount)
	}
	if f.MaxAmount > 0 {
		w.add("a.amount <= ?", f.MaxAmount)
	}
	if f.ParentID != 0 {
		w.add("a.parent_id = ?", f.ParentID)
	}
	if f.MainOnly {
		w.add("a.parent_id IS NULL")
	}
	if f.EndingWithin > 0 {
		today := agrDay(s.now())
		w.add("a.status IN ? AND a.parent_id IS NULL", []string{AgreementSigned, AgreementInProgress})
		w.add(effectiveEndSQL+" BETWEEN ? AND ?", today.Format(time.DateOnly), today.AddDate(0, 0, f.EndingWithin).Format(time.DateOnly))
	}
	if q := cleanText(f.Query); q != "" {
		like := "%" + likeEscape(q) + "%"
		w.add(`(a.number LIKE ? ESCAPE '\' OR a.title LIKE ? ESCAPE '\' OR a.project_name LIKE ? ESCAPE '\' OR o.name LIKE ? ESCAPE '\')`, like, like, like, like)
	}
	if c, ok := decodeCursor(f.After); ok {
		w.add("a.id < ?", c.id)
	}
	// Two steps: the page's ids with what is joined in, then the rows
	// through GORM, which knows their serialized columns.
	sql := `SELECT a.id, COALESCE(o.name, '') AS organization_name, ` + effectiveEndSQL + ` AS effective_end
		FROM agreements a LEFT JOIN organizations o ON o.id = a.organization_id
		WHERE ` + w.sql() + ` ORDER BY a.id DESC LIMIT ?`
	var keys []struct {
		ID               int64
		OrganizationName string
		EffectiveEnd     string
	}
	db := s.db.WithContext(ctx)
	if err := db.Raw(sql, append(w.args, limit)...).Scan(&keys).Error; err != nil {
		return AgreementPage{}, fmt.Errorf("data: list agreements: %w", err)
	}
	if len(keys) == 0 {
		return AgreementPage{}, nil
	}
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
	}
	var as []Agreement
	if err := db.Where("id IN ?", ids).Find(&as).Error; err != nil {
		return AgreementPage{}, fmt.Errorf("data: list agreements: %w", err)
	}
	byID := make(map[int64]Agreement, len(as))
	for _, a := range as {
		byID[a.ID] = a
	}
	page := AgreementPage{Rows: make([]AgreementRow, 0, len(keys))}
	for _, k := range keys {
		page.Rows = append(page.Rows, AgreementRow{Agreement: byID[k.ID], OrganizationName: k.OrganizationName, EffectiveEnd: k.EffectiveEnd})
	}
	if len(keys) == limit {
		page.Next = cursor{id: keys[len(keys)-1].ID}.encode()
	}
	return page, nil
}

// agrDay is the calendar day of t (in t's zone) as midnight UTC, so days
// between dates are whole multiples of 24 hours.
func agrDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// agrDaysUntil returns to − from in days for ISO dates, and false when
// either is not a date.
func agrDaysUntil(from time.Time, to string) (int, bool) {
	t, err := time.Parse(time.DateOnly, to)
	if err != nil {
		return 0, false
	}
	return int(math.Round(t.Sub(from).Hours() / 24)), true
}

// migrateAgreements creates the organization register and the agreements
// (0003_agreements).
func migrateAgreements(tx *gorm.DB) error {
	err := tx.AutoMigrate(&Organization{}, &Agreement{}, &Milestone{}, &Indicator{}, &Evaluation{},
		&AgreementAttachment{}, &agreementCounter{})
	if err != nil {
		return err
	}
	// A credit code is one organization's, also while it is in the recycle
	// bin; community organizations without a code are many. The store
	// checks first to name the holder; the index makes it a rule. Partial
	// indexes are the same SQL on SQLite and PostgreSQL.
	return tx.Exec("CREATE UNIQUE INDEX IF NOT EXISTS idx_organizations_uscc_unique ON organizations (uscc) WHERE uscc <> ''").Error
}
