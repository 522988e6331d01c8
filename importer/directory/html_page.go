package directory

// directoryPage is the HTML directory: one file, inline CSS, no external
// assets. It works without scripts (each Follow link opens the profile on
// the member's server, which offers a Follow button); the small inline
// script only lets the reader name their own server so the links go to
// its authorize_interaction page instead. Every value is inserted by
// html/template, which escapes it for its context. The script's host()
// accepts "example.social", "https://example.social/" or a whole handle
// "@me@example.social", and nothing that is not a host name, so a reader
// cannot be talked into a javascript: link. (Comments inside the script
// would be stripped by html/template, hence here.)
const directoryPage = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="fledge">
<title>{{.Title}}</title>
<style>
:root{color-scheme:light dark;--fg:#1b1b1f;--bg:#fdfdfd;--muted:#55555f;--line:#d4d4dc;--accent:#4b3cc9;--accent-fg:#fff}
@media (prefers-color-scheme:dark){:root{--fg:#ececf1;--bg:#17171c;--muted:#b0b0bc;--line:#3a3a45;--accent:#a99cff;--accent-fg:#17171c}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:50rem;padding:1rem 1.25rem 3rem;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:1.8rem;margin:.5rem 0}
h2{font-size:1.3rem;margin:2rem 0 .5rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.muted,.count{color:var(--muted)}
.skip{position:absolute;left:-999rem}
.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}
form{margin:1rem 0;padding:.75rem 1rem;border:1px solid var(--line);border-radius:.5rem}
label{font-weight:600;margin-right:.5rem}
input{font:inherit;padding:.3rem .5rem;min-width:14rem;color:inherit;background:transparent;border:1px solid var(--muted);border-radius:.3rem}
button,.follow{font:inherit;display:inline-block;padding:.25rem .8rem;border-radius:.3rem;border:0;background:var(--accent);color:var(--accent-fg);text-decoration:none;cursor:pointer}
nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
ul.members{list-style:none;padding:0;margin:0}
ul.members li{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25rem .75rem;padding:.6rem 0;border-bottom:1px solid var(--line)}
.who{flex:1 1 18rem;min-width:0}
.name{font-weight:600}
.acct{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.meta{display:block;font-size:.9rem;color:var(--muted)}
code{overflow-wrap:anywhere}
</style>
</head>
<body>
<a class="skip" href="#directory">Skip to the directory</a>
<header>
<h1>{{.Title}}</h1>
<p class="count">{{.Count}}{{if .Generated}} Generated {{.Generated}}.{{end}}</p>
</header>
<main id="directory">
{{- if .Servers}}
<section aria-labelledby="everyone">
<h2 id="everyone">Follow everyone at once</h2>
<p>On Mastodon, open Preferences › Import and export › Import, and upload
{{if .ListsCSV}}<a href="{{.ListsCSV}}" download="lists.csv">lists.csv</a>{{else}}<code>lists.csv</code>{{end}} as <em>Lists</em>
(it follows everyone and puts them on the list “{{.ListName}}”), or
{{if .FollowingCSV}}<a href="{{.FollowingCSV}}" download="following.csv">following.csv</a>{{else}}<code>following.csv</code>{{end}} as <em>Following list</em>.</p>
</section>
<form id="home" hidden>
<label for="server">Your server</label>
<input id="server" name="server" type="text" inputmode="url" autocomplete="off" spellcheck="false" placeholder="mastodon.social" aria-describedby="home-help">
<button type="submit">Use my server</button>
<p id="home-help" class="muted">The Follow buttons will open on your server, where one click follows.</p>
<p id="home-status" role="status" aria-live="polite"></p>
</form>
<noscript><p>Each Follow link opens the person’s profile on their server, where Mastodon offers a Follow button that asks for your server.</p></noscript>
<nav aria-label="Servers">
<h2>Servers</h2>
<ul>
{{- range .Servers}}
<li><a href="#{{.ID}}">{{.Domain}}</a> <span class="count">({{len .Members}})</span></li>
{{- end}}
</ul>
</nav>
{{- range .Servers}}
<section aria-labelledby="{{.ID}}">
<h2 id="{{.ID}}">{{.Domain}} <span class="count">({{len .Members}})</span></h2>
<ul class="members">
{{- range .Members}}
<li>
<span class="who">{{if .Name}}<span class="name">{{.Name}}</span> {{end}}<span class="acct">{{.Acct}}</span>
<span class="meta">{{if .Twitter}}Twitter {{.Twitter}} · {{end}}{{.Status}}{{if .MovedFrom}} · moved from <span class="acct">{{.MovedFrom}}</span>{{end}}{{if .Also}} · also {{range $i, $a := .Also}}{{if $i}}, {{end}}<span class="acct">{{$a}}</span>{{end}}{{end}}</span></span>
<a class="follow" href="{{.Profile}}" data-acct="{{.Handle}}" aria-label="Follow {{.Acct}}">Follow</a>
</li>
{{- end}}
</ul>
</section>
{{- end}}
{{- else}}
<p>Nobody has been found on the fediverse yet.</p>
{{- end}}
{{- if .Unmatched}}
<section aria-labelledby="missing">
<h2 id="missing">Not found yet <span class="count">({{len .Unmatched}})</span></h2>
<p>Ask them to put their fediverse handle in their Twitter bio, or to send it to the organizer.</p>
<ul>
{{- range .Unmatched}}
<li>{{.Label}}{{if .Name}} ({{.Name}}){{end}}: {{.Reason}}{{range $i, $c := .Candidates}}{{if $i}},{{else}};{{end}} <code>{{$c}}</code>{{end}}</li>
{{- end}}
</ul>
</section>
{{- end}}
</main>
{{- if .Servers}}
<script>
(function () {
  "use strict";
  var form = document.getElementById("home");
  var input = document.getElementById("server");
  var status = document.getElementById("home-status");
  var key = "fledge-directory-server";
  form.hidden = false;
  function host(v) {
    v = String(v || "").trim().toLowerCase();
    v = v.replace(/^https?:\/\//, "").replace(/\/.*$/, "");
    var at = v.lastIndexOf("@");
    if (at >= 0) { v = v.slice(at + 1); }
    return /^[a-z0-9-]+(\.[a-z0-9-]+)+(:[0-9]{1,5})?$/.test(v) ? v : "";
  }
  function apply(h) {
    var links = document.querySelectorAll("a.follow");
    for (var i = 0; i < links.length; i++) {
      var a = links[i];
      if (!a.dataset.profile) { a.dataset.profile = a.getAttribute("href"); }
      a.setAttribute("href", h ? "https://" + h + "/authorize_interaction?uri=" + encodeURIComponent(a.dataset.acct) : a.dataset.profile);
    }
    status.textContent = h ? "Follow links now open on " + h + "." : "Follow links open each profile.";
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var h = host(input.value);
    if (!h && input.value.trim() !== "") {
      status.textContent = "That does not look like a server name, for example mastodon.social.";
      return;
    }
    try { window.localStorage.setItem(key, h); } catch (e) {}
    apply(h);
  });
  var saved = "";
  try { saved = new URLSearchParams(window.location.search).get("server") || window.localStorage.getItem(key) || ""; } catch (e) {}
  saved = host(saved);
  if (saved) { input.value = saved; apply(saved); }
})();
</script>
{{- end}}
</body>
</html>
`
