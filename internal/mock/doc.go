// Package mock holds small in-memory fakes of the domain packages'
// interfaces (importer's Poster, follow and graph targets, ProfileTarget
// and Journal; matcher's ProfileSource and AccountSearcher), for the
// domain packages' external tests (package xxx_test): a test that needs a
// server or a journal but not the wire takes one of these instead of
// writing its own. Fakes with behaviour keep simple in-memory state; the
// rest are structs of func fields, one per method.
//
// They stand in for internal/adapter, which implements the same
// interfaces over the real clients and is tested against mastotest.
package mock
