package main

import (
	"github.com/spf13/cobra"
)

// helpTopics are help-only commands: `fledge help exit-codes` and friends.
func helpTopics() []*cobra.Command {
	topics := []struct{ name, short, long string }{
		{"exit-codes", "What fledge's exit codes mean", exitCodesHelp},
		{"environment", "Environment variables fledge reads", environmentHelp},
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

const exitCodesHelp = `fledge exits with one of these codes. Scripts may depend on them.

  0    everything asked for was done
  1    an error stopped the command (the message says what to do)
  2    the command was called wrongly: unknown flag, missing argument
  3    partial success: some work failed or is left for a later run
       (run the same command again to continue)
  4    authentication failed: the server refused the token
       (run 'fledge login' again)
  130  interrupted by Ctrl-C or SIGTERM; work in progress was saved, and the
       same command continues where it stopped`

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
  NO_COLOR                set to anything to turn colour off
  SOURCE_DATE_EPOCH       the "generated" date 'fledge directory' writes, in
                          seconds since 1970 (for reproducible pages)
  XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_CACHE_HOME
                          the usual XDG base directories`
