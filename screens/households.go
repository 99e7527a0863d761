package screens

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/pdf"
	"jiedao/sheet"
)

// PageHouseholds is the household register's page (住户).
const PageHouseholds = "households"

// Registry joins the pages of the household register: a figure clicked on
// the dashboard opens the household list filtered to it. The shell makes
// one per build of the window and takes the pages' constructors from it.
type Registry struct {
	list *households
}

// NewRegistry returns the link between the dashboard and the list.
func NewRegistry() *Registry { return &Registry{} }

// Dashboard returns the home page, whose figures open the list.
func (r *Registry) Dashboard(env *Env) Screen { return &dashboard{env: env, reg: r} }

// Households returns the household list with its detail pages.
func (r *Registry) Households(env *Env) Screen {
	h := &households{listFrame: newListFrame[*householdDetail](env)}
	h.peoplePg = pager[data.ResidentRow]{env: env}
	h.homesPg = pager[data.HouseholdRow]{env: env}
	r.list = h
	return h
}

// NewHouseholds returns a household list on its own (no dashboard).
func NewHouseholds(env *Env) Screen { return NewRegistry().Households(env) }

// open shows the list behind a figure.
func (r *Registry) open(env *Env, fig data.Figure) {
	env.navigate(PageHouseholds)
	if r.list != nil && r.list.built {
		r.list.showFigure(fig)
	}
}

// households is the register's list: residents (or households) found by
// the search box and the filters, a page at a time. Tapping a row opens
// its household; the detail replaces the list until "back".
type households struct {
	listFrame[*householdDetail]

	mode        *widget.RadioGroup
	community   *widget.Select
	grid        *widget.Select
	residence   *widget.Select
	status      *widget.Select
	tag         *widget.Select
	sex         *widget.Select
	ageMin      *widget.Entry
	ageMax      *widget.Entry
	people      *widget.List
	homes       *widget.List
	peopleView  fyne.CanvasObject
	homesView   fyne.CanvasObject
	resultStack *fyne.Container

	byHousehold bool
	communities communityList

	// Results of the current search: residents, or households in
	// household mode (the other pager is left empty).
	peoplePg pager[data.ResidentRow]
	homesPg  pager[data.HouseholdRow]

	staleCommunities bool // read the communities again with the next search
}

// Column widths of the two lists; the address takes what is left.
var (
	personColumns = flexLastAtLeast(160, 96, 44, 44, 160, 112, 72, 44, 100, 90, 70)
	homeColumns   = flexLastAtLeast(160, 100, 90, 160, 44, 110, 70, 90, 70, 112)
)

