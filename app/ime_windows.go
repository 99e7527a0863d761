package app

// The input method's windows on Windows, through IMM32 and the system
// caret. Both, because the input methods Jiedao's offices use differ in
// what they follow: IMM-style input methods (搜狗, QQ拼音 in their classic
// mode) read the composition and candidate forms, while the TSF ones
// (微软拼音 on Windows 10/11) ignore the candidate form and follow the
// system caret, which Jiedao creates but never shows (Fyne draws its own).
// The calls are those Chromium makes for the same reason (ime_input.cc).
//
// JIEDAO_IME_LOG=stderr, or =FILE, writes one line per call and its
// result: the Windows check under wine greps it (build/windows/check.sh).

import (
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"sync"
	"unsafe"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"golang.org/x/sys/windows"
)

var (
	imm32                      = windows.NewLazySystemDLL("imm32.dll")
	procImmGetContext          = imm32.NewProc("ImmGetContext")
	procImmReleaseContext      = imm32.NewProc("ImmReleaseContext")
	procImmSetCompositionWin   = imm32.NewProc("ImmSetCompositionWindow")
	procImmSetCandidateWindow  = imm32.NewProc("ImmSetCandidateWindow")
	procImmSetCompositionFontW = imm32.NewProc("ImmSetCompositionFontW")

	user32             = windows.NewLazySystemDLL("user32.dll")
	procCreateCaret    = user32.NewProc("CreateCaret")
	procSetCaretPos    = user32.NewProc("SetCaretPos")
	procDestroyCaret   = user32.NewProc("DestroyCaret")
	procClientToScreen = user32.NewProc("ClientToScreen")
	procGetDpiForWin   = user32.NewProc("GetDpiForWindow")
)

// The styles of COMPOSITIONFORM and CANDIDATEFORM (imm.h).
const (
	cfsForcePosition = 0x0020
	cfsCandidatePos  = 0x0040
	cfsExclude       = 0x0080
	gb2312Charset    = 134
)

type winPoint struct{ X, Y int32 }

type winRect struct{ Left, Top, Right, Bottom int32 }

// compositionForm is COMPOSITIONFORM.
type compositionForm struct {
	Style uint32
	Pos   winPoint
	Area  winRect
}

// candidateForm is CANDIDATEFORM.
type candidateForm struct {
	Index, Style uint32
	Pos          winPoint
	Area         winRect
}

// logFont is LOGFONTW.
type logFont struct {
	Height, Width, Escapement, Orientation, Weight int32
	Italic, Underline, StrikeOut, CharSet          byte
	OutPrecision, ClipPrecision, Quality, Pitch    byte
	FaceName                                       [32]uint16
}

// compositionFace is the composition window's font: only its height is
// the field's; the face is the Chinese UI font of every Windows 10/11.
const compositionFace = "Microsoft YaHei UI"

// imm is the IMM32 backend of one window.
type imm struct {
	hwnd   uintptr
	log    io.Writer // nil: no log
	caretH int32     // the system caret's height; 0: none created
}

// newIMEBackend is the IMM32 backend of w's native window; nil when w has
// none (not shown yet, or not a desktop window).
func newIMEBackend(w fyne.Window) imeBackend {
	nw, ok := w.(driver.NativeWindow)
	if !ok {
		return nil
	}
	var hwnd uintptr
	nw.RunNative(func(ctx any) {
		if wc, ok := ctx.(driver.WindowsWindowContext); ok {
			hwnd = wc.HWND
		}
	})
	m := &imm{hwnd: hwnd, log: imeLog()}
	m.logf("window hwnd=%#x dpi=%d", hwnd, m.dpi())
	if hwnd == 0 || imm32.Load() != nil {
		m.logf("no window handle or no imm32.dll: the input method is not placed")
		return nil
	}
	return m
}

var (
	imeLogOnce sync.Once
	imeLogW    io.Writer
)

// imeLog is where JIEDAO_IME_LOG says the calls are written: "stderr",
// a file (appended to), or nowhere.
func imeLog() io.Writer {
	imeLogOnce.Do(func() {
		switch v := os.Getenv("JIEDAO_IME_LOG"); v {
		case "":
		case "stderr":
			imeLogW = os.Stderr
		default:
			if f, err := os.OpenFile(v, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644); err == nil {
				imeLogW = f
			}
		}
	})
	return imeLogW
}

func (m *imm) logf(format string, args ...any) {
	if m.log != nil {
		fmt.Fprintf(m.log, "ime: "+format+"\n", args...)
	}
}

