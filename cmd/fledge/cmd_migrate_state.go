package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/fledge-cli/fledge/internal/config"
	"github.com/fledge-cli/fledge/internal/steps"
)

// Step states a migration records. done and skipped are finished: a
// re-run does not offer them again. left (work left for a later run, or a
// partial failure) and failed are offered again.
const (
	stateDone    = "done"
	stateSkipped = "skipped"
	stateLeft    = "left"
	stateFailed  = "failed"
)

// migrateStateVersion is written into every state file; a file of a newer
// version is refused rather than misread.
const migrateStateVersion = 1

// migrateState is the progress of one archive's migration into one
// account, kept at <state>/<user@domain>/migrate-<fingerprint>.json. It
// only decides what to offer: each step's own journal is what prevents
// anything being sent twice.
type migrateState struct {
	Version     int                   `json:"version"`
	Archive     string                `json:"archive"`
	Fingerprint string                `json:"fingerprint"`
	Account     string                `json:"account"`
	Steps       map[string]stepRecord `json:"steps"`
	Updated     time.Time             `json:"updated"`

	path string
}

// stepRecord is how a step last ended.
type stepRecord struct {
	Status string    `json:"status"`
	Left   int       `json:"left,omitempty"`
	Detail string    `json:"detail,omitempty"`
	At     time.Time `json:"at"`
	// Inputs are what the match step used (see matchInputs): a later run
	// with something new matches again.
	Inputs []string `json:"inputs,omitempty"`
}

// finished reports whether the step needs no offer on a re-run.
func (s *migrateState) finished(step string) bool {
	r, ok := s.Steps[step]
	return ok && (r.Status == stateDone || r.Status == stateSkipped)
}

func (s *migrateState) set(step string, r stepRecord) {
	if s.Steps == nil {
		s.Steps = map[string]stepRecord{}
	}
	s.Steps[step] = r
}

// loadState reads the migration's state. A dry run without an account
// has none: it starts empty, and records nothing.
func (m *migration) loadState(p config.Paths, archivePath, fingerprint string) (*migrateState, error) {
	if m.key == "" {
		return &migrateState{Version: migrateStateVersion, Archive: archivePath, Fingerprint: fingerprint, Steps: map[string]stepRecord{}}, nil
	}
	return loadMigrateState(p.MigrateState(m.key, fingerprint), archivePath, fingerprint, m.key)
}

// loadMigrateState reads the state file, or starts an empty state when
// there is none yet.
func loadMigrateState(path, archivePath, fingerprint, account string) (*migrateState, error) {
	st := &migrateState{Version: migrateStateVersion, Archive: archivePath, Fingerprint: fingerprint,
		Account: account, Steps: map[string]stepRecord{}, path: path}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the migration state: %w", err)
	}
	old, err := parseMigrateState(data, path)
	if err != nil {
		return nil, err
	}
	old.path, old.Archive = path, archivePath
	return old, nil
}

// parseMigrateState decodes a state file. Mistakes name the file, and
// the way out: the file only records what to offer, so deleting it loses
// nothing that matters.
func parseMigrateState(data []byte, name string) (*migrateState, error) {
	var st migrateState
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		return nil, fmt.Errorf("%s: not a migration state file (%w); delete it to start the migration's bookkeeping afresh (journals still prevent duplicates)", name, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%s: trailing data after the migration state; delete the file to start afresh", name)
	}
	if st.Version < 1 || st.Version > migrateStateVersion {
		return nil, fmt.Errorf("%s: migration state version %d is not one this fledge reads (want %d)", name, st.Version, migrateStateVersion)
	}
	for step, r := range st.Steps {
		if !steps.Valid(step) {
			return nil, fmt.Errorf("%s: unknown step %q", name, step)
		}
		switch r.Status {
		case stateDone, stateSkipped, stateLeft, stateFailed:
		default:
			return nil, fmt.Errorf("%s: step %s: unknown status %q", name, step, r.Status)
		}
	}
	if st.Steps == nil {
		st.Steps = map[string]stepRecord{}
	}
	return &st, nil
}

// save writes the state atomically, so a crash leaves the old or the new
// file and never half of one.
func (s *migrateState) save(now time.Time) error {
	s.Updated = now.UTC()
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return fmt.Errorf("save the migration state: %w", err)
	}
	if err := config.WriteFileAtomic(s.path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("save the migration state: %w", err)
	}
	return nil
}

// archiveFingerprint identifies an archive by its content, cheaply, so
// the same archive moved or renamed continues its migration and a newer
// download starts a new one. For a zip it hashes the central directory
// (every entry's name, size and CRC-32) without reading the data; for a
// folder, every file's relative path and size.
func archiveFingerprint(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("archive: %w", err)
	}
	h := sha256.New()
	if st.IsDir() {
		if err := fingerprintDir(h, path); err != nil {
			return "", fmt.Errorf("archive %s: %w", path, err)
		}
	} else {
		zr, err := zip.OpenReader(path)
		if err != nil {
			return "", fmt.Errorf("archive %s: not a zip file or folder: %w", path, err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			fmt.Fprintf(h, "%s\x00%d\x00%08x\n", f.Name, f.UncompressedSize64, f.CRC32)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}

func fingerprintDir(h io.Writer, root string) error {
	var lines []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		lines = append(lines, fmt.Sprintf("%s\x00%d\n", filepath.ToSlash(rel), info.Size()))
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(lines)
	for _, l := range lines {
		io.WriteString(h, l)
	}
	return nil
}
