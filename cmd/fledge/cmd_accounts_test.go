package main

import (
	"strings"
	"testing"
)

func TestAccountsTableOnTerminal(t *testing.T) {
	e := newLoginEnv(t, strings.NewReader(""))
	writeAccounts(t, e)
	e.f.IO.SetStdoutTTY(true)
	if err := runAccounts(e.f, &accountsOptions{}); err != nil {
		t.Fatal(err)
	}
	want := "* alice@a.example  https://a.example  \n" +
		"  bob@b.example    https://b.example  \n"
	if got := e.out.String(); got != want {
		t.Errorf("table:\n%q\nwant:\n%q", got, want)
	}
	if strings.Contains(e.out.String()+e.err.String(), "t0k-") {
		t.Error("a token was printed")
	}
}

func TestAccountsSetDefault(t *testing.T) {
	e := newLoginEnv(t, strings.NewReader(""))
	writeAccounts(t, e)
	if err := runAccounts(e.f, &accountsOptions{SetDefault: "@BOB@b.example"}); err != nil {
		t.Fatal(err)
	}
	if d, _ := e.credentials(t).DefaultAccount(); d.Key != "bob@b.example" {
		t.Errorf("default = %q", d.Key)
	}
	if !strings.Contains(e.out.String(), "bob@b.example\thttps://b.example\ttrue\t") {
		t.Errorf("listing: %q", e.out.String())
	}
}
