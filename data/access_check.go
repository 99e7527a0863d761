package data

import "fmt"

// Can reports whether s may call the Store method named method: nil, or
// the refusal the method itself would give (KeyPermission, or
// KeyAccountRequired for an unbound store once only the no-account methods
// run unbound). The command line asks before a job that is not one Store
// call — a restore replaces the file, `audit verify` reads it without
// opening a store — so that the refusal comes before any work, and the
// role matrix stays here, in one place.
func (s *Store) Can(method string) error {
	r, ok := methodRules[method]
	if !ok {
		return fmt.Errorf("data: Can: %s is not a Store method", method)
	}
	return s.allow(r.need)
}

// CheckWholeExport checks, before an export that writes ID and phone
// numbers whole (an unmasked roster), that the bound account's roles allow
// it (the street manager's) and that it gives a reason (ValidateReason):
// the reason is written into the file and the export's audit entry.
func (s *Store) CheckWholeExport(reason string) error {
	if err := s.can("CheckWholeExport"); err != nil {
		return err
	}
	return ValidateReason(reason)
}
