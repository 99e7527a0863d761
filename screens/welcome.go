package screens

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data/demo"
)

// Demo data the welcome page loads: enough households to try every screen
// with, always the same ones.
const (
	demoHouseholds = 300
	demoSeed       = 1
)

// welcome greets an office that has not set Jiedao up yet (no office name,
// no households) and offers the ways to start: the office's details, an
// existing roster imported, or demo data.
type welcome struct {
	env    *Env
	loaded func() // after demo data was loaded
	reg    *Registry
}

func newWelcome(env *Env, reg *Registry, loaded func()) *welcome {
	return &welcome{env: env, reg: reg, loaded: loaded}
}

func (w *welcome) buildUI() fyne.CanvasObject {
	intro := &widget.Label{
		Text:     lang.L("Jiedao keeps the street office's household registry, social organizations and their agreements, and consultation meetings in one file on this computer."),
		Wrapping: fyne.TextWrapWord,
	}
	setUp := &widget.Button{
		Text:       lang.L("Enter the office's details"),
		Icon:       theme.SettingsIcon(),
		Importance: widget.HighImportance,
		OnTapped:   func() { w.env.navigate(PageSettings) },
	}
	setUpNote := &widget.Label{Text: lang.L("Name, address and contact of the office, as they appear on printed agreements."), Wrapping: fyne.TextWrapWord}
	importBtn := &widget.Button{Text: lang.L("win.Import an existing roster…"), Icon: theme.UploadIcon(), OnTapped: w.onImport}
	importNote := &widget.Label{Text: lang.L("win.The households and residents of a spreadsheet (XLSX or CSV) the office already keeps; every row is checked before anything is written."), Wrapping: fyne.TextWrapWord}
	demoBtn := &widget.Button{Text: lang.L("Load demo data"), Icon: theme.DownloadIcon(), OnTapped: w.onLoadDemo}
	demoNote := &widget.Label{Text: lang.L("300 made-up households to try Jiedao with; delete them before real work starts."), Wrapping: fyne.TextWrapWord}

	setUpRow := container.NewBorder(nil, nil, container.NewCenter(setUp), nil, setUpNote)
	importRow := container.NewBorder(nil, nil, container.NewCenter(importBtn), nil, importNote)
	demoRow := container.NewBorder(nil, nil, container.NewCenter(demoBtn), nil, demoNote)
	// Each way in only for the roles that may take it: the office's
	// details are the street's and the administrator's, the demo data
	// (households, organizations, agreements) the street manager's.
	w.env.offer(CapOfficeSettings, setUpRow)
	w.env.offer(CapImport, importRow)
	w.env.offer(CapRegisterWrite, demoRow)
	w.env.offer(CapOrgWrite, demoRow)
	body := container.NewVBox(
		heading(lang.L("Welcome to Jiedao")),
		intro,
		widget.NewSeparator(),
		setUpRow, importRow, demoRow,
	)
	return container.NewVScroll(body)
}

// onImport opens the household list and its roster import (the template,
// the file, the preview of every row).
func (w *welcome) onImport() {
	w.env.navigate(PageHouseholds)
	if w.reg != nil && w.reg.list != nil && w.reg.list.built {
		w.reg.list.onImport()
	}
}

func (w *welcome) onLoadDemo() {
	s := w.env.Store()
	w.env.RunJob(lang.L("Loading demo data"), func(ctx context.Context, progress func(done, total int)) error {
		_, err := demo.Generate(ctx, s, demo.Options{Households: demoHouseholds, Seed: demoSeed}, progress)
		return err
	}, func(err error) {
		// A failed or cancelled load may have written part of the data;
		// the dashboard shows what is there either way.
		if w.loaded != nil {
			defer w.loaded()
		}
		if err != nil {
			w.env.ShowError(err)
			return
		}
		w.env.status(lang.L("Demo data loaded."))
	})
}
