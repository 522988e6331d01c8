package archive

import (
	"math/rand/v2"
	"testing"
)

func TestIDSetMatchesMap(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var s idSet
	want := map[uint64]bool{}
	for i := range 3*idSetBatch + 17 {
		// Mostly rising ids with some out of order and repeats, as in
		// real tweet files.
		id := uint64(i) * 3
		switch r.IntN(10) {
		case 0:
			id = r.Uint64N(uint64(i+1) * 3)
		case 1:
			id = r.Uint64()
		}
		if got := s.add(id); got == want[id] {
			t.Fatalf("add(%d) = %v with the id already present %v", id, got, want[id])
		}
		want[id] = true
	}
	if s.len() != len(want) {
		t.Fatalf("len %d, want %d", s.len(), len(want))
	}
	for id := range want {
		if !s.has(id) {
			t.Fatalf("lost %d", id)
		}
	}
	for i := 1; i < len(s.sorted); i++ {
		if s.sorted[i-1] >= s.sorted[i] {
			t.Fatalf("not sorted at %d", i)
		}
	}
	if s.has(1<<64-1) && !want[1<<64-1] {
		t.Fatal("has an id never added")
	}
}
