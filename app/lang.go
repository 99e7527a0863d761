package app

import "jiedao/i18n"

// The translations, the choice of language and the user's text of an
// error live in package i18n, which the command line shares; the shell
// calls them by these names.

// SetupLanguage loads the translations and makes pref ("zh", "en", or ""
// for the system's) the language of the window; see i18n.SetupLanguage.
func SetupLanguage(pref string) error { return i18n.SetupLanguage(pref) }

// Message returns what the user should read about err, in their language:
// the translated text of a *data.Error, else err.Error().
func Message(err error) string { return i18n.Message(err) }
