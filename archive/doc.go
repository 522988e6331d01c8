// Package archive reads a Twitter/X data archive, either the downloaded
// .zip file or a folder it was extracted to, without extracting anything to
// disk and without evaluating any of its JavaScript.
//
// It understands every era described in docs/archive-format.md: the
// Grailbird archive (2012–2019, monthly data/js/tweets/YYYY_MM.js files or
// tweets.csv), the 2018–2020 export with its files at the zip root, and the
// data/ layout with manifest.js (tweet.js, later tweets.js plus
// tweets-partN.js, note-tweet.js, deleted-tweets.js, community-tweet.js).
//
// Beside the tweets it reads what narrows their audience: Twitter Circle
// tweets (twitter-circle-tweet.js), the periods the account was protected
// (protected-history.js) and the deleted tweets' ids
// (deleted-tweet-headers.js), and marks them on each Tweet so that an
// import never shows a tweet to more people than Twitter did.
//
// Tweets are decoded one record at a time and handed out through iterators,
// so memory does not grow with the size of the archive. Tweets(TweetOptions{Sorted: true})
// spools normalized records to a temporary file and keeps only a small
// (id, offset, length) index in memory to hand them back oldest first.
//
// The package is pure: it does no network I/O and imports none of fledge's
// other packages.
package archive
