package data

// The life of an agreement after it is drafted: the workflow, payments,
// evaluations, attachments and the dashboard's reminders.
//
//	草稿 ──提交签署──▶ 待签署 ──签订──▶ 已签订 ──开始履行──▶ 履行中 ──验收──▶ 已验收
//	  ◀──退回修改──┘                  └──────终止──────┴──终止──▶ 已终止
//
// 待签署 means printed for signature: the content is locked (so what is
// signed is what was printed) until it is signed or returned to draft.
// Signing records the date and both signatories, needs the signed scan
// attached, and freezes the content with a snapshot of both parties and
// the rendered articles. Acceptance needs a 终期验收 evaluation that is not
// 不合格; termination needs a reason. 已验收 and 已终止 are final. A
// supplementary agreement only goes as far as 已签订.
//
// Payments (RecordPayment), evaluations and attachments are records of
// what happened, not content: they are added after signing without
// touching the frozen agreement.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// agreementTransitions lists the statuses each status may go to.
var agreementTransitions = map[string][]string{
	AgreementDraft:      {AgreementPending},
	AgreementPending:    {AgreementDraft, AgreementSigned},
	AgreementSigned:     {AgreementInProgress, AgreementTerminated},
	AgreementInProgress: {AgreementAccepted, AgreementTerminated},
}

// supplementTransitions are those of a supplementary agreement.
var supplementTransitions = map[string][]string{
	AgreementDraft:   {AgreementPending},
	AgreementPending: {AgreementDraft, AgreementSigned},
}

// NextStatuses returns the statuses a may go to now, for the detail
// screen's buttons.
func NextStatuses(a *Agreement) []string {
	if a.IsSupplement() {
		return supplementTransitions[a.Status]
	}
	return agreementTransitions[a.Status]
}

// TransitionInput carries what a transition records.
type TransitionInput struct {
	// Date is the date of signing, acceptance or termination (2006-01-02
	// or as parseDate reads it); "" means today. It may not be in the
	// future, nor (acceptance, termination) before the signing date.
	Date string
	// SignatoryA and SignatoryB sign for party A and B (已签订).
	SignatoryA, SignatoryB string
	// Scan, when not nil, is attached as the signed scan in the same
	// transaction (已签订); otherwise one must have been attached before.
	Scan *AgreementAttachment
	// Reason is why the agreement is terminated (已终止).
	Reason string
}

// TransitionAgreement moves agreement id to status to, recording what the
// transition needs (see TransitionInput and the file comment), audited. A
// transition the workflow does not allow is refused with
// KeyAgreementTransition; missing details with FieldErrors.
func (s *Store) TransitionAgreement(ctx context.Context, id int64, to string, in TransitionInput) error {
	if err := s.can("TransitionAgreement"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		a, err := loadAgreement(tx.db, id)
		if err != nil {
			return err
		}
		if !slices.Contains(NextStatuses(&a), to) {
			return &Error{Key: KeyAgreementTransition, Args: map[string]any{"Number": a.Number, "From": a.Status, "To": to}}
		}
		from := a.Status
		before, err := snapshot(&a)
		if err != nil {
			return err
		}
		today := agrDay(s.now()).Format(time.DateOnly)
		cols := []string{"status", "updated_at"}
		switch to {
		case AgreementPending:
			err = tx.checkSignable(&a)
		case AgreementSigned:
			cols, err = tx.sign(&a, in, today, cols)
		case AgreementAccepted:
			a.AcceptedDate, err = closingDate(in.Date, today, a.SignedDate, "date")
			if err == nil {
				err = checkFinalEvaluation(&a)
			}
			cols = append(cols, "accepted_date")
		case AgreementTerminated:
			p := problems{record: RecordAgreement}
			in.Reason = strings.TrimSpace(in.Reason)
			p.required("reason", in.Reason)
			p.maxLen("reason", in.Reason, 1000)
			if err = p.err(); err == nil {
				a.TerminatedDate, err = closingDate(in.Date, today, a.SignedDate, "date")
			}
			a.TerminationReason = in.Reason
			cols = append(cols, "terminated_date", "termination_reason")
		}
		if err != nil {
			return err
		}
		a.Status = to
		if err := tx.db.Model(&a).Select(cols).Omit(clause.Associations).Updates(&a).Error; err != nil {
			return fmt.Errorf("data: agreement %s: %s → %s: %w", a.Number, from, to, err)
		}
		after, err := loadAgreement(tx.db, id)
		if err != nil {
			return err
		}
		return tx.Audit(ActionUpdate, "agreements", id, before, after)
	})
}

