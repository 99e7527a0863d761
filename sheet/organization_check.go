package sheet

// Checking and writing an organization register's rows.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"jiedao/data"
)

// orgImporter checks and writes one file's rows.
type orgImporter struct {
	t   *orgTable
	opt ImportOptions
	rep OrganizationReport

	orgs     []data.Organization // by row: the organization as it will be stored
	existing []int64             // by row: the stored organization it updates, 0 for a new one
	bad      []bool
}

func (im *orgImporter) problem(i int, f orgField, reason string) {
	im.bad[i] = true
	rec := &im.t.rows[i]
	im.rep.Problems = append(im.rep.Problems, Problem{Row: rec.row, Column: im.t.columnName(f), Value: rec.vals[f], Reason: reason})
}

// orgReason renders a validation error in Chinese, with the accepted
// values for a value not in a list.
func orgReason(f orgField, e *data.Error) string {
	text := data.Render(e.Key, "zh", e.Args)
	if e.Key == data.KeyInvalidChoice {
		switch f {
		case ofType:
			text += "可选：" + strings.Join(data.OrgTypes, "、") + "。"
		case ofStatus:
			text += "可选：" + strings.Join(data.OrgStatuses, "、") + "。"
		}
	}
	return text
}

// fromRow builds the organization a row describes, before validation.
// idLost reports a code or account number a spreadsheet stored as a
// number and rounded.
func (im *orgImporter) fromRow(i int) (data.Organization, bool) {
	rec := &im.t.rows[i]
	ok := true
	num := func(f orgField) string {
		v := stripTextMarker(rec.vals[f])
		if lostDigits(v, rec.numeric[f]) {
			im.problem(i, f, "号码被存成了数字，末几位已经丢失，无法恢复。请把该列设为“文本”格式，重新填写后再导入。")
			ok = false
			return ""
		}
		if rec.numeric[f] {
			v = numberText(v)
		}
		return v
	}
	o := data.Organization{
		Name:      rec.vals[ofName],
		USCC:      data.NormalizeUSCC(num(ofUSCC)),
		Type:      rec.vals[ofType],
		Authority: rec.vals[ofAuthority],
		LegalRep:  rec.vals[ofLegalRep],
		Contact:   rec.vals[ofContact],
		Phone:     num(ofPhone),
		Address:   rec.vals[ofAddress],
		Bank:      rec.vals[ofBank],
		Account:   num(ofAccount),
		Status:    canon(rec.vals[ofStatus], data.OrgStatuses, orgStatusSynonyms, ""),
		Notes:     rec.vals[ofNotes],
	}
	if a := rec.vals[ofAreas]; a != "" {
		o.ServiceAreas = strings.FieldsFunc(a, isTagSeparator)
	}
	return o, ok
}

// overlay puts the row's non-empty cells over the stored organization: an
// empty cell never erases a stored value.
func overlay(stored, row data.Organization) data.Organization {
	next := stored
	for _, p := range []struct{ to, from *string }{
		{&next.Name, &row.Name}, {&next.USCC, &row.USCC}, {&next.Type, &row.Type},
		{&next.Authority, &row.Authority}, {&next.LegalRep, &row.LegalRep}, {&next.Contact, &row.Contact},
		{&next.Phone, &row.Phone}, {&next.Address, &row.Address}, {&next.Bank, &row.Bank},
		{&next.Account, &row.Account}, {&next.Status, &row.Status}, {&next.Notes, &row.Notes},
	} {
		if *p.from != "" {
			*p.to = *p.from
		}
	}
	if len(row.ServiceAreas) > 0 {
		next.ServiceAreas = row.ServiceAreas
	}
	next.ServiceAreas = slices.Clone(next.ServiceAreas)
	return next
}

// sameOrganization reports whether saving b over a would change nothing.
func sameOrganization(a, b *data.Organization) bool {
	return a.Name == b.Name && a.USCC == b.USCC && a.Type == b.Type && a.Authority == b.Authority &&
		a.LegalRep == b.LegalRep && a.Contact == b.Contact && a.Phone == b.Phone && a.Address == b.Address &&
		a.Bank == b.Bank && a.Account == b.Account && a.Status == b.Status && a.Notes == b.Notes &&
		slices.Equal(a.ServiceAreas, b.ServiceAreas)
}

