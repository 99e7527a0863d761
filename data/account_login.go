package data

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Lockout: LockoutFailures wrong passwords within LockoutWindow lock the
// account for LockoutDuration (the five in ten minutes, ten
// minutes), by the store's clock.
const (
	LockoutFailures = 5
	LockoutWindow   = 10 * time.Minute
	LockoutDuration = 10 * time.Minute
)

// HasAccounts reports whether the register has any account. A new register
// and one from a release before accounts have none: the window then asks
// for the first administrator (CreateFirstAdmin).
func (s *Store) HasAccounts(ctx context.Context) (bool, error) {
	if err := s.can("HasAccounts"); err != nil {
		return false, err
	}
	var n int64
	if err := s.db.WithContext(ctx).Model(&Account{}).Count(&n).Error; err != nil {
		return false, fmt.Errorf("data: count accounts: %w", err)
	}
	return n > 0, nil
}

// loadAccount reads the account login (normalised), or ok false.
func loadAccount(db *gorm.DB, login string) (Account, bool, error) {
	var as []Account
	if err := db.Where("login = ?", NormalizeLogin(login)).Limit(1).Find(&as).Error; err != nil {
		return Account{}, false, fmt.Errorf("data: load account: %w", err)
	}
	if len(as) == 0 {
		return Account{}, false, nil
	}
	return as[0], true, nil
}

// dummyHash is checked against when the login is unknown, so that an
// unknown login takes as long as a wrong password.
var dummyHash = func() string {
	h, _ := HashPassword("jiedao-no-such-account")
	return h
}

// Login checks the password of the account login and returns a Store
// bound to it, sharing s's database (s itself stays unbound). Each wrong
// password of an existing account is audited (ActionLoginFailed), and so
// is the lock the LockoutFailures-th within LockoutWindow sets
// (ActionLocked). A successful login is not an entry of its own: it writes
// nothing (so it does not wait for another process's import), and every
// entry made under it names the account.
//
// An unknown login, a wrong password and a disabled account all give
// ErrLoginFailed ("用户名或密码错误。"): the message tells a guesser
// nothing of which logins exist or are in use. A locked account gives
// ErrLocked with the minutes left (Args["Minutes"]), whatever the password:
// the lock must not become a way of testing passwords. The password is
// never logged, audited or put in an error.
//
// The account's roles and scope are read now: a change by an admin takes
// effect at the next login. Account.MustChange tells the caller to ask for
// a new password (ChangePassword) before anything else.
func (s *Store) Login(ctx context.Context, login, password string) (*Store, error) {
	if err := s.can("Login"); err != nil {
		return nil, err
	}
	a, ok, err := loadAccount(s.db.WithContext(ctx), login)
	if err != nil {
		return nil, err
	}
	if !ok {
		CheckPassword(dummyHash(), password)
		return nil, &Error{Key: KeyLoginFailed}
	}
	now := s.now()
	if a.LockedUntil != nil && now.Before(*a.LockedUntil) {
		return nil, lockedError(a.LockedUntil.Sub(now))
	}
	good := CheckPassword(a.PasswordHash, password)
	bound := s.as(newPrincipal(a))
	if good && !a.Disabled {
		if a.FailedCount == 0 && a.FailedSince == nil && a.LockedUntil == nil {
			return bound, nil // nothing to write: a login beside an import does not wait
		}
		err := bound.Tx(ctx, func(tx *Tx) error {
			return tx.db.Model(&Account{}).Where("id = ?", a.ID).
				Updates(map[string]any{"failed_count": 0, "failed_since": nil, "locked_until": nil}).Error
		})
		if err != nil {
			return nil, err
		}
		return bound, nil
	}
	if a.Disabled {
		return nil, &Error{Key: KeyLoginFailed}
	}
	return nil, bound.recordFailure(ctx, a, now)
}

// recordFailure counts a wrong password and locks the account at the
// LockoutFailures-th within LockoutWindow.
func (s *Store) recordFailure(ctx context.Context, a Account, now time.Time) error {
	refusal := error(&Error{Key: KeyLoginFailed})
	err := s.Tx(ctx, func(tx *Tx) error {
		cur, _, err := loadAccount(tx.db, a.Login)
		if err != nil {
			return err
		}
		since, count := now, 1
		if cur.FailedSince != nil && now.Sub(*cur.FailedSince) < LockoutWindow {
			since, count = *cur.FailedSince, cur.FailedCount+1
		}
		upd := map[string]any{"failed_count": count, "failed_since": since}
		action := ActionLoginFailed
		var after any = map[string]any{"failures": count}
		if count >= LockoutFailures {
			until := now.Add(LockoutDuration)
			upd = map[string]any{"failed_count": 0, "failed_since": nil, "locked_until": until}
			action, after = ActionLocked, map[string]any{"failures": count, "lockedUntil": until}
			refusal = lockedError(LockoutDuration)
		}
		if err := tx.db.Model(&Account{}).Where("id = ?", a.ID).Updates(upd).Error; err != nil {
			return err
		}
		return tx.Audit(action, EntityAccounts, a.ID, nil, after)
	})
	if err != nil {
		return err
	}
	return refusal
}

func lockedError(left time.Duration) error {
	minutes := int((left + time.Minute - 1) / time.Minute)
	return &Error{Key: KeyLoginLocked, Args: map[string]any{"Minutes": max(minutes, 1)}}
}

