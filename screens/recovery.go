package screens

import (
	"fyne.io/fyne/v2/lang"

	"jiedao/pdf"
)

// WriteRecoverySheet writes the one-time recovery code of the account
// login as a one-page PDF in the output folder, for the first
// administrator to print and keep, and returns its path. The sheet is not
// recorded in the audit trail: it carries no register data, and the
// creation of the code is audited already (the account's creation, or
// NewRecoveryCode).
func WriteRecoverySheet(e *Env, login, code string) (string, error) {
	path := outputPath(e.Store(), "恢复码-"+pdf.SafeFileName(login), "pdf")
	if err := makeFolderFor(path); err != nil {
		return "", err
	}
	d := pdf.New(pdf.Options{Title: "街道通 恢复码"})
	d.Title("街道通 系统管理员恢复码")
	d.Paragraph("用户名：" + login)
	d.Text(code, pdf.Style{Face: pdf.SansBold, Size: 20, Align: pdf.Center, SpaceBefore: 6, SpaceAfter: 6})
	d.Paragraph("忘记密码时，在命令行运行 jiedao user recover " + login + " --code 恢复码，即可设置新密码。恢复码只能使用一次。")
	d.Paragraph("打印日期：" + pdf.DateCN(storeToday(e.Store())) + "。请将本页妥善保管在安全的地方，不要与电脑放在一起。")
	if err := d.WriteFile(path); err != nil {
		return "", err
	}
	return path, nil
}

// ShowRecoverySheet writes the sheet and offers to open or print it.
func ShowRecoverySheet(e *Env, login, code string) {
	path, err := WriteRecoverySheet(e, login, code)
	if err != nil {
		e.ShowError(err)
		return
	}
	showWritten(e, path, lang.L("win.The recovery code was saved as {{.Path}}.", map[string]any{"Path": path}))
}
