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
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
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
