package mastodon

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
)

// Version is a server version, comparable. Pre is a pre-release tag
// ("beta.1", "rc1"), which sorts before the release.
type Version struct {
	Major, Minor, Patch int
	Pre                 string
}

// ParseVersion finds the first "X.Y[.Z][-pre]" in s, tolerating the
// decorations servers add: "4.3.0+glitch", "0.20.0 git-8d3f2a1",
// "2.7.2 (compatible; Pleroma 2.5.0)". ok is false if there is none.
func ParseVersion(s string) (Version, bool) {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || (i > 0 && (isDigit(s[i-1]) || s[i-1] == '.')) {
			continue
		}
		if v, ok := parseVersionAt(s[i:]); ok {
			return v, true
		}
	}
	return Version{}, false
}

func parseVersionAt(s string) (Version, bool) {
	var nums []int
	i := 0
	for len(nums) < 3 {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == i || j-i > 9 {
			break
		}
		n, _ := strconv.Atoi(s[i:j])
		nums = append(nums, n)
		i = j
		if i < len(s) && s[i] == '.' && i+1 < len(s) && isDigit(s[i+1]) && len(nums) < 3 {
			i++
			continue
		}
		break
	}
	if len(nums) < 2 {
		return Version{}, false
	}
	v := Version{Major: nums[0], Minor: nums[1]}
	if len(nums) == 3 {
		v.Patch = nums[2]
	}
	if i < len(s) && s[i] == '-' {
		j := i + 1
		for j < len(s) && (isDigit(s[j]) || isLetter(s[j]) || s[j] == '.') {
			j++
		}
		v.Pre = strings.TrimRight(s[i+1:j], ".")
	}
	return v, true
}

func isDigit(b byte) bool  { return b >= '0' && b <= '9' }
func isLetter(b byte) bool { return (b|0x20) >= 'a' && (b|0x20) <= 'z' }

// Compare returns -1, 0 or +1.
func (v Version) Compare(o Version) int {
	if c := cmp.Compare(v.Major, o.Major); c != 0 {
		return c
	}
	if c := cmp.Compare(v.Minor, o.Minor); c != 0 {
		return c
	}
	if c := cmp.Compare(v.Patch, o.Patch); c != 0 {
		return c
	}
	switch {
	case v.Pre == o.Pre:
		return 0
	case v.Pre == "":
		return 1
	case o.Pre == "":
		return -1
	}
	return cmp.Compare(v.Pre, o.Pre)
}

// AtLeast reports v >= major.minor.patch (a pre-release of that version
// counts as less).
func (v Version) AtLeast(major, minor, patch int) bool {
	return v.Compare(Version{Major: major, Minor: minor, Patch: patch}) >= 0
}

func (v Version) String() string {
	s := fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
	if v.Pre != "" {
		s += "-" + v.Pre
	}
	return s
}
