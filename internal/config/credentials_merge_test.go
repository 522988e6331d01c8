package config

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func mustLoad(t *testing.T, path string) *Credentials {
	t.Helper()
	c, err := LoadCredentials(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func keys(c *Credentials) []string {
	var out []string
	for _, a := range c.Accounts() {
		out = append(out, a.Key)
	}
	return out
}

func account(key string) Account {
	return Account{Key: key, Server: "https://example.social", Token: Secret("token-of-" + key)}
}

// Two processes that read the file before either saved: each save keeps
// the other's edits instead of writing back its stale copy.
func TestSaveMergesConcurrentEdits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials.yaml")
	base := sampleCredentials(t, path)
	if err := base.Save(); err != nil {
		t.Fatal(err)
	}
	a, b := mustLoad(t, path), mustLoad(t, path)

	if err := a.PutAccount(account("carol@example.social")); err != nil {
		t.Fatal(err)
	}
	a.RemoveAccount("bob@other.example")
	if err := a.SetDefault("carol@example.social"); err != nil {
		t.Fatal(err)
	}
	if err := a.Save(); err != nil {
		t.Fatal(err)
	}

	if err := b.PutAccount(account("dave@example.social")); err != nil {
		t.Fatal(err)
	}
	b.RemoveApp("https://example.social")
	if err := b.Save(); err != nil {
		t.Fatal(err)
	}

	got := mustLoad(t, path)
	want := []string{"alice@example.social", "carol@example.social", "dave@example.social"}
	if !slices.Equal(keys(got), want) {
		t.Fatalf("accounts %v, want %v", keys(got), want)
	}
	if got.Default() != "carol@example.social" {
		t.Errorf("default %q: b never changed it, so a's choice stands", got.Default())
	}
	if _, ok := got.App("https://example.social"); ok {
		t.Error("b's removal of the app was lost")
	}
	// b now sees the merged file, not its stale copy.
	if !slices.Equal(keys(b), want) || b.Default() != "carol@example.social" {
		t.Errorf("b after save: %v default %q", keys(b), b.Default())
	}
}

// A new default is saved like the other changes.
func TestSaveKeepsDefaultChoice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials.yaml")
	if err := sampleCredentials(t, path).Save(); err != nil {
		t.Fatal(err)
	}
	c := mustLoad(t, path)
	if err := c.SetDefault("bob@other.example"); err != nil {
		t.Fatal(err)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if got := mustLoad(t, path).Default(); got != "bob@other.example" {
		t.Fatalf("default %q", got)
	}
}

// Removing the default in one process while another saves something else
// still leaves a default that exists.
func TestSaveRepairsDefault(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials.yaml")
	if err := sampleCredentials(t, path).Save(); err != nil {
		t.Fatal(err)
	}
	a, b := mustLoad(t, path), mustLoad(t, path)
	if err := b.SetDefault("bob@other.example"); err != nil {
		t.Fatal(err)
	}
	a.RemoveAccount("bob@other.example")
	if err := a.Save(); err != nil {
		t.Fatal(err)
	}
	if err := b.Save(); err != nil {
		t.Fatal(err)
	}
	if got := mustLoad(t, path); got.Default() != "alice@example.social" {
		t.Fatalf("default %q, want the remaining account", got.Default())
	}
}

const envSaveHelper = "FLEDGE_TEST_SAVE_HELPER"

// TestSaveHelper is the child process of TestConcurrentProcessesKeepEveryAccount.
func TestSaveHelper(t *testing.T) {
	spec := os.Getenv(envSaveHelper)
	if spec == "" {
		t.Skip("helper process only")
	}
	var path string
	var n int
	if _, err := fmt.Sscanf(spec, "%d %s", &n, &path); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		c, err := LoadCredentials(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.PutAccount(account(fmt.Sprintf("p%d-%d@example.social", n, i))); err != nil {
			t.Fatal(err)
		}
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
	}
}

// Several fledge processes logging in at once (a batch run, two
// terminals) all keep their accounts.
func TestConcurrentProcessesKeepEveryAccount(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	path := filepath.Join(t.TempDir(), "credentials.yaml")
	const procs = 4
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	errs := make(chan error, procs)
	for n := range procs {
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestSaveHelper$")
		cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d %s", envSaveHelper, n, path))
		go func() {
			out, err := cmd.CombinedOutput()
			if err != nil {
				err = fmt.Errorf("%w: %s", err, out)
			}
			errs <- err
		}()
	}
	for range procs {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := len(mustLoad(t, path).Accounts()); got != procs*10 {
		t.Fatalf("%d accounts stored, want %d", got, procs*10)
	}
}