// checkSignable checks an agreement before it is printed for signature:
// complete content, party A named in the settings, party B in good
// standing, a supplementary agreement's parent still in force, and
// articles that render.
func (tx *Tx) checkSignable(a *Agreement) error {
	if err := a.ReadyToSign(); err != nil {
		return err
	}
	if err := checkParent(tx.db, a); err != nil {
		return err
	}
	if _, err := activeOrganization(tx.db, a.OrganizationID); err != nil {
		return err
	}
	pa, err := officeParty(tx.db)
	if err != nil {
		return err
	}
	if pa.Name == "" {
		return &Error{Key: KeyAgreementNoOffice, Args: map[string]any{"Field": "partyA"}}
	}
	_, err = renderAgreement(tx.db, a)
	return err
}

// checkParent refuses a supplementary agreement whose parent is no longer
// in force (accepted or terminated meanwhile).
func checkParent(db *gorm.DB, a *Agreement) error {
	if a.ParentID == nil {
		return nil
	}
	var parent Agreement
	if err := first(db, &parent, "agreements", *a.ParentID); err != nil {
		return err
	}
	if parent.Status != AgreementSigned && parent.Status != AgreementInProgress {
		return &Error{Key: KeyAgreementSupplementParent, Args: map[string]any{"Number": parent.Number, "Status": parent.Status}}
	}
	// A decrease may not take the total below zero.
	var others []Agreement
	if err := db.Where("parent_id = ? AND id <> ?", parent.ID, a.ID).Find(&others).Error; err != nil {
		return fmt.Errorf("data: supplements of agreement %d: %w", parent.ID, err)
	}
	self := *a
	self.Status = AgreementSigned
	if amount, _ := Effective(parent, append(others, self)); amount < 0 {
		return &Error{Key: KeyAgreementAmountRange, Args: map[string]any{"Field": "amountChange", "Max": Yuan(MaxAgreementAmount)}}
	}
	return nil
}

// sign records the signing: date, signatories, the scan, the snapshot of
// both parties and the rendered articles. It returns the columns to save.
func (tx *Tx) sign(a *Agreement, in TransitionInput, today string, cols []string) ([]string, error) {
	if err := tx.checkSignable(a); err != nil {
		return nil, err
	}
	p := problems{record: RecordAgreement}
	in.SignatoryA, in.SignatoryB = collapseBlanks(cleanText(in.SignatoryA)), collapseBlanks(cleanText(in.SignatoryB))
	p.required("signatoryA", in.SignatoryA)
	p.required("signatoryB", in.SignatoryB)
	p.maxLen("signatoryA", in.SignatoryA, 64)
	p.maxLen("signatoryB", in.SignatoryB, 64)
	date, err := closingDate(in.Date, today, "", "signedDate")
	if err := errors.Join(p.err(), err); err != nil {
		return nil, err
	}
	if in.Scan != nil {
		in.Scan.AgreementID, in.Scan.Kind = a.ID, AttachmentSignedScan
		if err := tx.addAttachment(in.Scan); err != nil {
			return nil, err
		}
	}
	var scans int64
	if err := tx.db.Model(&AgreementAttachment{}).Where("agreement_id = ? AND kind = ?", a.ID, AttachmentSignedScan).Count(&scans).Error; err != nil {
		return nil, fmt.Errorf("data: agreement %s: scans: %w", a.Number, err)
	}
	if scans == 0 {
		return nil, &Error{Key: KeyAgreementNoScan, Args: map[string]any{"Field": "attachments", "Number": a.Number}}
	}
	pa, err := officeParty(tx.db)
	if err != nil {
		return nil, err
	}
	o, err := activeOrganization(tx.db, a.OrganizationID)
	if err != nil {
		return nil, err
	}
	pb := orgParty(o)
	a.PartyA, a.PartyB = &pa, &pb
	a.SignedDate, a.SignatoryA, a.SignatoryB = date, in.SignatoryA, in.SignatoryB
	if a.SignedClauses, err = renderAgreement(tx.db, a); err != nil {
		return nil, err
	}
	return append(cols, "signed_date", "signatory_a", "signatory_b", "party_a", "party_b", "signed_clauses"), nil
}

