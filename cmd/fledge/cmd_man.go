package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// manDate is fixed so the generated page is reproducible; bump it when the
// command set changes meaningfully.
const manDate = "December 2026"

func newManCmd(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "man",
		Short: "Write fledge's man page (roff) to stdout",
		Long: `Write fledge's man page, in roff, to stdout. It is a page, not data:
--json does not change it.`,
		Args: exactArgs(0, "no arguments"),
		Example: `  fledge man | gzip -9 > fledge.1.gz
  fledge man | man -l -`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return writeManPage(f.IO.Out, cmd.Root())
		},
	}
}

// writeManPage writes one page for the whole tree: every command with its
// flags, then exit status and environment, so `man fledge` answers
// everything without a page per subcommand.
func writeManPage(out io.Writer, root *cobra.Command) error {
	w := bufio.NewWriter(out)
	fmt.Fprintf(w, ".TH FLEDGE 1 %q %q %q\n", manDate, "fledge "+currentBuild().Version, "fledge manual")
	fmt.Fprintf(w, ".SH NAME\nfledge \\- %s\n", roff(root.Short))
	fmt.Fprintf(w, ".SH SYNOPSIS\n.B fledge\n.I command\n[\\fIflags\\fR]\n")
	fmt.Fprintf(w, ".SH DESCRIPTION\n%s\n", roffParagraphs(root.Long))
	fmt.Fprintf(w, ".SH GLOBAL OPTIONS\n")
	writeFlags(w, root.PersistentFlags())
	fmt.Fprintf(w, ".SH COMMANDS\n")
	walkCommands(root, func(c *cobra.Command) {
		fmt.Fprintf(w, ".SS %s\n", roff(strings.TrimPrefix(c.UseLine(), "")))
		text := c.Long
		if text == "" {
			text = c.Short
		}
		// The page has its own EXIT CODES section; the line each
		// command's help ends with would only repeat it.
		text = strings.TrimSuffix(strings.TrimSpace(text), exitCodesFooter())
		fmt.Fprintf(w, "%s\n", roffParagraphs(text))
		if c.Example != "" {
			fmt.Fprintf(w, ".PP\nExamples:\n.PP\n.nf\n.RS 4\n%s\n.RE\n.fi\n", roff(c.Example))
		}
		writeFlags(w, c.NonInheritedFlags())
	})
	for _, t := range helpTopics() {
		fmt.Fprintf(w, ".SH %s\n.nf\n%s\n.fi\n", strings.ToUpper(strings.ReplaceAll(t.Name(), "-", " ")), roff(t.Long))
	}
	fmt.Fprintf(w, ".SH SEE ALSO\nfledge help \\fIcommand\\fR, https://github.com/fledge-cli/fledge\n")
	return w.Flush()
}

// walkCommands visits every available command below root, depth first, in
// the order of the help (a move's order; see newRootCmd).
func walkCommands(c *cobra.Command, fn func(*cobra.Command)) {
	for _, sub := range c.Commands() {
		if !sub.IsAvailableCommand() || sub.Name() == "help" {
			continue
		}
		if sub.Runnable() {
			fn(sub)
		}
		walkCommands(sub, fn)
	}
}

func writeFlags(w io.Writer, fs *pflag.FlagSet) {
	fs.VisitAll(func(fl *pflag.Flag) {
		if fl.Hidden || fl.Name == "help" {
			return
		}
		name, usage := pflag.UnquoteUsage(fl)
		head := "\\fB--" + fl.Name + "\\fR"
		if fl.Shorthand != "" {
			head = "\\fB-" + fl.Shorthand + "\\fR, " + head
		}
		if name != "" {
			head += " \\fI" + name + "\\fR"
		}
		fmt.Fprintf(w, ".TP\n%s\n%s\n", head, roff(usage))
	})
}

// roff escapes text so roff prints it literally.
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	var b strings.Builder
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		// A line starting with . or ' would be read as a request.
		if strings.HasPrefix(line, ".") || strings.HasPrefix(line, "'") {
			b.WriteString(`\&`)
		}
		b.WriteString(line)
	}
	return b.String()
}

func roffParagraphs(s string) string {
	return strings.ReplaceAll(roff(strings.TrimSpace(s)), "\n\n", "\n.PP\n")
}
