// Placeholder entry; the background helper replaces this with the real wiring.
export {};