func (h *households) BuildUI() fyne.CanvasObject {
	h.initSearch(h.env, lang.L("Name, pinyin (zs, zhangsan), ID number or its last 4–6, phone, address"), h.find)

	byPerson, byHome := lang.L("Residents"), lang.L("Households")
	h.mode = &widget.RadioGroup{Options: []string{byPerson, byHome}, Horizontal: true, Required: true, Selected: byPerson}
	h.mode.OnChanged = func(v string) {
		h.setMode(v == byHome)
		h.schedule(0)
	}

	h.community = filterSelect(lang.L("Community"), lang.L("(all)"), nil, func(v string) {
		h.fillGrids(v)
		h.schedule(0)
	})
	h.grid = filterSelect(lang.L("Grid"), lang.L("(all)"), nil, h.changed)
	h.residence = filterSelect(lang.L("Residence type"), lang.L("(all)"), data.ResidenceTypes, h.changed)
	h.status = filterSelect(lang.L("Active residents"), lang.L("Active residents"),
		append(append([]string{}, data.Statuses...), lang.L("All, with history")), h.changed)
	h.tag = filterSelect(lang.L("Care group"), lang.L("(all)"), data.CareTags, h.changed)
	h.sex = filterSelect(lang.L("Sex"), lang.L("(all)"), data.Sexes, h.changed)
	h.ageMin = &widget.Entry{PlaceHolder: lang.L("from"), OnChanged: h.typed}
	h.ageMax = &widget.Entry{PlaceHolder: lang.L("to"), OnChanged: h.typed}
	clear := &widget.Button{Text: lang.L("Clear filters"), Icon: theme.ContentClearIcon(), Importance: widget.LowImportance, OnTapped: h.onClear}

	personHeader, personCols := headerRow(personColumns, lang.L("Name"), lang.L("Sex"), lang.L("Age"),
		lang.L("ID number"), lang.L("Phone"), lang.L("Relation (short)"), lang.L("Status"),
		lang.L("Household number"), lang.L("Community"), lang.L("Grid"), lang.L("Address"))
	homeHeader, homeCols := headerRow(homeColumns, lang.L("Household number"), lang.L("Head of household"),
		lang.L("ID number"), lang.L("Members"), lang.L("Residence type"), lang.L("Housing"),
		lang.L("Community"), lang.L("Grid"), lang.L("Phone"), lang.L("Address"))
	h.people = pagedList(&h.peoplePg, func() fyne.CanvasObject { return newRow(personCols) }, fillPersonRow,
		func(r data.ResidentRow) { h.openHousehold(r.HouseholdID) })
	h.homes = pagedList(&h.homesPg, func() fyne.CanvasObject { return newRow(homeCols) }, fillHomeRow,
		func(r data.HouseholdRow) { h.openHousehold(r.ID) })
	h.peopleView = container.NewBorder(personHeader, nil, nil, nil, h.people)
	h.homesView = container.NewBorder(homeHeader, nil, nil, nil, h.homes)
	h.resultStack = container.NewStack(h.peopleView)

	newBtn := &widget.Button{Text: lang.L("New household"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: h.New}
	exportBtn := &widget.Button{Text: lang.L("Export"), Icon: theme.DocumentSaveIcon(), OnTapped: h.onExport}
	rosterBtn := &widget.Button{Text: lang.L("Print roster"), Icon: theme.DocumentPrintIcon(), OnTapped: h.onPrintRoster}
	importBtn := &widget.Button{Text: lang.L("hh.Import…"), Icon: theme.UploadIcon(), OnTapped: h.onImport}
	h.env.offer(CapRegisterWrite, newBtn)
	h.env.offer(CapImport, importBtn)
	h.env.offer(CapExport, exportBtn)
	h.env.offer(CapPrint, rosterBtn)
	ages := container.NewHBox(&widget.Label{Text: lang.L("Age")},
		container.NewGridWrap(fyne.NewSize(64, h.ageMin.MinSize().Height), h.ageMin),
		&widget.Label{Text: "–"},
		container.NewGridWrap(fyne.NewSize(64, h.ageMax.MinSize().Height), h.ageMax),
		clear)
	filters := container.NewBorder(nil, nil, nil, ages, container.New(&fixedWidth{w: 480},
		container.NewGridWithColumns(6, h.community, h.grid, h.residence, h.status, h.tag, h.sex)))
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(h.mode, h.count), h.search),
		filters,
	)
	// The count is in SQL (never "more than").
	h.peoplePg.showIn(h.people, h.empty, h.count, func(n int) (string, string) {
		c := lang.L("{{.N}} residents", map[string]any{"N": n})
		return c, c
	})
	h.homesPg.showIn(h.homes, h.empty, h.count, func(n int) (string, string) {
		c := lang.L("{{.N}} households", map[string]any{"N": n})
		return c, c
	})
	h.staleCommunities = true // read at the first search
	// A household saved in its detail may be in a new community or grid.
	h.closing = func(d *householdDetail) {
		if d.householdSaved {
			h.staleCommunities = true
		}
	}
	return h.setList(page(lang.L("Household register"), container.NewHBox(importBtn, exportBtn, rosterBtn, newBtn),
		container.NewBorder(top, nil, nil, nil, container.NewStack(h.resultStack,
			// "Nothing found" under the column headers (a row of labels), not on them.
			container.NewBorder(widget.NewLabel(""), nil, nil, nil, h.empty)))))
}

func fillPersonRow(r data.ResidentRow, o fyne.CanvasObject) {
	age := ""
	if r.Age >= 0 {
		age = strconv.Itoa(r.Age)
	}
	setCells(o, r.Name, r.Sex, age, r.IDNumber, r.Phone, r.Relation, r.Status,
		r.HouseholdNumber, r.Community, r.Grid, r.Address)
}

