package sheet

// Rows as records of the register: the resident and the household a row
// describes, a stored record with a row's values over it, and whether that
// changes anything.

import (
	"fmt"
	"slices"
	"strings"

	"jiedao/data"
)

// resident builds the resident a row describes, before validation: coded
// cells mapped to their terms, the ID number and dates read the ways
// spreadsheets store them. It returns the year and month of a 出生年月 cell
// that had no day (checked against the ID number after validation), and
// whether the ID cell was a rounded number (then the ID number's own
// validation is not reported on top).
func (im *importer) resident(rec *record) (r data.Resident, birthYM string, idLost bool, probs []Problem) {
	row := int(rec.row)
	r.Name = rec.get(fName)
	id := rec.get(fID)
	switch {
	case lostDigits(id, rec.isNumeric(fID)):
		idLost = true
		probs = append(probs, Problem{Row: row, Column: im.t.columnName(fID), Value: id,
			Reason: "身份证号码被存成了数字，末几位已经丢失，无法恢复。请把该列设为“文本”格式，重新填写号码后再导入。"})
		id = ""
	case rec.isNumeric(fID):
		id = numberText(id) // a 15-digit number is exact
	}
	r.IDNumber = id
	r.Sex = canon(rec.get(fSex), data.Sexes, sexSynonyms, "")
	if b := rec.get(fBirth); b != "" {
		d, ok := parseDate(b, rec.isNumeric(fBirth), im.t.date1904)
		switch {
		case !ok:
			probs = append(probs, Problem{Row: row, Column: im.t.columnName(fBirth), Value: b,
				Reason: "无法识别的日期，请写成 1990-01-02 这样的形式。"})
		case d.Day == 0:
			birthYM = d.String()
		default:
			r.BirthDate = d.String()
		}
	}
	r.Ethnicity = canon(rec.get(fEthnicity), data.EthnicGroups, nil, "族")
	r.Relation = canon(rec.get(fRelation), data.Relations, relationSynonyms, "")
	r.Education = canon(rec.get(fEducation), data.Educations, educationSynonyms, "")
	r.Political = canon(rec.get(fPolitical), data.PoliticalStatuses, politicalSynonyms, "")
	r.Marital = canon(rec.get(fMarital), data.MaritalStatuses, maritalSynonyms, "")
	r.Employer = rec.get(fEmployer)
	phone := stripTextMarker(rec.get(fPhone))
	if rec.isNumeric(fPhone) {
		phone = numberText(phone)
	}
	r.Phone = phone
	r.RegisteredAddress = rec.get(fRegistered)
	r.Status = canon(rec.get(fStatus), data.Statuses, statusSynonyms, "")
	r.Tags = parseTags(rec.get(fTags), rec.get(fDisability), rec.get(fDisabilityGrade))
	r.Notes = rec.get(fNotes)
	return r, birthYM, idLost, probs
}

// household builds the household fields a row gives.
func (im *importer) household(rec *record) data.Household {
	num := stripTextMarker(rec.get(fNumber))
	if rec.isNumeric(fNumber) {
		num = numberText(num)
	}
	return data.Household{
		Number:        strings.ToUpper(data.NormalizeIDNumber(num)),
		Community:     rec.get(fCommunity),
		Grid:          rec.get(fGrid),
		Estate:        rec.get(fEstate),
		Building:      rec.get(fBuilding),
		Unit:          rec.get(fUnit),
		Room:          rec.get(fRoom),
		Address:       rec.get(fAddress),
		Kind:          canon(rec.get(fKind), data.HouseholdKinds, kindSynonyms, ""),
		ResidenceType: canon(rec.get(fResidenceType), data.ResidenceTypes, residenceSynonyms, ""),
		Housing:       canon(rec.get(fHousing), data.Housings, housingSynonyms, ""),
	}
}

// householdFields are the household's columns, with the struct field each
// fills.
var householdFields = [...]struct {
	f   field
	ptr func(*data.Household) *string
}{
	{fNumber, func(h *data.Household) *string { return &h.Number }},
	{fCommunity, func(h *data.Household) *string { return &h.Community }},
	{fGrid, func(h *data.Household) *string { return &h.Grid }},
	{fEstate, func(h *data.Household) *string { return &h.Estate }},
	{fBuilding, func(h *data.Household) *string { return &h.Building }},
	{fUnit, func(h *data.Household) *string { return &h.Unit }},
	{fRoom, func(h *data.Household) *string { return &h.Room }},
	{fAddress, func(h *data.Household) *string { return &h.Address }},
	{fKind, func(h *data.Household) *string { return &h.Kind }},
	{fResidenceType, func(h *data.Household) *string { return &h.ResidenceType }},
	{fHousing, func(h *data.Household) *string { return &h.Housing }},
}

