package journal

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// JobInfo is one journal at a glance, for "fledge status".
type JobInfo struct {
	Account     string // name of the account directory, e.g. "alice@example.social"
	Job         string
	Path        string
	Kind        string // job kind from the header
	Created     time.Time
	Updated     time.Time // time of the last record
	Counts      Counts
	NextAllowed time.Time
	Finished    bool            // the last record is a summary
	Summary     json.RawMessage // data of the latest summary record, nil if none
	SummaryAt   time.Time       // when it was written
	Err         error           // the journal could not be read; the other fields are empty
}

// List returns every job of every account under root, the directory that
// holds one directory per account ("$XDG_STATE_HOME/fledge"), sorted by
// account and job. A missing root means no jobs. A journal that cannot be
// read is listed with Err set rather than hiding the others. Journals are
// read without locking and without keeping payloads.
func List(root string) ([]JobInfo, error) {
	ents, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	var all []JobInfo
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		jobs, err := ListAccount(filepath.Join(root, e.Name()))
		if err != nil {
			return nil, err
		}
		all = append(all, jobs...)
	}
	return all, nil
}

// ListAccount returns the jobs in one account's state directory, sorted by
// job name.
func ListAccount(dir string) ([]JobInfo, error) {
	names, err := JobNames(dir)
	if err != nil {
		return nil, err
	}
	var jobs []JobInfo
	for _, job := range names {
		jobs = append(jobs, inspect(dir, job))
	}
	return jobs, nil
}

// JobNames returns the names of the jobs in one account's state directory,
// sorted, without reading the journals (shell completion asks on every
// tab). A missing directory means no jobs.
func JobNames(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	var names []string
	for _, e := range ents {
		job, ok := strings.CutSuffix(e.Name(), ".jsonl")
		if !ok || !e.Type().IsRegular() || ValidJobName(job) != nil {
			continue
		}
		names = append(names, job)
	}
	sort.Strings(names)
	return names, nil
}

func inspect(dir, job string) JobInfo {
	info := JobInfo{Account: filepath.Base(dir), Job: job, Path: filepath.Join(dir, job+".jsonl")}
	f, err := os.Open(info.Path)
	if err != nil {
		info.Err = fmt.Errorf("read journal: %w", err)
		return info
	}
	defer f.Close()
	st, _, err := replay(f, info.Path, false)
	if err != nil {
		info.Err = err
		return info
	}
	info.Kind = st.Header.Kind
	info.Created, info.Updated = st.Header.Created, st.Updated
	info.Counts = st.Counts()
	info.NextAllowed = st.NextAllowed
	info.Finished = st.Finished
	info.Summary, info.SummaryAt = st.Summary, st.SummaryAt
	return info
}

// JobKind returns the kind of a job ("follow", "import", …) from its
// journal's first record alone; "" when the journal cannot be read or
// does not start with a header.
func JobKind(dir, job string) string {
	f, err := os.Open(filepath.Join(dir, job+".jsonl"))
	if err != nil {
		return ""
	}
	defer f.Close()
	line, complete, err := readLine(bufio.NewReader(f), nil)
	if err != nil || !complete {
		return ""
	}
	rec, err := decode(line)
	if err != nil || rec.Kind != KindHeader {
		return ""
	}
	return rec.JobKind
}
