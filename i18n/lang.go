// Package i18n is the translation set-up the command line and the window
// share: it loads the translations embedded in package assets into Fyne's
// lang bundle, chooses the language (the user's choice, else the
// system's, Chinese for a bare C locale), and says a data.Error in that
// language. It is the one package outside app and screens that imports
// Fyne, and only its lang package, which needs no display: package cli
// prints in the user's language without linking the window.
package i18n

import (
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"sync"
	_ "unsafe" // go:linkname, see setupLang

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"jiedao/assets"
)

// L translates key (a literal, or an English text that is its own key)
// into the chosen language, filling the template from data; it is
// lang.L, so that the command line needs no Fyne import of its own.
func L(key string, data ...any) string { return lang.L(key, data...) }

// localeOf maps our translation files to the locale they are registered
// for, by the part of the name before the first dot: zh.json and
// zh.meetings.json are both Chinese. Each register keeps its screen texts
// in a file of its own; Fyne merges the files of one locale. Chinese goes
// under zh-Hans, the tag of Fyne's own Chinese strings,
// so that both end up in one language of the bundle: registered as plain
// "zh" it would be a separate language, and whichever of the two the
// matcher picked, the other's strings would fall back to English (our
// screens or Fyne's dialog buttons).
var localeOf = map[string]fyne.Locale{
	"zh.json": "zh-Hans",
	"en.json": "en",
}

var loadOnce struct {
	sync.Once
	err error
}

// loadTranslations adds assets.Translations to Fyne's lang bundle, once.
func loadTranslations() error {
	loadOnce.Do(func() {
		entries, err := fs.ReadDir(assets.Translations, "translations")
		if err != nil {
			loadOnce.err = fmt.Errorf("i18n: translations: %w", err)
			return
		}
		for _, e := range entries {
			loc, ok := localeOf[strings.SplitN(e.Name(), ".", 2)[0]+".json"]
			if !ok {
				loadOnce.err = fmt.Errorf("i18n: translations: no locale for %s", e.Name())
				return
			}
			b, err := assets.Translations.ReadFile("translations/" + e.Name())
			if err == nil {
				err = lang.AddTranslationsForLocale(b, loc)
			}
			if err != nil {
				loadOnce.err = fmt.Errorf("i18n: translations: %s: %w", e.Name(), err)
				return
			}
		}
	})
	return loadOnce.err
}

// setupLang is how Fyne's lang package picks the language it translates
// to. Fyne 2.7 has no public way to choose it (fyne-io/fyne#5333), and on
// Windows it reads the system's language through the Win32 API, so an
// environment variable cannot override it there; linking to the function
// the package itself uses is the one way to let the user's choice win.
//
//go:linkname setupLang fyne.io/fyne/v2/lang.setupLang
func setupLang(lang string)

// SetupLanguage loads Jiedao's translations and makes pref the language of
// everything lang.L (and L) returns from now on: "zh" (Simplified
// Chinese), "en", or "" to follow the system — Chinese when the system
// speaks Chinese or does not say (a bare C locale), English otherwise. It
// needs no window, so the command line uses it too.
func SetupLanguage(pref string) error {
	if unsetLocale() {
		// Fyne reads the locale again whenever translations are added and
		// logs "Error parsing user locale C" each time; name the language
		// the office gets anyway, so that scripts' logs stay clean.
		for _, name := range []string{"LC_ALL", "LC_MESSAGES"} {
			if v := os.Getenv(name); v != "" {
				os.Setenv(name, "zh_CN.UTF-8") // C or POSIX, which wins over LANG
			}
		}
		os.Setenv("LANG", "zh_CN.UTF-8")
	}
	if err := loadTranslations(); err != nil {
		return err
	}
	switch pref {
	case "":
		pref = systemLanguage()
	case "zh", "en":
	default:
		return fmt.Errorf("unknown language %q: use zh or en", pref)
	}
	setupLang(string(localeFor(pref)))
	return nil
}

func localeFor(language string) fyne.Locale {
	if language == "en" {
		return localeOf["en.json"]
	}
	return localeOf["zh.json"]
}

// systemLanguage is "zh" or "en" for the system's locale.
func systemLanguage() string {
	if unsetLocale() {
		return "zh"
	}
	// "zh-CN", "zh-Hant-TW": Traditional Chinese readers get Simplified
	// rather than English.
	if base, _, _ := strings.Cut(string(lang.SystemLocale()), "-"); base == "zh" {
		return "zh"
	}
	return "en"
}

// unsetLocale reports whether a Unix system names no language (LANG unset,
// C or POSIX), which lang.SystemLocale reports as English; Jiedao is for
// Chinese offices, so such a system gets Chinese. Windows and macOS always
// name one.
func unsetLocale() bool {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		return false
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(name); v != "" {
			base, _, _ := strings.Cut(v, ".")
			if base == "C" || base == "POSIX" {
				return os.Getenv("LANGUAGE") == ""
			}
			return false
		}
	}
	return os.Getenv("LANGUAGE") == ""
}