// call runs p, logs its result and returns an error when it reports
// failure (a zero result).
func (m *imm) call(p *windows.LazyProc, what string, args ...uintptr) (uintptr, error) {
	r, _, errno := p.Call(args...)
	if r == 0 {
		m.logf("%s FAILED: %v", what, errno)
		return 0, fmt.Errorf("%s: %v", p.Name, errno)
	}
	m.logf("%s ok", what)
	return r, nil
}

func (m *imm) dpi() uintptr {
	if m.hwnd == 0 || procGetDpiForWin.Find() != nil {
		return 0
	}
	r, _, _ := procGetDpiForWin.Call(m.hwnd)
	return r
}

// Place sets the composition font and window, the candidate window and
// the system caret for p.
func (m *imm) Place(p imePlacement) error {
	m.logf("place caret=%v line=%v font=%dpx dpi=%d", p.Caret, p.Line, p.FontHeight, m.dpi())
	himc, err := m.call(procImmGetContext, fmt.Sprintf("ImmGetContext(%#x)", m.hwnd), m.hwnd)
	if err != nil {
		return err
	}
	pt := winPoint{int32(p.Caret.X), int32(p.Caret.Y)}
	line := winRect{int32(p.Line.Min.X), int32(p.Line.Min.Y), int32(p.Line.Max.X), int32(p.Line.Max.Y)}
	lf := logFont{Height: -p.FontHeight, CharSet: gb2312Charset}
	copy(lf.FaceName[:31], windows.StringToUTF16(compositionFace))
	comp := compositionForm{Style: cfsForcePosition, Pos: pt}
	below := candidateForm{Style: cfsCandidatePos, Pos: winPoint{pt.X, line.Bottom}}
	exclude := candidateForm{Style: cfsExclude, Pos: pt, Area: line}
	var errs []error
	for _, c := range []struct {
		p    *windows.LazyProc
		what string
		arg  unsafe.Pointer
	}{
		{procImmSetCompositionFontW, fmt.Sprintf("ImmSetCompositionFontW(%dpx %s)", p.FontHeight, compositionFace), unsafe.Pointer(&lf)},
		{procImmSetCompositionWin, fmt.Sprintf("ImmSetCompositionWindow(CFS_FORCE_POSITION %d,%d)", pt.X, pt.Y), unsafe.Pointer(&comp)},
		{procImmSetCandidateWindow, fmt.Sprintf("ImmSetCandidateWindow(CFS_CANDIDATEPOS %d,%d)", below.Pos.X, below.Pos.Y), unsafe.Pointer(&below)},
		{procImmSetCandidateWindow, fmt.Sprintf("ImmSetCandidateWindow(CFS_EXCLUDE %v)", p.Line), unsafe.Pointer(&exclude)},
	} {
		_, err := m.call(c.p, c.what, himc, uintptr(c.arg))
		errs = append(errs, err)
	}
	_, err = m.call(procImmReleaseContext, "ImmReleaseContext", m.hwnd, himc)
	errs = append(errs, err, m.moveCaret(pt, line.Bottom-line.Top))
	return errors.Join(errs...)
}

// moveCaret puts the (hidden) system caret at pt, creating it at the
// line's height first, or again when the height changed.
func (m *imm) moveCaret(pt winPoint, height int32) error {
	if height != m.caretH {
		m.destroyCaret()
		if _, err := m.call(procCreateCaret, fmt.Sprintf("CreateCaret(1×%d)", height), m.hwnd, 0, 1, uintptr(height)); err != nil {
			return err
		}
		m.caretH = height
	}
	_, err := m.call(procSetCaretPos, fmt.Sprintf("SetCaretPos(%d,%d)", pt.X, pt.Y), uintptr(pt.X), uintptr(pt.Y))
	return err
}

func (m *imm) destroyCaret() {
	if m.caretH != 0 {
		_, _ = m.call(procDestroyCaret, "DestroyCaret")
		m.caretH = 0
	}
}

// Clear drops the system caret: no text field has focus.
func (m *imm) Clear() {
	m.logf("no text field has focus")
	m.destroyCaret()
}

// Origin is the client area's top-left on the screen.
func (m *imm) Origin() image.Point {
	var pt winPoint
	procClientToScreen.Call(m.hwnd, uintptr(unsafe.Pointer(&pt)))
	return image.Pt(int(pt.X), int(pt.Y))
}
