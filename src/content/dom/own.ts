/** Cachet's own hosts in the page (buttons, frames) carry this attribute; adapters skip them. */
export const OWN_ATTR = 'data-cachet';
