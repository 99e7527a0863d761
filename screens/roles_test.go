package screens

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/data/datatest"
)

// TestCapabilitiesMatchTheStore keeps the window's table (roleCaps) in
// step with the data layer's: for every role, each capability the window
// offers is one the store grants, and each it hides is one the store
// refuses — asked of a method that needs it.
func TestCapabilitiesMatchTheStore(t *testing.T) {
	_, s := newTestEnv(t)
	ctx := context.Background()
	probes := map[Capability]func(b *data.Store) error{
		CapRegisterRead: func(b *data.Store) error {
			_, err := b.SearchHouseholds(ctx, data.HouseholdFilter{Limit: 1})
			return err
		},
		CapRegisterWrite: func(b *data.Store) error { return b.CreateHousehold(ctx, &data.Household{}) },
		CapUnmask: func(b *data.Store) error {
			_, err := b.WholeNumbers(ctx, nil, "办理业务")
			return err
		},
		CapImport: func(b *data.Store) error { return b.CheckImport() },
		CapExport: func(b *data.Store) error {
			return b.RosterPages(ctx, data.ResidentFilter{}, 1, func([]data.RosterRow) error { return nil })
		},
		CapOrgRead: func(b *data.Store) error {
			_, err := b.ListOrganizations(ctx, data.OrganizationFilter{Limit: 1})
			return err
		},
		CapOrgWrite: func(b *data.Store) error {
			_, err := b.CreateOrganization(ctx, &data.Organization{})
			return err
		},
		CapMeetingRead: func(b *data.Store) error {
			_, err := b.ListMeetings(ctx, data.MeetingFilter{Limit: 1})
			return err
		},
		CapMeetingWrite: func(b *data.Store) error { return b.CreateMeeting(ctx, &data.Meeting{}) },
		CapStats: func(b *data.Store) error {
			_, err := b.Stats(ctx, "")
			return err
		},
		CapAudit: func(b *data.Store) error {
			_, err := b.AuditLog(ctx, data.AuditFilter{Limit: 1})
			return err
		},
		CapAccounts: func(b *data.Store) error {
			_, err := b.ListAccounts(ctx)
			return err
		},
		CapSettings:       func(b *data.Store) error { return b.SaveOperator(ctx, "") },
		CapOfficeSettings: func(b *data.Store) error { return b.SaveSettings(ctx, data.Settings{}) },
		CapPurge:          func(b *data.Store) error { return b.Purge(ctx, "households", 1) },
	}
	for _, role := range data.Roles() {
		var comm, grids []string
		switch role {
		case data.RoleCommunity:
			comm = []string{"和平里社区"}
		case data.RoleGrid:
			grids = []string{"和平里社区/第一网格"}
		}
		b := datatest.As(t, s, "r"+role, []string{role}, comm, grids)
		for c, probe := range probes {
			var de *data.Error
			refused := errors.As(probe(b), &de) && de.Key == data.KeyPermission
			if offered := RoleAllows([]string{role}, c); offered == refused {
				t.Errorf("%s: the window offers %s: %v, the store refuses it: %v", role, c, offered, refused)
			}
		}
	}
}

// TestViewerSeesNoWriteButtons: a reader's lists offer no new record, no
// import and no export, its household no change; a street manager's do.
func TestViewerSeesNoWriteButtons(t *testing.T) {
	e, s := newTestEnv(t)
	h := newHousehold(t, s, "701")
	addResident(t, s, h, "钱七", validID("11010119800101701"), data.RelationHead)
	org := data.Organization{Name: "春晖社区文体队", Type: data.OrgTypeCommunity}
	if _, err := s.CreateOrganization(context.Background(), &org); err != nil {
		t.Fatal(err)
	}
	street := e.Store()
	for _, tc := range []struct {
		store *data.Store
		shown bool
	}{
		{datatest.As(t, s, "leader", []string{data.RoleViewer}, nil, nil), false},
		{street, true},
	} {
		e.SetStore(tc.store)
		l := openList(t, e)
		got := strings.Join(texts(e.Window.Canvas().Content()), "|")
		for _, b := range []string{lang.L("New household"), lang.L("hh.Import…"), lang.L("Export")} {
			if strings.Contains(got, b) != tc.shown {
				t.Errorf("shown %v: %q in the list is %v", tc.shown, b, !tc.shown)
			}
		}
		l.openHousehold(h.ID)
		e.Wait()
		d := l.detail
		if d.saveBtn.Visible() != tc.shown {
			t.Errorf("shown %v: the household's save button visible %v", tc.shown, d.saveBtn.Visible())
		}
		row := d.createMemberRow()
		if got := strings.Join(texts(row), "|"); strings.Contains(got, lang.L("Edit")) != tc.shown {
			t.Errorf("shown %v: member row %q", tc.shown, got)
		}
		o := NewOrganizations(e).(*organizations)
		e.Window.SetContent(o.BuildUI())
		if got := strings.Join(texts(e.Window.Canvas().Content()), "|"); strings.Contains(got, lang.L("org.New organization")) != tc.shown {
			t.Errorf("shown %v: organizations %q", tc.shown, got)
		}
		od := newOrgDetail(e, org.ID, func(bool) {})
		e.Window.SetContent(od.buildUI())
		if od.saveBtn.Visible() != tc.shown {
			t.Errorf("shown %v: the organization's save button visible %v", tc.shown, od.saveBtn.Visible())
		}
	}
}

// TestStreetManagerSavesTheOfficeOnly: a street manager's settings page
// lets the office's details be changed, and shows the administrator's
// settings (language, looks, idle lock) without letting them be.
func TestStreetManagerSavesTheOfficeOnly(t *testing.T) {
	e, s := newTestEnv(t)
	e.SetStore(datatest.As(t, s, "jiedao1", []string{data.RoleStreet}, nil, nil))
	st := NewSettings(e).(*settings)
	e.Window.SetContent(st.BuildUI())
	var office, idle *settingsField
	for _, f := range st.fields {
		switch f.name {
		case "officeName":
			office = f
		case "idleLock":
			idle = f
		}
	}
	if office.entry.Disabled() || !idle.entry.Disabled() || !st.theme.Disabled() {
		t.Fatalf("office name disabled %v, idle lock disabled %v, theme disabled %v", office.entry.Disabled(), idle.entry.Disabled(), st.theme.Disabled())
	}
	office.entry.SetText("东华门街道办事处")
	st.Save()
	e.Wait()
	got, err := s.Settings(context.Background())
	if err != nil || got.OfficeName != "东华门街道办事处" {
		t.Errorf("saved %+v: %v", got, err)
	}
}

// TestUnmaskedExportOfferedToStreetOnly: a community worker's export
// offers masked numbers only; a street manager's both.
func TestUnmaskedExportOfferedToStreetOnly(t *testing.T) {
	e, s := newTestEnv(t)
	for _, tc := range []struct {
		store *data.Store
		n     int
	}{
		{datatest.As(t, s, "sq01", []string{data.RoleCommunity}, []string{"和平里社区"}, nil), 1},
		{e.Store(), 2},
	} {
		e.SetStore(tc.store)
		l := openList(t, e)
		l.onExport()
		top := e.Window.Canvas().Overlays().Top()
		var options int
		for _, o := range test.LaidOutObjects(top) {
			if r, ok := o.(*widget.RadioGroup); ok {
				options = len(r.Options)
			}
		}
		if options != tc.n {
			t.Errorf("%d export choices, want %d", options, tc.n)
		}
		e.Escape()
	}
}
