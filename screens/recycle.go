package screens

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// recycleBin lists deleted records; each can be put back or, after a
// confirmation, deleted for good.
type recycleBin struct {
	env *Env

	all    []data.DeletedItem
	shown  []data.DeletedItem // all, filtered by the search box
	search *widget.Entry
	list   *widget.List
	empty  *widget.Label
	count  *widget.Label
}

// NewRecycleBin returns the recycle bin page.
func NewRecycleBin(env *Env) Screen {
	return &recycleBin{env: env}
}

// recycleColumns are the widths of kind and deletion time; the label
// takes the rest, before the buttons.
var recycleColumns = []float32{90, 170}

func (r *recycleBin) BuildUI() fyne.CanvasObject {
	r.search = &widget.Entry{PlaceHolder: lang.L("Search deleted records"), OnChanged: func(string) { r.filter() }}
	r.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	r.empty = &widget.Label{Text: lang.L("The recycle bin is empty."), Alignment: fyne.TextAlignCenter}
	r.empty.Hide()
	r.count = &widget.Label{}
	r.list = &widget.List{
		Length:     func() int { return len(r.shown) },
		CreateItem: r.createRow,
		UpdateItem: r.updateRow,
	}
	refresh := newTipButton(theme.ViewRefreshIcon(), "tip.Refresh", r.Reload)
	header := container.New(&columns{widths: recycleColumns},
		headerCell(lang.L("Kind")), headerCell(lang.L("Deleted at")), headerCell(lang.L("Record")))
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(r.count, refresh), r.search), header)
	return page(lang.L("Recycle bin"), nil, container.NewBorder(top, nil, nil, nil, container.NewStack(r.list, r.empty)))
}

func (r *recycleBin) createRow() fyne.CanvasObject {
	restore := &widget.Button{Text: lang.L("Restore"), Icon: theme.ContentUndoIcon()}
	purge := &widget.Button{Text: lang.L("Delete permanently"), Icon: theme.DeleteIcon(), Importance: widget.DangerImportance}
	r.env.offer(CapPurge, purge) // the street manager's
	row := container.New(&columns{widths: recycleColumns}, cell(""), cell(""), cell(""))
	return container.NewBorder(nil, nil, nil, container.NewHBox(restore, purge), row)
}

func (r *recycleBin) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(r.shown) {
		return
	}
	it := r.shown[id]
	c := o.(*fyne.Container)
	row := c.Objects[0].(*fyne.Container)
	buttons := c.Objects[1].(*fyne.Container)
	row.Objects[0].(*widget.Label).SetText(entityName(it.Entity))
	row.Objects[1].(*widget.Label).SetText(FormatDateTime(it.DeletedAt.Local()))
	row.Objects[2].(*widget.Label).SetText(it.Label)
	buttons.Objects[0].(*widget.Button).OnTapped = func() { r.onRestore(it) }
	buttons.Objects[1].(*widget.Button).OnTapped = func() { r.onPurge(it) }
}

// entityName is what the user calls a kind of record ("住户").
func entityName(entity string) string {
	return lang.X("audit.entity."+entity, entity)
}

// Reload lists the bin again; the shell calls it each time the page is
// shown.
func (r *recycleBin) Reload() {
	s := r.env.Store()
	r.env.Background(func(ctx context.Context) error {
		items, err := s.RecycleBin(ctx)
		if err == nil {
			fyne.Do(func() {
				r.all = items
				r.filter()
			})
		}
		return err
	}, r.env.ShowError)
}

// filter shows the items whose kind or label contain the search text.
func (r *recycleBin) filter() {
	q := strings.TrimSpace(r.search.Text)
	r.shown = r.shown[:0]
	for _, it := range r.all {
		if q == "" || strings.Contains(it.Label, q) || strings.Contains(entityName(it.Entity), q) {
			r.shown = append(r.shown, it)
		}
	}
	r.count.SetText(lang.L("{{.N}} records", map[string]any{"N": len(r.shown)}))
	if len(r.all) == 0 {
		r.empty.Show()
	} else {
		r.empty.Hide()
	}
	r.list.UnselectAll()
	r.list.Refresh()
}

// FocusSearch puts the cursor in the search box (Ctrl+F).
func (r *recycleBin) FocusSearch() {
	r.env.Window.Canvas().Focus(r.search)
}

func (r *recycleBin) onRestore(it data.DeletedItem) {
	s := r.env.Store()
	r.env.Background(func(ctx context.Context) error {
		return s.Restore(ctx, it.Entity, it.ID)
	}, func(err error) {
		if err != nil {
			r.env.ShowError(err)
		} else {
			r.env.status(lang.L("Restored {{.Label}}.", map[string]any{"Label": it.Label}))
		}
		r.Reload()
	})
}

func (r *recycleBin) onPurge(it data.DeletedItem) {
	msg := lang.L("Delete {{.Kind}} “{{.Label}}” permanently? This cannot be undone.",
		map[string]any{"Kind": entityName(it.Entity), "Label": it.Label})
	r.env.Confirm(lang.L("Delete permanently"), msg, lang.L("Delete permanently"), true, func() {
		s := r.env.Store()
		r.env.Background(func(ctx context.Context) error {
			return s.Purge(ctx, it.Entity, it.ID)
		}, func(err error) {
			if err != nil {
				r.env.ShowError(err)
			} else {
				r.env.status(lang.L("Deleted {{.Label}} permanently.", map[string]any{"Label": it.Label}))
			}
			r.Reload()
		})
	})
}
