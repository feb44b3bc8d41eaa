/**
 * Which adapter runs in a tab and whether it fell back to the generic adapter (issue 8 §2).
 * The content script reports; the background keeps the last report per tab in
 * `storage.session`; the popup asks for the active tab's. Nothing here is secret: adapter
 * names and selector roles only.
 */

/** What the content script says about its page. */
export interface AdapterStatusReport {
  /** The site adapter the page was detected as (gmail, outlook, yahoo). */
  adapter: string;
  /** `fallback`: the site adapter's selectors no longer match; the generic adapter runs. */
  state: 'ok' | 'fallback';
  /** The view that did not match (null when ok). */
  view: 'compose' | 'read' | null;
  /** Selector roles that found nothing (e.g. `editor`). */
  missing: string[];
}

/** A report as the background stored it. */
export interface AdapterStatus extends AdapterStatusReport {
  /** Origin of the page that reported (the popup shows the status only for that origin). */
  origin: string;
  /** ISO time of the report. */
  at: string;
}

export interface AdapterStatusContentProtocol {
  /** Once at start (ok) and once if the page falls back. */
  reportAdapterStatus: { req: AdapterStatusReport; res: Record<string, never> };
}

export interface AdapterStatusPageProtocol {
  /** The last report of that tab's top frame, or null (no site adapter ran there). */
  getAdapterStatus: { req: { tabId: number }; res: { status: AdapterStatus | null } };
}
