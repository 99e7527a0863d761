package screens

// One agreement's page, in tabs: its content in a form, editable while a
// draft (agreement_content.go), its payments, its indicators and
// evaluations, its attachments and its history (a file each), under a
// header with the workflow's buttons (agreement_dialogs.go). The form
// shows package data's messages beside the fields they are about; the
// workflow's buttons are those NextStatuses allows, and a transition data
// refuses is shown with data's message.

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
)

// agreementDetail is one agreement (id 0: a new draft of kind).
type agreementDetail struct {
	env  *Env
	list *agreements
	id   int64
	kind string

	a           data.Agreement // as loaded
	parent      *data.Agreement
	supplements []data.Agreement
	audit       []data.AuditEntry
	source      *agreementSource
	editable    bool

	title   *widget.Label
	summary *widget.Label
	actions *fyne.Container

	tabs         *container.AppTabs
	contentItem  *container.TabItem
	paymentsItem *container.TabItem
	evalItem     *container.TabItem
	filesItem    *container.TabItem
	historyItem  *container.TabItem
	payments     *paymentsTab
	evaluations  *evaluationsTab
	attachments  *attachmentsTab
	history      *historyTab

	// The content tab: the form (agreement_content.go).
	recordForm
	kindLabel    *widget.Label
	fTitle       *widget.Entry
	org          *partyPicker
	project      *widget.Entry
	purpose      *widget.Entry
	service      *widget.Entry
	target       *widget.Entry
	place        *widget.Entry
	termStart    *dateField
	termEnd      *dateField
	amount       *widget.Entry
	capitals     *widget.Label
	funding      *widget.Entry
	copies       *widget.Entry
	changes      *widget.Entry
	amountChange *widget.Entry
	newTermEnd   *dateField
	notes        *widget.Entry
	articles     *widget.Entry
	mainOnly     *fyne.Container // fields of an agreement, hidden on a supplement
	suppOnly     *fyne.Container // fields of a supplementary agreement
	lockNote     *widget.Label

	msTable *formTable // the payments
	msRows  []*milestoneRow
	inTable *formTable // the performance indicators
	inRows  []*indicatorRow
}

func newAgreementDetail(env *Env, list *agreements, id int64, kind string) *agreementDetail {
	d := &agreementDetail{env: env, list: list, id: id, kind: kind}
	d.payments, d.evaluations, d.attachments, d.history = &paymentsTab{d: d}, &evaluationsTab{d: d}, &attachmentsTab{d: d}, &historyTab{d: d}
	return d
}

func (d *agreementDetail) buildUI() fyne.CanvasObject {
	var header fyne.CanvasObject
	d.title, d.summary, header = detailHeader(d.leaveThen(d.onBack), nil, d.mark())
	d.actions = container.NewHBox()
	d.contentItem = container.NewTabItemWithIcon(lang.L("agr.Content"), theme.DocumentIcon(), d.buildForm())
	d.paymentsItem = container.NewTabItemWithIcon(lang.L("agr.Payments"), theme.ListIcon(), d.payments.build())
	d.evalItem = container.NewTabItemWithIcon(lang.L("agr.Indicators and evaluations"), theme.ConfirmIcon(), d.evaluations.build())
	d.filesItem = container.NewTabItemWithIcon(lang.L("agr.Attachments"), theme.FileIcon(), d.attachments.build())
	d.historyItem = container.NewTabItemWithIcon(lang.L("agr.History"), theme.HistoryIcon(), d.history.build())
	d.tabs = recordTabs(&d.recordForm, d.id == 0, d.contentItem, d.contentItem, d.paymentsItem, d.evalItem, d.filesItem, d.historyItem)
	return detailLayout(d.tabs, header, container.NewHScroll(d.actions))
}

// savedTabs are the tabs of what a saved agreement has (a new draft's
// open once it is saved).
func (d *agreementDetail) savedTabs() []*container.TabItem {
	return []*container.TabItem{d.paymentsItem, d.evalItem, d.filesItem, d.historyItem}
}

