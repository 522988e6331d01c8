package importer

import (
	"strings"
	"testing"
)

// Footer template mistakes are told in the words of the template, never
// with Go type names.
func TestFooterErrorsSayNoGoTypes(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"{{.Foo}}", "footer template: {{.Foo}}: there is no .Foo; a footer can use .Date, .Time, .URL, .ID and .Username"},
		{"{{.Date.Foo}}", "footer template: {{.Date.Foo}}: the value before .Foo has no field Foo; a footer can use .Date, .Time, .URL, .ID and .Username"},
		{"{{.Date", "footer template: line 1: unclosed action"},
		{"{{nope .Date}}", `footer template: line 1: function "nope" not defined`},
	}
	for _, tt := range tests {
		_, err := parseFooter(tt.src)
		if err == nil {
			t.Fatalf("%q: no error", tt.src)
		}
		if err.Error() != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, err, tt.want)
		}
		for _, bad := range []string{"importer.", "FooterData", "in type", "executing"} {
			if strings.Contains(err.Error(), bad) {
				t.Errorf("%q: error %q names %q", tt.src, err, bad)
			}
		}
	}
	if _, err := parseFooter(`{{.Date}} {{.Time.Format "2006"}} {{.URL}} {{.ID}} {{.Username}}`); err != nil {
		t.Errorf("every documented field: %v", err)
	}
}
