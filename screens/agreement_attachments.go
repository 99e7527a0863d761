package screens

// The agreement's attachments tab: the signed scan and any other file
// kept with the agreement, each with its size and SHA-256 (checked again
// when it is opened).

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jiedao/data"
	"jiedao/pdf"
)

type attachmentsTab struct {
	d   *agreementDetail
	box *fyne.Container
}

// Attachment columns: kind, name (the rest), size, SHA-256, buttons.
var fileColumns = flexAt(1, 90, 80, 80, 250, 190)

func (t *attachmentsTab) build() fyne.CanvasObject {
	t.box = container.NewVBox()
	return container.NewVScroll(t.box)
}

func (t *attachmentsTab) refresh() {
	a := &t.d.a
	add := &widget.Button{Text: lang.L("agr.Add a file…"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: t.onAddFile}
	header, cols := headerRow(fileColumns, lang.L("agr.File kind"), lang.L("agr.File"), lang.L("agr.Size"), "SHA-256", "")
	objs := []fyne.CanvasObject{
		container.NewBorder(nil, nil, nil, add, &widget.Label{Text: lang.L("agr.The signed scan (PDF, JPG or PNG) is needed before the signing is recorded."),
			Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis}),
		header,
	}
	for _, f := range a.Attachments {
		row := newRow(cols)
		setCells(row, f.Kind, f.FileName, fileSize(f.Size), f.SHA256)
		open := &widget.Button{Text: lang.L("agr.Open"), Icon: theme.FileIcon(), OnTapped: func() { t.onOpenFile(f) }}
		del := &widget.Button{Text: lang.L("agr.Delete"), Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: func() { t.onDeleteFile(f) }}
		row.Objects[len(row.Objects)-1] = container.NewHBox(open, del)
		objs = append(objs, row)
	}
	if len(a.Attachments) == 0 {
		objs = append(objs, noneYet(lang.L("agr.No files yet.")))
	}
	t.d.showTab(t.box, objs, t.d.filesItem, lang.L("agr.Attachments ({{.N}})", map[string]any{"N": len(a.Attachments)}))
}

// chooseFile asks for a file (the signed scan: PDF, JPG or PNG) and hands
// its name and bytes to got. Files larger than data allows are read only
// as far as needed to be refused.
func chooseFile(env *Env, got func(name string, b []byte)) {
	fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		if r == nil {
			return
		}
		defer r.Close()
		b, err := io.ReadAll(io.LimitReader(r, data.MaxAttachmentSize+1))
		if err != nil {
			env.ShowError(err)
			return
		}
		got(r.URI().Name(), b)
	}, env.Window)
	fd.SetFilter(storage.NewExtensionFileFilter([]string{".pdf", ".jpg", ".jpeg", ".png", ".PDF", ".JPG", ".JPEG", ".PNG"}))
	startInDocuments(fd)
	fd.Resize(dialogSize)
	env.ShowDialog(fd)
}

// onAddFile keeps a file with the agreement: its kind and the file.
func (t *attachmentsTab) onAddFile() {
	d := t.d
	kind := &widget.Select{Options: data.AttachmentKinds, Selected: data.AttachmentSignedScan}
	for _, f := range d.a.Attachments {
		if f.Kind == data.AttachmentSignedScan {
			kind.Selected = data.AttachmentOther
		}
	}
	var name string
	var b []byte
	chosen := &widget.Label{Text: lang.L("agr.No file chosen."), Truncation: fyne.TextTruncateEllipsis}
	pick := &widget.Button{Text: lang.L("agr.Choose a file…"), Icon: theme.FolderOpenIcon(), OnTapped: func() {
		chooseFile(d.env, func(n string, data []byte) {
			name, b = n, data
			chosen.SetText(fmt.Sprintf("%s (%s)", n, fileSize(int64(len(data)))))
		})
	}}
	f := &dialogForm{fields: []*formField{
		newFormField("kind", lang.L("agr.File kind"), kind),
		newFormField("fileName", lang.L("agr.File"), container.NewBorder(nil, nil, pick, nil, chosen)),
	}}
	f.fields = append(f.fields, newFormField("data", "", &widget.Label{}))
	f.show(d.env, lang.L("agr.Add a file"), lang.L("agr.Add"), fyne.NewSize(560, 300), func() {
		f.run(d.env, func(ctx context.Context) error {
			return d.addFile(ctx, kind.Selected, name, b)
		}, func() {
			d.env.status(lang.L("agr.{{.File}} added to {{.Number}}.", map[string]any{"File": name, "Number": d.a.Number}))
			d.reload()
		})
	})
}

// addFile stores a file with the agreement (data computes its size and
// SHA-256 and checks its type).
func (d *agreementDetail) addFile(ctx context.Context, kind, name string, b []byte) error {
	return d.env.Store().AddAttachment(ctx, &data.AgreementAttachment{AgreementID: d.id, Kind: kind, FileName: name, Data: b})
}

// onOpenFile writes the attachment, checked against its SHA-256, to a
// temporary folder and opens it.
func (t *attachmentsTab) onOpenFile(f data.AgreementAttachment) {
	env := t.d.env
	s := env.Store()
	path := filepath.Join(os.TempDir(), "jiedao-attachments", fmt.Sprintf("%d-%s", f.ID, pdf.SafeFileName(f.FileName)))
	env.Background(func(ctx context.Context) error {
		b, err := s.AttachmentData(ctx, f.ID)
		if err != nil {
			return err
		}
		if err := makeFolderFor(path); err != nil {
			return err
		}
		return os.WriteFile(path, b, 0o644)
	}, func(err error) {
		if err == nil {
			err = OpenFile(env.App, path)
		}
		env.ShowError(err)
	})
}

// onDeleteFile moves an attachment to the recycle bin, after asking.
func (t *attachmentsTab) onDeleteFile(f data.AgreementAttachment) {
	d := t.d
	msg := lang.L("agr.Move “{{.File}}” to the recycle bin?", map[string]any{"File": f.FileName})
	d.env.Confirm(lang.L("agr.Delete"), msg, lang.L("agr.Delete"), true, func() {
		s := d.env.Store()
		d.env.Background(func(ctx context.Context) error {
			return s.DeleteAttachment(ctx, f.ID)
		}, func(err error) {
			if err != nil {
				d.showRefusal(err)
				return
			}
			d.reload()
		})
	})
}
