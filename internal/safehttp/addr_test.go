package safehttp

import (
	"net/netip"
	"testing"
)

func TestBlocked(t *testing.T) {
	tests := []struct {
		addr    string
		blocked bool
		kind    string
	}{
		{"127.0.0.1", true, "loopback"},
		{"127.8.9.10", true, "loopback"},
		{"::1", true, "loopback"},
		{"::ffff:127.0.0.1", true, "loopback"},
		{"10.1.2.3", true, "private"},
		{"172.16.0.1", true, "private"},
		{"172.31.255.255", true, "private"},
		{"192.168.1.1", true, "private"},
		{"fd00::1", true, "private"},
		{"169.254.169.254", true, "link-local"},
		{"fe80::1", true, "link-local"},
		{"224.0.0.1", true, "multicast"},
		{"239.255.255.250", true, "multicast"},
		{"ff02::1", true, "multicast"},
		{"ff0e::1", true, "multicast"},
		{"0.0.0.0", true, "unspecified"},
		{"::", true, "unspecified"},
		{"0.1.2.3", true, "reserved"},
		{"100.64.0.1", true, "reserved"},
		{"255.255.255.255", true, "reserved"},
		{"64:ff9b::7f00:1", true, "reserved"},
		{"2002:7f00:1::", true, "reserved"},
		{"8.8.8.8", false, ""},
		{"1.1.1.1", false, ""},
		{"172.32.0.1", false, ""},
		{"2606:4700::1111", false, ""},
		{"::ffff:8.8.8.8", false, ""},
	}
	for _, tt := range tests {
		kind, blocked := Blocked(netip.MustParseAddr(tt.addr))
		if blocked != tt.blocked || kind != tt.kind {
			t.Errorf("Blocked(%s) = %q, %v; want %q, %v", tt.addr, kind, blocked, tt.kind, tt.blocked)
		}
	}
	if _, blocked := Blocked(netip.Addr{}); !blocked {
		t.Error("the zero Addr must be blocked")
	}
}

func TestBlockedErrorReason(t *testing.T) {
	for _, tt := range []struct {
		err  BlockedError
		want string
	}{
		{BlockedError{Host: "fedi.example", Addr: netip.MustParseAddr("10.0.0.5"), Kind: "private"},
			"fedi.example resolves to a private address 10.0.0.5; use --allow-private-network if you trust it"},
		{BlockedError{Host: "::", Addr: netip.MustParseAddr("::"), Kind: "unspecified"},
			":: is an unspecified address; use --allow-private-network if you trust it"},
		{BlockedError{Addr: netip.MustParseAddr("127.0.0.1"), Kind: "loopback"},
			"127.0.0.1 is a loopback address; use --allow-private-network if you trust it"},
	} {
		if got := tt.err.Reason(); got != tt.want {
			t.Errorf("Reason() = %q, want %q", got, tt.want)
		}
	}
}
