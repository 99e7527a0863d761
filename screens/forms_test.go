package screens

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// orgForm is the least record form: an organization's name, type and
// credit code, saved through the store as a record's page saves.
type orgForm struct {
	recordForm
	name, uscc *widget.Entry
	kind       *widget.Select
	tabShown   int // focusTab calls
}

func newOrgForm(e *Env) *orgForm {
	f := &orgForm{}
	f.initForm(nil, nil)
	f.name, f.uscc, f.kind = f.entry(""), f.entry(""), f.choice(data.OrgTypes)
	f.fields = []*formField{
		newFormField("name", "名称", f.name),
		newFormField("type", "类型", f.kind),
		newFormField("uscc", "统一社会信用代码", f.uscc),
	}
	f.focusTab = func() { f.tabShown++ }
	e.Window.SetContent(container.NewVBox(fieldGrid(1, 120, f.fields...), f.general, f.saveBtn, f.savedNote))
	return f
}

func (f *orgForm) organization() data.Organization {
	return data.Organization{Name: f.name.Text, Type: f.kind.Selected, USCC: f.uscc.Text}
}

func TestSaveFormFieldErrors(t *testing.T) {
	taken := orgCode("52110101MJ0000033")
	required := func(field string) string {
		return lang.L(data.KeyInvalidRequired, map[string]any{"Field": field, "Record": data.RecordOrganization})
	}
	for _, tc := range []struct {
		name, orgName, kind, uscc string
		fail                      error // what the store's write returns instead of writing
		want                      map[string]string
		general, dialog           bool // a message under the form, a dialog
		stored                    int64
	}{
		{name: "Validate's refusal goes beside each field, nothing is written",
			kind: data.OrgTypeService,
			want: map[string]string{"name": required("name"), "uscc": required("uscc")}, stored: 1},
		{name: "the store's refusal goes beside its field",
			orgName: "阳光养老服务中心", kind: data.OrgTypeService, uscc: taken,
			want: map[string]string{"uscc": lang.L(data.KeyOrgDuplicateUSCC, map[string]any{"Field": "uscc", "USCC": taken, "Name": "已登记的中心"})}, stored: 1},
		{name: "a refusal about no field goes under the form",
			orgName: "阳光养老服务中心", kind: data.OrgTypeCommunity,
			fail: &data.Error{Key: data.KeyNotFound}, general: true, stored: 1},
		{name: "a failure that is not the input is shown in a dialog",
			orgName: "阳光养老服务中心", kind: data.OrgTypeCommunity,
			fail: errors.New("disk I/O error"), dialog: true, stored: 1},
		{name: "a good form is stored and says so",
			orgName: "阳光养老服务中心", kind: data.OrgTypeCommunity, stored: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, s := newTestEnv(t)
			first := data.Organization{Name: "已登记的中心", Type: data.OrgTypeService, USCC: taken}
			if _, err := s.CreateOrganization(context.Background(), &first); err != nil {
				t.Fatal(err)
			}
			f := newOrgForm(e)
			f.load(func() {})
			setError(fieldNamed(f.fields, "type").err, "an old message")
			test.Type(f.name, tc.orgName)
			f.kind.SetSelected(tc.kind)
			test.Type(f.uscc, tc.uscc)

			o := f.organization()
			check := o
			_, checked := check.Validate()
			done := 0
			f.saveForm(e, checked, func(ctx context.Context) error {
				if tc.fail != nil {
					return tc.fail
				}
				_, err := s.CreateOrganization(ctx, &o)
				return err
			}, func() { done++ })
			e.Wait()

			for _, name := range []string{"name", "type", "uscc"} {
				if got := fieldErr(t, f.fields, name); got != tc.want[name] {
					t.Errorf("under %s: %q, want %q", name, got, tc.want[name])
				}
			}
			if got := countStored(t, s, &data.Organization{}); got != tc.stored {
				t.Errorf("%d organizations stored, want %d", got, tc.stored)
			}
			if f.general.Visible() != tc.general {
				t.Errorf("message under the form %q, want one: %v", f.general.Text, tc.general)
			}
			top := e.Window.Canvas().Overlays().Top()
			if (top != nil) != tc.dialog || tc.dialog && !strings.Contains(strings.ToLower(strings.Join(texts(top), " ")), "disk i/o error") {
				t.Errorf("dialog %q, want one: %v", texts(top), tc.dialog)
			}
			if f.saveBtn.Disabled() {
				t.Error("the save button stays disabled")
			}
			refused := len(tc.want) > 0 || tc.general
			if wantTab := map[bool]int{true: 1}[refused]; f.tabShown != wantTab {
				t.Errorf("the form's tab was brought forward %d times, want %d", f.tabShown, wantTab)
			}
			if refused {
				if focused, firstField := e.Window.Canvas().Focused(), tc.want["name"] != ""; firstField && focused != f.name ||
					!firstField && len(tc.want) > 0 && focused != f.uscc {
					t.Errorf("the cursor is in %v, want it in the first field refused", focused)
				}
			}
			saved := tc.stored == 2
			if done != map[bool]int{true: 1}[saved] || f.dirty == saved || (f.savedNote.Text == lang.L("Saved.")) != saved {
				t.Errorf("done ran %d times, dirty %v, note %q", done, f.dirty, f.savedNote.Text)
			}
		})
	}
}

// TestLoadIsNoEdit: what load puts in the form is no edit, and it clears
// the messages; the clerk's typing is.
func TestLoadIsNoEdit(t *testing.T) {
	e, _ := newTestEnv(t)
	f := newOrgForm(e)
	setError(fieldNamed(f.fields, "name").err, "an old message")
	f.savedNote.SetText(lang.L("Saved."))
	f.load(func() {
		f.name.SetText("阳光养老服务中心")
		f.kind.SetSelected(data.OrgTypeCommunity)
	})
	if f.dirty || !f.loaded || fieldErr(t, f.fields, "name") != "" || f.savedNote.Text == "" {
		t.Errorf("after load: dirty %v, loaded %v, message %q, note %q", f.dirty, f.loaded, fieldErr(t, f.fields, "name"), f.savedNote.Text)
	}
	test.Type(f.name, "!")
	if !f.dirty || f.savedNote.Text != "" {
		t.Errorf("after typing: dirty %v, note %q", f.dirty, f.savedNote.Text)
	}
}
