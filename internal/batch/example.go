package batch

// Example is the commented migration file `fledge run --example` prints.
// A test parses it, so it stays valid.
const Example = `# fledge migration file: fledge run migration.yaml
# Check it without running anything: fledge run --check migration.yaml
version: 1

# defaults are merged into every account; an account's own keys win.
defaults:
  # Steps run in this order (fledge migrate's), whatever order they are
  # listed in:
  #   match    find the fediverse handles of the accounts you followed
  #   follow   follow them (400 a day), into a list if you like
  #   profile  copy name, bio, avatar, header and a Twitter: field
  #   import   repost your tweets (300 posts per 3 hours)
  steps: [match, follow, profile, import]
  # The server of accounts whose token comes from token_env.
  server: https://example.social
  profile:
    yes: true              # a batch never asks; this says "go ahead"
    no_header: false       # also copy the header picture
  match:
    # Twitter profiles you saved (JSON lines or CSV); offline: true would
    # skip checking the handles over the network.
    profiles: [./profiles/following.jsonl]
    offline: false
    # proxy_names: trust   # behind HTTPS_PROXY in a proxy-only network
  follow:
    reblogs: true          # show their boosts
    notify: false          # no notification for each of their posts
    # languages: [en, de]  # only their posts in these languages
  import:
    visibility: unlisted   # public, unlisted or private
    backdate: auto         # keep the dates where the server can (GoToSocial)
    mentions: plain        # or fediverse: link matched handles (notifies them)
    # footer: "Originally posted {{.Date}}: {{.URL}}"
    # max: 100             # at most 100 posts per run (fledge run --max)

accounts:
  - name: alice                          # label in output and file names
    archive: ./archives/alice.zip        # relative to this file
    token_env: ALICE_TOKEN               # the variable holding the token
    steps: [match, follow, import]       # replaces defaults.steps
    # Twitter profiles for the profile and match steps: a browser capture
    # of x.com/alice/following (see: fledge help capture), JSON lines or
    # CSV; one file or a list. A step's own profiles key wins.
    profiles: ./alice-following.har
    follow: {list: From Twitter, reblogs: true}
    import: {since: 2015-01-01, include: [replies]}

  - name: bob
    archive: ./archives/bob.zip
    account: bob@example.social          # stored by: fledge login
    import:
      yes: true    # bob has followers: post anyway (a batch never asks)
      until: 2023-07-01
`
