package data

import (
	"errors"
	"reflect"

	"gorm.io/gorm"
)

// A record the user names that is not there is one of two things: it never
// existed (a mistyped number), or it was moved to the recycle bin, where it
// can be restored. The messages differ — "找不到协议 …" against "协议 … 在回收
// 站中" — so a not-found error of a recyclable record says which it is:
// Args["Deleted"] is true and the key ends in ".deleted" when a soft-deleted
// row has the number or ID. errors.Is(err, ErrNotFound) holds for both.

// KeyNotFoundDeleted is the suffix of the key of a record in the recycle
// bin: "error.not_found.<entity>.deleted", or "error.not_found.deleted"
// for an entity without a message of its own.
const KeyNotFoundDeleted = KeyNotFound + ".deleted"

// InRecycleBin reports whether err is a not-found error of a record that is
// in the recycle bin.
func InRecycleBin(err error) bool {
	var e *Error
	if !errors.As(err, &e) || !e.Is(ErrNotFound) {
		return false
	}
	d, _ := e.Args["Deleted"].(bool)
	return d
}

// missing is the not-found error for the record of model's type whose
// column is value, looked up in the recycle bin through db (the caller's
// handle, so inside its transaction when there is one: the row the live
// lookup missed and the bin are read in the same snapshot). column is a
// column name of the caller's, never user input. A lookup error of the bin
// itself gives the plain not-found error: the record is missing either way.
func missing(db *gorm.DB, model any, entity, column string, value any) error {
	if !inBin(db, model, column, value) {
		return NotFound(entity, value)
	}
	key := KeyNotFoundDeleted
	if _, ok := LookupMessage(KeyNotFound + "." + entity + ".deleted"); ok {
		key = KeyNotFound + "." + entity + ".deleted"
	}
	return &Error{Key: key, Args: map[string]any{"Entity": entity, "ID": value, "Deleted": true}, Err: gorm.ErrRecordNotFound}
}

// inBin reports whether a soft-deleted row of model's type has column =
// value. Models without Model (and so without deleted_at) have no bin.
func inBin(db *gorm.DB, model any, column string, value any) bool {
	t := reflect.TypeOf(model)
	if t == nil || t.Kind() != reflect.Pointer {
		return false
	}
	fresh := reflect.New(t.Elem()).Interface()
	if _, ok := fresh.(interface{ model() *Model }); !ok {
		return false
	}
	var n int64
	err := db.Session(&gorm.Session{NewDB: true}).Unscoped().Model(fresh).
		Where(column+" = ? AND deleted_at IS NOT NULL", value).Count(&n).Error
	return err == nil && n > 0
}
