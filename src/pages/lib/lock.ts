/** Passphrase cache durations offered in settings (minutes; 0 = never cache). */
export const CACHE_MINUTES = [0, 1, 5, 10, 30, 60] as const;
export const DEFAULT_CACHE_MINUTES = 10;