// check validates every row, against the file (a code or, without one, a
// name given twice) and the register (a code another organization has).
// It reads the register through rd and writes nothing.
func (im *orgImporter) check(ctx context.Context, rd registerReads) error {
	n := len(im.t.rows)
	im.orgs = make([]data.Organization, n)
	im.existing = make([]int64, n)
	im.bad = make([]bool, n)
	rowOrgs := im.validateRows()
	im.markFlawed(rowOrgs)
	if err := ctx.Err(); err != nil {
		return err
	}
	im.markDuplicates(rowOrgs)
	for i := range im.t.rows {
		if im.bad[i] {
			continue
		}
		if err := im.match(rd, i, rowOrgs[i]); err != nil {
			return err
		}
	}
	for i := range im.bad {
		if im.bad[i] {
			im.rep.Invalid++
		}
	}
	im.rep.Valid = n - im.rep.Invalid
	clipProblems(im.rep.Problems)
	clipProblems(im.rep.Warnings)
	im.rep.Problems = im.t.flaws.merge(im.rep.Problems)
	sortProblems(im.rep.Problems)
	sortProblems(im.rep.Warnings)
	if im.opt.Progress != nil {
		im.opt.Progress(n, n)
	}
	return nil
}

// markFlawed makes the rows with a flawed cell invalid, before they are
// matched.
func (im *orgImporter) markFlawed(rowOrgs []data.Organization) {
	rows := im.t.rows
	for row := range im.t.flaws.rows {
		if i := rowIndex(len(rows), func(i int) int { return rows[i].row }, row); i >= 0 {
			im.bad[i] = true
			rowOrgs[i] = data.Organization{}
		}
	}
}

// validateRows checks each row on its own and returns the organization
// each describes, with the name and code the register would store: what
// rows are matched by.
func (im *orgImporter) validateRows() []data.Organization {
	rowOrgs := make([]data.Organization, len(im.t.rows))
	for i := range im.t.rows {
		if o, ok := im.fromRow(i); ok {
			rowOrgs[i] = im.validateRow(i, o)
		}
	}
	return rowOrgs
}

// validateRow validates row i's organization o, keeps it as it would be
// stored and returns o with its name and code normalized. A missing code,
// type or bank is not a problem yet: a stored organization may supply it
// (an update by name), which matching decides.
func (im *orgImporter) validateRow(i int, o data.Organization) data.Organization {
	rec := &im.t.rows[i]
	check := o
	check.ServiceAreas = slices.Clone(o.ServiceAreas)
	warnings, err := check.Validate()
	for f := orgField(0); f < nOrgFields; f++ {
		if v := rec.vals[f]; formulaLike(v) {
			im.rep.Warnings = append(im.rep.Warnings, formulaWarning(rec.row, im.t.columnName(f), v))
		}
	}
	for _, w := range warnings {
		im.rep.Warnings = append(im.rep.Warnings, Problem{Row: rec.row, Column: im.t.columnName(ofUSCC),
			Value: rec.vals[ofUSCC], Reason: data.Render(w.Key, "zh", w.Args)})
	}
	o.Name = check.Name
	if check.USCC != "" && !hasField(err, "uscc") {
		o.USCC = check.USCC
	}
	im.orgs[i] = check
	im.fieldProblems(i, err, suppliedByStored)
	return o
}

// suppliedByStored reports whether a stored organization may make up for
// the problem e with field f: a missing code, type or bank.
func suppliedByStored(f orgField, e *data.Error) bool {
	return e.Key == data.KeyInvalidRequired && (f == ofUSCC || f == ofType || f == ofBank)
}

// fieldProblems records the problems of a Validate of row i's
// organization, but those skip (when not nil) reports true for.
func (im *orgImporter) fieldProblems(i int, err error, skip func(orgField, *data.Error) bool) {
	for name, errs := range data.FieldErrors(err) {
		f, ok := orgJSONField[name]
		if !ok {
			f = ofNotes
		}
		for _, e := range errs {
			if skip == nil || !skip(f, e) {
				im.problem(i, f, orgReason(f, e))
			}
		}
	}
}

// markDuplicates refuses the same organization twice in the file: a code
// given again, or without codes a name given again.
func (im *orgImporter) markDuplicates(rowOrgs []data.Organization) {
	t := im.t
	byCode, byName := map[string]int{}, map[string]int{}
	for i := range t.rows {
		if im.bad[i] {
			continue
		}
		o := &rowOrgs[i]
		if o.USCC != "" {
			if first, dup := byCode[o.USCC]; dup {
				im.problem(i, ofUSCC, fmt.Sprintf("与第 %d 行的统一社会信用代码重复。", t.rows[first].row))
				continue
			}
			byCode[o.USCC] = i
			continue
		}
		if first, dup := byName[o.Name]; dup {
			im.problem(i, ofName, fmt.Sprintf("与第 %d 行的名称重复（两行都没有统一社会信用代码）。", t.rows[first].row))
			continue
		}
		byName[o.Name] = i
	}
}

