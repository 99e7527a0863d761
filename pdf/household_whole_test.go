package pdf

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestHouseholdFormRecordsTheLook: a form printed whole records a look at
// whole numbers ("viewed", with the residents and the purpose); a leader,
// who may not see whole numbers, gets the form masked and no such entry.
func TestHouseholdFormRecordsTheLook(t *testing.T) {
	needPoppler(t)
	ctx := context.Background()
	s := openTestStore(t)
	h := addHousehold(t, s, familyHousehold(), family[:2]...)
	views := func() []data.AuditEntry {
		t.Helper()
		log, err := s.AuditLog(ctx, data.AuditFilter{ViewsOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		return log
	}

	street := datatest.As(t, s, "st", []string{data.RoleStreet}, nil, nil)
	d, err := HouseholdForms(ctx, street, []int64{h.ID}, nil)
	if err != nil {
		t.Fatal(err)
	}
	text := noSpace(pageText(t, writeForm(t, d), 1))
	if !strings.Contains(text, family[0].id) {
		t.Errorf("the street manager's form lacks the whole ID number %s", family[0].id)
	}
	v := views()
	if len(v) != 1 || v[0].Operator != "st（st）" {
		t.Fatalf("views %+v, want one by st", v)
	}
	var after struct {
		Purpose string
		Count   int
	}
	if err := json.Unmarshal([]byte(v[0].After), &after); err != nil || after.Purpose != formPurpose || after.Count != 2 {
		t.Errorf("view entry %s", v[0].After)
	}

	leader := datatest.As(t, s, "ld", []string{data.RoleViewer}, nil, nil)
	d, err = HouseholdForms(ctx, leader, []int64{h.ID}, nil)
	if err != nil {
		t.Fatal(err)
	}
	text = noSpace(pageText(t, writeForm(t, d), 1))
	if strings.Contains(text, family[0].id) || !strings.Contains(text, data.MaskID(family[0].id)) {
		t.Errorf("the leader's form shows whole numbers or lacks the masked ones:\n%s", text)
	}
	if n := len(views()); n != 1 {
		t.Errorf("%d views after the leader's print, want still 1", n)
	}
}
