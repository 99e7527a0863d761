package data_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"text/template"

	"gorm.io/gorm"

	"jiedao/data"
)

func TestErrorIs(t *testing.T) {
	newer := &data.Error{Key: data.KeyDBNewer, Args: map[string]any{"Path": "/x.db"}}
	phone := &data.Error{Key: data.KeyInvalidPhone, Args: map[string]any{"Field": "phone"}}
	notFound := &data.Error{Key: data.KeyNotFound, Err: gorm.ErrRecordNotFound}
	tests := []struct {
		name   string
		err    error
		target error
		want   bool
	}{
		{"same key", newer, data.ErrNewerVersion, true},
		{"wrapped", fmt.Errorf("start: %w", newer), data.ErrNewerVersion, true},
		{"other key", newer, data.ErrCorrupt, false},
		{"child of invalid", phone, data.ErrInvalid, true},
		{"parent is not child", data.ErrInvalid, phone, false},
		{"prefix without dot", &data.Error{Key: "error.invalidity"}, data.ErrInvalid, false},
		{"cause", notFound, gorm.ErrRecordNotFound, true},
		{"joined", errors.Join(errors.New("x"), phone), data.ErrInvalid, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errors.Is(tt.err, tt.target); got != tt.want {
				t.Errorf("errors.Is = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{"args filled", &data.Error{Key: data.KeyDBNewer, Args: map[string]any{"Path": "/d/jiedao.db", "Version": 3, "Known": 2}},
			[]string{"/d/jiedao.db", "数据版本 3", "认识到 2"}},
		{"cause appended", &data.Error{Key: data.KeyDBCorrupt, Args: map[string]any{"Path": "/d/x.db", "Detail": "page 3"}, Err: errors.New("disk I/O")},
			[]string{"已损坏（page 3）", ": disk I/O"}},
		{"field named", &data.Error{Key: data.KeyInvalidTooLong, Args: map[string]any{"Field": "officeName", "Max": 64}},
			[]string{"officeName: ", "64"}},
		{"unknown key", &data.Error{Key: "error.what"}, []string{"error.what"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.err.Error()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("Error() = %q, lacks %q", got, w)
				}
			}
			if strings.Contains(got, "<no value>") {
				t.Errorf("Error() = %q", got)
			}
		})
	}
	if got := data.Render(data.KeyDBInUse, "en", map[string]any{"Path": "/x"}); !strings.HasPrefix(got, "The database /x is in use") {
		t.Errorf("English = %q", got)
	}
}

// TestMessages checks the table the UI's translations are copied from.
func TestMessages(t *testing.T) {
	keys := map[string]bool{}
	for _, m := range data.Messages {
		t.Run(m.Key, func(t *testing.T) {
			if keys[m.Key] {
				t.Errorf("duplicate key")
			}
			keys[m.Key] = true
			if strings.TrimSpace(m.ZH) == "" || strings.TrimSpace(m.EN) == "" {
				t.Errorf("missing text: %+v", m)
			}
			for _, text := range []string{m.ZH, m.EN} {
				if _, err := template.New("").Parse(text); err != nil {
					t.Errorf("template %q: %v", text, err)
				}
			}
			if strings.Count(m.ZH, "{{") != strings.Count(m.EN, "{{") {
				t.Errorf("ZH and EN use different arguments:\n%s\n%s", m.ZH, m.EN)
			}
		})
	}
	for _, err := range []*data.Error{data.ErrNewerVersion, data.ErrNotJiedao, data.ErrNotSQLite, data.ErrCorrupt, data.ErrInUse, data.ErrNotFound, data.ErrInvalid} {
		if !keys[err.Key] {
			t.Errorf("sentinel %s has no message", err.Key)
		}
	}
	for _, key := range []string{data.KeyDBOpen, data.KeyDBUpgrade, data.KeyBackupFailed, data.KeyRestoreFile,
		data.KeyInvalidRequired, data.KeyInvalidTooLong, data.KeyInvalidPhone, data.KeyInvalidLanguage} {
		if !keys[key] {
			t.Errorf("key %s has no message", key)
		}
	}
	for _, a := range []string{data.ActionCreate, data.ActionUpdate, data.ActionDelete, data.ActionRestore, data.ActionPurge,
		data.ActionBackup, data.ActionUpgrade, data.ActionRestoreFile} {
		if !keys["audit.action."+a] {
			t.Errorf("action %s has no message", a)
		}
	}
}

// TestNotFound: a missing record is named by its kind where a message
// names that kind, and is an ErrNotFound either way.
func TestNotFound(t *testing.T) {
	for _, tc := range []struct {
		entity string
		id     any
		key    string
		zh     string
	}{
		{"households", "2026000123", data.KeyNotFound + ".households", "找不到住户 2026000123。"},
		{"meetings", "abc", data.KeyNotFound + ".meetings", "找不到编号为 abc 的议事会议。"},
		{"agreement_milestones", int64(7), data.KeyNotFound, "找不到该记录（agreement_milestones 7）。"},
	} {
		err := data.NotFound(tc.entity, tc.id)
		var de *data.Error
		if !errors.As(err, &de) || de.Key != tc.key || !errors.Is(err, data.ErrNotFound) {
			t.Errorf("NotFound(%s) = %#v", tc.entity, err)
			continue
		}
		if got := data.Render(de.Key, "zh", de.Args); got != tc.zh {
			t.Errorf("NotFound(%s): %q, want %q", tc.entity, got, tc.zh)
		}
	}
}
