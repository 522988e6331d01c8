package archivetest

import (
	"path/filepath"
	"strconv"
	"testing"
)

// TestRecordOrder checks the layout quirks a parser must survive (§2, §6.11,
// §18.16): records out of order inside a file, parts that do not hold
// separate periods, duplicated records across parts, and all versions of
// every edit chain present.
func TestRecordOrder(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.zip")
	exp, err := Write(p, Options{Era: EraGDPR, Tweets: 2000, Parts: 2, Zip: true, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	files := readAll(t, p, true)
	type rec struct {
		id   uint64
		part int
	}
	var recs []rec
	minID, maxID := [2]uint64{^uint64(0), ^uint64(0)}, [2]uint64{}
	for part, name := range []string{"data/tweets.js", "data/tweets-part1.js"} {
		_, v, err := splitJS(name, files[name])
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range list(v) {
			id, err := strconv.ParseUint(str(field(r, "tweet", "id_str")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			recs = append(recs, rec{id, part})
			minID[part], maxID[part] = min(minID[part], id), max(maxID[part], id)
		}
	}
	inversions, seen, dupAcross := 0, map[uint64]int{}, 0
	for i, r := range recs {
		if i > 0 && recs[i-1].part == r.part && recs[i-1].id < r.id {
			inversions++ // files are mostly newest first
		}
		if p, ok := seen[r.id]; ok && p != r.part {
			dupAcross++
		}
		seen[r.id] = r.part
	}
	if inversions == 0 {
		t.Errorf("no out-of-order neighbours in the tweet files")
	}
	if minID[1] > maxID[0] || minID[0] > maxID[1] {
		t.Errorf("parts hold disjoint id ranges; real parts interleave")
	}
	if dupAcross == 0 {
		t.Errorf("no record is duplicated across parts")
	}
	if len(seen) <= exp.Total {
		t.Errorf("%d distinct records for %d tweets: edit chains are missing their older versions", len(seen), exp.Total)
	}
}