// closingDate reads the date of a transition: "" is today; a date after
// today or before notBefore (when set) is refused.
func closingDate(in, today, notBefore, field string) (string, error) {
	if strings.TrimSpace(in) == "" {
		in = today
	}
	d, ok := parseDate(in)
	if !ok {
		return "", &Error{Key: KeyInvalidDate, Args: map[string]any{"Field": field, "Value": in}}
	}
	if d > today {
		return "", &Error{Key: KeyAgreementDateFuture, Args: map[string]any{"Field": field, "Date": d}}
	}
	if notBefore != "" && d < notBefore {
		return "", &Error{Key: KeyAgreementDateBeforeSigning, Args: map[string]any{"Field": field, "Date": d, "Signed": notBefore}}
	}
	return d, nil
}

// checkFinalEvaluation requires the latest 终期验收 to have passed.
func checkFinalEvaluation(a *Agreement) error {
	var last *Evaluation
	for i := range a.Evaluations {
		if e := &a.Evaluations[i]; e.Stage == StageFinal && (last == nil || e.Date >= last.Date) {
			last = e
		}
	}
	if last == nil || last.Conclusion == ConclusionFail {
		return &Error{Key: KeyAgreementNotEvaluated, Args: map[string]any{"Number": a.Number}}
	}
	return nil
}

// RecordPayment records the payment of milestone milestoneID: the date it
// was paid and the amount (fen, at most the milestone's amount: a
// deduction after a poor evaluation pays less). A date "" with amount 0
// clears a payment recorded by mistake. Payments are recorded once the
// agreement is signed, including after it is closed (the last payment
// usually follows acceptance).
func (s *Store) RecordPayment(ctx context.Context, milestoneID int64, date string, amount int64, note string) error {
	if err := s.can("RecordPayment"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		var m Milestone
		if err := first(tx.db, &m, "agreement_milestones", milestoneID); err != nil {
			return err
		}
		var a Agreement
		if err := first(tx.db, &a, "agreements", m.AgreementID); err != nil {
			return err
		}
		if !a.Frozen() {
			return &Error{Key: KeyAgreementNotSigned, Args: map[string]any{"Number": a.Number, "Status": a.Status}}
		}
		note = cleanText(note)
		cols := map[string]any{"paid_date": "", "paid_amount": int64(0), "payment_note": note}
		if strings.TrimSpace(date) != "" || amount != 0 {
			d, err := closingDate(date, agrDay(s.now()).Format(time.DateOnly), a.SignedDate, "paidDate")
			if err != nil {
				return err
			}
			if amount <= 0 || amount > m.Amount {
				return &Error{Key: KeyPaymentAmount, Args: map[string]any{"Field": "paidAmount", "Max": Yuan(m.Amount)}}
			}
			if len([]rune(note)) > 256 {
				return &Error{Key: KeyInvalidTooLong, Args: map[string]any{"Field": "paymentNote", "Max": 256}}
			}
			cols["paid_date"], cols["paid_amount"] = d, amount
		}
		return tx.setColumns(&m, cols)
	})
}

// Validate normalizes an evaluation of a (with its indicators) and checks
// it against today (2006-01-02): stage, date (not in the future nor before
// signing), evaluator, one score per indicator at most, each between 0 and
// the indicator's weight (rounded to 0.1). Total is computed. An empty
// conclusion is derived from the total when every indicator is scored —
// 优秀 from 90, 良好 from 80, 合格 from 60, else 不合格, the bands
// evaluations of purchased social services commonly use — and is required
// otherwise. FieldErrors, or nil.
func (e *Evaluation) Validate(a *Agreement, today string) error {
	e.Stage, e.Evaluator, e.Conclusion = cleanText(e.Stage), collapseBlanks(cleanText(e.Evaluator)), cleanText(e.Conclusion)
	e.Notes = strings.TrimSpace(e.Notes)
	p := problems{record: RecordAgreement}
	p.required("stage", e.Stage)
	p.oneOf("stage", e.Stage, EvaluationStages)
	d, dateErr := closingDate(e.Date, today, a.SignedDate, "date")
	if dateErr == nil {
		e.Date = d
	}
	p.required("evaluator", e.Evaluator)
	p.maxLen("evaluator", e.Evaluator, 128)
	p.maxLen("notes", e.Notes, 5000)
	weights := map[int64]int{}
	for _, in := range a.Indicators {
		weights[in.ID] = in.Weight
	}
	seen := map[int64]bool{}
	e.Total = 0
	for i := range e.Scores {
		sc := &e.Scores[i]
		w, ok := weights[sc.IndicatorID]
		sc.Score = math.Round(sc.Score*10) / 10
		if !ok || seen[sc.IndicatorID] || sc.Score < 0 || sc.Score > float64(w) || math.IsNaN(sc.Score) {
			p.add("scores", KeyEvaluationScore, map[string]any{"Max": w})
			continue
		}
		seen[sc.IndicatorID] = true
		e.Total += sc.Score
	}
	e.Total = math.Round(e.Total*10) / 10
	if e.Conclusion == "" && len(seen) == len(weights) && len(weights) > 0 {
		switch {
		case e.Total >= 90:
			e.Conclusion = ConclusionExcellent
		case e.Total >= 80:
			e.Conclusion = ConclusionGood
		case e.Total >= 60:
			e.Conclusion = ConclusionPass
		default:
			e.Conclusion = ConclusionFail
		}
	}
	p.required("conclusion", e.Conclusion)
	p.oneOf("conclusion", e.Conclusion, Conclusions)
	return errors.Join(p.err(), dateErr)
}

