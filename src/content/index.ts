// Placeholder content script; the webmail issue fills it in.
export {};
