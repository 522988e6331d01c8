package ulid

import (
	"strings"
	"testing"
	"time"
)

// The ULID spec's example 01ARZ3NDEKTSV4RRFFQ69G5FAV has the time prefix
// 01ARZ3NDEK, 1469922850259 ms after the epoch.
var specTime = time.UnixMilli(1469922850259).UTC()

func TestULIDBounds(t *testing.T) {
	tests := []struct {
		t           time.Time
		floor, ceil string
	}{
		{specTime, "01ARZ3NDEK0000000000000000", "01ARZ3NDEKZZZZZZZZZZZZZZZZ"},
		{specTime.Add(999 * time.Microsecond), "01ARZ3NDEK0000000000000000", "01ARZ3NDEKZZZZZZZZZZZZZZZZ"},
		{specTime.Add(time.Millisecond), "01ARZ3NDEM0000000000000000", "01ARZ3NDEMZZZZZZZZZZZZZZZZ"},
		{time.UnixMilli(0), "00000000000000000000000000", "0000000000ZZZZZZZZZZZZZZZZ"},
		{time.UnixMilli(31), "000000000Z0000000000000000", "000000000ZZZZZZZZZZZZZZZZZ"},
		{time.UnixMilli(32), "0000000010" + "0000000000000000", "0000000010ZZZZZZZZZZZZZZZZ"},
		// Outside the 48-bit range: clamped.
		{time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC), "00000000000000000000000000", "0000000000ZZZZZZZZZZZZZZZZ"},
		{time.Date(12000, 1, 1, 0, 0, 0, 0, time.UTC), "7ZZZZZZZZZ0000000000000000", "7ZZZZZZZZZZZZZZZZZZZZZZZZZ"},
		{time.Time{}, "00000000000000000000000000", "0000000000ZZZZZZZZZZZZZZZZ"},
	}
	for _, tt := range tests {
		if got := Floor(tt.t); got != tt.floor {
			t.Errorf("Floor(%v) = %s, want %s", tt.t, got, tt.floor)
		}
		if got := Ceil(tt.t); got != tt.ceil {
			t.Errorf("Ceil(%v) = %s, want %s", tt.t, got, tt.ceil)
		}
	}
	// The spec's example lies between its millisecond's bounds, and
	// outside the neighbouring milliseconds'.
	const ex = "01ARZ3NDEKTSV4RRFFQ69G5FAV"
	if !(Floor(specTime) < ex && ex < Ceil(specTime)) {
		t.Errorf("%s not within its millisecond's bounds", ex)
	}
	if !(Ceil(specTime.Add(-time.Millisecond)) < ex && ex < Floor(specTime.Add(time.Millisecond))) {
		t.Errorf("%s not between the neighbouring milliseconds", ex)
	}
}

func TestTime(t *testing.T) {
	tests := []struct {
		id      string
		want    time.Time
		wantErr string
	}{
		{"01ARZ3NDEKTSV4RRFFQ69G5FAV", specTime, ""},
		{"01arz3ndektsv4rrffq69g5fav", specTime, ""},
		{"00000000000000000000000000", time.UnixMilli(0).UTC(), ""},
		{"7ZZZZZZZZZZZZZZZZZZZZZZZZZ", time.UnixMilli(1<<48 - 1).UTC(), ""},
		{"80000000000000000000000000", time.Time{}, "overflows"},
		{"01ARZ3NDEKTSV4RRFFQ69G5FA", time.Time{}, "25 characters"},
		{"", time.Time{}, "0 characters"},
		{"01ARZ3NDEKTSV4RRFFQ69G5FAVX", time.Time{}, "27 characters"},
		{"01ARZ3NDEKTSV4RRFFQ69G5FAU", time.Time{}, "character 26"}, // U is not Crockford
		{"01ARZ3NDEKTSV4RRFFQ69G5FAI", time.Time{}, "character 26"},
		{"109876543210987654", time.Time{}, "18 characters"}, // a Mastodon snowflake
		{"01ARZ3NDEKTSV4RRFFQ69G5F\xc3\xa9", time.Time{}, "character 25"},
	}
	for _, tt := range tests {
		got, err := Time(tt.id)
		switch {
		case tt.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Time(%q) error = %v, want %q", tt.id, err, tt.wantErr)
			}
		case err != nil:
			t.Errorf("Time(%q): %v", tt.id, err)
		case !got.Equal(tt.want):
			t.Errorf("Time(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

// FuzzTime: Time never panics, and a ULID it accepts sorts
// within the bounds of its own millisecond (upper-cased, as servers send
// them).
func FuzzTime(f *testing.F) {
	for _, s := range []string{"01ARZ3NDEKTSV4RRFFQ69G5FAV", "01arz3ndektsv4rrffq69g5fav", "7ZZZZZZZZZZZZZZZZZZZZZZZZZ",
		"00000000000000000000000000", "80000000000000000000000000", "109876543210987654", "", "01ARZ3NDEKTSV4RRFFQ69G5FAI"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		tm, err := Time(id)
		if err != nil {
			return
		}
		up := strings.ToUpper(id)
		if lo, hi := Floor(tm), Ceil(tm); up < lo || up > hi {
			t.Errorf("%q (time %v) outside its bounds %s..%s", id, tm, lo, hi)
		}
		if Floor(tm)[:TimeLen] != up[:TimeLen] {
			t.Errorf("%q: time %v does not round-trip", id, tm)
		}
	})
}

func TestMake(t *testing.T) {
	if got := Make(1469922850259, 0); got != Floor(specTime) {
		t.Errorf("Make(spec time, 0) = %s, want %s", got, Floor(specTime))
	}
	if got := Make(1, 33); got != "0000000001"+"0000000000000011" {
		t.Errorf("Make(1, 33) = %s", got)
	}
	if a, b := Make(5, 1<<63), Make(6, 0); a >= b {
		t.Errorf("a later millisecond sorts first: %s >= %s", a, b)
	}
}
