package cli

import "golang.org/x/sys/windows"

// showCrash tells the user of the window, which has no console, that it
// crashed: a system message box, as Fyne can no longer draw.
func showCrash(title, msg string) {
	t, err := windows.UTF16PtrFromString(title)
	if err != nil {
		return
	}
	m, err := windows.UTF16PtrFromString(msg)
	if err != nil {
		return
	}
	_, _ = windows.MessageBox(0, m, t, windows.MB_OK|windows.MB_ICONERROR|windows.MB_SETFOREGROUND)
}
