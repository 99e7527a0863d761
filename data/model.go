package data

import (
	"time"

	"gorm.io/gorm"
)

// Model is embedded by every record kept in a register. DeletedAt makes a
// delete a move to the recycle bin: GORM hides such rows from ordinary
// queries, and the store can list, restore or purge them.
type Model struct {
	ID        int64          `gorm:"primaryKey" json:"id"`
	CreatedAt time.Time      `json:"createdAt"`
	UpdatedAt time.Time      `json:"updatedAt"`
	DeletedAt gorm.DeletedAt `gorm:"index" json:"deletedAt,omitempty"`
}
