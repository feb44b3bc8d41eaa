// Test builds for Firefox only (scripts/build.mjs --test puts it before background.js).
// WebDriver BiDi refuses to navigate to moz-extension:// URLs, so the harness cannot open an
// extension page itself; this opens one blank extension page on install, from which the harness
// opens every other page with tabs.create. Registered at top level so the event page wires it.
browser.runtime.onInstalled.addListener(() => {
  browser.tabs.create({ url: browser.runtime.getURL('harness.html'), active: false });
});
