package main

import (
	"fmt"
	"time"

	"github.com/fledge-cli/fledge/internal/mastodon"
)

// statusLimitsHelp says, in status's help, the limits jobETA times jobs
// at: the client's limits for a server not known yet, less its headroom.
// Read from the client's table, so the help cannot drift from it.
func statusLimitsHelp() string {
	l, h := mastodon.DefaultLimits(), mastodon.DefaultHeadroom
	fo, po, de, re := l[jobBuckets["follow"]], l[jobBuckets["import"]], l[jobBuckets["undo"]], l[jobBuckets["block"]]
	return fmt.Sprintf("follows %d per %s (%d used), posts %d per\n%s (%d), deletions %d per %s (%d), blocks and mutes %d\nrequests per %s (%d)",
		fo.Count, perPeriod(fo.Period), fo.Usable(h),
		po.Count, perPeriod(po.Period), po.Usable(h),
		de.Count, perPeriod(de.Period), de.Usable(h),
		re.Count, perPeriod(re.Period), re.Usable(h))
}

// perPeriod words a window for "N per …": day, hour, 3 hours, 30 minutes.
func perPeriod(d time.Duration) string {
	unit := func(n int64, one string) string {
		if n == 1 {
			return one
		}
		return fmt.Sprintf("%d %ss", n, one)
	}
	switch {
	case d == 24*time.Hour:
		return "day"
	case d > 0 && d%time.Hour == 0:
		return unit(int64(d/time.Hour), "hour")
	case d > 0 && d%time.Minute == 0:
		return unit(int64(d/time.Minute), "minute")
	}
	return d.String()
}
