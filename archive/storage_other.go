//go:build !unix

package archive

// openNonBlock: other systems have no named pipes in folders to wait on.
const openNonBlock = 0
