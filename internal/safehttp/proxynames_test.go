package safehttp

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

func TestParseProxyNames(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want ProxyNames
		ok   bool
	}{
		{"", ProxyNamesRefuse, true},
		{"refuse", ProxyNamesRefuse, true},
		{" Trust ", ProxyNamesTrust, true},
		{"TRUST", ProxyNamesTrust, true},
		{"yes", ProxyNamesRefuse, false},
		{"trusted", ProxyNamesRefuse, false},
	} {
		got, err := ParseProxyNames(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseProxyNames(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
		if err == nil && got.String() != strings.ToLower(strings.TrimSpace(tt.in)) && tt.in != "" {
			t.Errorf("%v.String() = %q, want %q", got, got.String(), tt.in)
		}
	}
}

// TestTestClientDialsOnlyLoopback: the test client's backstop. With the
// guard off (AllowPrivate), a name resolving to 10.0.0.5 would be dialled;
// the test client refuses before any connect, so a test whose guard is
// broken fails instead of sending traffic off the machine.
func TestTestClientDialsOnlyLoopback(t *testing.T) {
	res := mapResolver{"inner.example.com": netip.MustParseAddrPort("10.0.0.5:443")}
	c := NewTestClient(Options{Resolver: res, AllowPrivate: true}, netip.MustParseAddr("127.0.0.1"))
	var d dials
	_, err := d.get(c, "https://inner.example.com/")
	if !errors.Is(err, errNotLoopback) {
		t.Errorf("err = %v, want the loopback-only refusal", err)
	}
	if got := d.connects(); len(got) != 0 {
		t.Errorf("connected to %q", got)
	}
	// With the guard on, the guard refuses first.
	c = NewTestClient(Options{Resolver: res}, netip.MustParseAddr("127.0.0.1"))
	if _, err := get(c, "https://inner.example.com/"); !isBlocked(err) {
		t.Errorf("err = %v, want a *BlockedError", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("NewTestClient exempting 10.0.0.5 did not panic")
		}
	}()
	NewTestClient(Options{}, netip.MustParseAddr("10.0.0.5"))
}

// FuzzParseProxyNames: any text is either refused with an error or read
// as one of the two settings, whose name reads back the same.
func FuzzParseProxyNames(f *testing.F) {
	for _, s := range []string{"", "refuse", "trust", " TRUST\t", "trusted", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseProxyNames(s)
		if err != nil {
			if p != ProxyNamesRefuse {
				t.Fatalf("%q: error %v but setting %v", s, err, p)
			}
			return
		}
		if back, err := ParseProxyNames(p.String()); err != nil || back != p {
			t.Fatalf("%q read as %v, which reads back as %v, %v", s, p, back, err)
		}
	})
}
