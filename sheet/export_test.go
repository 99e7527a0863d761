package sheet

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiedao/data"
)

func TestTemplate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "template.xlsx")
	if err := WriteHouseholdTemplate(path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if !slices.Contains(sheets, rosterSheet) || !slices.Contains(sheets, notesSheet) {
		t.Fatalf("sheets %v", sheets)
	}
	if sheets[0] != rosterSheet {
		t.Errorf("first sheet %s", sheets[0])
	}
	rows, err := f.GetRows(rosterSheet)
	if err != nil {
		t.Fatal(err)
	}
	for fl := field(0); fl < nFields; fl++ {
		if rows[0][fl] != columns[fl].header {
			t.Errorf("header %d = %q, want %q", fl, rows[0][fl], columns[fl].header)
		}
	}
	if rows[1][fName] != "张三" || rows[1][fNotes] != exampleMarker {
		t.Errorf("example row %q", rows[1])
	}
	// Dropdowns on the coded columns.
	dvs, err := f.GetDataValidations(rosterSheet)
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string]string{}
	for _, dv := range dvs {
		if dv.Type == "list" {
			lists[strings.SplitN(dv.Sqref, ":", 2)[0]] = dv.Formula1
		}
	}
	for _, fl := range []field{fSex, fEthnicity, fRelation, fResidenceType, fStatus, fKind, fHousing, fEducation, fPolitical, fMarital} {
		if _, ok := lists[colName(fl)+"2"]; !ok {
			t.Errorf("no dropdown on %s (%s); lists %v", columns[fl].header, colName(fl), lists)
		}
	}
	// The list of the ethnic groups holds all 58.
	for i, l := range codedLists {
		if l.f != fEthnicity {
			continue
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		vals, _ := f.GetCols(listsSheet)
		if len(vals[i]) != len(data.EthnicGroups)+1 {
			t.Errorf("ethnic list in %s has %d cells", col, len(vals[i]))
		}
	}
	// Text format ("@") on the ID and phone columns.
	for _, fl := range []field{fID, fPhone, fNumber} {
		styleID, err := f.GetCellStyle(rosterSheet, colName(fl)+"100")
		if err != nil {
			t.Fatal(err)
		}
		style, err := f.GetStyle(styleID)
		if err != nil {
			t.Fatal(err)
		}
		if style.NumFmt != 49 {
			t.Errorf("%s: number format %d, want 49 (@)", columns[fl].header, style.NumFmt)
		}
	}
	notes, _ := f.GetRows(notesSheet)
	text := ""
	for _, r := range notes {
		text += strings.Join(r, "|") + "\n"
	}
	for fl := field(0); fl < nFields; fl++ {
		if !strings.Contains(text, columns[fl].header+"|") {
			t.Errorf("notes do not explain %s", columns[fl].header)
		}
	}

	// The blank template has no data rows (the example is skipped), and
	// an import says so.
	rep, err := ImportHouseholds(context.Background(), newStore(t), path, ImportOptions{DryRun: true})
	if !isKey(err, data.KeySheetNoRows) || rep.Rows != 0 {
		t.Errorf("importing the blank template: %v %+v", err, rep)
	}
}

