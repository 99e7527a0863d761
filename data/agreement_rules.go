package data

// The rules of an agreement's content: what a saved draft must satisfy
// (Validate, with its milestones and indicators), what signing needs on top
// (ReadyToSign), and what is in force once supplementary agreements are
// signed (Effective).

import (
	"errors"
	"slices"
	"strings"
)

// Validate normalizes a draft in place and checks what any saved agreement
// must satisfy: kind, title, party B, formats and limits, term order, and
// the sums — milestones add up to the total (when there are milestones),
// indicator weights to 100 (when there are indicators). Shares are turned
// into amounts first. An empty title becomes the project name followed by
// the kind. What signing needs beyond that is ReadyToSign. It returns
// FieldErrors (fields are the JSON names; "milestones" and "indicators"
// for the tables), or nil.
func (a *Agreement) Validate() error {
	a.normalize()
	p := problems{record: RecordAgreement}
	a.checkTexts(&p)
	p.normalizeEach([]checkedField{{"termStart", &a.TermStart}, {"termEnd", &a.TermEnd}, {"newTermEnd", &a.NewTermEnd}}, parseDate, KeyInvalidDate)
	if a.TermStart != "" && a.TermEnd != "" && a.TermEnd < a.TermStart {
		p.add("termEnd", KeyAgreementTermOrder, map[string]any{"Start": a.TermStart, "End": a.TermEnd})
	}
	a.checkNumbers(&p)
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

// normalize trims the texts and fills in the title and the copies.
func (a *Agreement) normalize() {
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
}

// checkTexts checks the kind, the title, party B and the texts' lengths.
func (a *Agreement) checkTexts(p *problems) {
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
}

// checkNumbers checks the amount, its change and the copies.
func (a *Agreement) checkNumbers(p *problems) {
	if a.Amount < 0 || a.Amount > MaxAgreementAmount {
		p.add("amount", KeyAgreementAmountRange, map[string]any{"Max": Yuan(MaxAgreementAmount)})
	}
	if a.AmountChange < -MaxAgreementAmount || a.AmountChange > MaxAgreementAmount {
		p.add("amountChange", KeyAgreementAmountRange, map[string]any{"Max": Yuan(MaxAgreementAmount)})
	}
	if a.Copies < 2 || a.Copies > 20 {
		p.add("copies", KeyAgreementCopies, nil)
	}
}

// checkedField is a text field that a check puts in its canonical form.
type checkedField struct {
	field string
	v     *string
}

// normalizeEach puts each non-empty field in the form parse returns, or
// records key with the value when parse refuses it; false when any was
// refused.
func (p *problems) normalizeEach(fields []checkedField, parse func(string) (string, bool), key string) bool {
	ok := true
	for _, f := range fields {
		if *f.v == "" {
			continue
		}
		if v, good := parse(*f.v); good {
			*f.v = v
		} else {
			p.add(f.field, key, map[string]any{"Value": *f.v})
			ok = false
		}
	}
	return ok
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
		if !m.validate(p, total, unknown) {
			bad = true
		}
		if m.Share > 0 && m.Share <= 100 {
			shared++
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

// validate normalizes and checks one milestone of an agreement whose
// milestones add up to total (unknown while the amount is not entered),
// turning its share into an amount; false when the share or the amount is
// wrong, so that the sum is not checked.
func (m *Milestone) validate(p *problems, total int64, unknown bool) bool {
	m.Condition = cleanText(m.Condition)
	m.ConditionNote = cleanText(m.ConditionNote)
	m.PaidDate, m.PaidAmount, m.PaymentNote = "", 0, ""
	args := map[string]any{"Seq": m.Seq}
	ok := true
	switch {
	case m.Share < 0 || m.Share > 100:
		p.add("milestones", KeyMilestoneShare, args)
		ok = false
	case m.Share > 0:
		m.Amount = total * int64(m.Share) / 100
	}
	if (m.Amount <= 0 && !(unknown && m.Share > 0)) || m.Amount > MaxAgreementAmount {
		p.add("milestones", KeyMilestoneAmount, args)
		ok = false
	}
	p.required("milestones", m.Condition)
	p.oneOf("milestones", m.Condition, MilestoneConditions)
	if m.Condition == ConditionOther && m.ConditionNote == "" {
		p.add("milestones", KeyMilestoneConditionNote, args)
	}
	p.maxLen("milestones", m.ConditionNote, 128)
	m.PlannedDate = cleanText(m.PlannedDate)
	p.normalizeEach([]checkedField{{"milestones", &m.PlannedDate}}, parseDate, KeyInvalidDate)
	return ok
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

// checkNewTermEnd refuses a new end date before the start of the term.
func checkNewTermEnd(sup, parent *Agreement) error {
	if sup.NewTermEnd != "" && parent.TermStart != "" && sup.NewTermEnd < parent.TermStart {
		return &Error{Key: KeyAgreementTermOrder, Args: map[string]any{"Field": "newTermEnd", "Start": parent.TermStart, "End": sup.NewTermEnd}}
	}
	return nil
}