// fileHousehold returns the household as the file gives it.
func (im *importer) fileHousehold(g *group) data.Household {
	var h data.Household
	last := int32(-1)
	var row data.Household
	for k, hf := range householdFields {
		i := g.from[k]
		if i < 0 {
			continue
		}
		if i != last {
			last, row = i, im.household(&im.t.records[i])
		}
		*hf.ptr(&h) = *hf.ptr(&row)
	}
	return h
}

// overlay returns the stored household with the fields the file gives.
func (im *importer) overlay(g *group, cur data.Household) data.Household {
	h := im.fileHousehold(g)
	for k, hf := range householdFields {
		if v := *hf.ptr(&h); v != "" && g.from[k] >= 0 {
			*hf.ptr(&cur) = v
		}
	}
	return cur
}

// merged returns the stored resident cur with the row's non-empty cells
// over its values, and whether its fields and its care tags stay as they
// are (tagsGiven: the row has tag columns filled, which replace the
// stored tags).
func (im *importer) merged(rec *record, cur *data.Resident) (next data.Resident, sameFields, sameTags bool, err error) {
	r, _, _, _ := im.resident(rec)
	next = *cur
	next.Tags = slices.Clone(cur.Tags)
	for _, p := range []struct{ to, from *string }{
		{&next.Name, &r.Name}, {&next.IDNumber, &r.IDNumber}, {&next.Sex, &r.Sex},
		{&next.BirthDate, &r.BirthDate}, {&next.Ethnicity, &r.Ethnicity}, {&next.Relation, &r.Relation},
		{&next.Education, &r.Education}, {&next.Political, &r.Political}, {&next.Marital, &r.Marital},
		{&next.Employer, &r.Employer}, {&next.Phone, &r.Phone}, {&next.RegisteredAddress, &r.RegisteredAddress},
		{&next.Status, &r.Status}, {&next.Notes, &r.Notes},
	} {
		if *p.from != "" {
			*p.to = *p.from
		}
	}
	tagsGiven := rec.get(fTags) != "" || rec.get(fDisability) != "" || rec.get(fDisabilityGrade) != ""
	if tagsGiven {
		next.Tags = r.Tags
	}
	if _, err := next.Validate(im.today); err != nil {
		return next, false, false, fmt.Errorf("sheet: row %d: %w", rec.row, err)
	}
	return next, sameResident(cur, &next), !tagsGiven || sameTagSet(cur.Tags, next.Tags), nil
}

func sameHousehold(a, b *data.Household) bool {
	return a.Number == b.Number && a.Community == b.Community && a.Grid == b.Grid &&
		a.Estate == b.Estate && a.Building == b.Building && a.Unit == b.Unit && a.Room == b.Room &&
		a.Address == b.Address && a.Kind == b.Kind && a.ResidenceType == b.ResidenceType &&
		a.Housing == b.Housing && a.Phone == b.Phone && a.Notes == b.Notes
}

func sameResident(a, b *data.Resident) bool {
	return a.Name == b.Name && a.IDNumber == b.IDNumber && a.Sex == b.Sex && a.BirthDate == b.BirthDate &&
		a.Ethnicity == b.Ethnicity && a.Relation == b.Relation && a.Education == b.Education &&
		a.Political == b.Political && a.Marital == b.Marital && a.Employer == b.Employer &&
		a.Phone == b.Phone && a.RegisteredAddress == b.RegisteredAddress && a.Status == b.Status &&
		a.Notes == b.Notes
}

func sameTagSet(a, b []data.ResidentTag) bool {
	if len(a) != len(b) {
		return false
	}
	key := func(t data.ResidentTag) string {
		return t.Tag + "\x00" + t.Category + "\x00" + t.Grade + "\x00" + t.Detail
	}
	as := make([]string, len(a))
	bs := make([]string, len(b))
	for i := range a {
		as[i], bs[i] = key(a[i]), key(b[i])
	}
	slices.Sort(as)
	slices.Sort(bs)
	return slices.Equal(as, bs)
}
