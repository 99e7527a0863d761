package screens

// Printing and the Documents folder on Windows: the spooler's default
// printer, the shell's print verb, and the Documents known folder.

import (
	"os"
	"path/filepath"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

var procGetDefaultPrinter = windows.NewLazySystemDLL("winspool.drv").NewProc("GetDefaultPrinterW")

// DefaultPrinter returns the user's default printer, if there is one.
func DefaultPrinter() (string, bool) {
	if procGetDefaultPrinter.Find() != nil {
		return "", false
	}
	var n uint32
	procGetDefaultPrinter.Call(0, uintptr(unsafe.Pointer(&n))) // asks for the size
	if n == 0 {
		return "", false // ERROR_FILE_NOT_FOUND: no default printer
	}
	buf := make([]uint16, n)
	if r, _, _ := procGetDefaultPrinter.Call(uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n))); r == 0 {
		return "", false
	}
	name := windows.UTF16ToString(buf)
	return name, name != ""
}

// printDirect asks the program registered for the file's type to print it
// on the default printer without showing itself: the shell's "print" verb,
// as Explorer's context menu does. It fails (SE_ERR_NOASSOC) when that
// program registered no print verb, and PrintFile then opens the file.
func printDirect(path string) error {
	verb, err := syscall.UTF16PtrFromString("print")
	if err != nil {
		return err
	}
	file, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	dir, err := syscall.UTF16PtrFromString(filepath.Dir(path))
	if err != nil {
		return err
	}
	return windows.ShellExecute(0, verb, file, nil, dir, windows.SW_HIDE)
}

// documentsDir asks the shell for FOLDERID_Documents, which follows a
// folder the user moved (to D:\ or OneDrive) or a domain redirected, and
// is called 文档 in Explorer whatever its real name.
func documentsDir() string {
	if d, err := windows.KnownFolderPath(windows.FOLDERID_Documents, windows.KF_FLAG_DEFAULT); err == nil && d != "" {
		return d
	}
	if p := os.Getenv("USERPROFILE"); p != "" {
		if d := filepath.Join(p, "Documents"); folderExists(d) {
			return d
		}
		return p
	}
	home, _ := os.UserHomeDir()
	return home
}