func fillHomeRow(r data.HouseholdRow, o fyne.CanvasObject) {
	setCells(o, r.Number, orDash(r.HeadName), r.HeadIDNumber, strconv.Itoa(r.Members), r.ResidenceType,
		r.Housing, r.Community, r.Grid, r.Phone, r.Address)
}

// setMode switches between listing residents and households. Households
// are filtered by the household's fields only, so the residents' filters
// are disabled.
func (h *households) setMode(byHousehold bool) {
	h.byHousehold = byHousehold
	for _, o := range []fyne.CanvasObject{h.status, h.tag, h.sex, h.ageMin, h.ageMax} {
		enableWhen(o, !byHousehold)
	}
	if byHousehold {
		h.search.SetPlaceHolder(lang.L("Household number or address"))
		h.resultStack.Objects = []fyne.CanvasObject{h.homesView}
	} else {
		h.search.SetPlaceHolder(lang.L("Name, pinyin (zs, zhangsan), ID number or its last 4–6, phone, address"))
		h.resultStack.Objects = []fyne.CanvasObject{h.peopleView}
	}
	h.resultStack.Refresh()
}

// listQuery is what one search asks the store, taken from the widgets on
// the UI goroutine.
type listQuery struct {
	byHousehold bool
	residents   data.ResidentFilter
	homes       data.HouseholdFilter
}

func (h *households) query() listQuery {
	q := listQuery{byHousehold: h.byHousehold}
	text := strings.TrimSpace(h.search.Text)
	if h.byHousehold {
		q.homes = data.HouseholdFilter{Query: text, Community: h.community.Selected, Grid: h.grid.Selected,
			ResidenceType: h.residence.Selected, Limit: listPage}
		return q
	}
	f := data.ResidentFilter{Query: text, Community: h.community.Selected, Grid: h.grid.Selected,
		ResidenceType: h.residence.Selected, Tag: h.tag.Selected, Sex: h.sex.Selected, Limit: listPage}
	switch st := h.status.Selected; st {
	case "":
	case lang.L("All, with history"):
		f.IncludeInactive = true
	default:
		f.Status = st
	}
	if n, err := strconv.Atoi(strings.TrimSpace(h.ageMin.Text)); err == nil && n > 0 {
		f.AgeMin = n
	}
	if n, err := strconv.Atoi(strings.TrimSpace(h.ageMax.Text)); err == nil && n >= 0 {
		f.AgeMax, f.HasAgeMax = n, true
	}
	q.residents = f
	return q
}

// filter is the residents the list shows, for an export or a roster: the
// whole result, not a page. Listing households, it is their residents.
func (h *households) filter() data.ResidentFilter {
	q := h.query()
	if !q.byHousehold {
		f := q.residents
		f.After, f.Limit = "", 0
		return f
	}
	return data.ResidentFilter{Query: q.homes.Query, Community: q.homes.Community, Grid: q.homes.Grid,
		ResidenceType: q.homes.ResidenceType}
}

// onExport asks whether the ID and phone numbers are to be masked
// (the default) and exports the listed residents. An unmasked export is
// confirmed first; both kinds are recorded in the audit log.
func (h *households) onExport() {
	masked, unmasked := lang.L("hh.Masked (110101********123X, 138****5678)"), lang.L("hh.Unmasked (whole ID and phone numbers)")
	// An unmasked export says what it is for (data.ValidateReason): the
	// reason is stamped into the file and recorded in the audit log.
	reason := widget.NewSelectEntry(data.UnmaskReasons[:len(data.UnmaskReasons)-1])
	reason.PlaceHolder = lang.L("hh.What the whole numbers are for (written into the file)")
	reason.Disable()
	choice := &widget.RadioGroup{Options: []string{masked, unmasked}, Required: true, Selected: masked, OnChanged: func(v string) {
		if v == unmasked {
			reason.Enable()
		} else {
			reason.Disable()
		}
	}}
	if !h.env.Can(CapExportWhole) { // whole numbers are the street manager's to export
		choice.Options = []string{masked}
	}
	note := &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance,
		Text: lang.L("hh.Every export is recorded in the audit log.")}
	var d dialog.Dialog
	cancel := &widget.Button{Text: lang.L("Cancel"), OnTapped: func() { d.Hide() }}
	export := &widget.Button{Text: lang.L("Export"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: func() {
		if choice.Selected != unmasked {
			d.Hide()
			h.export(false, "")
			return
		}
		if err := data.ValidateReason(reason.Text); err != nil {
			h.env.ShowError(err)
			return
		}
		d.Hide()
		why := reason.Text
		h.env.Confirm(lang.L("hh.Export unmasked?"),
			lang.L("hh.The file will hold whole ID numbers and phone numbers. Keep it safe and delete it when done. The export is recorded in the audit log under your name."),
			lang.L("hh.Export unmasked"), true, func() { h.export(true, why) })
	}}
	content := container.NewVBox(&widget.Label{Text: lang.L("hh.ID and phone numbers in the file:")}, choice, reason, note,
		container.NewHBox(layout.NewSpacer(), cancel, export))
	d = dialog.NewCustomWithoutButtons(lang.L("hh.Export the list"), content, h.env.Window)
	d.Resize(fyne.NewSize(480, d.MinSize().Height))
	h.env.ShowDialog(d)
}

