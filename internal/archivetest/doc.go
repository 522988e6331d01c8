// Package archivetest writes synthetic Twitter/X data archives that look like
// real exports of every era described in docs/archive-format.md: the
// Grailbird archive (JS month files, or CSV only), the 2018 root-level GDPR
// export, the 2020–2022 data/ layout with singular names and the current
// layout with plural names, note tweets, edits and deleted/community tweets,
// and on request Twitter Circle tweets (Options.Circle) and a protected
// history (Options.Protected).
//
// Everything is derived from Options.Seed with math/rand/v2 and fixed zip
// timestamps, so the same Options always give byte-identical output. All
// names, ids and texts are invented; none belong to a real person. Any tweet
// can be regenerated from its own random stream, which is how the generator
// streams a 100,000-tweet archive without holding it in memory.
//
// Write returns an Expected summary computed while generating, which is what
// a correct parser (and `fledge archive inspect --json`) must report. The
// package deliberately does not import the archive package it tests.
// FollowingHAR writes a browser capture of the followed accounts' profiles,
// which an archive lacks (its following list holds ids only).
//
// Coverage of the variation checklist (archive-format.md §18):
//
//  1. data root at the zip root (era B), data/ (C/D), Options.ExtraTopFolder
//  2. tweet.js, tweets.js, tweet-partN.js, tweets-partN.js, Grailbird months
//  3. wrapped records (C/D) and bare ones (B)
//  4. compact "[ {" and brace-per-line styles; empty files as `= [ ]`
//  5. Options.TrailingSemicolon, TrailingNewline and BOM
//  6. surrogate escapes (B, Grailbird, Options.EscapeAstral); \/ in Grailbird
//  7. string numbers in GDPR eras, JSON numbers (ids above 2^53) in Grailbird
//  8. RubyDate, ISO with millis, "2006-01-02 15:04:05 +0000", epoch ms and
//     epoch seconds (era B account.js and screen-name-change.js)
//  9. omitted optional fields: in_reply_to_screen_name, like fullText,
//     status ids of replies to no tweet, expanded_url of a deleted tweet link
//  10. unresolvable mentions with id_str "-1"
//  11. entities.media with one "photo" item beside full extended_entities
//  12. HLS variants without bitrate, GIFs with bitrate "0", shuffled variants
//  13. twitter.com and x.com status links (with ?s=20 and other suffixes,
//     and the /i/web/status/ID form), pic.twitter.com and pic.x.com
//  14. &amp; &lt; &gt; and emoji before entities; indices in code points
//  15. edit chains of 2–3 versions; notes linked only by the §8 rule, the
//     tweet carrying its own t.co codes for the note's links
//  16. records out of order, parts interleaving periods, duplicates across
//     parts
//  17. lists as url records or a 2018 urls array; 2018 social files without
//     userLink; blocking/muting keys
//  18. manifest.js as window.__THAR_CONFIG with isPartialArchive, or none
//     (Options.NoManifest)
package archivetest
