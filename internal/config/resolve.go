package config

import (
	"fmt"
	"strconv"
	"strings"
)

// Source says which layer a resolved value came from.
type Source string

const (
	FromFlag    Source = "flag"
	FromEnv     Source = "environment"
	FromFile    Source = "config file"
	FromDefault Source = "default"
)

// Setting describes the layers one value can come from, in precedence
// order: flag > environment variable > config file > default.
type Setting[T any] struct {
	// Flag is the flag's name without dashes ("account"); FlagSet reports
	// whether the user gave it (cobra's Flags().Changed), FlagValue what.
	Flag      string
	FlagSet   bool
	FlagValue T
	// Env is the variable's name (FLEDGE_ACCOUNT) and Parse turns its text
	// into a value. An empty variable counts as unset.
	Env   string
	Parse func(string) (T, error)
	// File is the value from config.yaml, nil when the file does not set
	// it; FileOrigin is where ("config.yaml:3:10").
	File       *T
	FileOrigin string
	Default    T
}

// Value is a resolved setting and where it came from.
type Value[T any] struct {
	Value  T
	Source Source
	// Origin names the place: "--account", "FLEDGE_ACCOUNT",
	// "config.yaml:3:10" or "default".
	Origin string
}

// Resolve picks the value of s with the house precedence. getenv reads
// the environment. A malformed environment variable is an error naming
// the variable, rather than silently falling through to the file.
func Resolve[T any](getenv func(string) string, s Setting[T]) (Value[T], error) {
	if s.FlagSet {
		return Value[T]{Value: s.FlagValue, Source: FromFlag, Origin: "--" + s.Flag}, nil
	}
	if s.Env != "" && getenv != nil {
		if raw := getenv(s.Env); raw != "" {
			if s.Parse == nil {
				return Value[T]{}, fmt.Errorf("%s: no parser for this variable", s.Env)
			}
			v, err := s.Parse(raw)
			if err != nil {
				return Value[T]{}, fmt.Errorf("environment variable %s: %w", s.Env, err)
			}
			return Value[T]{Value: v, Source: FromEnv, Origin: s.Env}, nil
		}
	}
	if s.File != nil {
		return Value[T]{Value: *s.File, Source: FromFile, Origin: s.FileOrigin}, nil
	}
	return Value[T]{Value: s.Default, Source: FromDefault, Origin: "default"}, nil
}

// ParseBool reads a boolean environment variable: 1/0, true/false,
// yes/no, on/off, in any case.
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "yes", "on":
		return true, nil
	case "0", "false", "no", "off":
		return false, nil
	}
	return false, fmt.Errorf("want true or false, got %s", strconv.Quote(s))
}

// ParseString accepts any non-blank text, trimmed.
func ParseString(s string) (string, error) {
	return strings.TrimSpace(s), nil
}

// ParseRetries reads a retry count within MinRetries..MaxRetries.
func ParseRetries(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("want a whole number, got %s", strconv.Quote(s))
	}
	if n < MinRetries || n > MaxRetries {
		return 0, fmt.Errorf("want %d to %d, got %d", MinRetries, MaxRetries, n)
	}
	return n, nil
}