// export writes the listed residents to a spreadsheet in the data
// folder's exports and opens it; unmasked writes ID and phone numbers
// whole, for reason.
func (h *households) export(unmasked bool, reason string) {
	s, f := h.env.Store(), h.filter()
	path := outputPath(h.env.Store(), lang.L("resident-list"), "xlsx")
	var rows int
	h.env.RunJob(lang.L("Exporting"), func(ctx context.Context, progress func(int, int)) error {
		if err := makeFolderFor(path); err != nil {
			return err
		}
		n, err := sheet.ExportHouseholds(ctx, s, path, f, sheet.ExportOptions{Unmasked: unmasked, Reason: reason, Progress: progress})
		rows = n
		return err
	}, func(err error) {
		h.jobDone(err, path, lang.L("Exported {{.N}} rows to {{.Path}}", map[string]any{"N": rows, "Path": path}))
	})
}

// onPrintRoster prints the listed residents' roster (花名册, numbers
// masked) into the data folder's prints and opens it.
func (h *households) onPrintRoster() {
	s, f := h.env.Store(), h.filter()
	path := outputPath(h.env.Store(), lang.L("resident-roster"), "pdf")
	h.env.RunJob(lang.L("Printing"), func(ctx context.Context, progress func(int, int)) error {
		if err := makeFolderFor(path); err != nil {
			return err
		}
		_, err := pdf.Roster(ctx, s, f, pdf.RosterOptions{}, path, progress)
		return err
	}, func(err error) {
		h.jobDone(err, path, lang.L("win.PDF saved: {{.Path}}", map[string]any{"Path": path}))
	})
}

// jobDone ends an export or a print: an error shown (none when the
// clerk cancelled), else the file opened and msg in the status bar.
func (h *households) jobDone(err error, path, msg string) {
	if Cancelled(err) {
		return
	}
	if err != nil {
		h.env.ShowError(err)
		return
	}
	showWritten(h.env, path, msg)
}

// find searches again after delay: the first page, then the count in
// SQL (see pager.search). The filters' communities are read again first
// when they may have changed.
func (h *households) find(delay time.Duration) {
	q, s := h.query(), h.env.Store()
	if h.staleCommunities {
		h.staleCommunities = false
		h.env.Go(func() {
			c, err := loadCommunities(h.env.ctx, s)
			fyne.Do(func() {
				if err != nil {
					h.staleCommunities = true
					h.env.ShowError(err)
					return
				}
				h.setCommunities(c)
			})
		})
	}
	if q.byHousehold {
		h.peoplePg.clear()
		h.homesPg.search(delay, searchHouseholds(s, q.homes), func(ctx context.Context) (int, bool, error) {
			n, err := s.CountHouseholds(ctx, q.homes)
			return n, false, err
		})
		return
	}
	h.homesPg.clear()
	h.peoplePg.search(delay, searchResidents(s, q.residents), func(ctx context.Context) (int, bool, error) {
		n, err := s.CountResidents(ctx, q.residents)
		return n, false, err
	})
}

// searchHouseholds pages through the households f finds.
func searchHouseholds(s *data.Store, f data.HouseholdFilter) fetchFunc[data.HouseholdRow] {
	return func(ctx context.Context, after string, limit int) ([]data.HouseholdRow, string, error) {
		f.After, f.Limit = after, limit
		p, err := s.SearchHouseholds(ctx, f)
		return p.Rows, p.Next, err
	}
}

