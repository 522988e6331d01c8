package config

import (
	"strings"
	"testing"
)

func TestResolvePrecedence(t *testing.T) {
	fileVal := "file@example.org"
	tests := []struct {
		name       string
		flagSet    bool
		env        string
		file       *string
		want       string
		wantSource Source
		wantOrigin string
	}{
		{"default only", false, "", nil, "", FromDefault, "default"},
		{"file beats default", false, "", &fileVal, fileVal, FromFile, "config.yaml:2:10"},
		{"env beats file", false, "env@example.org", &fileVal, "env@example.org", FromEnv, "FLEDGE_ACCOUNT"},
		{"flag beats env and file", true, "env@example.org", &fileVal, "flag@example.org", FromFlag, "--account"},
		{"empty env counts as unset", false, "", &fileVal, fileVal, FromFile, "config.yaml:2:10"},
		{"flag set to empty still wins", true, "env@example.org", nil, "flag@example.org", FromFlag, "--account"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string {
				if k == "FLEDGE_ACCOUNT" {
					return tt.env
				}
				return ""
			}
			got, err := Resolve(getenv, Setting[string]{
				Flag: "account", FlagSet: tt.flagSet, FlagValue: "flag@example.org",
				Env: "FLEDGE_ACCOUNT", Parse: ParseString,
				File: tt.file, FileOrigin: "config.yaml:2:10",
			})
			if err != nil {
				t.Fatal(err)
			}
			if got.Value != tt.want || got.Source != tt.wantSource || got.Origin != tt.wantOrigin {
				t.Errorf("got %+v, want %q from %s (%s)", got, tt.want, tt.wantSource, tt.wantOrigin)
			}
		})
	}
}

func TestResolveBadEnvNamesVariable(t *testing.T) {
	f := false
	_, err := Resolve(func(string) string { return "perhaps" }, Setting[bool]{
		Flag: "browser", Env: "FLEDGE_OPEN_BROWSER", Parse: ParseBool, File: &f, Default: true,
	})
	if err == nil || !strings.Contains(err.Error(), "FLEDGE_OPEN_BROWSER") || !strings.Contains(err.Error(), `"perhaps"`) {
		t.Fatalf("err = %v, want it to name the variable and the value", err)
	}
}

func TestParseBool(t *testing.T) {
	for in, want := range map[string]bool{"1": true, "TRUE": true, "yes": true, " on ": true,
		"0": false, "false": false, "No": false, "off": false} {
		got, err := ParseBool(in)
		if err != nil || got != want {
			t.Errorf("ParseBool(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "2", "yep", "truee"} {
		if _, err := ParseBool(in); err == nil {
			t.Errorf("ParseBool(%q) succeeded", in)
		}
	}
}

func TestParseRetries(t *testing.T) {
	if n, err := ParseRetries(" 7 "); err != nil || n != 7 {
		t.Errorf("ParseRetries(7) = %d, %v", n, err)
	}
	for _, in := range []string{"0", "21", "-1", "two", "1.5", ""} {
		if _, err := ParseRetries(in); err == nil {
			t.Errorf("ParseRetries(%q) succeeded", in)
		}
	}
}
