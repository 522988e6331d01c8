package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/internal/ui"
	"github.com/fledge-cli/fledge/matcher"
)

// openMatchOutput returns the writer for the format, on stdout or -o FILE,
// and the function that finishes it: with ok, it closes the writer and
// puts an -o file in place; without, the run failed and an -o file is
// left as it was (see outputFile).
func openMatchOutput(f *factory, path, format string) (matcher.ResultWriter, func(ok bool) error, error) {
	if path != "" {
		if err := checkOutputFile(path); err != nil {
			return nil, nil, err
		}
	}
	var files []*outputFile
	create := func(name string) (io.WriteCloser, error) {
		o := createOutputFile(name)
		files = append(files, o)
		return o, nil
	}
	if format == "csv" {
		var w *matcher.MastodonCSVWriter
		if path == "" {
			w = matcher.NewMastodonCSVStream(f.IO.Out)
		} else {
			// The CSV files are written only at Close, one after the other.
			w = matcher.NewMastodonCSVFiles(path, create)
		}
		return w, func(ok bool) error {
			if !ok {
				return nil
			}
			return w.Close()
		}, nil
	}
	if path == "" && f.Globals.JSON && format == "jsonl" {
		return matchLines{f.printer()}, func(bool) error { return nil }, nil
	}
	var dst io.Writer = f.IO.Out
	if path != "" {
		dst, _ = create(path)
	}
	var w matcher.ResultWriter
	switch format {
	case "table":
		w = ui.NewMatchTable(dst, path == "" && f.IO.IsStdoutTTY())
	case "json":
		w = matcher.NewJSONWriter(dst)
	default:
		w = matcher.NewJSONLWriter(dst)
	}
	return w, func(ok bool) error {
		if !ok {
			for _, o := range files {
				o.Abort(errors.New("the match did not finish"))
			}
			return nil
		}
		err := w.Close()
		for _, o := range files {
			if err != nil {
				o.Abort(err)
			} else if cerr := o.Close(); cerr != nil {
				err = cerr
			}
		}
		return err
	}, nil
}

// runMatchPipeline runs the match, writing each result as it comes, with a
// progress bar on a terminal. Source errors are reported and counted; the
// run goes on without that source.
func runMatchPipeline(ctx context.Context, f *factory, cfg matcher.RunConfig, w matcher.ResultWriter) (matcher.Summary, int, error) {
	defer closeProfileStores(cfg.Sources)
	bar := f.printer().Progress(len(cfg.Accounts), "accounts", "matching")
	defer bar.Done()
	cfg.Progress = func(p matcher.Progress) {
		bar.Describe(p.Stage)
		bar.Set(p.Done)
	}
	p := matcher.NewPipeline(cfg)
	sourceErrs := 0
	for m, err := range p.Run(ctx) {
		var se *matcher.SourceError
		switch {
		case errors.As(err, &se):
			sourceErrs++
			f.printer().Warn("%v; continuing without it", err)
			continue
		case err != nil:
			return p.Summary(), sourceErrs, err
		}
		if err := w.Write(m); err != nil {
			return p.Summary(), sourceErrs, err
		}
	}
	return p.Summary(), sourceErrs, nil
}

// printMatchSummary writes a match run's counts on stderr (stdout holds
// the matches), as a "summary" line under --json.
func printMatchSummary(f *factory, s matcher.Summary) {
	text := fmt.Sprintf("%d accounts scanned: %d matched (%d confirmed, %d moved), %d unreachable, %d with no profile data",
		s.Scanned, s.Matched, s.Confirmed, s.Moved, s.Unreachable, s.NoProfile)
	if s.Refused > 0 {
		text += fmt.Sprintf(", %d refused by the network guard (-v or --format jsonl says why)", s.Refused)
	}
	if s.Excluded > 0 {
		text += fmt.Sprintf(", %d already followed", s.Excluded)
	}
	if s.Bridged > 0 {
		text += fmt.Sprintf(", %d bridged from Bluesky", s.Bridged)
	}
	if s.NotBridged > 0 {
		text += fmt.Sprintf(", %d on Bluesky but not bridged (their bsky.app links are in the output: ask them to turn bridging on)", s.NotBridged)
	}
	f.printer().Status("summary", s, text)
}

// runMatchForFollow matches an archive's account list for commands that
// act on the result (follow, block, mute), with the default sources.
func runMatchForFollow(ctx context.Context, f *factory, archivePath string, kind archive.AccountKind, m archiveMatchFlags) ([]matcher.Match, error) {
	opts := &matchOptions{Archive: archivePath, Profiles: m.Profiles, Kind: kind.String(), verifyFlags: defaultVerifyFlags()}
	opts.Offline = m.Offline
	opts.guardFlags = m.guardFlags
	cfg, err := buildMatchConfig(ctx, f, opts)
	if err != nil {
		return nil, err
	}
	defer closeProfileStores(cfg.Sources)
	cov := newMatchCoverage(opts, kind)
	cov.watch(&cfg)
	var all collectMatches
	sum, _, err := runMatchPipeline(ctx, f, cfg, &all)
	if err != nil {
		return nil, err
	}
	printMatchSummary(f, sum)
	cov.print(f, sum, cfg.Accounts)
	return all, nil
}

// collectMatches is a ResultWriter that keeps every match in memory.
type collectMatches []matcher.Match

func (c *collectMatches) Write(m matcher.Match) error { *c = append(*c, m); return nil }
func (c *collectMatches) Close() error                { return nil }

// matchLines writes matches as the printer's data: under --json, the
// jsonl format with "type":"match" on each line (readers of the matches
// file ignore the field, so the output still feeds fledge follow).
type matchLines struct{ p ui.Printer }

func (w matchLines) Write(m matcher.Match) error {
	w.p.Data("match", matcher.ForOutput(m), "")
	return nil
}

func (w matchLines) Close() error { return nil }
