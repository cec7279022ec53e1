#!/usr/bin/env bash
# The explorer web page as a person sees it: a 4-node testnet, a customer onboarded and a
# purchase order issued and accepted with the wallet, then headless Chromium loads the
# page from a node and the rendered DOM must show the blocks, the txs and the document
# (with a hostile string shown as text, not markup). Saves screenshots to
# ${TFL_SCREENSHOT_DIR:-<work dir>} (the work dir is deleted at the end unless KEEP_WORK=1).
# Usage: explorer_page.sh TFNODE TFWALLET
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7460
source "$(dirname "$0")/lib/cluster.bash"

# Debian's chromium, installed when missing (as scripts/setup installs packages).
if ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed"; then
  echo "installing chromium"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends chromium; } >"$WORK/apt.log" 2>&1 ||
    fail "could not install chromium: $(tail -n 3 "$WORK/apt.log")"
fi

# browser OUTPUT_FLAG… URL: one headless page load, bounded in time, loopback only.
browser() {
  local profile; profile="$(mktemp -d "$WORK/chromium.XXXXXX")"
  timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
    --user-data-dir="$profile" --virtual-time-budget=5000 --window-size=1400,1000 --hide-scrollbars \
    "$@" 2>>"$WORK/chromium.log"
}
dom_of() { browser --dump-dom "$1" >"$WORK/dom.html" || fail "chromium could not load $1"; }
expect_dom() {  # expect_dom WHAT PATTERN: the last DOM holds PATTERN (grep -E)
  grep -Eq -- "$2" "$WORK/dom.html" || fail "$1: no /$2/ in the page; got: $(sed 's/<[^>]*>/ /g' "$WORK/dom.html" | tr -s ' ' | head -c 600)"
}
refuse_dom() {
  if grep -Eq -- "$2" "$WORK/dom.html"; then fail "$1: /$2/ is in the page"; fi
}

make_testnet 4
for i in 1 2 3 4; do start_node "$i"; done
import_keys
U="$(url_of 1)"

# The page and its assets, with their headers.
headers="$(curl -sf -D - -o "$WORK/index.html" "$U/")" || fail "GET / failed"
grep -qi '^content-type: text/html' <<<"$headers" || fail "GET /: not text/html: $headers"
grep -qi "^content-security-policy: default-src 'self'" <<<"$headers" || fail "GET /: no strict CSP: $headers"
grep -qi '^cache-control: no-cache' <<<"$headers" || fail "GET /: no Cache-Control: no-cache"
grep -q '/explorer/app.js' "$WORK/index.html" || fail "GET /: the page does not load app.js"
curl -sf -o /dev/null -w '%{content_type}' "$U/explorer/app.js" | grep -q javascript || fail "app.js is not served as JavaScript"
curl -sf -o /dev/null -w '%{content_type}' "$U/explorer/style.css" | grep -q text/css || fail "style.css is not served as CSS"
curl -sf -o /dev/null "$(url_of 4)/" || fail "node4 does not serve the page"
if grep -Eq 'https?://' "$WORK/index.html"; then fail "the page refers to an outside address"; fi
pass "GET / and the assets, with a strict CSP, on every node"

# A customer onboarded, and a purchase order issued to it and accepted.
today="$(date -u +%F)"
pub="$(wallet 1 --json key new acme-it --id acme-it --role corporate | jq -r .public_key)"
wallet 1 participant register --key bank1 --id acme-it --name 'Acme <b>IT</b> & Co' --role corporate \
  --pubkey "$pub" --credit-limit 100000.00 --currency USD >/dev/null || fail "participant register"
wallet 1 doc issue --key corp1 --type purchase_order --id PO-IT-1 --number PO-IT-1 --issue-date "$today" \
  --buyer corp1 --seller acme-it --currency USD --amount 50000.00 \
  --field 'note=<img src=x onerror=alert(1)><script>alert(2)</script>' >/dev/null || fail "doc issue"
wallet 1 doc accept --key acme-it --id PO-IT-1 >/dev/null || fail "doc accept"
height="$(height_of 1)"
[ "$height" -ge 3 ] || fail "expected 3 blocks, at height $height"

# The dashboard: chain, validators, recent blocks and their txs.
dom_of "$U/#/"
expect_dom "dashboard" 'class="stats"'
expect_dom "dashboard chain id" 'tfledger-testnet'
expect_dom "dashboard head" "href=\"#/block/$height\""
expect_dom "dashboard recent blocks" 'href="#/block/1"'
expect_dom "dashboard txs" 'participant\.register'
expect_dom "dashboard txs" 'doc\.accept'
expect_dom "dashboard validators" 'node4'
refuse_dom "dashboard" 'did not answer'
pass "dashboard shows height $height, the blocks and their txs"

# The document: key fields, status, amount with its minor digits, lifecycle; the
# hostile note rendered as text.
dom_of "$U/#/doc/PO-IT-1"
expect_dom "document" '<title>Document PO-IT-1'
expect_dom "document status" 'badge-ok">accepted<'
expect_dom "document amount" '50,000\.00'
expect_dom "document parties" 'href="#/party/acme-it"'
expect_dom "document timeline" 'class="timeline"'
expect_dom "document note as text" '&lt;script&gt;alert\(2\)&lt;/script&gt;'
refuse_dom "document note as markup" '<script>alert|<img src="?x'
pass "document PO-IT-1 with status, amount, parties and lifecycle; no markup injected"

# The explorer lists blocks without their txs: the same blocks, results and headers.
full="$(curl -sf "$U/api/v1/blocks?limit=5")"; summary="$(curl -sf "$U/api/v1/blocks?limit=5&view=summary")"
jq -e --argjson f "$full" '(.blocks | length) == ($f.blocks | length) and all(.blocks[]; has("txs") | not)
  and ([.blocks[] | {hash, header, results, last_commit}] == [$f.blocks[] | {hash, header, results, last_commit}])
  and all($f.blocks[]; (.txs | length) == (.results | length))' <<<"$summary" >/dev/null \
  || fail "view=summary is not the full listing without txs: $(head -c 400 <<<"$summary")"
pass "blocks listed without their txs (view=summary), as the explorer asks"

# Search: a document id, a height, a tx id.
dom_of "$U/#/search/PO-IT-1"
expect_dom "search by document id" '<title>Document PO-IT-1'
dom_of "$U/#/search/2"
expect_dom "search by height" '<title>Block 2 '
tx="$(curl -sf "$U/api/v1/blocks/$height" | jq -r '.results[0].id')"
dom_of "$U/#/search/$tx"
expect_dom "search by tx id" 'doc\.accept'
dom_of "$U/#/party/acme-it"
expect_dom "participant" 'Acme &lt;b&gt;IT&lt;/b&gt; &amp; Co'
expect_dom "participant documents" 'href="#/doc/PO-IT-1"'
pass "search by id, height and tx id; participant view"

# Screenshots to look at.
shots="${TFL_SCREENSHOT_DIR:-$WORK}"
mkdir -p "$shots"
browser --screenshot="$shots/explorer.png" "$U/#/" >/dev/null || fail "screenshot failed"
browser --screenshot="$shots/explorer-document.png" "$U/#/doc/PO-IT-1" >/dev/null || fail "screenshot failed"
for png in "$shots/explorer.png" "$shots/explorer-document.png"; do
  [ "$(head -c 4 "$png" | od -An -c | tr -d ' ')" = "211PNG" ] || fail "$png is not a PNG"
  [ "$(stat -c %s "$png")" -gt 20000 ] || fail "$png is suspiciously small (a blank page?)"
done
pass "screenshots: $shots/explorer.png, $shots/explorer-document.png"
