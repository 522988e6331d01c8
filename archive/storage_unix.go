//go:build unix

package archive

import "syscall"

// openNonBlock opens without waiting: a named pipe would otherwise block
// the open until something writes to it.
const openNonBlock = syscall.O_NONBLOCK
