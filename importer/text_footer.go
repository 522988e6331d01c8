package importer

import (
	"fmt"
	"regexp"
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
		return footer{}, footerError(err)
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
		return "", footerError(err)
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

// footerFields lists what a footer may use, for error messages.
const footerFields = ".Date, .Time, .URL, .ID and .Username"

var (
	templatePos = regexp.MustCompile(`^template: footer:(\d+)(?::\d+)?: `)
	executing   = regexp.MustCompile(`^executing "footer" at <([^>]*)>: `)
	noField     = regexp.MustCompile(`^can't evaluate field (\w+) in type (\S+)$`)
)

// footerErr is a footer template mistake told in the template's words.
type footerErr struct {
	msg string
	err error
}

func (e *footerErr) Error() string { return "footer template: " + e.msg }
func (e *footerErr) Unwrap() error { return e.err }

// footerError says what is wrong with a footer template in the user's
// words: text/template's own messages name Go types (importer.FooterData)
// that mean nothing to someone writing {{.Date}}.
func footerError(err error) error {
	msg := err.Error()
	line := ""
	if m := templatePos.FindStringSubmatch(msg); m != nil {
		line, msg = m[1], msg[len(m[0]):]
	}
	action := ""
	if m := executing.FindStringSubmatch(msg); m != nil {
		action, msg = m[1], msg[len(m[0]):]
	}
	if m := noField.FindStringSubmatch(msg); m != nil {
		if strings.HasSuffix(m[2], "FooterData") {
			msg = fmt.Sprintf("there is no .%s; a footer can use %s", m[1], footerFields)
		} else {
			msg = fmt.Sprintf("the value before .%s has no field %s; a footer can use %s", m[1], m[1], footerFields)
		}
	}
	switch {
	case action != "":
		msg = "{{" + action + "}}: " + msg
	case line != "":
		msg = "line " + line + ": " + msg
	}
	return &footerErr{msg: msg, err: err}
}
