package main

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/matcher"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

func TestLoadProfileFiles(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "following.jsonl")
	b := filepath.Join(dir, "more.csv")
	writeTestFile(t, a, `{"id_str":"1","screen_name":"alice","description":"old"}
{"id_str":"2","screen_name":"bob","description":"@bob@example.social"}
`)
	writeTestFile(t, b, profiles.CSVHeader+"\n1,alice,Alice,new,,\n,carol,Carol,,,\n")
	store, counts, err := loadProfileFiles([]string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	defer closeProfileStores([]matcher.ProfileSource{store})
	for i, want := range []profileFileCount{{File: a, Profiles: 2}, {File: b, Profiles: 2}} {
		if i >= len(counts) || counts[i].File != want.File || counts[i].Profiles != want.Profiles || counts[i].Stats.Profiles != want.Profiles {
			t.Errorf("counts %v, want %v", counts, want)
		}
	}
	if got, want := slices.Collect(store.Accounts()), []profiles.AccountRef{{ID: "1"}, {ID: "2"}, {ScreenName: "carol"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("accounts %v, want %v", got, want)
	}
	ps, err := store.Lookup(context.Background(), []string{"1"}, nil)
	if err != nil || len(ps) != 1 || ps[0].Description != "new" {
		t.Errorf("a later file's profile must replace an earlier one: %+v, %v", ps, err)
	}

	if s, _, err := loadProfileFiles(nil); s != nil || err != nil {
		t.Errorf("no files: %v, %v", s, err)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	writeTestFile(t, bad, "{\"id_str\":\"1\"}\n{nope\n")
	if _, _, err := loadProfileFiles([]string{a, bad}); err == nil || !strings.Contains(err.Error(), "bad.jsonl") || !strings.Contains(err.Error(), "2") {
		t.Errorf("bad file: %v; want an error naming bad.jsonl line 2", err)
	}
}

func TestLoadProfileFilesNoTempDir(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "p.jsonl")
	writeTestFile(t, name, `{"id_str":"1","screen_name":"a"}`+"\n")
	t.Setenv("TMPDIR", filepath.Join(dir, "gone"))
	t.Setenv("TMP", filepath.Join(dir, "gone"))
	if _, _, err := loadProfileFiles([]string{name}); err == nil || !strings.Contains(err.Error(), "TMPDIR") {
		t.Errorf("error %v; want one saying to set TMPDIR", err)
	}
}
