// The query UI: YASGUI (installed from npm by scripts/bootstrap.sh, served from /ui/) set up
// to talk to this server only: our endpoint, no endpoint catalogue, no prefix.cc or LOV
// look-ups. Example buttons load and run a query; result IRIs minted by the graph link to
// this server's entity pages; the address bar holds a shareable link to the current query.
"use strict";

const cfg = JSON.parse(document.getElementById("ck-config").textContent);
const endpoint = new URL(cfg.endpoint, window.location.href).href;

const yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: { endpoint: endpoint, method: "POST" },
  copyEndpointOnNewTab: false,
  endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
  populateFromUrl: true,
  persistenceId: null,
  yasqe: { autocompleters: ["prefixes", "variables"], prefixCcApi: null, showQueryButton: true },
  yasr: { prefixes: cfg.prefixes },
});

// Links from results to entity pages on this server, whatever base the IRIs were minted with.
function localise(root) {
  for (const a of root.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    for (const base of cfg.idBases) {
      if (href.startsWith(base)) {
        a.setAttribute("href", "/id/" + href.slice(base.length));
        a.removeAttribute("target");
        a.classList.add("entity-link");
      }
    }
  }
}
new MutationObserver(() => localise(document.getElementById("yasgui"))).observe(
  document.getElementById("yasgui"), { childList: true, subtree: true });

function shareable(query) {
  const url = new URL(window.location.href);
  url.search = "";
  url.hash = "";
  url.searchParams.set("query", query);
  window.history.replaceState(null, "", url);
}

function run(query) {
  const tab = yasgui.getTab();
  tab.setQuery(query);
  shareable(query);
  tab.query();
  document.getElementById("yasgui").scrollIntoView();
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button.run-example");
  if (button) run(button.dataset.query);
});
yasgui.on("query", (_, tab) => shareable(tab.getQuery()));

const initial = new URL(window.location.href).searchParams.get("query");
if (initial) run(initial);
