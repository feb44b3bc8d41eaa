// Placeholder entry; replaced by the options page.
export {};