// AddEvaluation validates and records an evaluation of agreement
// e.AgreementID, which must be signed and not closed (已签订, 履行中) and
// not supplementary.
func (s *Store) AddEvaluation(ctx context.Context, e *Evaluation) error {
	if err := s.can("AddEvaluation"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		a, err := loadAgreement(tx.db, e.AgreementID)
		if err != nil {
			return err
		}
		if err := evaluable(&a); err != nil {
			return err
		}
		if err := e.Validate(&a, agrDay(s.now()).Format(time.DateOnly)); err != nil {
			return err
		}
		e.ID = 0
		return tx.Create(e)
	})
}

// DeleteEvaluation removes an evaluation entered by mistake, audited with
// all it held, while the agreement is not closed.
func (s *Store) DeleteEvaluation(ctx context.Context, id int64) error {
	if err := s.can("DeleteEvaluation"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		var e Evaluation
		if err := first(tx.db, &e, "agreement_evaluations", id); err != nil {
			return err
		}
		var a Agreement
		if err := first(tx.db, &a, "agreements", e.AgreementID); err != nil {
			return err
		}
		if err := evaluable(&a); err != nil {
			return err
		}
		return tx.Delete(&e)
	})
}

func evaluable(a *Agreement) error {
	if a.IsSupplement() || (a.Status != AgreementSigned && a.Status != AgreementInProgress) {
		return &Error{Key: KeyEvaluationStatus, Args: map[string]any{"Number": a.Number, "Status": a.Status}}
	}
	return nil
}

// MaxAttachmentSize is the largest file kept with an agreement: a signed
// scan of a dozen pages at 300 dpi fits easily.
const MaxAttachmentSize = 20 << 20

// AddAttachment keeps a file with agreement f.AgreementID: f.Kind,
// f.FileName (a path is cut to its last part) and f.Data are needed; the
// size, SHA-256 and media type (from the bytes, not the name) are
// computed. A signed scan must be a PDF, JPEG or PNG. Files can be added
// at any stage (an evaluation report after acceptance, a termination
// notice after termination).
func (s *Store) AddAttachment(ctx context.Context, f *AgreementAttachment) error {
	if err := s.can("AddAttachment"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error { return tx.addAttachment(f) })
}

func (tx *Tx) addAttachment(f *AgreementAttachment) error {
	var a Agreement
	if err := first(tx.db, &a, "agreements", f.AgreementID); err != nil {
		return err
	}
	f.Kind = cleanText(f.Kind)
	name := cleanText(f.FileName)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	f.FileName = name
	p := problems{record: RecordAttachment}
	p.required("kind", f.Kind)
	p.oneOf("kind", f.Kind, AttachmentKinds)
	p.required("fileName", f.FileName)
	p.maxLen("fileName", f.FileName, 255)
	switch {
	case len(f.Data) == 0:
		p.add("data", KeyAttachmentEmpty, nil)
	case len(f.Data) > MaxAttachmentSize:
		p.add("data", KeyAttachmentTooLarge, map[string]any{"Max": MaxAttachmentSize >> 20})
	default:
		f.MediaType = sniffMediaType(f.Data)
		if f.Kind == AttachmentSignedScan && !slices.Contains(scanMediaTypes, f.MediaType) {
			p.add("data", KeyAttachmentScanType, nil)
		}
	}
	if err := p.err(); err != nil {
		return err
	}
	sum := sha256.Sum256(f.Data)
	f.Size, f.SHA256 = int64(len(f.Data)), hex.EncodeToString(sum[:])
	f.Model = Model{}
	return tx.Create(f)
}

