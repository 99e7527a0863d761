package data_test

// The cost of the audit trail on many small writes: each Store.Create is
// one transaction with its audit entry (and, with the hash chain, a read
// of the chain's head and its update by trigger). Run with a fixed count:
//
//	go test ./data -run '^$' -bench 'BenchmarkCreateLoop' -benchtime 10000x

import (
	"context"
	"fmt"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

func BenchmarkCreateLoop(b *testing.B) {
	s := datatest.MustOpen(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.Create(ctx, &data.Household{Number: fmt.Sprintf("B%06d", i)}); err != nil {
			b.Fatal(err)
		}
	}
}
