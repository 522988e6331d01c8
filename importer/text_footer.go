package importer

import (
	"fmt"
	"strings"
	"text/template"
	"time"
)

// DefaultFooter is the footer template used on servers that cannot
// backdate: the post carries the original date and a link to the tweet.
const DefaultFooter = `Originally on Twitter, {{.Date}}: {{.URL}}`

// FooterData is what a footer template can use.
type FooterData struct {
	Date     string    // the tweet's date, 2006-01-02 (UTC)
	Time     time.Time // the tweet's time, for custom layouts ({{.Time.Format "…"}})
	URL      string    // the original tweet's address
	ID       string    // the tweet id
	Username string    // the archive owner's screen name ("" if unknown)
}

// footer renders one footer; a nil template gives none.
type footer struct {
	tmpl *template.Template
}

// parseFooter compiles a footer template. The empty string means no footer.
func parseFooter(src string) (footer, error) {
	if strings.TrimSpace(src) == "" {
		return footer{}, nil
	}
	t, err := template.New("footer").Option("missingkey=error").Parse(src)
	if err != nil {
		return footer{}, fmt.Errorf("footer template: %w", err)
	}
	// Render once with sample data so a template calling a missing field
	// fails at the start, not in the middle of planning.
	if _, err := (footer{t}).render(FooterData{Date: "2006-01-02", Time: time.Unix(0, 0), URL: "https://twitter.com/i/web/status/1", ID: "1"}); err != nil {
		return footer{}, err
	}
	return footer{t}, nil
}

func (f footer) render(d FooterData) (string, error) {
	if f.tmpl == nil {
		return "", nil
	}
	var b strings.Builder
	if err := f.tmpl.Execute(&b, d); err != nil {
		return "", fmt.Errorf("footer template: %w", err)
	}
	return strings.TrimSpace(b.String()), nil
}

// tweetURL is the public address of a tweet. Without a screen name the
// /i/web/ form still resolves.
func tweetURL(username, id string) string {
	if username == "" {
		return "https://twitter.com/i/web/status/" + id
	}
	return "https://twitter.com/" + username + "/status/" + id
}
