// Package archivetest writes synthetic Twitter/X data archives that look like
// real exports of every era described in docs/archive-format.md: the
// Grailbird archive (JS month files and CSV-only), the 2018 root-level GDPR
// export, the 2020–2022 data/ layout with singular names and the current
// layout with plural names, note tweets, edits and deleted/community tweets.
//
// Everything is derived from Options.Seed with math/rand/v2 and fixed zip
// timestamps, so the same Options always give byte-identical output. All
// names, ids and texts are invented; none belong to a real person.
//
// Write returns an Expected summary computed while generating, which is what
// a correct parser must report for the archive. The package deliberately does
// not import the archive package it is meant to test.
package archivetest
