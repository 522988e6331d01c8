package main

import (
	"time"

	"github.com/fledge-cli/fledge/internal/mastodon"
)

// followProgress starts a bar counting follows (or blocks, mutes, list
// additions: unit says which) and returns the importer.FollowConfig
// OnProgress that moves it, with the follow budget's ETA, and the
// function that clears it.
func followProgress(f *factory, total int, unit, desc string) (onProgress func(done, total int, eta time.Time), done func()) {
	bar := f.printer().Progress(total, unit, desc)
	return func(done, _ int, eta time.Time) {
		bar.Set(done)
		bar.SetETA(eta)
	}, bar.Done
}

// waitReason says what a Mastodon client waits for, in the words of the
// bar's "waiting for … until 14:05".
func waitReason(e mastodon.WaitEvent) string {
	if e.Reason == mastodon.WaitUnavailable {
		return "the server to be available again"
	}
	switch e.Bucket {
	case mastodon.BucketFollows:
		return "the server's follow limit"
	case mastodon.BucketStatuses:
		return "the server's post limit"
	case mastodon.BucketMedia:
		return "the server's media upload limit"
	case mastodon.BucketDeletes:
		return "the server's delete limit"
	case "":
		return "the server (" + e.Reason + ")"
	default:
		return "the server's request limit"
	}
}

// showWait is every Mastodon client's OnWait: after log's line (-v), a
// wait of a minute or more shows on the bar, or as a line when there is
// none, so a paced import or follow never looks hung.
func showWait(f *factory, log func(mastodon.WaitEvent)) func(mastodon.WaitEvent) {
	p := f.printer()
	return func(e mastodon.WaitEvent) {
		if log != nil {
			log(e)
		}
		if time.Until(e.Until) >= time.Minute {
			p.Waiting(waitReason(e), e.Until.Local())
		}
	}
}
