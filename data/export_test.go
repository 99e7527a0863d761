package data

import "gorm.io/gorm"

// StoreDB is the store's own handle, for data's tests only (this file is
// compiled into them alone): they check what the store's connections are
// set to, plant rows it would refuse, and read what it wrote. Nothing
// outside package data's tests gets a handle; other packages' tests use
// datatest.DB, a separate connection.
func StoreDB(s *Store) *gorm.DB { return s.db }

// PageCacheKiB is the store's page cache per connection, for open_test.
const PageCacheKiB = pageCacheKiB