// TestTemplateFilledIn: a clerk's rows below the example import.
func TestTemplateFilledIn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "template.xlsx")
	if err := WriteHouseholdTemplate(path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	vals := map[field]string{fNumber: "H100", fCommunity: "幸福社区", fAddress: "幸福小区1号", fResidenceType: data.ResidenceLocal,
		fName: "张伟", fID: idZhang, fRelation: data.RelationHead}
	for fl, v := range vals {
		f.SetCellStr(rosterSheet, colName(fl)+"3", v)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	rep := mustImport(t, newStore(t), path, ImportOptions{})
	if rep.Rows != 1 || rep.ResidentsCreated != 1 {
		t.Errorf("%+v", rep)
	}
}

// TestExportRoundTrip: export the register unmasked, import the file into
// an empty database: the same people in the same households. The masked
// export masks, and every export is audited.
func TestExportRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	mustImport(t, s, xlsxFile(t, asAny(cleanRoster()), nil), ImportOptions{})
	dir := t.TempDir()

	unmasked := filepath.Join(dir, "unmasked.xlsx")
	var progress [][2]int
	n, err := ExportHouseholds(ctx, s, unmasked, data.ResidentFilter{}, ExportOptions{Unmasked: true, Reason: "上级核查",
		Progress: func(d, tot int) { progress = append(progress, [2]int{d, tot}) }})
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 {
		t.Errorf("%d rows exported", n)
	}
	if len(progress) == 0 || progress[len(progress)-1] != [2]int{5, 5} {
		t.Errorf("progress %v", progress)
	}

	s2 := newStore(t)
	rep := mustImport(t, s2, unmasked, ImportOptions{})
	if rep.ResidentsCreated != 5 || rep.HouseholdsCreated != 2 {
		t.Fatalf("re-import %+v", rep)
	}
	a, b := residentsByID(t, s), residentsByID(t, s2)
	for id, r := range a {
		r2, ok := b[id]
		if !ok {
			t.Errorf("%s missing after the round trip", r.Name)
			continue
		}
		if r.Name != r2.Name || r.Sex != r2.Sex || r.BirthDate != r2.BirthDate || r.Relation != r2.Relation ||
			r.Phone != r2.Phone || r.Status != r2.Status || r.Ethnicity != r2.Ethnicity || !sameTagSet(r.Tags, r2.Tags) {
			t.Errorf("round trip changed %s:\n%+v\n%+v", r.Name, r, r2)
		}
		h1, _ := s.Household(ctx, r.HouseholdID)
		h2, _ := s2.Household(ctx, r2.HouseholdID)
		h1.Model, h2.Model = data.Model{}, data.Model{}
		h1.HeadID, h2.HeadID = nil, nil
		if h1 != h2 {
			t.Errorf("household changed:\n%+v\n%+v", h1, h2)
		}
	}
	// Importing the export into the database it came from changes nothing.
	again := mustImport(t, s, unmasked, ImportOptions{})
	if again.ResidentsUnchanged != 5 || again.ResidentsUpdated+again.ResidentsCreated+again.HouseholdsUpdated != 0 {
		t.Errorf("re-import into the source: %+v", again)
	}

	// Masked (the default), filtered.
	masked := filepath.Join(dir, "masked.xlsx")
	n, err = ExportHouseholds(ctx, s, masked, data.ResidentFilter{Grid: "第一网格"}, ExportOptions{})
	if err != nil || n != 3 {
		t.Fatalf("masked export: %d %v", n, err)
	}
	f, err := excelize.OpenFile(masked)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(rosterSheet)
	// ID and phone cells are text, so Excel keeps all 18 characters.
	for _, fl := range []field{fID, fPhone} {
		id, _ := f.GetCellStyle(rosterSheet, colName(fl)+"2")
		st, err := f.GetStyle(id)
		if err != nil || st.NumFmt != 49 {
			t.Errorf("%s cell style: %+v %v, want number format 49 (@)", columns[fl].header, st, err)
		}
	}
	f.Close()
	if len(rows) != 4 {
		t.Fatalf("%d rows in the masked export", len(rows))
	}
	for _, r := range rows[1:] {
		if id := r[fID]; !strings.Contains(id, "********") || id == data.MaskID(id) && len(id) != 18 {
			t.Errorf("ID %q not masked", id)
		}
		if p := r[fPhone]; p != "" && !strings.Contains(p, "****") {
			t.Errorf("phone %q not masked", p)
		}
		if r[fID] != data.MaskID(a[idZhang].IDNumber) && r[fID] != data.MaskID(idLi) && r[fID] != data.MaskID(idZhangS) {
			t.Errorf("masked ID %q is not data.MaskID of a member", r[fID])
		}
	}

	// Both exports are in the audit log with their filter and masking.
	log, err := s.AuditLog(ctx, data.AuditFilter{Entity: "residents"})
	if err != nil {
		t.Fatal(err)
	}
	var exports []string
	for _, e := range log {
		if e.Action == AuditActionExport {
			exports = append(exports, e.After)
		}
	}
	if len(exports) != 2 {
		t.Fatalf("%d export audit entries", len(exports))
	}
	// Newest first.
	if !strings.Contains(exports[0], `"masked":true`) || !strings.Contains(exports[0], "第一网格") || !strings.Contains(exports[0], `"rows":3`) {
		t.Errorf("masked export audit: %s", exports[0])
	}
	if !strings.Contains(exports[1], `"masked":false`) || !strings.Contains(exports[1], `"file":"unmasked.xlsx"`) {
		t.Errorf("unmasked export audit: %s", exports[1])
	}
}

func TestExportCancelLeavesNoFile(t *testing.T) {
	s := newStore(t)
	mustImport(t, s, xlsxFile(t, asAny(cleanRoster()), nil), ImportOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	path := filepath.Join(dir, "x.xlsx")
	if _, err := ExportHouseholds(ctx, s, path, data.ResidentFilter{}, ExportOptions{}); err == nil {
		t.Fatal("cancelled export succeeded")
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) != 0 {
		t.Errorf("files left: %v", m)
	}
}

// TestExportWholeRegisterOrder: the export of the unfiltered list reads the
// register itself, a page a query; it must give exactly the list's rows in
// the list's order, across pages, without moved-out residents or deleted
// households.
func TestExportWholeRegisterOrder(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	rows := bigRoster(1200)
	for i := 1; i < len(rows); i += 7 {
		rows[i][0] = rows[1][0] // some households of several members, not adjacent
		rows[i][3] = rows[1][3]
		rows[i][11] = "子"
	}
	rows[1][11] = "户主"
	rows[5][14] = data.StatusMovedOut
	mustImport(t, s, csvFile(t, rows, "utf8"), ImportOptions{})
	h, err := s.HouseholdByNumber(ctx, rows[2][0])
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, &h); err != nil {
		t.Fatal(err)
	}

	var want []int64
	f := data.ResidentFilter{Limit: 300}
	for {
		page, err := s.SearchResidents(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Rows {
			want = append(want, r.ID)
		}
		if page.Next == "" {
			break
		}
		f.After = page.Next
	}
	var got []int64
	pages := readPages(ctx, s, data.ResidentFilter{})
	for b := range pages.ch {
		if b.err != nil {
			t.Fatal(b.err)
		}
		for _, r := range b.rows {
			got = append(got, r.Resident.ID)
		}
	}
	pages.stop()
	if len(want) < 1100 || !slices.Equal(got, want) {
		t.Errorf("export read %d rows, the list has %d; equal order: %v", len(got), len(want), slices.Equal(got, want))
	}
}
