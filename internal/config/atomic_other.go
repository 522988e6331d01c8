//go:build !unix

package config

func isEINVAL(error) bool { return false }
