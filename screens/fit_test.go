package screens

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"

	"jiedao/data"
	"jiedao/data/demo"
)

// pageRoom is what the window leaves a page at 1280×720 less the window's
// frame and menu bar (60 px): the navigation takes 170 px and the
// padding, the status bar and its rule about 60 px.
var pageRoom = fyne.NewSize(1280-170-20, 720-60-60)

// TestScreensFitWithData builds every page on a demo register — long
// organization names, agreements, meetings — and checks that none asks
// for more room than a 1280×720 screen leaves it (the organization list
// once asked for 1209 px), a record of each register included.
func TestScreensFitWithData(t *testing.T) {
	e, s := newTestEnv(t)
	if _, err := demo.Generate(context.Background(), s, demo.Options{Households: 60, Seed: 7}, nil); err != nil {
		t.Fatal(err)
	}
	reg := NewRegistry()
	check := func(what string, o fyne.CanvasObject) {
		t.Helper()
		e.Wait()
		if m := o.MinSize(); m.Width > pageRoom.Width || m.Height > pageRoom.Height {
			t.Errorf("%s needs %v×%v, more than the %v×%v a 1280×720 window leaves", what, m.Width, m.Height, pageRoom.Width, pageRoom.Height)
		}
	}
	pages := []struct {
		name string
		make func(*Env) Screen
	}{
		{"dashboard", reg.Dashboard}, {"households", reg.Households}, {"organizations", NewOrganizations},
		{"agreements", NewAgreements}, {"meetings", NewMeetings}, {"actions", NewActionsBoard},
		{"recycle bin", NewRecycleBin}, {"audit log", NewAuditLog}, {"settings", NewSettings},
	}
	for _, p := range pages {
		sc := p.make(e)
		ui := sc.BuildUI()
		e.Window.SetContent(ui)
		if r, ok := sc.(Reloader); ok {
			r.Reload()
		}
		check(p.name, ui)
	}

	ctx := context.Background()
	orgs := NewOrganizations(e).(*organizations)
	e.Window.SetContent(orgs.BuildUI())
	pg, err := s.ListOrganizations(ctx, data.OrganizationFilter{})
	if err != nil || len(pg.Rows) == 0 {
		t.Fatalf("demo organizations: %v, %d", err, len(pg.Rows))
	}
	orgs.open(pg.Rows[0].ID)
	check("an organization", orgs.stack)
}
