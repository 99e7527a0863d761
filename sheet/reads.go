package sheet

import (
	"context"

	"jiedao/data"
)

// registerReads are what the importers' checks read of the register to
// match a file's rows with it. An import reads through its transaction
// (*data.Tx), so that it sees its own writes; a dry run, which writes
// nothing and so takes no write transaction, through the store
// (storeReads).
type registerReads interface {
	StoredHouseholds(numbers []string) ([]data.StoredHousehold, error)
	ResidentsByIDNumber(ids []string) ([]data.IDNumberMatch, error)
	HouseholdsByID(ids []int64) ([]data.Household, error)
	ResidentsByID(ids []int64) ([]data.Resident, error)
	OrganizationHoldingUSCC(code string) (data.Organization, bool, error)
	OrganizationsNamed(name string, limit int) ([]data.Organization, error)
	// Covers reports whether the account's scope includes a household
	// in community and grid: a row for one outside is a row problem.
	Covers(community, grid string) bool
}

// storeReads are registerReads through the store, for a dry run.
type storeReads struct {
	ctx context.Context
	s   *data.Store
}

func (r storeReads) StoredHouseholds(numbers []string) ([]data.StoredHousehold, error) {
	return r.s.StoredHouseholds(r.ctx, numbers)
}

func (r storeReads) ResidentsByIDNumber(ids []string) ([]data.IDNumberMatch, error) {
	return r.s.ResidentsByIDNumber(r.ctx, ids)
}

func (r storeReads) HouseholdsByID(ids []int64) ([]data.Household, error) {
	return r.s.HouseholdsByID(r.ctx, ids)
}

func (r storeReads) ResidentsByID(ids []int64) ([]data.Resident, error) {
	return r.s.ResidentsByID(r.ctx, ids)
}

func (r storeReads) OrganizationHoldingUSCC(code string) (data.Organization, bool, error) {
	return r.s.OrganizationHoldingUSCC(r.ctx, code)
}

func (r storeReads) Covers(community, grid string) bool { return r.s.Covers(community, grid) }

func (r storeReads) OrganizationsNamed(name string, limit int) ([]data.Organization, error) {
	return r.s.OrganizationsNamed(r.ctx, name, limit)
}

// byID indexes rows (stored records) by their ID.
func byID[T any](rows []T, id func(*T) int64) map[int64]*T {
	m := make(map[int64]*T, len(rows))
	for k := range rows {
		m[id(&rows[k])] = &rows[k]
	}
	return m
}

func residentID(r *data.Resident) int64   { return r.ID }
func householdID(h *data.Household) int64 { return h.ID }
