package data

// The store's side of agreements: creating drafts and supplementary
// agreements, editing a draft with its milestones and indicators, loading
// and deleting. The workflow after a draft is agreement_workflow.go.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// CreateAgreement validates a draft (Validate) and adds it with its
// milestones and indicators: status 草稿, a new number for its kind and
// the current year (agreement_number.go), and, when Articles is empty, the
// kind's clause template. Party B must be an organization in the register
// with status 正常. Payments and evaluations are not taken here. For a
// supplementary agreement use CreateSupplement.
func (s *Store) CreateAgreement(ctx context.Context, a *Agreement) error {
	if err := s.can("CreateAgreement"); err != nil {
		return err
	}
	if a.ParentID != nil {
		return &Error{Key: KeyAgreementUseSupplement}
	}
	if err := a.Validate(); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error { return tx.insertAgreement(a) })
}

// insertAgreement adds the validated draft a in tx: party B must be
// active; a gets the next number of its kind this year and, when it has
// no articles, the kind's template.
func (tx *Tx) insertAgreement(a *Agreement) error {
	if _, err := activeOrganization(tx.db, a.OrganizationID); err != nil {
		return err
	}
	year := tx.store.now().Year()
	number, seq, err := nextAgreementNumber(tx.db, a.Kind, year)
	if err != nil {
		return err
	}
	if a.Articles == "" {
		if a.Articles, err = clauseTemplate(tx.db, a.Kind); err != nil {
			return err
		}
	}
	a.prepareInsert(number, year, seq)
	return tx.Create(a)
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
	if err := s.can("CreateSupplement"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		var parent Agreement
		if err := first(tx.db, &parent, "agreements", parentID); err != nil {
			return err
		}
		if parent.ParentID != nil {
			// Numbered and linked after the agreement itself.
			var root Agreement
			if err := first(tx.db, &root, "agreements", *parent.ParentID); err != nil {
				return err
			}
			parent = root
		}
		if parent.Status != AgreementSigned && parent.Status != AgreementInProgress {
			return &Error{Key: KeyAgreementSupplementParent, Args: map[string]any{"Number": parent.Number, "Status": parent.Status}}
		}
		if _, err := activeOrganization(tx.db, parent.OrganizationID); err != nil {
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
		n, err := nextCounter(tx.db, supplementScope(parent.ID))
		if err != nil {
			return err
		}
		number := fmt.Sprintf("%s-补%d", parent.Number, n)
		if sup.Articles == "" {
			if sup.Articles, err = clauseTemplate(tx.db, ClauseSupplement); err != nil {
				return err
			}
		}
		sup.prepareInsert(number, parent.Year, parent.Seq)
		sup.Supplement = int(n)
		return tx.Create(sup)
	})
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
	if err := s.can("UpdateAgreement"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		before, err := loadAgreement(tx.db, a.ID)
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
			if err := first(tx.db, &parent, "agreements", *a.ParentID); err != nil {
				return err
			}
			if err := checkNewTermEnd(a, &parent); err != nil {
				return err
			}
		} else if a.OrganizationID != before.OrganizationID {
			if _, err := activeOrganization(tx.db, a.OrganizationID); err != nil {
				return err
			}
		}
		err = tx.db.Model(a).Select("*").Omit("CreatedAt", "DeletedAt", clause.Associations).Updates(a).Error
		if err != nil {
			return fmt.Errorf("data: update agreement %d: %w", a.ID, err)
		}
		if err := replaceChildren(tx.db, a); err != nil {
			return err
		}
		after, err := loadAgreement(tx.db, a.ID)
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
		return a, missing(db, &a, "agreements", "id", id)
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
	if err := s.can("Agreement"); err != nil {
		return Agreement{}, err
	}
	return loadAgreement(s.db.WithContext(ctx), id)
}

// AgreementByNumber returns the agreement with number, as Agreement does.
func (s *Store) AgreementByNumber(ctx context.Context, number string) (Agreement, error) {
	if err := s.can("AgreementByNumber"); err != nil {
		return Agreement{}, err
	}
	var id int64
	err := s.db.WithContext(ctx).Model(&Agreement{}).Where("number = ?", strings.TrimSpace(number)).Limit(1).Pluck("id", &id).Error
	if err != nil {
		return Agreement{}, fmt.Errorf("data: agreement %s: %w", number, err)
	}
	if id == 0 {
		return Agreement{}, missing(s.db.WithContext(ctx), &Agreement{}, "agreements", "number", strings.TrimSpace(number))
	}
	return s.Agreement(ctx, id)
}

// Supplements returns the supplementary agreements of parentID, in the
// order of their numbers.
func (s *Store) Supplements(ctx context.Context, parentID int64) ([]Agreement, error) {
	if err := s.can("Supplements"); err != nil {
		return nil, err
	}
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
	if err := s.can("DeleteAgreement"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		var a Agreement
		if err := first(tx.db, &a, "agreements", id); err != nil {
			return err
		}
		return tx.Delete(&a)
	})
}
