"""Danish for the English that Streamlit's frontend hard-codes, in one place.

Streamlit has options for some of its texts (a select box's `placeholder=`, a widget's
`label`), and the pages use them. Others are fixed English in its JavaScript bundle: the
"Skip to main content" link, a select box's "No results", a multiselect's "Select all", the
file uploader's "Upload" button and "200MB per file" limit, the aria-labels "Help for …" and
"Remove …", a cleared select box's "Choose an option". On a Danish page a small script
(`script("da")`) rewrites exactly these: the texts of the page, and its `placeholder`,
`aria-label` and `title` attributes, as Streamlit draws and redraws them (a MutationObserver).
On an English page it restores what it changed. Nothing else is touched: an entry matches a
whole text (after trimming) or one of the anchored patterns below.

The same tables give the browser test (tests/browser/test_language_browser.py) the English it
must not find on a Danish page.
"""

from __future__ import annotations

import json

# English text (whole, trimmed) -> Danish
EXACT: dict[str, str] = {
    "Choose an option": "Vælg",
    "Choose options": "Vælg en eller flere",
    "Choose or add an option": "Vælg eller tilføj",
    "Choose or add options": "Vælg eller tilføj en eller flere",
    "No results": "Ingen resultater",
    "Select all": "Vælg alle",
    "Clear all": "Ryd alt",
    "Clear value": "Ryd valget",
    "Upload": "Upload fil",
    "Browse files": "Vælg filer",
    "Drag and drop file here": "Træk en fil hertil",
    "Drag and drop files here": "Træk filer hertil",
    "Drag and drop a file here": "Træk en fil hertil",
    "Skip to main content": "Spring til hovedindholdet",
    "Help": "Hjælp",
    "Collapse sidebar": "Skjul sidepanelet",
    "Expand sidebar": "Vis sidepanelet",
    "Open": "Åbn",
    "Close": "Luk",
    "Link to heading": "Link til overskriften",
    "Fullscreen": "Fuld skærm",
    "Close fullscreen": "Luk fuld skærm",
    "Selectbox options": "Valgmuligheder",
    "Sidebar": "Sidepanel",
    "Increment": "Op",
    "Decrement": "Ned",
    "file upload": "filupload",
    "File type not allowed.": "Filtypen er ikke tilladt.",
}

# (anchored JavaScript regular expression, replacement with $1 …), tried in order
PATTERNS: tuple[tuple[str, str], ...] = (
    (r"^Help for (.+)$", "Hjælp til $1"),
    (r"^Remove (.+)$", "Fjern $1"),
    (r"^Delete (.+)$", "Slet $1"),
    (r"^(\d+(?:[.,]\d+)?)\s?([KMG]B) per file(.*)$", "$1 $2 pr. fil$3"),
    # the uploader's refusal of a file over `server.maxUploadSize` ("File must be 10.0MB or
    # smaller."): a whole number loses its ".0", a fraction gets a decimal comma
    (r"^File must be (\d+)(?:\.0)?\s?([KMG]B) or smaller\.$", "Filen må højst fylde $1 $2."),
    (r"^File must be (\d+)\.(\d+)\s?([KMG]B) or smaller\.$",
     "Filen må højst fylde $1,$2 $3."),
    (r"^(.+) files are not allowed\.$", "Filer af typen $1 er ikke tilladt."),
    (r"^Drag and drop (.+) here$", "Træk $1 hertil"),
    (r"^Add: (.+)$", "Tilføj: $1"),
    (r"^(.+) — start$", "$1 — fra"),
    (r"^(.+) — end$", "$1 — til"),
)

# The English of those texts in the form a test can look for on a Danish page.
ENGLISH_MARKERS: tuple[str, ...] = (
    "Choose an option", "Choose options", "No results", "Select all", "Skip to main content",
    "per file", "Help for ", "Remove ", "Browse files", "Drag and drop", "Collapse sidebar",
    "or smaller", "not allowed",
)