// scanMediaTypes are the formats a signed scan may have.
var scanMediaTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// sniffMediaType tells the type of a file from its first bytes.
func sniffMediaType(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return "application/pdf"
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	}
	t := http.DetectContentType(b)
	if i := strings.IndexByte(t, ';'); i >= 0 {
		t = t[:i]
	}
	return t
}

// AttachmentData returns the bytes of attachment id, checked against the
// SHA-256 taken when it was added (KeyAttachmentDamaged if they differ).
func (s *Store) AttachmentData(ctx context.Context, id int64) ([]byte, error) {
	if err := s.can("AttachmentData"); err != nil {
		return nil, err
	}
	var f AgreementAttachment
	if err := first(s.db.WithContext(ctx), &f, "agreement_attachments", id); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(f.Data)
	if hex.EncodeToString(sum[:]) != f.SHA256 || int64(len(f.Data)) != f.Size {
		return nil, &Error{Key: KeyAttachmentDamaged, Args: map[string]any{"FileName": f.FileName}}
	}
	return f.Data, nil
}

// DeleteAttachment moves an attachment to the recycle bin. The signed scan
// of a signed agreement is refused (KeyAgreementFrozen).
func (s *Store) DeleteAttachment(ctx context.Context, id int64) error {
	if err := s.can("DeleteAttachment"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		var f AgreementAttachment
		if err := first(tx.db, &f, "agreement_attachments", id); err != nil {
			return err
		}
		return tx.Delete(&f)
	})
}

// Reminder kinds.
const (
	ReminderEnding            = "ending"             // the term ends within the window
	ReminderEnded             = "ended"              // the term has ended; not yet accepted or terminated
	ReminderMilestoneDue      = "milestone_due"      // a payment is planned within the window
	ReminderMilestoneOverdue  = "milestone_overdue"  // a planned payment date has passed unpaid
	ReminderEvaluationMissing = "evaluation_missing" // a 中期评估 or 终期验收 is due and not recorded
)

// DefaultReminderDays is the window of the dashboard's reminders.
const DefaultReminderDays = 30

// AgreementReminder is one line of the dashboard's reminders.
type AgreementReminder struct {
	Kind         string `json:"kind"`
	AgreementID  int64  `json:"agreementId"`
	Number       string `json:"number"`
	Title        string `json:"title"`
	Organization string `json:"organization"`
	Date         string `json:"date"` // term end, planned payment date, or when the evaluation was due
	Days         int    `json:"days"` // Date − today; negative when past
	MilestoneID  int64  `json:"milestoneId,omitempty"`
	MilestoneSeq int    `json:"milestoneSeq,omitempty"`
	Amount       int64  `json:"amount,omitempty"` // fen, of the milestone
	Stage        string `json:"stage,omitempty"`  // the evaluation missing
}

// AgreementReminders returns what needs attention today (the store's
// clock), by date: agreements in force whose term (as extended by signed
// supplementary agreements) ends within days (DefaultReminderDays when 0
// or less) or has ended; unpaid milestones of signed agreements planned
// within days or overdue; and missing evaluations of agreements in force —
// the 中期评估 from the middle of the term, when the term is at least 180
// days or a payment waits for it, and the 终期验收 once the term has ended.
func (s *Store) AgreementReminders(ctx context.Context, days int) ([]AgreementReminder, error) {
	if err := s.can("AgreementReminders"); err != nil {
		return nil, err
	}
	if days <= 0 {
		days = DefaultReminderDays
	}
	as, orgNames, err := reminderAgreements(s.db.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("data: reminders: %w", err)
	}
	rs := reminders{today: agrDay(s.now()), days: days, orgNames: orgNames}
	supplements := map[int64][]Agreement{}
	status := map[int64]string{}
	for _, a := range as {
		status[a.ID] = a.Status
		if a.ParentID != nil {
			supplements[*a.ParentID] = append(supplements[*a.ParentID], a)
		}
	}
	for i := range as {
		a := &as[i]
		// Payments: terminated agreements settle outside the plan, and so
		// do the supplementary agreements of one.
		parentStatus := ""
		if a.ParentID != nil {
			parentStatus = status[*a.ParentID]
		}
		if a.Status != AgreementTerminated && parentStatus != AgreementTerminated {
			rs.payments(a)
		}
		if a.IsSupplement() || (a.Status != AgreementSigned && a.Status != AgreementInProgress) {
			continue
		}
		_, end := Effective(*a, supplements[a.ID])
		rs.term(a, end)
		rs.evaluations(a, end)
	}
	slices.SortStableFunc(rs.out, func(x, y AgreementReminder) int {
		if c := strings.Compare(x.Date, y.Date); c != 0 {
			return c
		}
		if x.AgreementID != y.AgreementID {
			return int(x.AgreementID - y.AgreementID)
		}
		return x.MilestoneSeq - y.MilestoneSeq
	})
	return rs.out, nil
}