// searchResidents pages through the residents f finds.
func searchResidents(s *data.Store, f data.ResidentFilter) fetchFunc[data.ResidentRow] {
	return func(ctx context.Context, after string, limit int) ([]data.ResidentRow, string, error) {
		f.After, f.Limit = after, limit
		p, err := s.SearchResidents(ctx, f)
		return p.Rows, p.Next, err
	}
}

// setCommunities fills the community and grid filters (and the form of
// the household on show) with the register's.
func (h *households) setCommunities(c communityList) {
	h.communities = c
	h.staleCommunities = false
	h.community.SetOptions(append([]string{lang.L("(all)")}, c.names...))
	h.fillGrids(h.community.Selected)
	if h.showing() {
		h.detail.setCommunities(c)
	}
}

// fillGrids offers the grids of community (of all, when "").
func (h *households) fillGrids(community string) {
	grids := h.communities.allGrids()
	if community != "" {
		grids = h.communities.grids[community]
	}
	h.grid.SetOptions(append([]string{lang.L("(all)")}, grids...))
	if h.grid.Selected != "" && !slices.Contains(grids, h.grid.Selected) {
		setSelect(h.grid, "")
	}
}

func (h *households) onClear() {
	h.setFilters(func() {
		h.search.SetText("")
		h.clearFilters()
		h.fillGrids("")
	})
}

// clearFilters empties the filters (not the search box).
func (h *households) clearFilters() {
	for _, s := range []*widget.Select{h.community, h.grid, h.residence, h.status, h.tag, h.sex} {
		setSelect(s, "")
	}
	h.ageMin.SetText("")
	h.ageMax.SetText("")
}

// showFigure shows the rows a dashboard figure counts: its filter in the
// widgets, the list in its mode.
func (h *households) showFigure(fig data.Figure) {
	h.closeDetail(false)
	h.setFilters(func() {
		h.clearFilters()
		switch {
		case fig.Residents != nil:
			h.showResidents(*fig.Residents)
		case fig.Households != nil:
			h.showHouseholds(*fig.Households)
		}
	})
}

// showPlace lists residents or, byHousehold, households, with the
// search text and the filters both lists share.
func (h *households) showPlace(byHousehold bool, query, community, grid, residence string) {
	mode := h.mode.Options[0]
	if byHousehold {
		mode = h.mode.Options[1]
	}
	h.mode.SetSelected(mode)
	h.setMode(byHousehold)
	h.search.SetText(query)
	setSelect(h.community, community)
	h.fillGrids(community)
	setSelect(h.grid, grid)
	setSelect(h.residence, residence)
}

// showResidents puts f in the widgets, listing residents.
func (h *households) showResidents(f data.ResidentFilter) {
	h.showPlace(false, f.Query, f.Community, f.Grid, f.ResidenceType)
	setSelect(h.tag, f.Tag)
	setSelect(h.sex, f.Sex)
	switch {
	case f.Status != "":
		setSelect(h.status, f.Status)
	case f.IncludeInactive:
		setSelect(h.status, lang.L("All, with history"))
	}
	if f.AgeMin > 0 {
		h.ageMin.SetText(strconv.Itoa(f.AgeMin))
	}
	if f.AgeMax > 0 || f.HasAgeMax {
		h.ageMax.SetText(strconv.Itoa(f.AgeMax))
	}
}

// showHouseholds puts f in the widgets, listing households.
func (h *households) showHouseholds(f data.HouseholdFilter) {
	h.showPlace(true, f.Query, f.Community, f.Grid, f.ResidenceType)
}

// New opens an empty household form (Ctrl+N).
func (h *households) New() {
	if h.env.Can(CapRegisterWrite) {
		h.openHousehold(0)
	}
}

// Print prints the household on show (Ctrl+P).
func (h *households) Print() {
	if h.showing() {
		h.detail.Print()
	}
}

// openHousehold shows household id (0: a new one) in place of the list.
func (h *households) openHousehold(id int64) {
	h.showDetail(newHouseholdDetail(h.env, id, h.communities, func() { h.closeDetail(true) }))
}