_SCRIPT = """
<script>
(function () {
  var doc = document;
  var rules = %(rules)s;
  var state = doc.__atlasDanish;
  if (!state) {
    state = doc.__atlasDanish = {changed: [], rules: rules, compiled: []};
  }
  state.rules = rules;
  state.compiled = rules.patterns.map(function (p) { return [new RegExp(p[0]), p[1]]; });
  var ATTRS = ['placeholder', 'aria-label', 'title', 'aria-placeholder'];

  function danish(text) {
    if (state.rules.lang !== 'da' || !text) { return null; }
    var trimmed = text.trim();
    if (!trimmed) { return null; }
    if (Object.prototype.hasOwnProperty.call(state.rules.exact, trimmed)) {
      return text.replace(trimmed, state.rules.exact[trimmed]);
    }
    for (var i = 0; i < state.compiled.length; i++) {
      var rule = state.compiled[i];
      if (rule[0].test(trimmed)) {
        return text.replace(trimmed, trimmed.replace(rule[0], rule[1]));
      }
    }
    return null;
  }
  function fixText(node) {
    var parent = node.parentNode;
    if (parent && (parent.nodeName === 'SCRIPT' || parent.nodeName === 'STYLE')) { return; }
    var better = danish(node.nodeValue);
    if (better !== null && better !== node.nodeValue) {
      state.changed.push([node, null, node.nodeValue]);
      node.nodeValue = better;
    }
  }
  function fixAttributes(element) {
    for (var i = 0; i < ATTRS.length; i++) {
      var value = element.getAttribute(ATTRS[i]);
      var better = danish(value);
      if (better !== null && better !== value) {
        state.changed.push([element, ATTRS[i], value]);
        element.setAttribute(ATTRS[i], better);
      }
    }
  }
  function walk(root) {
    if (root.nodeType === 3) { fixText(root); return; }
    if (root.nodeType !== 1) { return; }
    fixAttributes(root);
    var elements = root.querySelectorAll('[placeholder],[aria-label],[title],[aria-placeholder]');
    for (var i = 0; i < elements.length; i++) { fixAttributes(elements[i]); }
    var texts = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = texts.nextNode())) { fixText(node); }
  }
  function restore() {
    var kept = [];
    for (var i = state.changed.length - 1; i >= 0; i--) {
      var item = state.changed[i];
      if (!item[0].isConnected) { continue; }
      if (item[1] === null) { item[0].nodeValue = item[2]; }
      else { item[0].setAttribute(item[1], item[2]); }
    }
    state.changed = kept;
  }
  if (rules.lang === 'da') {
    walk(doc.body);
  } else {
    restore();
  }
  doc.documentElement.setAttribute('lang', rules.lang);
  if (!state.observer) {
    state.observer = new MutationObserver(function (mutations) {
      if (state.rules.lang !== 'da') { return; }
      for (var i = 0; i < mutations.length; i++) {
        var m = mutations[i];
        if (m.type === 'characterData') { fixText(m.target); }
        else if (m.type === 'attributes') { fixAttributes(m.target); }
        else { for (var j = 0; j < m.addedNodes.length; j++) { walk(m.addedNodes[j]); } }
      }
      if (state.changed.length > 5000) {
        state.changed = state.changed.filter(function (item) { return item[0].isConnected; });
      }
    });
    state.observer.observe(doc.body, {subtree: true, childList: true, characterData: true,
                                      attributes: true, attributeFilter: ATTRS});
  }
})();
</script>
"""


def script(lang: str) -> str:
    """The <script> for a page in `lang` ("da": translate; otherwise restore)."""
    rules = {"lang": "da" if lang == "da" else "en", "exact": EXACT,
             "patterns": [list(pattern) for pattern in PATTERNS]}
    # JSON inside <script>: "</" must not close the element
    return _SCRIPT % {"rules": json.dumps(rules, ensure_ascii=False).replace("</", "<\\/")}
