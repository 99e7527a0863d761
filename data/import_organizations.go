package data

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// The reads an organization import matches a register's rows with: a row
// by its credit code, or, without one, by its name. As for the household
// import (import_lookup.go), each is a method of the store (a dry run) and
// of Tx (the import).

// OrganizationHoldingUSCC returns the organization, live or in the recycle
// bin (a code there cannot be given again), that has the credit code, in
// the form Organization.Validate stores it, and whether there is one.
func (s *Store) OrganizationHoldingUSCC(ctx context.Context, code string) (Organization, bool, error) {
	if err := s.can("OrganizationHoldingUSCC"); err != nil {
		return Organization{}, false, err
	}
	return organizationHoldingUSCC(s.db.WithContext(ctx), code)
}

// OrganizationHoldingUSCC is Store.OrganizationHoldingUSCC inside the
// transaction.
func (tx *Tx) OrganizationHoldingUSCC(code string) (Organization, bool, error) {
	return organizationHoldingUSCC(tx.db, code)
}

// OrganizationsNamed returns up to limit live organizations named name, in
// the form Organization.Validate stores it.
func (s *Store) OrganizationsNamed(ctx context.Context, name string, limit int) ([]Organization, error) {
	if err := s.can("OrganizationsNamed"); err != nil {
		return nil, err
	}
	return organizationsNamed(s.db.WithContext(ctx), name, limit)
}

// OrganizationsNamed is Store.OrganizationsNamed inside the transaction.
func (tx *Tx) OrganizationsNamed(name string, limit int) ([]Organization, error) {
	return organizationsNamed(tx.db, name, limit)
}

// Organization returns the live organization with id, as the transaction
// sees it.
func (tx *Tx) Organization(id int64) (Organization, error) {
	var o Organization
	err := first(tx.db, &o, "organizations", id)
	return o, err
}

func organizationHoldingUSCC(db *gorm.DB, code string) (Organization, bool, error) {
	var found []Organization
	if err := db.Unscoped().Where("uscc = ?", code).Limit(1).Find(&found).Error; err != nil {
		return Organization{}, false, fmt.Errorf("data: look up organizations: %w", err)
	}
	if len(found) == 0 {
		return Organization{}, false, nil
	}
	return found[0], true, nil
}

func organizationsNamed(db *gorm.DB, name string, limit int) ([]Organization, error) {
	var found []Organization
	if err := db.Where("name = ?", name).Limit(limit).Find(&found).Error; err != nil {
		return nil, fmt.Errorf("data: look up organizations: %w", err)
	}
	return found, nil
}
