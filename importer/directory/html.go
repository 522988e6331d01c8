package directory

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"net/url"

	"github.com/fledge-cli/fledge/importer/export"
	"github.com/fledge-cli/fledge/matcher"
)

var directoryTmpl = template.Must(template.New("directory").Parse(directoryPage))

// htmlData is what the page template sees: plain strings, already worded.
type htmlData struct {
	Title, Count, Generated, ListName string
	Servers                           []htmlServer
	Unmatched                         []htmlUnmatched
	// ListsCSV and FollowingCSV are data: URLs of the import files, so
	// the page alone is enough to import everyone; empty when the list is
	// too long for one import file.
	ListsCSV, FollowingCSV template.URL
}

type htmlServer struct {
	ID, Domain string
	Members    []htmlMember
}

type htmlMember struct {
	Name, Acct, Handle, Profile, Twitter, Status, MovedFrom string
	Also                                                    []string
}

type htmlUnmatched struct {
	Label, Name, Reason string
	Candidates          []string
}

// WriteHTML writes the directory as one self-contained HTML page (see
// directoryPage).
func (d *Directory) WriteHTML(w io.Writer) error {
	data := htmlData{Title: dirOneLine(d.Title), Count: d.countLine(), ListName: dirOneLine(d.ListName)}
	if !d.Generated.IsZero() {
		data.Generated = d.Generated.UTC().Format("2006-01-02")
	}
	for i, s := range d.Servers {
		hs := htmlServer{ID: fmt.Sprintf("server-%d", i+1), Domain: s.Domain}
		for _, m := range s.Members {
			hm := htmlMember{
				Name: dirOneLine(memberName(m)), Acct: "@" + m.Handle, Handle: m.Handle, Profile: m.ProfileURL(),
				Twitter: dirOneLine(twitterLabels(m.Twitter)), Status: htmlStatus(m.Status),
			}
			if m.MovedFrom != "" {
				hm.MovedFrom = "@" + m.MovedFrom
			}
			for _, a := range m.Also {
				hm.Also = append(hm.Also, "@"+a)
			}
			hs.Members = append(hs.Members, hm)
		}
		data.Servers = append(data.Servers, hs)
	}
	for _, u := range d.Unmatched {
		data.Unmatched = append(data.Unmatched, htmlUnmatched{
			Label: dirOneLine(u.Label()), Name: dirOneLine(u.Name), Reason: u.Reason.Explain(), Candidates: u.Candidates,
		})
	}
	if d.Len() > 0 && d.Len() <= export.MaxImportRows {
		var lists, following bytes.Buffer
		if err := d.WriteListsCSV(&lists); err != nil {
			return err
		}
		if err := d.WriteFollowingCSV(&following); err != nil {
			return err
		}
		data.ListsCSV, data.FollowingCSV = csvDataURL(lists.Bytes()), csvDataURL(following.Bytes())
	}
	if err := directoryTmpl.Execute(w, data); err != nil {
		return fmt.Errorf("write directory page: %w", err)
	}
	return nil
}

func htmlStatus(s matcher.Status) string {
	switch s {
	case matcher.StatusConfirmed:
		return "confirmed"
	case matcher.StatusVerified, matcher.StatusMoved:
		return "verified"
	case matcher.StatusBridged:
		return "bridged from Bluesky"
	}
	return "not checked"
}

// csvDataURL percent-encodes a CSV file into a data: URL. It is built
// here, from bytes we wrote, which is why it may bypass html/template's
// URL filter (that filter would refuse every data: URL).
func csvDataURL(b []byte) template.URL {
	return template.URL("data:text/csv;charset=utf-8," + url.PathEscape(string(b)))
}
