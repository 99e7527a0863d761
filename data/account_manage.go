package data

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// Account management: the administrator's (RoleAdmin) calls. Every one is
// audited under the administrator, never with a password or a hash.

// CreateAccount creates a (normalised, validated) with password, which
// must pass ValidatePassword; the account must change it at its first
// login (MustChange), since the administrator knows it. A taken login
// gives KeyLoginTaken.
func (s *Store) CreateAccount(ctx context.Context, a *Account, password string) error {
	if err := s.can("CreateAccount"); err != nil {
		return err
	}
	a.ID = 0
	a.MustChange = true
	a.FailedCount, a.FailedSince, a.LockedUntil, a.RecoveryHash = 0, nil, nil, ""
	if err := prepareAccount(a, password); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		if _, taken, err := loadAccount(tx.db, a.Login); err != nil || taken {
			return errors.Join(err, loginTaken(a.Login, taken))
		}
		if err := tx.db.Create(a).Error; err != nil {
			return fmt.Errorf("data: create account %s: %w", a.Login, err)
		}
		return tx.Audit(ActionCreate, EntityAccounts, a.ID, nil, a)
	})
}

func loginTaken(login string, taken bool) error {
	if !taken {
		return nil
	}
	return &Error{Key: KeyLoginTaken, Args: map[string]any{"Login": login, "Field": "login", "Record": RecordAccount}}
}

// ListAccounts returns every account, by login.
func (s *Store) ListAccounts(ctx context.Context) ([]Account, error) {
	if err := s.can("ListAccounts"); err != nil {
		return nil, err
	}
	var out []Account
	if err := s.db.WithContext(ctx).Order("login").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("data: list accounts: %w", err)
	}
	return out, nil
}

// UpdateAccount saves a's name, roles, scope and Disabled (found by its
// Login); its password and lock are left as they are. The last enabled
// administrator keeps the admin role and stays enabled (KeyLastAdmin).
func (s *Store) UpdateAccount(ctx context.Context, a *Account) error {
	if err := s.can("UpdateAccount"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		before, ok, err := loadAccount(tx.db, a.Login)
		if err != nil || !ok {
			return errors.Join(err, NotFound(EntityAccounts, a.Login))
		}
		after := before
		after.Name, after.Roles, after.Communities, after.Grids, after.Disabled = a.Name, a.Roles, a.Communities, a.Grids, a.Disabled
		after.Roles, after.Communities, after.Grids = joinList(after.RoleList()), joinList(after.CommunityList()), joinList(splitList(after.Grids))
		if err := after.Validate(); err != nil {
			return err
		}
		if err := keepAnAdmin(tx.db, before, after); err != nil {
			return err
		}
		err = tx.db.Model(&Account{}).Where("id = ?", before.ID).Updates(map[string]any{
			"name": after.Name, "roles": after.Roles, "communities": after.Communities,
			"grids": after.Grids, "disabled": after.Disabled,
		}).Error
		if err != nil {
			return err
		}
		*a = after
		return tx.Audit(ActionUpdate, EntityAccounts, before.ID, before, after)
	})
}

// keepAnAdmin refuses a change that leaves no enabled administrator.
func keepAnAdmin(db *gorm.DB, before, after Account) error {
	wasAdmin := before.HasRole(RoleAdmin) && !before.Disabled
	isAdmin := after.HasRole(RoleAdmin) && !after.Disabled
	if !wasAdmin || isAdmin {
		return nil
	}
	var others []Account
	if err := db.Where("id <> ? AND disabled = ?", before.ID, false).Find(&others).Error; err != nil {
		return err
	}
	for _, o := range others {
		if o.HasRole(RoleAdmin) {
			return nil
		}
	}
	return &Error{Key: KeyLastAdmin}
}

// DisableAccount disables login: it can no longer log in (Login's
// ErrLoginFailed). Its audit entries stay.
func (s *Store) DisableAccount(ctx context.Context, login string) error {
	if err := s.can("DisableAccount"); err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *Tx) error {
		a, ok, err := loadAccount(tx.db, login)
		if err != nil || !ok {
			return errors.Join(err, NotFound(EntityAccounts, login))
		}
		after := a
		after.Disabled = true
		if err := keepAnAdmin(tx.db, a, after); err != nil {
			return err
		}
		if err := tx.db.Model(&Account{}).Where("id = ?", a.ID).Update("disabled", true).Error; err != nil {
			return err
		}
		return tx.Audit(ActionDisable, EntityAccounts, a.ID, nil, nil)
	})
}

// ResetPassword gives login a new temporary password, returned once to
// show the administrator, which the account must change at its next login
// (MustChange); the lock and the failures are cleared.
func (s *Store) ResetPassword(ctx context.Context, login string) (string, error) {
	if err := s.can("ResetPassword"); err != nil {
		return "", err
	}
	temp, err := temporaryPassword()
	if err != nil {
		return "", err
	}
	h, err := HashPassword(temp)
	if err != nil {
		return "", err
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		a, ok, err := loadAccount(tx.db, login)
		if err != nil || !ok {
			return errors.Join(err, NotFound(EntityAccounts, login))
		}
		err = tx.db.Model(&Account{}).Where("id = ?", a.ID).Updates(map[string]any{
			"password_hash": h, "must_change": true, "failed_count": 0, "failed_since": nil, "locked_until": nil,
		}).Error
		if err != nil {
			return err
		}
		return tx.Audit(ActionPasswordReset, EntityAccounts, a.ID, nil, nil)
	})
	if err != nil {
		return "", err
	}
	return temp, nil
}

// temporaryPassword is 12 characters of recoveryAlphabet (about 59 bits),
// easy to read out over the phone.
func temporaryPassword() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("data: temporary password: %w", err)
	}
	for i := range b {
		b[i] = recoveryAlphabet[int(b[i])%len(recoveryAlphabet)]
	}
	return string(b), nil
}

// NewRecoveryCode gives the bound administrator a new one-time recovery
// code (the old one, if any, no longer works), to print and keep.
func (s *Store) NewRecoveryCode(ctx context.Context) (string, error) {
	if err := s.can("NewRecoveryCode"); err != nil {
		return "", err
	}
	if s.who == nil {
		return "", &Error{Key: KeyAccountRequired}
	}
	code, err := newRecoveryCode()
	if err != nil {
		return "", err
	}
	h, err := HashPassword(code)
	if err != nil {
		return "", err
	}
	err = s.Tx(ctx, func(tx *Tx) error {
		if err := tx.db.Model(&Account{}).Where("id = ?", s.who.id).Update("recovery_hash", h).Error; err != nil {
			return err
		}
		return tx.Audit(ActionUpdate, EntityAccounts, s.who.id, nil, map[string]any{"recoveryCode": "new"})
	})
	if err != nil {
		return "", err
	}
	return code, nil
}