// match finds the stored organization row i (describing o) updates, if
// any, and checks the organization as it would be stored: the row's cells
// over the stored values.
func (im *orgImporter) match(rd registerReads, i int, o data.Organization) error {
	stored, ok, err := im.storedFor(rd, i, o)
	if err != nil || !ok {
		return err
	}
	next := o
	if stored.ID != 0 {
		next = overlay(stored, o)
		im.existing[i] = stored.ID
	}
	if _, err := next.Validate(); err != nil {
		im.fieldProblems(i, err, nil)
		return nil
	}
	im.orgs[i] = next
	return nil
}

// storedFor returns the stored organization of row i (describing o): by
// its code, else by its name; the zero Organization for a new one. It
// reports false when the row is refused (a code another organization or
// the recycle bin has, a name several organizations have).
func (im *orgImporter) storedFor(rd registerReads, i int, o data.Organization) (data.Organization, bool, error) {
	if o.USCC != "" {
		return im.storedByCode(rd, i, o)
	}
	found, err := rd.OrganizationsNamed(o.Name, 2)
	if err != nil {
		return data.Organization{}, false, fmt.Errorf("sheet: %w", err)
	}
	switch len(found) {
	case 1:
		return found[0], true, nil
	case 2:
		im.problem(i, ofName, "系统中有多个同名的社会组织，请填写统一社会信用代码以区分。")
		return data.Organization{}, false, nil
	}
	return data.Organization{}, true, nil
}

// storedByCode is storedFor by code, the recycle bin's too: a code there
// cannot be given again, and a code stored under another name is refused
// rather than renaming the organization.
func (im *orgImporter) storedByCode(rd registerReads, i int, o data.Organization) (data.Organization, bool, error) {
	stored, found, err := rd.OrganizationHoldingUSCC(o.USCC)
	if err != nil {
		return data.Organization{}, false, fmt.Errorf("sheet: %w", err)
	}
	if !found {
		return data.Organization{}, true, nil
	}
	if stored.DeletedAt.Valid || stored.Name != o.Name {
		err := &data.Error{Key: data.KeyOrgDuplicateUSCC, Args: map[string]any{
			"USCC": o.USCC, "Name": stored.Name, "OrganizationID": stored.ID, "Deleted": stored.DeletedAt.Valid}}
		im.problem(i, ofUSCC, orgReason(ofUSCC, err)+"如确为同一组织，请先在系统中修改其名称。")
		return data.Organization{}, false, nil
	}
	return stored, true, nil
}

// write stores the valid rows: new organizations created, stored ones
// updated where the row changes them, each audited; then one entry for
// the import itself.
func (im *orgImporter) write(ctx context.Context, tx *data.Tx) error {
	n := len(im.t.rows)
	for i := range im.t.rows {
		if err := ctx.Err(); err != nil {
			return err
		}
		if im.opt.Progress != nil {
			im.opt.Progress(i, n)
		}
		if im.bad[i] {
			continue
		}
		o := im.orgs[i]
		if im.existing[i] == 0 {
			o.ID = 0
			if err := tx.Create(&o); err != nil {
				return fmt.Errorf("sheet: row %d: %w", im.t.rows[i].row, err)
			}
			im.existing[i] = o.ID
			im.rep.Created++
			continue
		}
		cur, err := tx.Organization(im.existing[i])
		if err != nil {
			return fmt.Errorf("sheet: row %d: %w", im.t.rows[i].row, err)
		}
		if sameOrganization(&cur, &o) {
			im.rep.Unchanged++
			continue
		}
		if err := tx.Update(&o); err != nil {
			return fmt.Errorf("sheet: row %d: %w", im.t.rows[i].row, err)
		}
		im.rep.Updated++
	}
	if im.opt.Progress != nil {
		im.opt.Progress(n, n)
	}
	r := &im.rep
	if r.Created+r.Updated == 0 {
		return nil
	}
	return tx.Audit(AuditActionImport, AuditEntityOrganizations, 0, nil, map[string]any{
		"file": r.File, "format": r.Format, "sheet": r.Sheet, "rows": r.Rows, "valid": r.Valid,
		"invalid": r.Invalid, "skipInvalid": im.opt.SkipInvalid,
		"created": r.Created, "updated": r.Updated, "unchanged": r.Unchanged,
	})
}