// Save checks the form, each message beside its field, and saves it when
// data accepts it (Ctrl+S). A refused form saves nothing and keeps what
// was typed.
func (d *agreementDetail) Save() {
	if !d.editable {
		return
	}
	v, bad := d.values()
	check := v
	s, isNew := d.env.Store(), d.id == 0
	d.saveForm(d.env, errors.Join(append(bad, check.Validate())...), func(ctx context.Context) error {
		if isNew {
			return s.CreateAgreement(ctx, &v)
		}
		return s.UpdateAgreement(ctx, &v)
	}, func() {
		d.env.status(lang.L("agr.Agreement {{.Number}} saved.", map[string]any{"Number": v.Number}))
		if isNew {
			d.id = v.ID
			for _, t := range d.savedTabs() {
				d.tabs.EnableItem(t)
			}
		}
		d.reload()
	})
}

// showTab puts objs in a table tab's box and titles the tab.
func (d *agreementDetail) showTab(box *fyne.Container, objs []fyne.CanvasObject, item *container.TabItem, title string) {
	box.Objects = objs
	box.Refresh()
	item.Text = title
	d.tabs.Refresh()
}

// noneYet is what a table without rows says.
func noneYet(text string) *widget.Label {
	return &widget.Label{Text: text, Importance: widget.LowImportance}
}

// today is the store's today as a form shows a date.
func (d *agreementDetail) today() string {
	return storeToday(d.env.Store()).Format("2006-01-02")
}

func (d *agreementDetail) onBack() {
	if d.list != nil {
		d.list.closeDetail(true)
	}
}

// agreementView is what reload reads off the UI goroutine.
type agreementView struct {
	a           data.Agreement
	orgName     string
	parent      *data.Agreement
	supplements []data.Agreement
	audit       []data.AuditEntry
	source      *agreementSource // the meeting resolution the agreement carries out
}

// agreementSource is the resolution an agreement was started from
// (ResolutionToAgreement): the decision, the contract and the report back
// to a later meeting are one chain, walkable from either end.
type agreementSource struct {
	meetingID int64
	text      string
}

// reload reads the agreement, its supplements and its audit entries
// again. The form keeps unsaved edits.
func (d *agreementDetail) reload() {
	reloadDetail(d.env, &d.id, readAgreement, d.show)
}

// readAgreement reads what agreement id's page shows (nothing for a new
// one).
func readAgreement(ctx context.Context, s *data.Store, id int64) (v agreementView, err error) {
	if id == 0 {
		return v, nil
	}
	if v.a, err = s.Agreement(ctx, id); err != nil {
		return v, err
	}
	if o, err := s.Organization(ctx, v.a.OrganizationID); err == nil {
		v.orgName = o.Name
	}
	if v.a.ParentID != nil {
		p, err := s.Agreement(ctx, *v.a.ParentID)
		if err != nil {
			return v, err
		}
		v.parent = &p
	} else if v.supplements, err = s.Supplements(ctx, id); err != nil {
		return v, err
	}
	if v.audit, err = s.AuditLog(ctx, data.AuditFilter{Entity: "agreements", EntityID: id, Limit: 200}); err != nil {
		return v, err
	}
	v.source, err = readSource(ctx, s, id)
	return v, err
}

