package i18n

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2/lang"

	"jiedao/data"
)

// Message returns what the user is told about err, in their language: a
// *data.Error is translated from its Key and Args (with the cause added
// for failures that are not the user's input), anything else is shown as
// it is.
func Message(err error) string {
	if err == nil {
		return ""
	}
	var de *data.Error
	if !errors.As(err, &de) {
		return err.Error()
	}
	msg := lang.L(de.Key, de.Args)
	if label := fieldLabel(de); label != "" {
		msg = label + lang.X("label.separator", ": ") + msg
	}
	// The user's input, a record that is gone, a file another program is
	// writing or one that may not be written need no technical cause: the
	// message says all the user can act on.
	if de.Err != nil && !selfExplained(de) {
		var inner *data.Error
		if cause := de.Err.Error(); !errors.As(de.Err, &inner) && !strings.Contains(msg, cause) {
			msg += "\n" + cause
		} else if inner != nil {
			msg += "\n" + Message(inner)
		}
	}
	return msg
}

// selfExplained reports whether de's message says everything the user can
// act on, so that the driver's words ("database is locked (5)") would only
// be noise beneath it.
func selfExplained(de *data.Error) bool {
	for _, kind := range []error{data.ErrInvalid, data.ErrNotFound, data.ErrInUse, data.ErrReadOnly, data.ErrNoDatabase} {
		if errors.Is(de, kind) {
			return true
		}
	}
	return false
}

// fieldLabel is the label of the field de is about: "field.<record>.<json
// name>" where the name means something of its own in that record (an
// agreement's kind is its 协议类型, a household's its 户别), else
// "field.<json name>", else "" — an unknown field keeps the bare message
// rather than showing a key.
func fieldLabel(de *data.Error) string {
	f, _ := de.Args["Field"].(string)
	if f == "" {
		return ""
	}
	if r, _ := de.Args["Record"].(string); r != "" && RecordFieldLabels[r+"."+f] {
		return lang.L("field." + r + "." + f)
	}
	return lang.X("field."+f, "")
}

// RecordFieldLabels are the fields whose label depends on the record
// ("<record>.<json name>", translated as "field.<record>.<json name>").
// Fyne logs every lookup of a missing translation, so the label is looked
// up only for these.
var RecordFieldLabels = map[string]bool{
	data.RecordAgreement + ".kind":    true,
	data.RecordAgreement + ".title":   true,
	data.RecordAttachment + ".kind":   true,
	data.RecordEvent + ".kind":        true,
	data.RecordMeeting + ".kind":      true,
	data.RecordMeeting + ".title":     true,
	data.RecordOrganization + ".name": true,
}
