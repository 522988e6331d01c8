package archive

import "slices"

// idSetBatch is how many ids an idSet collects in its map before merging
// them into the sorted slice.
const idSetBatch = 4096

// idSet is a set of tweet ids that costs about 8 bytes per id (16 while
// its slice grows), where a map[uint64]struct{} costs two to three times
// that: the seen-id sets of a 300,000-tweet archive are a few megabytes.
// New ids wait in a small map and are merged into a sorted slice in
// batches, so adding stays amortised O(log n) per id.
type idSet struct {
	sorted []uint64
	recent map[uint64]struct{}
}

// has reports whether id is in the set.
func (s *idSet) has(id uint64) bool {
	if _, ok := s.recent[id]; ok {
		return true
	}
	_, ok := slices.BinarySearch(s.sorted, id)
	return ok
}

// add puts id in the set and reports whether it was new.
func (s *idSet) add(id uint64) bool {
	if s.has(id) {
		return false
	}
	if s.recent == nil {
		s.recent = make(map[uint64]struct{}, idSetBatch)
	}
	s.recent[id] = struct{}{}
	if len(s.recent) >= idSetBatch {
		s.merge()
	}
	return true
}

// len is the number of ids in the set.
func (s *idSet) len() int { return len(s.sorted) + len(s.recent) }

// merge moves the recent ids into the sorted slice, merging from the end
// in place so no second copy of the slice is made.
func (s *idSet) merge() {
	batch := make([]uint64, 0, len(s.recent))
	for id := range s.recent {
		batch = append(batch, id)
	}
	clear(s.recent)
	slices.Sort(batch)
	n := len(s.sorted)
	s.sorted = slices.Grow(s.sorted, len(batch))[:n+len(batch)]
	i, j, k := n-1, len(batch)-1, len(s.sorted)-1
	for ; j >= 0; k-- {
		if i >= 0 && s.sorted[i] > batch[j] {
			s.sorted[k] = s.sorted[i]
			i--
		} else {
			s.sorted[k] = batch[j]
			j--
		}
	}
}
