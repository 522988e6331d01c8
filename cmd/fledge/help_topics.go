package main

import (
	"github.com/spf13/cobra"
)

// helpTopics are help-only commands: `fledge help exit-codes` and friends.
func helpTopics() []*cobra.Command {
	topics := []struct{ name, short, long string }{
		{"exit-codes", "What fledge's exit codes mean", exitCodesHelp()},
		{"environment", "Environment variables fledge reads", environmentHelp},
		{"files", "Where fledge keeps its configuration, credentials, journals and caches", filesHelp},
		{"capture", "How to give fledge profiles: a capture from your browser (HAR)", captureHelp},
	}
	var cmds []*cobra.Command
	for _, t := range topics {
		long := t.long
		cmds = append(cmds, &cobra.Command{
			Use:   t.name,
			Short: t.short,
			Long:  long,
			// No Run: cobra lists it under "Additional help topics" and
			// `fledge help <topic>` prints Long.
		})
	}
	return cmds
}

const environmentHelp = `Environment variables (a flag wins over the variable, the variable over the
config file):

  FLEDGE_CONFIG_DIR       directory for config.yaml and credentials.yaml
                          (default $XDG_CONFIG_HOME/fledge)
  FLEDGE_STATE_DIR        directory for journals (default $XDG_STATE_HOME/fledge)
  FLEDGE_CACHE_DIR        directory for caches (default the user cache dir + /fledge)
  FLEDGE_ACCOUNT          the account (user@domain) to act as, like --account
  FLEDGE_SERVER           the server for 'fledge login'; with FLEDGE_TOKEN, the
                          server of an account that is not stored
  FLEDGE_TOKEN            an access token to act with (needs FLEDGE_SERVER);
                          beats config.yaml and the default account
  FLEDGE_OPEN_BROWSER     false stops 'fledge login' from opening a browser
                          (config.yaml: open_browser)
  FLEDGE_RETRIES          how often a failed request is retried, 1 to 20
                          (default 5; config.yaml: retries)
  FLEDGE_TWITTER_BEARER_TOKEN
                          app-only bearer token for the Twitter API, used by
                          'fledge match' to fetch profiles (config.yaml:
                          twitter_bearer_token; never printed)
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY
                          the usual proxy settings, for every server fledge
                          talks to; a handle's host from a bio is still
                          checked for private addresses before it is handed
                          to the proxy, but only with your own DNS: what the
                          proxy resolves a name to cannot be seen
  FLEDGE_PROXY_NAMES      behind a proxy, what to do with a handle's host
                          that does not resolve here: refuse (the default:
                          the proxy might resolve it to a private address)
                          or trust (if your proxy cannot reach private
                          addresses); in a proxy-only network with no DNS of
                          its own, refuse stops every handle (like
                          --proxy-names)
  SSL_CERT_FILE, SSL_CERT_DIR
                          extra trusted certificates (a TLS-inspecting proxy)
  CI                      when set, never open a browser
  DISPLAY, WAYLAND_DISPLAY
                          without either (on Linux and the BSDs), 'fledge
                          login' prints the address and opens no browser
  TERM                    dumb turns colour and progress bars off
  NO_COLOR                set to anything to turn colour off
  SOURCE_DATE_EPOCH       the "generated" date 'fledge directory' writes, in
                          seconds since 1970 (for reproducible pages)
  XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_CACHE_HOME
                          the usual XDG base directories`

