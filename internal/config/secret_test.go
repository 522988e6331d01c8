package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

const testToken = "tok-SeCrEt-1234567890"

func TestSecretNeverPrints(t *testing.T) {
	s := Secret(testToken)
	type holder struct {
		Token Secret `json:"token" yaml:"token"`
		Ptr   *Secret
	}
	h := holder{Token: s, Ptr: &s}
	var outputs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10s", "%-5v", "%T"} {
		outputs = append(outputs, fmt.Sprintf(verb, s), fmt.Sprintf(verb, h), fmt.Sprintf(verb, []Secret{s}))
	}
	outputs = append(outputs, fmt.Sprint(s), fmt.Sprintln(h), s.String(), s.GoString(),
		fmt.Errorf("wrapped: %w", errors.New(fmt.Sprint(s))).Error())

	j, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	outputs = append(outputs, string(j))

	y, err := yaml.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	outputs = append(outputs, string(y))

	var logBuf bytes.Buffer
	slog.New(slog.NewTextHandler(&logBuf, nil)).Info("x", "token", s, "h", h)
	slog.New(slog.NewJSONHandler(&logBuf, nil)).Info("x", "token", s, "h", h)
	outputs = append(outputs, logBuf.String())

	for _, out := range outputs {
		if strings.Contains(out, testToken) || strings.Contains(out, fmt.Sprintf("%x", testToken)) {
			t.Errorf("secret leaked: %s", out)
		}
	}
	if !strings.Contains(string(j), `"[REDACTED]"`) {
		t.Errorf("JSON = %s, want the redaction marker", j)
	}
	if s.Reveal() != testToken {
		t.Errorf("Reveal() = %q", s.Reveal())
	}
}

func TestEmptySecretPrintsEmpty(t *testing.T) {
	var s Secret
	if got := fmt.Sprint(s); got != "" {
		t.Errorf("Sprint = %q", got)
	}
	if !s.IsZero() {
		t.Error("IsZero = false")
	}
}
