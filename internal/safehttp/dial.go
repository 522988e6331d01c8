package safehttp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"syscall"
)

// dialer resolves, checks and connects. Checking the resolved address and
// then connecting to that same literal address is what defeats DNS
// rebinding: there is no second lookup between the check and the connect.
type dialer struct {
	opts         Options
	exempt       netip.Addr // tests only: the loopback address of their server
	loopbackOnly bool       // tests only: never dial anything but loopback
}

// errNotLoopback is the test clients' backstop (see NewTestClient).
var errNotLoopback = errors.New("test client: refusing to dial a non-loopback address")

func (d *dialer) refused(a netip.Addr) (string, bool) {
	if d.exempt.IsValid() && a.Unmap() == d.exempt {
		return "", false
	}
	return Blocked(a)
}

// DialContext is the http.Transport hook.
func (d *dialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	nd := &net.Dialer{Timeout: d.opts.ConnectTimeout}
	if proxy, _ := ctx.Value(proxyAddrKey{}).(string); proxy != "" && proxy == addr {
		// The user's own proxy, from HTTPS_PROXY: trusted configuration.
		if ap, err := netip.ParseAddrPort(addr); d.loopbackOnly && (err != nil || !ap.Addr().Unmap().IsLoopback()) {
			return nil, fmt.Errorf("proxy %s: %w", addr, errNotLoopback)
		}
		return nd.DialContext(ctx, network, addr)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	addrs, err := d.resolve(ctx, host, port)
	if err != nil {
		return nil, err
	}
	if !d.opts.AllowPrivate {
		// Second line of defence: check the socket address the kernel is
		// about to connect to, whatever path led here.
		nd.Control = func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("unexpected dial address %q: %w", address, err)
			}
			if kind, bad := d.refused(ap.Addr()); bad {
				return &BlockedError{Host: host, Addr: ap.Addr(), Kind: kind}
			}
			return nil
		}
	}
	var firstErr error
	for _, ap := range addrs {
		if d.loopbackOnly && !ap.Addr().Unmap().IsLoopback() {
			return nil, fmt.Errorf("%s: %w", ap, errNotLoopback)
		}
		conn, err := nd.DialContext(ctx, network, ap.String())
		if err == nil {
			return conn, nil
		}
		if firstErr == nil {
			firstErr = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, firstErr
}

// resolve returns the allowed addresses for host, or a *BlockedError when
// every address it resolves to is refused.
func (d *dialer) resolve(ctx context.Context, host, port string) ([]netip.AddrPort, error) {
	var addrs []netip.AddrPort
	ip, err := netip.ParseAddr(host)
	if err != nil {
		// Shorthand like 127.1 is an address to a proxy's resolver, so it
		// is one here too, never a name left for the proxy to look up.
		var numeric bool
		if ip, numeric, err = numericHost(host); numeric && err != nil {
			return nil, fmt.Errorf("host %q: %w", host, err)
		}
	}
	switch {
	case ip.IsValid():
		p, err := net.DefaultResolver.LookupPort(ctx, "tcp", port)
		if err != nil {
			return nil, err
		}
		addrs = []netip.AddrPort{netip.AddrPortFrom(ip.Unmap(), uint16(p))}
	case isLocalhostName(host) && !d.opts.AllowPrivate:
		// Loopback by definition, whatever DNS (or the proxy's) answers.
		return nil, &BlockedError{Host: host, Addr: netip.AddrFrom4([4]byte{127, 0, 0, 1}), Kind: "loopback"}
	default:
		addrs, err = d.opts.Resolver.Resolve(ctx, host, port)
		if err != nil {
			return nil, fmt.Errorf("resolving %s: %w", host, err)
		}
		if len(addrs) == 0 {
			return nil, fmt.Errorf("resolving %s: no addresses", host)
		}
	}
	if d.opts.AllowPrivate {
		return addrs, nil
	}
	allowed := addrs[:0:0]
	var blocked *BlockedError
	for _, ap := range addrs {
		if kind, bad := d.refused(ap.Addr()); bad {
			if blocked == nil {
				blocked = &BlockedError{Host: host, Addr: ap.Addr().Unmap(), Kind: kind}
			}
			continue
		}
		allowed = append(allowed, ap)
	}
	if len(allowed) == 0 {
		return nil, blocked
	}
	return allowed, nil
}

// precheck applies the address rules to a request's target before it is
// handed to a proxy. A name that does not resolve here is refused with an
// *UnresolvedError unless Options.ProxyNames trusts the proxy with it.
func (d *dialer) precheck(ctx context.Context, u *url.URL) error {
	if d.opts.AllowPrivate {
		return nil
	}
	port := u.Port()
	if port == "" {
		port = "443"
		if u.Scheme == "http" {
			port = "80"
		}
	}
	_, err := d.resolve(ctx, u.Hostname(), port)
	var be *BlockedError
	if errors.As(err, &be) {
		return be
	}
	if errors.Is(err, errBadNumericHost) {
		return err
	}
	if err == nil || d.opts.ProxyNames == ProxyNamesTrust {
		// Trusted: the proxy may see other DNS and resolve what we cannot.
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return &UnresolvedError{Host: u.Hostname()}
}