// CreateFirstAdmin creates the register's first account, an administrator,
// and returns its one-time recovery code (to print and keep: `jiedao user
// recover LOGIN --code CODE` sets a new password with it). It works only
// while the register has no account (else KeyAccountsExist). When name is
// "", the settings' operator (the name a register from before accounts
// recorded its entries under) becomes the display name, else the login.
func (s *Store) CreateFirstAdmin(ctx context.Context, login, name, password string) (string, error) {
	if err := s.can("CreateFirstAdmin"); err != nil {
		return "", err
	}
	return s.CreateFirstAccount(ctx, Account{Login: login, Name: name, Roles: RoleAdmin}, password)
}

// CreateFirstAccount is CreateFirstAdmin for an account with more roles
// than admin (a small office's one person): a.Roles must include admin
// (KeyFirstNeedsAdmin). The account needs no password change at its first
// login: its holder chose the password.
func (s *Store) CreateFirstAccount(ctx context.Context, a Account, password string) (string, error) {
	if err := s.can("CreateFirstAccount"); err != nil {
		return "", err
	}
	if !a.HasRole(RoleAdmin) {
		return "", &Error{Key: KeyFirstNeedsAdmin}
	}
	a.Login = NormalizeLogin(a.Login)
	a.Name = strings.TrimSpace(a.Name)
	if a.Name == "" {
		a.Name = s.Operator()
	}
	if a.Name == "" {
		a.Name = a.Login
	}
	code, err := newRecoveryCode()
	if err != nil {
		return "", err
	}
	if err := prepareAccount(&a, password); err != nil {
		return "", err
	}
	if a.RecoveryHash, err = HashPassword(code); err != nil {
		return "", err
	}
	err = s.runTx(ctx, func(tx *Tx) error {
		var n int64
		if err := tx.db.Model(&Account{}).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return &Error{Key: KeyAccountsExist}
		}
		if err := tx.db.Create(&a).Error; err != nil {
			return fmt.Errorf("data: create the first account: %w", err)
		}
		tx.store = tx.store.as(newPrincipal(a)) // the entry names the new admin
		return tx.Audit(ActionCreate, EntityAccounts, a.ID, nil, a)
	})
	if err != nil {
		return "", err
	}
	return code, nil
}

// prepareAccount normalises and validates a new account and hashes its
// password.
func prepareAccount(a *Account, password string) error {
	a.Login = NormalizeLogin(a.Login)
	a.Name = strings.TrimSpace(a.Name)
	a.Roles, a.Communities, a.Grids = joinList(a.RoleList()), joinList(a.CommunityList()), joinList(splitList(a.Grids))
	if err := a.Validate(); err != nil {
		return err
	}
	if err := ValidatePassword(a.Login, password); err != nil {
		return err
	}
	h, err := HashPassword(password)
	if err != nil {
		return err
	}
	a.PasswordHash = h
	return nil
}

// Recover sets a new password for login with its one-time recovery code
// (from CreateFirstAdmin or NewRecoveryCode): the code is used up, the lock
// and the failures are cleared. A wrong code, or an account without one,
// gives KeyRecoveryFailed. Audited (ActionRecover). Needs no login.
func (s *Store) Recover(ctx context.Context, login, code, newPassword string) error {
	a, ok, err := loadAccount(s.db.WithContext(ctx), login)
	if err != nil {
		return err
	}
	if !ok || a.RecoveryHash == "" || !CheckPassword(a.RecoveryHash, normalizeRecoveryCode(code)) {
		return &Error{Key: KeyRecoveryFailed}
	}
	if err := ValidatePassword(a.Login, newPassword); err != nil {
		return err
	}
	h, err := HashPassword(newPassword)
	if err != nil {
		return err
	}
	return s.as(newPrincipal(a)).Tx(ctx, func(tx *Tx) error {
		err := tx.db.Model(&Account{}).Where("id = ? AND recovery_hash = ?", a.ID, a.RecoveryHash).Updates(map[string]any{
			"password_hash": h, "recovery_hash": "", "must_change": false,
			"failed_count": 0, "failed_since": nil, "locked_until": nil,
		}).Error
		if err != nil {
			return err
		}
		return tx.Audit(ActionRecover, EntityAccounts, a.ID, nil, nil)
	})
}

// ChangePassword changes the bound account's own password: old must be
// the current one (KeyWrongPassword), new must pass ValidatePassword. It
// clears MustChange. Audited (ActionPasswordSet), without either password.
func (s *Store) ChangePassword(ctx context.Context, old, new string) error {
	if err := s.can("ChangePassword"); err != nil {
		return err
	}
	if s.who == nil {
		return &Error{Key: KeyAccountRequired}
	}
	a, ok, err := loadAccount(s.db.WithContext(ctx), s.who.login)
	if err != nil {
		return err
	}
	if !ok || !CheckPassword(a.PasswordHash, old) {
		return &Error{Key: KeyWrongPassword}
	}
	if err := ValidatePassword(a.Login, new); err != nil {
		return err
	}
	h, err := HashPassword(new)
	if err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		err := tx.db.Model(&Account{}).Where("id = ?", a.ID).
			Updates(map[string]any{"password_hash": h, "must_change": false}).Error
		if err != nil {
			return err
		}
		return tx.Audit(ActionPasswordSet, EntityAccounts, a.ID, nil, nil)
	})
}

// MustChangePassword reports whether the bound account must change its
// password before it does anything else (after a reset, or when an admin
// created it).
func (s *Store) MustChangePassword(ctx context.Context) (bool, error) {
	if err := s.can("MustChangePassword"); err != nil {
		return false, err
	}
	if s.who == nil {
		return false, &Error{Key: KeyAccountRequired}
	}
	a, ok, err := loadAccount(s.db.WithContext(ctx), s.who.login)
	if err != nil || !ok {
		return false, errors.Join(err, NotFound(EntityAccounts, s.who.login))
	}
	return a.MustChange, nil
}
