package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/internal/config"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

type whoamiOptions struct {
	Account string
}

func newWhoamiCmd(f *factory) *cobra.Command {
	opts := &whoamiOptions{}
	cmd := &cobra.Command{
		Use:   "whoami",
		Short: "Show the account fledge acts as and what its server allows",
		Args:  exactArgs(0, "no arguments"),
		Long: `Show the account fledge acts as, checked against the server, with the
server's software and the limits that shape an import: characters per post,
media per post and their sizes, and whether posts can keep their original
date (backdating) and quote other posts natively.

` + exitStatus(
			exitCase{exitOK, "when the server accepts the token"},
			exitCase{exitAuth, "when the server refuses the token"},
			exitCase{exitNotLoggedIn, "when no account is logged in (then it says how to log in)"}),
		Example: `  fledge whoami
  fledge whoami --account bob@example.social --json`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runWhoami(cmd.Context(), f, opts)
		},
	}
	addAccountFlag(cmd, &opts.Account)
	return cmd
}

type whoamiResult struct {
	Account     string       `json:"account"`
	Server      string       `json:"server"`
	ID          string       `json:"id"`
	DisplayName string       `json:"display_name"`
	Source      string       `json:"source"`
	Software    string       `json:"software"`
	Version     string       `json:"version"`
	APIVersion  int          `json:"api_version,omitempty"`
	Limits      whoamiLimits `json:"limits"`
}

type whoamiLimits struct {
	MaxCharacters      int      `json:"max_characters"`
	CharactersPerURL   int      `json:"characters_per_url"`
	MaxMedia           int      `json:"max_media_attachments"`
	ImageSizeLimit     int64    `json:"image_size_limit"`
	VideoSizeLimit     int64    `json:"video_size_limit"`
	DescriptionLimit   int      `json:"description_limit"`
	SupportedMIMETypes []string `json:"supported_mime_types"`
	Backdating         bool     `json:"backdating"`
	NativeQuotes       bool     `json:"native_quotes"`
}

func runWhoami(ctx context.Context, f *factory, opts *whoamiOptions) error {
	c, ref, err := f.MastodonClient(ctx, opts.Account)
	if err != nil {
		return err
	}
	me, err := c.VerifyCredentials(ctx)
	if err != nil {
		return explainAuth(err, ref)
	}
	prof, err := c.Profile(ctx)
	if err != nil {
		return explainAuth(fmt.Errorf("read what %s allows: %w", hostOf(ref.Server), err), ref)
	}
	key := ref.Key
	if key == "" {
		domain := prof.Domain
		if domain == "" {
			domain = hostOf(ref.Server)
		}
		if key, err = config.AccountKey(me.Username, domain); err != nil {
			return fmt.Errorf("the server describes the account oddly: %w", err)
		}
	}
	l := prof.Limits
	res := whoamiResult{
		Account: key, Server: ref.Server, ID: string(me.ID), DisplayName: me.DisplayName, Source: ref.Origin,
		Software: softwareName(prof), Version: prof.RawVersion, APIVersion: prof.APIVersion,
		Limits: whoamiLimits{
			MaxCharacters: l.MaxCharacters, CharactersPerURL: l.CharactersPerURL, MaxMedia: l.MaxMedia,
			ImageSizeLimit: l.ImageSizeLimit, VideoSizeLimit: l.VideoSizeLimit, DescriptionLimit: l.DescriptionLimit,
			SupportedMIMETypes: orEmpty(l.SupportedMIMETypes), Backdating: prof.CanBackdate, NativeQuotes: prof.NativeQuotes,
		},
	}
	f.printer().Data("whoami", res, whoamiText(res))
	return nil
}

// whoamiText is the text form of r: the account line, then the server's
// software and limits, indented.
func whoamiText(r whoamiResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "@%s on %s", r.Account, r.Server)
	if r.DisplayName != "" {
		fmt.Fprintf(&b, " (%s)", r.DisplayName)
	}
	fmt.Fprintf(&b, "\n  account from:  %s\n", r.Source)
	fmt.Fprintf(&b, "  server:        %s %s", r.Software, r.Version)
	if r.APIVersion > 0 {
		fmt.Fprintf(&b, " (API version %d)", r.APIVersion)
	}
	l := r.Limits
	fmt.Fprintf(&b, "\n  characters:    %d per post (a link counts as %d)\n", l.MaxCharacters, l.CharactersPerURL)
	fmt.Fprintf(&b, "  media:         %d per post; images up to %s, videos up to %s\n", l.MaxMedia, byteSize(l.ImageSizeLimit), byteSize(l.VideoSizeLimit))
	if l.Backdating {
		b.WriteString("  backdating:    yes (imported posts keep their original date)\n")
	} else {
		b.WriteString("  backdating:    no (imported posts get today's date; the original date goes in the text)\n")
	}
	if l.NativeQuotes {
		b.WriteString("  quote posts:   yes\n")
	} else {
		b.WriteString("  quote posts:   no (quotes become links)\n")
	}
	return b.String()
}

func softwareName(p mastodon.ServerProfile) string {
	switch p.Software {
	case mastodon.SoftwareMastodon:
		return "Mastodon"
	case mastodon.SoftwareGoToSocial:
		return "GoToSocial"
	case mastodon.SoftwarePleroma:
		return "Pleroma"
	case mastodon.SoftwareAkkoma:
		return "Akkoma"
	}
	if p.SoftwareName != "" {
		return p.SoftwareName
	}
	return "unknown software"
}

// byteSize prints a size in binary units: 16 MiB, 99 MiB, 512 KiB.
func byteSize(n int64) string {
	switch {
	case n <= 0:
		return "an unknown size"
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