const filesHelp = `fledge keeps its files in three directories, each movable with a variable
(see 'fledge help environment'):

Configuration: FLEDGE_CONFIG_DIR, else $XDG_CONFIG_HOME/fledge, else
~/.config/fledge
  config.yaml        preferences (account, open_browser, retries,
                     twitter_bearer_token, import_footer); optional; keep
                     it private (chmod 600) if it holds a token
  credentials.yaml   the accounts you logged in to, with their access
                     tokens, and fledge's app registration on each server;
                     mode 0600, private to you: fledge makes a looser file
                     private again and warns. 'fledge logout' revokes a
                     token and removes its account

State: FLEDGE_STATE_DIR, else $XDG_STATE_HOME/fledge, else
~/.local/state/fledge (one folder per account, USER@DOMAIN, mode 0700)
  USER@DOMAIN/JOB.jsonl    the journal of one job (follow, import, undo,
                           profile, ...), mode 0600: what was done, so the
                           same command continues where it stopped and
                           never repeats a post; 'fledge status' reads them
  USER@DOMAIN/JOB.lock     held while a fledge process runs the job
  USER@DOMAIN/migrate-*.json, USER@DOMAIN/migrate/
                           the progress and matches of 'fledge migrate'
  Deleting the state forgets what was done: a later import would post
  again.

Caches: FLEDGE_CACHE_DIR, else the user cache directory + /fledge
($XDG_CACHE_HOME/fledge or ~/.cache/fledge on Linux, ~/Library/Caches/fledge
on macOS, %LocalAppData%\fledge on Windows)
  webfinger/          what fediverse servers answered about handles
  twitter-profiles/   profiles fetched from the Twitter API
  Caches may be deleted at any time; fledge fetches again what it needs.`

const captureHelp = `A Twitter archive lists the accounts you follow by id only, so fledge needs
their profiles (name, bio, links) to find their fediverse handles. Your
browser has them: x.com loads every profile as you scroll the list, and the
browser's network panel can save that traffic as a HAR file. Two minutes:

1. Log in to x.com and open the list: x.com/<you>/following (or
   x.com/<you>/followers; a list's members: x.com/i/lists/<id>/members;
   blocked: x.com/settings/blocked/all; muted: x.com/settings/muted/all).

2. Open the network panel and keep its log:
   Chrome, Edge  F12 (Cmd+Option+I on a Mac) opens DevTools; the Network
                 tab; tick "Preserve log".
   Firefox       F12 (Cmd+Option+I on a Mac); the Network tab (Network
                 Monitor); gear menu › "Persist Logs".
   Safari        Settings › Advanced › "Show features for web developers"
                 (older: "Show Develop menu in menu bar"); Develop › Show
                 Web Inspector (Cmd+Option+I); the Network tab; tick
                 "Preserve Log".

3. Reload the page, then scroll slowly to the very end of the list (until no
   more accounts load). Every account you scrolled past is in the capture.

4. Save the capture:
   Chrome, Edge  the download arrow in the Network toolbar:
                 "Export HAR (sanitized)…" (older versions: right-click a
                 request › "Save all as HAR with content").
   Firefox       gear menu (or right-click a request) › "Save All As HAR".
   Safari        the "Export" button in the Network tab.
   Save it as following.har.

5. Match with it (the flag may be given several times, one per capture):
     fledge match twitter-archive.zip --profiles following.har
     fledge migrate twitter-archive.zip --profiles following.har
     fledge match --kind followers twitter-archive.zip --profiles followers.har
   fledge says how many accounts had profile data; for those that did not,
   capture again and scroll further. A capture of your own page, x.com/<you>,
   gives fledge profile the targets of your bio's and website's t.co links:
     fledge profile twitter-archive.zip --profiles me.har

6. DELETE THE HAR FILE when you are done: it holds your x.com session (cookies
   and tokens) and would let anyone who gets it act as you. fledge reads only
   the response bodies and never stores, logs or prints the rest.

With a Twitter API bearer token (a paid developer account), fledge fetches
the profiles itself: put the token in FLEDGE_TWITTER_BEARER_TOKEN or
twitter_bearer_token in config.yaml (chmod 600), and pick the API with
--twitter-api v2|v1. Answers are cached, so running again spends no quota.
Profiles saved as JSON lines (v1.1 or v2 user objects) or CSV
(id,screen_name,name,description,location,url) also work with --profiles.`
