// Package profile copies a Twitter profile to a Mastodon account: the
// display name, bio, website and location, the avatar and header
// pictures, and a field linking back to the Twitter account. NewPlan
// compares the archive (and, when given, the user's own profile read by
// matcher) with the account on the server and says what would change and
// what is skipped and why; Apply sends the update through a Target,
// journalling each image so a re-run neither uploads it twice nor loses
// track of an upload cut short. The user's own fields on the server are
// kept. t.co links are expanded from the user's own Twitter profile when
// given; a website that is only a t.co link that cannot be expanded is
// left out (and reported), never written to the new profile.
package profile