// reminderAgreements loads the signed agreements (closed ones too: their
// supplementary agreements and payments may still be due) with their
// milestones and evaluations, and the names of every organization.
func reminderAgreements(db *gorm.DB) ([]Agreement, map[int64]string, error) {
	var as []Agreement
	err := db.Preload("Milestones", func(db *gorm.DB) *gorm.DB { return db.Order("seq, id") }).
		Preload("Evaluations").
		Where("status IN ?", []string{AgreementSigned, AgreementInProgress, AgreementAccepted, AgreementTerminated}).
		Order("id").Find(&as).Error
	if err != nil {
		return nil, nil, err
	}
	var orgs []Organization
	if err := db.Unscoped().Select("id", "name").Find(&orgs).Error; err != nil {
		return nil, nil, err
	}
	orgNames := make(map[int64]string, len(orgs))
	for _, o := range orgs {
		orgNames[o.ID] = o.Name
	}
	return as, orgNames, nil
}

// reminders collects the reminders of AgreementReminders, one method per
// kind.
type reminders struct {
	today    time.Time
	days     int
	orgNames map[int64]string
	out      []AgreementReminder
}

func (rs *reminders) add(a *Agreement, kind, date string, r AgreementReminder) {
	d, _ := agrDaysUntil(rs.today, date)
	r.Kind, r.AgreementID, r.Number, r.Title, r.Organization, r.Date, r.Days = kind, a.ID, a.Number, a.Title, rs.orgNames[a.OrganizationID], date, d
	rs.out = append(rs.out, r)
}

// payments reminds of a's unpaid milestones planned within the window
// (ReminderMilestoneDue) or before today (ReminderMilestoneOverdue).
func (rs *reminders) payments(a *Agreement) {
	for _, m := range a.Milestones {
		if m.PaidDate != "" || m.PlannedDate == "" {
			continue
		}
		d, ok := agrDaysUntil(rs.today, m.PlannedDate)
		r := AgreementReminder{MilestoneID: m.ID, MilestoneSeq: m.Seq, Amount: m.Amount}
		switch {
		case !ok:
		case d < 0:
			rs.add(a, ReminderMilestoneOverdue, m.PlannedDate, r)
		case d <= rs.days:
			rs.add(a, ReminderMilestoneDue, m.PlannedDate, r)
		}
	}
}

// term reminds of the end of a's term in force, end: within the window
// (ReminderEnding) or past (ReminderEnded).
func (rs *reminders) term(a *Agreement, end string) {
	d, ok := agrDaysUntil(rs.today, end)
	switch {
	case !ok:
	case d < 0:
		rs.add(a, ReminderEnded, end, AgreementReminder{})
	case d <= rs.days:
		rs.add(a, ReminderEnding, end, AgreementReminder{})
	}
}

// evaluations reminds of a's missing evaluations (ReminderEvaluationMissing):
// the 中期评估 from the middle of the term when the term is at least 180
// days or a payment waits for it, the 终期验收 once the term (ending end)
// has ended.
func (rs *reminders) evaluations(a *Agreement, end string) {
	d, ok := agrDaysUntil(rs.today, end)
	start, err1 := time.Parse(time.DateOnly, a.TermStart)
	stop, err2 := time.Parse(time.DateOnly, end)
	if !ok || err1 != nil || err2 != nil {
		return
	}
	has := func(stage string) bool {
		return slices.ContainsFunc(a.Evaluations, func(e Evaluation) bool { return e.Stage == stage })
	}
	length := int(math.Round(stop.Sub(start).Hours() / 24))
	midNeeded := length >= 180 || slices.ContainsFunc(a.Milestones, func(m Milestone) bool { return m.Condition == ConditionMidterm })
	mid := start.AddDate(0, 0, length/2).Format(time.DateOnly)
	if midNeeded && !has(StageMidterm) && !has(StageFinal) && mid <= rs.today.Format(time.DateOnly) {
		rs.add(a, ReminderEvaluationMissing, mid, AgreementReminder{Stage: StageMidterm})
	}
	if d < 0 && !has(StageFinal) {
		rs.add(a, ReminderEvaluationMissing, end, AgreementReminder{Stage: StageFinal})
	}
}