// readSource is the resolution agreement id carries out, or nil.
func readSource(ctx context.Context, s *data.Store, id int64) (*agreementSource, error) {
	r, err := s.ResolutionForAgreement(ctx, id)
	if errors.Is(err, data.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	m, err := s.Meeting(ctx, r.MeetingID)
	if err != nil {
		return nil, nil // a meeting that cannot be read leaves no link
	}
	return &agreementSource{meetingID: m.ID, text: lang.L("agr.Resolution {{.Seq}} of {{.Date}} {{.Meeting}}: {{.Text}}",
		map[string]any{"Seq": r.Seq, "Date": m.Date, "Meeting": m.Title, "Text": r.Text})}, nil
}

func (d *agreementDetail) show(v agreementView) {
	if d.id == 0 {
		d.title.SetText(lang.L("agr.New {{.Kind}}", map[string]any{"Kind": d.kind}))
		d.summary.SetText(lang.L("agr.Fill in the agreement and save it as a draft; it gets its number when saved."))
		if !d.loaded {
			d.a = data.Agreement{Kind: d.kind, Status: data.AgreementDraft, Copies: data.DefaultCopies}
			d.fill(d.a)
		}
		d.showActions()
		return
	}
	d.a, d.parent, d.supplements, d.audit, d.source = v.a, v.parent, v.supplements, v.audit, v.source
	if v.orgName != "" && d.org.id != v.a.OrganizationID {
		d.org.set(v.a.OrganizationID, v.orgName)
	} else if v.orgName != "" && !d.dirty {
		d.org.name = v.orgName
	}
	d.title.SetText(truncRunes(v.a.Number+"  "+v.a.Title, 60))
	party := v.orgName
	if v.a.PartyB != nil && v.a.PartyB.Name != "" {
		party = v.a.PartyB.Name
	}
	amount, end := data.Effective(v.a, v.supplements)
	parts := []string{v.a.Kind, v.a.Status, party}
	if v.a.IsSupplement() {
		parts = append(parts, lang.L("agr.Change of amount {{.Amount}}", map[string]any{"Amount": signedYuan(v.a.AmountChange)}))
	} else {
		parts = append(parts, data.Yuan(amount), termText(v.a.TermStart, end))
	}
	d.summary.SetText(strings.Join(parts, " · "))
	if !d.dirty || !d.loaded {
		if !d.dirty {
			d.org.set(v.a.OrganizationID, party)
		}
		d.fill(v.a)
	}
	d.showActions()
	d.payments.refresh()
	d.evaluations.refresh()
	d.attachments.refresh()
	d.history.refresh()
}

// showActions puts the buttons the agreement allows now in the header:
// one per status NextStatuses offers, a supplementary agreement on a
// signed one, delete while not signed, print and save.
func (d *agreementDetail) showActions() {
	var objs []fyne.CanvasObject
	if d.id != 0 {
		objs = d.workflowButtons()
	}
	objs = append(objs, layout.NewSpacer(),
		&widget.Button{Text: lang.L("Print"), Icon: theme.DocumentPrintIcon(), OnTapped: d.Print})
	if d.editable {
		objs = append(objs, &widget.Button{Text: lang.L("Save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: d.Save})
	}
	d.actions.Objects = objs
	d.actions.Refresh()
}

// workflowButtons are a saved agreement's steps: its next statuses, a
// supplementary agreement, its parent, delete.
func (d *agreementDetail) workflowButtons() []fyne.CanvasObject {
	var objs []fyne.CanvasObject
	for _, to := range data.NextStatuses(&d.a) {
		objs = append(objs, d.transitionButton(to))
	}
	if !d.a.IsSupplement() && (d.a.Status == data.AgreementSigned || d.a.Status == data.AgreementInProgress) {
		objs = append(objs, &widget.Button{Text: lang.L("agr.Supplementary agreement…"), Icon: theme.ContentAddIcon(), OnTapped: d.onSupplement})
	}
	if d.parent != nil {
		pid := d.parent.ID
		objs = append(objs, &widget.Button{Text: lang.L("agr.Open {{.Number}}", map[string]any{"Number": d.parent.Number}),
			Icon: theme.NavigateBackIcon(), Importance: widget.LowImportance, OnTapped: func() { d.list.openAgreement(pid) }})
	}
	if !d.a.Frozen() {
		objs = append(objs, &widget.Button{Text: lang.L("agr.Delete"), Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: d.onDelete})
	}
	return objs
}

// transitionName is what the button taking an agreement to status to
// says.
func transitionName(to string) string {
	switch to {
	case data.AgreementPending:
		return lang.L("agr.Submit for signature")
	case data.AgreementDraft:
		return lang.L("agr.Return to draft")
	case data.AgreementSigned:
		return lang.L("agr.Record the signing…")
	case data.AgreementInProgress:
		return lang.L("agr.Start performance")
	case data.AgreementAccepted:
		return lang.L("agr.Accept…")
	case data.AgreementTerminated:
		return lang.L("agr.Terminate…")
	}
	return to
}

func (d *agreementDetail) transitionButton(to string) *widget.Button {
	b := &widget.Button{Text: transitionName(to), OnTapped: func() { d.onTransition(to) }}
	switch to {
	case data.AgreementPending, data.AgreementSigned, data.AgreementInProgress, data.AgreementAccepted:
		b.Importance = widget.HighImportance
		b.Icon = theme.NavigateNextIcon()
	case data.AgreementTerminated:
		b.Importance = widget.DangerImportance
		b.Icon = theme.CancelIcon()
	default:
		b.Icon = theme.NavigateBackIcon()
	}
	return b
}
