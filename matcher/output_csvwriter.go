package matcher

import (
	"fmt"
	"io"
)

// MastodonCSVWriter is a ResultWriter for the csv format: it collects the
// handles as matches stream in and writes the export on Close, because
// de-duplication and splitting need the whole list.
type MastodonCSVWriter struct {
	CSV   *MastodonCSV
	flush func(*MastodonCSV) ([]string, error)
	files []string
}

// NewMastodonCSVStream writes the export to one stream (stdout). Close
// fails with ErrTooManyRows past the importer's row limit, since a stream
// cannot be split.
func NewMastodonCSVStream(w io.Writer) *MastodonCSVWriter {
	return &MastodonCSVWriter{CSV: NewMastodonCSV(), flush: func(c *MastodonCSV) ([]string, error) {
		if c.Len() > MastodonImportMaxRows {
			return nil, fmt.Errorf("%d rows: %w (limit %d); write to a file with -o so it can be split",
				c.Len(), ErrTooManyRows, MastodonImportMaxRows)
		}
		if _, err := c.WriteTo(w); err != nil {
			return nil, fmt.Errorf("write csv: %w", err)
		}
		return nil, nil
	}}
}

// NewMastodonCSVFiles writes the export to path, split as
// MastodonCSV.WriteFiles does.
func NewMastodonCSVFiles(path string, create func(name string) (io.WriteCloser, error)) *MastodonCSVWriter {
	return &MastodonCSVWriter{CSV: NewMastodonCSV(), flush: func(c *MastodonCSV) ([]string, error) {
		return c.WriteFiles(path, create)
	}}
}

// Write implements ResultWriter.
func (m *MastodonCSVWriter) Write(x Match) error {
	_, err := m.CSV.Add(x)
	return err
}

// Close implements ResultWriter. The follow-limit warning is not an error
// here; ask CSV.Warning() after Close.
func (m *MastodonCSVWriter) Close() error {
	files, err := m.flush(m.CSV)
	m.files = files
	return err
}

// Files lists the files Close wrote (none for a stream).
func (m *MastodonCSVWriter) Files() []string { return m.files }
