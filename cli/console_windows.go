package cli

import (
	"log"
	"os"
	"syscall"

	"golang.org/x/sys/windows"
)

// attachParentProcess is ATTACH_PARENT_PROCESS ((DWORD)-1), which
// golang.org/x/sys/windows does not define.
const attachParentProcess = ^uint32(0)

var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// attachConsole points the standard handles that lead nowhere at the
// parent's console. A handle the parent already redirected (a pipe, a file:
// `Jiedao.exe export … > log.txt`, a CI runner, wine started from a shell)
// is kept as it is. When there is no parent console (started from
// Explorer with arguments) nothing changes and output is discarded, as
// before.
func attachConsole() {
	stdout := usable(windows.STD_OUTPUT_HANDLE)
	stderr := usable(windows.STD_ERROR_HANDLE)
	stdin := usable(windows.STD_INPUT_HANDLE)
	if stdout && stderr && stdin {
		return
	}
	if r, _, _ := procAttachConsole.Call(uintptr(attachParentProcess)); r == 0 {
		return
	}
	if !stdout || !stderr {
		if out, ok := openConsole("CONOUT$", windows.GENERIC_READ|windows.GENERIC_WRITE); ok {
			if !stdout {
				_ = windows.SetStdHandle(windows.STD_OUTPUT_HANDLE, out)
				os.Stdout = os.NewFile(uintptr(out), "/dev/stdout")
			}
			if !stderr {
				_ = windows.SetStdHandle(windows.STD_ERROR_HANDLE, out)
				os.Stderr = os.NewFile(uintptr(out), "/dev/stderr")
				log.SetOutput(os.Stderr) // the log package kept the old handle
			}
		}
	}
	if !stdin {
		if in, ok := openConsole("CONIN$", windows.GENERIC_READ|windows.GENERIC_WRITE); ok {
			_ = windows.SetStdHandle(windows.STD_INPUT_HANDLE, in)
			os.Stdin = os.NewFile(uintptr(in), "/dev/stdin")
		}
	}
}

// usable reports whether the standard handle which leads somewhere.
func usable(which uint32) bool {
	h, err := windows.GetStdHandle(which)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return false
	}
	t, err := windows.GetFileType(h)
	return err == nil && t != windows.FILE_TYPE_UNKNOWN
}

// openConsole opens the attached console's input or output buffer.
func openConsole(name string, access uint32) (windows.Handle, bool) {
	p, err := syscall.UTF16PtrFromString(name)
	if err != nil {
		return 0, false
	}
	h, err := windows.CreateFile(p, access, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE,
		nil, windows.OPEN_EXISTING, 0, 0)
	if err != nil {
		return 0, false
	}
	return h, true
}
