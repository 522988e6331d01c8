package archive

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// audience holds what narrows who may see the account's tweets, read from
// the small files beside tweets.js: Twitter Circle tweets
// (twitter-circle-tweet.js, 2022–23; they also appear in tweets.js),
// the periods the account was protected (protected-history.js), and the
// tweets the person deleted (deleted-tweets.js, deleted-tweet-headers.js),
// which may still sit in tweets.js. A tweet must never reach a wider
// audience than it had, so these are marked on the tweet for the importer.
type audience struct {
	circle    *idSet
	deleted   *idSet // ids from both deleted files
	delRecs   *idSet // ids of deleted-tweets.js records only
	protected []period
}

// period is a time the account was protected: [from, to); to is zero
// when it was still protected when the archive was made.
type period struct{ from, to time.Time }

func (au *audience) mark(t *Tweet) {
	if au == nil {
		return
	}
	if au.circle.has(t.ID) {
		t.Circle = true
	}
	if au.deleted.has(t.ID) {
		t.Deleted = true
	}
	for _, p := range au.protected {
		if !t.CreatedAt.Before(p.from) && (p.to.IsZero() || t.CreatedAt.Before(p.to)) {
			t.Protected = true
			break
		}
	}
}

// loadAudience reads the audience files; Grailbird archives have none.
func (a *Archive) loadAudience() (*audience, error) {
	if a.format == FormatGrailbird {
		return nil, nil
	}
	au := &audience{circle: &idSet{}, deleted: &idSet{}, delRecs: &idSet{}}
	for _, f := range []struct {
		names []string
		key   string // the id's member inside {"tweet": …}
		sets  []*idSet
	}{
		{[]string{"twitter-circle-tweet"}, "id_str", []*idSet{au.circle}},
		{[]string{"deleted-tweets"}, "id_str", []*idSet{au.deleted, au.delRecs}},
		{[]string{"deleted-tweet-headers"}, "tweet_id", []*idSet{au.deleted}},
	} {
		for _, name := range a.dataFiles(f.names...) {
			err := a.eachRecord(name, func(ar *arrayReader) error {
				var id string
				if err := ar.decodeWith(func(dec *jsontext.Decoder) error {
					var err error
					id, err = recordID(dec, f.key)
					return err
				}); err != nil {
					return err
				}
				n, err := strconv.ParseUint(id, 10, 64)
				if err != nil || n == 0 {
					return ar.errorf("%s: want a tweet id, found %q", f.key, truncate(id, 30))
				}
				for _, s := range f.sets {
					s.add(n)
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	var err error
	if au.protected, err = a.protectedPeriods(); err != nil {
		return nil, err
	}
	return au, nil
}

// recordID reads one record, {"tweet": {…}} or the bare object, and
// returns the value of its member key (falling back from id_str to id),
// skipping everything else unread.
func recordID(dec *jsontext.Decoder, key string) (string, error) {
	var id, alt string
	var walk func(depth int) error
	walk = func(depth int) error {
		ok, err := beginObject(dec, "record")
		for ok && err == nil {
			var name []byte
			if name, ok, err = nextMember(dec); !ok || err != nil {
				break
			}
			switch {
			case depth == 0 && string(name) == "tweet":
				err = walk(1)
			case string(name) == key:
				id, err = readFlexString(dec, key)
			case key == "id_str" && string(name) == "id":
				alt, err = readFlexString(dec, "id")
			default:
				err = dec.SkipValue()
			}
		}
		return err
	}
	err := walk(0)
	return firstNonEmpty(id, alt), err
}

// protectedPeriods reads protected-history.js: one record per change,
// {"protectedHistory": {"protectedAt": date, "action": "Protect" |
// "Unprotect"}} (the wrapper key is not relied on). The account is
// protected from each Protect to the next Unprotect; an Unprotect with
// no Protect before it means it was protected from the start.
func (a *Archive) protectedPeriods() ([]period, error) {
	type change struct {
		at      time.Time
		protect bool
	}
	var changes []change
	for _, name := range a.dataFiles("protected-history") {
		err := a.eachRecord(name, func(ar *arrayReader) error {
			var rec map[string]jsontext.Value
			if err := ar.decode(&rec); err != nil {
				return err
			}
			var c struct {
				ProtectedAt string `json:"protectedAt"`
				Action      string `json:"action"`
			}
			body := rec
			if _, bare := rec["protectedAt"]; !bare && len(rec) == 1 {
				for _, v := range rec {
					body = nil
					if err := json.Unmarshal(v, &body, decodeOpts); err != nil {
						return ar.errorf("want {\"protectedAt\", \"action\"}: %w", err)
					}
				}
			}
			for k, dst := range map[string]*string{"protectedAt": &c.ProtectedAt, "action": &c.Action} {
				if v, ok := body[k]; ok {
					if err := json.Unmarshal(v, dst, decodeOpts); err != nil {
						return ar.errorf("%s: %w", k, err)
					}
				}
			}
			at, err := parseDate(c.ProtectedAt)
			if err != nil || at.IsZero() {
				return ar.errorf("protectedAt %q is not a date", truncate(c.ProtectedAt, 40))
			}
			switch strings.ToLower(c.Action) {
			case "protect":
				changes = append(changes, change{at, true})
			case "unprotect":
				changes = append(changes, change{at, false})
			default:
				return ar.errorf("action %q: want Protect or Unprotect", truncate(c.Action, 30))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.SliceStable(changes, func(i, j int) bool { return changes[i].at.Before(changes[j].at) })
	var out []period
	open := false
	var from time.Time
	for i, c := range changes {
		switch {
		case c.protect && !open:
			open, from = true, c.at
		case !c.protect && open:
			if from.Before(c.at) {
				out = append(out, period{from, c.at})
			}
			open = false
		case !c.protect && i == 0:
			// Protected since before the history begins.
			out = append(out, period{time.Time{}, c.at})
		}
	}
	if open {
		out = append(out, period{from: from})
	}
	return out, nil
}
