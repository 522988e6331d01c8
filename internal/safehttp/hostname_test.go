package safehttp

import (
	"context"
	"errors"
	"net/netip"
	"testing"
)

func TestNumericHost(t *testing.T) {
	tests := []struct {
		host    string
		numeric bool
		addr    string // "" when numeric is false or the host is invalid
	}{
		{"127.0.0.1", true, "127.0.0.1"},
		{"127.1", true, "127.0.0.1"},
		{"127.0.1", true, "127.0.0.1"},
		{"2130706433", true, "127.0.0.1"},
		{"0x7f000001", true, "127.0.0.1"},
		{"0x7f.1", true, "127.0.0.1"},
		{"0X7F.0.0.1", true, "127.0.0.1"},
		{"0177.0.0.1", true, "127.0.0.1"},
		{"017700000001", true, "127.0.0.1"},
		{"127.0.0.1.", true, "127.0.0.1"},
		{"10.0.0.07", true, "10.0.0.7"},
		{"169.254.43518", true, "169.254.169.254"},
		{"0", true, "0.0.0.0"},
		{"0x", true, "0.0.0.0"},
		{"8.8.2056", true, "8.8.8.8"},
		{"4294967295", true, "255.255.255.255"},
		// Numeric, but no address: refused rather than looked up.
		{"4294967296", true, ""},
		{"256.1.1.1", true, ""},
		{"1.2.3.4.5", true, ""},
		{"1.2.65536", true, ""},
		{"08", true, ""},
		{"1..1", true, ""},
		{"99999999999999999999999", true, ""},
		{"foo.1", true, ""},
		{"x.0x", true, ""},
		// Ordinary names.
		{"fedi.example.com", false, ""},
		{"1.example", false, ""},
		{"example.com.", false, ""},
		{"0xg", false, ""},
		{"1e5", false, ""},
		{"1.2.3.x4", false, ""},
		{"", false, ""},
		{".", false, ""},
		{"+1", false, ""},
	}
	for _, tt := range tests {
		addr, numeric, err := numericHost(tt.host)
		if numeric != tt.numeric {
			t.Errorf("numericHost(%q) numeric = %v, want %v", tt.host, numeric, tt.numeric)
			continue
		}
		switch {
		case !numeric:
			if err != nil || addr.IsValid() {
				t.Errorf("numericHost(%q) = %v, %v for a name", tt.host, addr, err)
			}
		case tt.addr == "":
			if !errors.Is(err, errBadNumericHost) {
				t.Errorf("numericHost(%q) = %v, %v; want errBadNumericHost", tt.host, addr, err)
			}
		case err != nil || addr != netip.MustParseAddr(tt.addr):
			t.Errorf("numericHost(%q) = %v, %v; want %s", tt.host, addr, err, tt.addr)
		}
	}
}

func TestIsLocalhostName(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LOCALHOST.": true, "a.localhost": true, "x.y.Localhost.": true,
		"localhost.example.com": false, "mylocalhost": false, "localhostx": false, "": false,
	} {
		if got := isLocalhostName(host); got != want {
			t.Errorf("isLocalhostName(%q) = %v, want %v", host, got, want)
		}
	}
}

// TestShorthandAddressesRefused: the dialer treats shorthand and
// localhost names as the loopback addresses they are, without asking DNS.
func TestShorthandAddressesRefused(t *testing.T) {
	d := &dialer{opts: Options{Resolver: mapResolver{}}}
	for _, host := range []string{"127.1", "0x7f.1", "2130706433", "127.0.0.1.", "localhost", "fedi.localhost."} {
		_, err := d.resolve(context.Background(), host, "443")
		var be *BlockedError
		if !errors.As(err, &be) || be.Kind != "loopback" {
			t.Errorf("resolve(%q) = %v, want a loopback *BlockedError", host, err)
		}
	}
	if _, err := d.resolve(context.Background(), "1.2.3.4.5", "443"); !errors.Is(err, errBadNumericHost) {
		t.Errorf("resolve(1.2.3.4.5) = %v, want errBadNumericHost", err)
	}
	// Public shorthand is an address, not a name for the resolver.
	addrs, err := d.resolve(context.Background(), "8.8.2056", "443")
	if err != nil || len(addrs) != 1 || addrs[0] != netip.MustParseAddrPort("8.8.8.8:443") {
		t.Errorf("resolve(8.8.2056) = %v, %v", addrs, err)
	}
	// With AllowPrivate, localhost names go to the resolver as before.
	open := &dialer{opts: Options{AllowPrivate: true, Resolver: mapResolver{"localhost": netip.MustParseAddrPort("127.0.0.1:443")}}}
	if addrs, err := open.resolve(context.Background(), "localhost", "443"); err != nil || len(addrs) != 1 {
		t.Errorf("AllowPrivate resolve(localhost) = %v, %v", addrs, err)
	}
}

// FuzzNumericHost: any numeric answer is an IPv4 address that reads back
// as itself, and every canonical dotted quad is read unchanged.
func FuzzNumericHost(f *testing.F) {
	for _, s := range []string{"127.1", "0x7f.0.0.1", "2130706433", "1.2.3.4.5", "fedi.example.com", "0x", "08", "1..", "127.0.0.1."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, host string) {
		addr, numeric, err := numericHost(host)
		if !numeric {
			if err != nil || addr.IsValid() {
				t.Fatalf("numericHost(%q) = %v, %v for a name", host, addr, err)
			}
			if ip, perr := netip.ParseAddr(host); perr == nil && ip.Is4() {
				t.Fatalf("numericHost(%q): a dotted quad read as a name", host)
			}
			return
		}
		if err != nil {
			return
		}
		if !addr.Is4() {
			t.Fatalf("numericHost(%q) = %v, not IPv4", host, addr)
		}
		again, numeric, err := numericHost(addr.String())
		if !numeric || err != nil || again != addr {
			t.Fatalf("numericHost(%q) = %v, which reads back as %v, %v, %v", host, addr, again, numeric, err)
		}
	})
}
