package data

import (
	"context"
	"os"
	"os/user"
	"strings"
	"unicode/utf8"
)

// KeyOperatorRequired: a write refused because nobody at the desk has
// given their name (see RequireOperator).
const KeyOperatorRequired = "error.operator.required"

// unknownOperator names the operator of an entry when neither the
// settings nor the system can tell who is at the desk.
const unknownOperator = "unknown"

// SystemUser is the name the operating system knows the current user by,
// without a Windows domain ("OFFICE\\wangfang" gives "wangfang"), or ""
// when it cannot tell.
func SystemUser() string {
	name := ""
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	for _, env := range []string{"USER", "USERNAME"} {
		if name == "" {
			name = os.Getenv(env)
		}
	}
	if i := strings.LastIndexAny(name, `\/`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSpace(name)
	for utf8.RuneCountInString(name) > 64 {
		_, n := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-n]
	}
	return name
}

// RequireOperator makes the store refuse every write (with
// KeyOperatorRequired) while no operator is named in the settings, and
// refuse settings that clear the name. The window calls it: until
// accounts exist, whoever works in it says who they are first
// (SaveOperator). Without it, as on the command line, an entry records the
// settings' operator or, when none is set, SystemUser.
func (s *Store) RequireOperator() {
	s.mu.Lock()
	s.operatorRequired = true
	s.mu.Unlock()
}

func (s *Store) requiresOperator() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.operatorRequired
}

// auditOperator is who an entry written now names: the bound account
// ("张三（zhangsan）", Account.AuditName); on an unbound store (the
// upgrade's entry, and until logins are everywhere) the settings'
// operator, else (unless RequireOperator) the system's user.
func (tx *Tx) auditOperator() (string, error) {
	if p := tx.store.who; p != nil {
		return p.auditName(), nil
	}
	if op := tx.store.Operator(); op != "" {
		return op, nil
	}
	if tx.store.requiresOperator() {
		return "", &Error{Key: KeyOperatorRequired}
	}
	if u := SystemUser(); u != "" {
		return u, nil
	}
	return unknownOperator, nil
}

// SaveOperator saves name (trimmed; required, at most 64 characters) as
// the operator in the settings, leaving the other settings as they are,
// audited under the new name: the first thing the window asks for, before
// the office is set up. Validation errors are as Settings.Validate's, for
// the field "operator".
func (s *Store) SaveOperator(ctx context.Context, name string) error {
	if err := s.can("SaveOperator"); err != nil {
		return err
	}
	name = strings.TrimSpace(name)
	invalid := func(key string, args ...any) error {
		a := map[string]any{"Field": "operator"}
		for i := 0; i+1 < len(args); i += 2 {
			a[args[i].(string)] = args[i+1]
		}
		return &Error{Key: key, Args: a}
	}
	switch {
	case name == "":
		return invalid(KeyInvalidRequired)
	case utf8.RuneCountInString(name) > 64:
		return invalid(KeyInvalidTooLong, "Max", 64)
	}
	return s.txAs(ctx, name, func(tx *Tx) error {
		before, err := loadSettings(tx.db)
		if err != nil {
			return err
		}
		after := before
		after.Operator = name
		if err := saveSettingRows(tx, after); err != nil {
			return err
		}
		return tx.Audit(ActionUpdate, EntitySettings, 0, before, after)
	})
}

// txAs runs fn in a transaction whose entries name operator (when not
// ""), and keeps operator as the store's when the transaction commits. A
// settings change that names the operator is recorded under that name:
// the person who says who they are.
func (s *Store) txAs(ctx context.Context, operator string, fn func(tx *Tx) error) error {
	old := s.Operator()
	err := s.Tx(ctx, func(tx *Tx) error {
		if operator != "" {
			s.setOperator(operator)
		}
		return fn(tx)
	})
	if err != nil {
		s.setOperator(old)
		return err
	}
	s.setOperator(operator)
	return nil
}
