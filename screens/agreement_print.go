package screens

// Printing agreements: one from its detail (Ctrl+P) into a file the user
// names — by default its number and party B — and the list's selection in
// a batch, into one PDF or one file per agreement in a folder. The work is
// package pdf's, run as a job with progress and Cancel; a cancelled or
// failed print leaves no half-written file.

import (
	"context"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"jiedao/pdf"
)

// Print writes the agreement's PDF to a file the user chooses and offers
// to open it (Ctrl+P). What prints is what is stored: unsaved edits are
// saved first.
func (d *agreementDetail) Print() {
	if d.id == 0 || (d.dirty && d.editable) {
		d.env.ShowInfo(lang.L("Print"), lang.L("agr.Save the agreement before printing it."))
		return
	}
	name := pdf.AgreementFileName(d.a.Number, d.orgName(d.a))
	saveAs(d.env, name, ".pdf", d.printTo)
}

// printTo writes the agreement's PDF to path as a job.
func (d *agreementDetail) printTo(path string) {
	s, id := d.env.Store(), d.id
	d.env.RunJob(lang.L("Printing"), func(ctx context.Context, progress func(int, int)) error {
		a, err := s.Agreement(ctx, id)
		if err != nil {
			return err
		}
		doc, err := pdf.AgreementDoc(ctx, s, &a)
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		return doc.WriteFile(path)
	}, func(err error) { endPrint(d.env, err, path) })
}

// endPrint ends a print: the file the save dialog created is removed
// when nothing was written to it; otherwise the user may open the result.
func endPrint(env *Env, err error, path string) {
	if err != nil {
		if fi, e := os.Stat(path); e == nil && !fi.IsDir() && fi.Size() == 0 {
			os.Remove(path)
		}
		env.ShowError(err)
		return
	}
	showWritten(env, path, lang.L("win.PDF saved: {{.Path}}", map[string]any{"Path": path}))
}

// onBatchMenu offers the two ways of printing what the list shows.
func (a *agreements) onBatchMenu() {
	showMenu(a.env, a.batchBtn, []*fyne.MenuItem{
		fyne.NewMenuItem(lang.L("agr.All listed agreements into one PDF…"), func() {
			name := lang.L("agr.agreements") + "-" + storeToday(a.env.Store()).Format("20060102") + ".pdf"
			saveAs(a.env, name, ".pdf", func(path string) { a.batchTo(path, true) })
		}),
		fyne.NewMenuItem(lang.L("agr.One file per agreement into a folder…"), func() {
			chooseFolder(a.env, func(dir string) { a.batchTo(dir, false) })
		}),
	})
}

// batchTo prints the agreements the list's filter selects into the file
// path (oneFile) or one file each into the folder path, with progress and
// Cancel. It returns the job.
func (a *agreements) batchTo(path string, oneFile bool) *Job {
	f, _ := a.filter()
	s := a.env.Store()
	opt := pdf.AgreementBatchOptions{Dir: path}
	if oneFile {
		opt = pdf.AgreementBatchOptions{Path: path}
	}
	var res pdf.AgreementBatchResult
	return a.env.RunJob(lang.L("Printing"), func(ctx context.Context, progress func(int, int)) error {
		opt.Progress = progress
		var err error
		res, err = pdf.PrintAgreementBatch(ctx, s, f, opt)
		return err
	}, func(err error) {
		if err == nil && res.Agreements == 0 {
			if oneFile {
				os.Remove(path) // the empty file of the save dialog
			}
			a.env.ShowInfo(lang.L("Print"), lang.L("agr.The list is empty: nothing was printed."))
			return
		}
		if err != nil && !oneFile && len(res.Files) > 0 {
			// The files finished before are whole; say so.
			a.env.status(lang.L("agr.{{.N}} agreements printed before the batch stopped.", map[string]any{"N": len(res.Files)}))
		}
		if Cancelled(err) && oneFile {
			endPrint(a.env, err, path) // removes the dialog's empty file
			return
		}
		if err != nil {
			endPrint(a.env, err, path)
			return
		}
		msg := lang.L("win.{{.N}} agreements ({{.Pages}} pages) saved as PDF: {{.Path}}", map[string]any{"N": res.Agreements, "Pages": res.Pages, "Path": path})
		showWritten(a.env, path, msg)
	})
}
