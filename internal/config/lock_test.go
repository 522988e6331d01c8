package config

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A save that cannot get the lock in time says who holds what, and
// leaves the file as it was.
func TestSaveLockTimeout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials.yaml")
	if err := sampleCredentials(t, path).Save(); err != nil {
		t.Fatal(err)
	}
	unlock, err := lockCredentials(path)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	old := lockWait
	lockWait = 50 * time.Millisecond
	defer func() { lockWait = old }()

	c := mustLoad(t, path)
	if err := c.PutAccount(account("carol@example.social")); err != nil {
		t.Fatal(err)
	}
	err = c.Save()
	if err == nil || !strings.Contains(err.Error(), "another fledge process") || !strings.Contains(err.Error(), "credentials.yaml.lock") {
		t.Fatalf("err = %v, want one naming the lock and its holder", err)
	}
	unlock()
	if _, ok := mustLoad(t, path).Account("carol@example.social"); ok {
		t.Error("the file changed although the save failed")
	}
	// Once the lock is free, the same store saves its change.
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if _, ok := mustLoad(t, path).Account("carol@example.social"); !ok {
		t.Error("the change was lost after the failed save")
	}
}
