package datatest_test

import (
	"context"
	"testing"

	"jiedao/data"
	"jiedao/data/datatest"
)

func TestDBSeesWhatTheStoreCommitted(t *testing.T) {
	s := datatest.MustOpen(t)
	o := data.Organization{Name: "阳光社工服务中心", Type: data.OrgTypeCommunity, Status: data.OrgActive}
	if err := s.Create(context.Background(), &o); err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := datatest.DB(t, s).Model(&data.Organization{}).Where("name = ?", o.Name).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("the test connection sees %d organizations named %s, want 1", n, o.Name)
	}
	if again := datatest.DB(t, s); again != datatest.DB(t, s) {
		t.Error("a second call opened another connection")
	}
}
