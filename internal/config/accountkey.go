package config

import (
	"errors"
	"fmt"
	"strings"
)

// NormalizeAccountKey checks an account name as users type it
// ("@Alice@Example.Social", "alice@example.social") and returns the key
// fledge stores it under: "alice@example.social", lower case, without the
// leading @. The domain may carry a port (GoToSocial test servers do).
func NormalizeAccountKey(s string) (string, error) {
	orig := s
	s = strings.TrimPrefix(strings.TrimSpace(s), "@")
	user, domain, ok := strings.Cut(s, "@")
	if !ok {
		return "", fmt.Errorf("account %q: want user@domain", orig)
	}
	if err := checkUser(user); err != nil {
		return "", fmt.Errorf("account %q: %w", orig, err)
	}
	if err := checkDomain(domain); err != nil {
		return "", fmt.Errorf("account %q: %w", orig, err)
	}
	return strings.ToLower(user) + "@" + strings.ToLower(domain), nil
}

// AccountKey builds the key for a user name and a domain.
func AccountKey(user, domain string) (string, error) {
	return NormalizeAccountKey(user + "@" + domain)
}

func checkUser(u string) error {
	if u == "" {
		return errors.New("the user name is empty")
	}
	for _, r := range u {
		if !(r == '_' || r == '.' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return fmt.Errorf("the user name contains %q", r)
		}
	}
	return nil
}

func checkDomain(d string) error {
	if d == "" {
		return errors.New("the domain is empty")
	}
	if len(d) > 253+6 {
		return errors.New("the domain is too long")
	}
	for _, r := range d {
		if !(r == '.' || r == '-' || r == ':' || r == '[' || r == ']' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return fmt.Errorf("the domain contains %q", r)
		}
	}
	return nil
}
