package main

import (
	"os"
	"strings"

	"github.com/fledge-cli/fledge/importer/export"
)

// takeArgs reads the matches file from the command line: the argument,
// or in the old spelling --from, with the CSV's kind as the argument
// ("fledge export blocks --from blocked.jsonl"), kept for scripts.
func (o *exportOptions) takeArgs(f *factory, args []string) error {
	switch {
	case o.From != "" && len(args) == 1:
		k, err := export.ParseKind(args[0])
		if err != nil {
			return usageErrorf("%q: give the matches file once, as the argument (--from is its old spelling)", args[0])
		}
		o.Matches, o.oldKind = o.From, string(k)
		f.printer().Warn("the kind before the matches file is deprecated and will go: %s", oldKindInstead(k))
	case o.From != "":
		o.Matches = o.From
	case len(args) == 1:
		o.Matches = args[0]
		if k, err := export.ParseKind(args[0]); err == nil && !exists(args[0]) {
			return usageErrorf("export takes the matches file as its argument: %s", oldKindInstead(k))
		}
	default:
		return usageErrorf("export needs the matches file: fledge export MATCHES -o FILE")
	}
	return nil
}

// oldKindInstead says how to write the old kind word k today.
func oldKindInstead(k export.Kind) string {
	if k == export.Lists {
		return "fledge export MATCHES --list NAME -o FILE"
	}
	return "fledge export MATCHES --kind " + string(k) + " -o FILE"
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// fileKind is the CSV file to write: a lists file with --list, else the
// file that carries the archive list the accounts came from: --kind (or
// the old kind word), else the list the matches file records, else
// following. lists are the archive lists the matches file records
// (nil to check the flags alone). A list the matches file records that disagrees with what
// was asked for is a usage error, as is --kind against the old word:
// a following list written as a blocks file would block everyone
// followed once uploaded.
func (o *exportOptions) fileKind(lists []string) (export.Kind, error) {
	asked, err := o.askedKind()
	if err != nil {
		return "", err
	}
	switch {
	case len(lists) > 1:
		return "", usageErrorf("%s holds accounts of several lists (%s): match one list per file", o.Matches, strings.Join(lists, ", "))
	case len(lists) == 0 && asked == "":
		return export.Following, nil
	case len(lists) == 0:
		return asked, nil
	}
	fromFile, err := export.ForList(lists[0])
	if err != nil {
		return "", usageErrorf("%s records the list %q: say which with --kind", o.Matches, lists[0])
	}
	switch {
	case asked == "":
		return fromFile, nil
	case asked == fromFile, asked == export.Lists && fromFile == export.Following:
		return asked, nil
	}
	if asked == export.Lists {
		return "", usageErrorf("%s holds your %s list; a Mastodon list holds accounts you follow: pass the matches file of your following list", o.Matches, lists[0])
	}
	return "", usageErrorf("%s holds your %s list, which does not go in a %s file: leave out --kind (the file says which list), or pass the matches file of your %s list (fledge match ARCHIVE --kind %s)",
		o.Matches, lists[0], asked, asked, asked)
}

// askedKind is the file the flags ask for, "" when they leave it to the
// matches file.
func (o *exportOptions) askedKind() (export.Kind, error) {
	var kind export.Kind
	if o.kindSet {
		if _, err := parseListKind(o.Kind); err != nil {
			return "", err
		}
		kind, _ = export.ForList(o.Kind)
		if o.oldKind != "" && o.oldKind != string(export.Lists) && export.Kind(o.oldKind) != kind {
			return "", usageErrorf("%q and --kind %s ask for different files: give only --kind", o.oldKind, o.Kind)
		}
	} else if o.oldKind != "" {
		kind = export.Kind(o.oldKind)
	}
	if o.List == "" && o.oldKind != string(export.Lists) {
		return kind, nil
	}
	if kind != "" && kind != export.Following && kind != export.Lists {
		return "", usageErrorf("--list writes a list of accounts to follow; it does not go with a %s file", kind)
	}
	return export.Lists, nil
}
