package config

import (
	"fmt"
	"io"
	"log/slog"
)

// redacted replaces a secret wherever one would be printed.
const redacted = "[REDACTED]"

// Secret holds an access token or client secret. Every way of printing it
// (fmt verbs, String, JSON, YAML, text, slog) shows "[REDACTED]"; only
// Reveal returns the value, so a token can reach the wire or the
// credentials file but never a log line or an error message by accident.
// (One hole remains: encoding/json writes string-kinded map keys as they
// are, so never key a map by a Secret.)
type Secret string

// Reveal returns the secret itself. Call it only to send the value to the
// server or to write the credentials file.
func (s Secret) Reveal() string { return string(s) }

// IsZero reports whether no secret is set.
func (s Secret) IsZero() bool { return s == "" }

// String implements fmt.Stringer.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString implements fmt.GoStringer (%#v).
func (s Secret) GoString() string { return fmt.Sprintf("config.Secret(%q)", s.String()) }

// Format implements fmt.Formatter so that no verb (%x, %q, %d…) can
// bypass String.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, s.GoString())
		return
	}
	if verb == 'q' {
		_, _ = fmt.Fprintf(f, "%q", s.String())
		return
	}
	_, _ = io.WriteString(f, s.String())
}

// MarshalJSON implements json.Marshaler.
func (s Secret) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, "%q", s.String()), nil
}

// MarshalText implements encoding.TextMarshaler (used by slog's JSON
// handler, encoding/xml, map keys).
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// MarshalYAML implements yaml.Marshaler. The credentials writer converts
// secrets to plain strings itself; any other YAML output is redacted.
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }
