package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/fledge-cli/fledge/internal/iostreams"
)

// TestDocsUpToDate keeps docs/ (one Markdown page per command, generated
// from the commands' own help) in sync with the code. After changing a
// command's help or flags, run
//
//	go test ./cmd/fledge -run TestDocsUpToDate -update
func TestDocsUpToDate(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	docsDir := filepath.Join(filepath.Dir(file), "..", "..", "docs")

	io, _, _, _ := iostreams.Test()
	root := newRootCmd(&factory{IO: io, Globals: &globalOptions{}, Getenv: func(string) string { return "" }})
	disableAutoGenTag(root)
	tmp := t.TempDir()
	if err := doc.GenMarkdownTree(root, tmp); err != nil {
		t.Fatal(err)
	}
	generated, err := filepath.Glob(filepath.Join(tmp, "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range generated {
		data, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(g, []byte(markdownTables(string(data))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if *updateScripts {
		if err := os.RemoveAll(docsDir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(docsDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, g := range generated {
			data, err := os.ReadFile(g)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(docsDir, filepath.Base(g)), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	committed, _ := filepath.Glob(filepath.Join(docsDir, "*.md"))
	if len(committed) != len(generated) {
		t.Errorf("docs/ has %d pages, the commands give %d; run: go test ./cmd/fledge -run TestDocsUpToDate -update", len(committed), len(generated))
	}
	for _, g := range generated {
		want, _ := os.ReadFile(g)
		got, err := os.ReadFile(filepath.Join(docsDir, filepath.Base(g)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("docs/%s is out of date; run: go test ./cmd/fledge -run TestDocsUpToDate -update", filepath.Base(g))
		}
	}
}

// disableAutoGenTag drops cobra's dated footer so the pages are stable.
func disableAutoGenTag(c *cobra.Command) {
	c.DisableAutoGenTag = true
	for _, sub := range c.Commands() {
		disableAutoGenTag(sub)
	}
}
