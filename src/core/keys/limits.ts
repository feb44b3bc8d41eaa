/** Import caps, in their own module so extension pages can use them without pulling in OpenPGP.js. */

/** Largest key material accepted for import (DS-04); a 10 MB paste is refused with TOO_LARGE. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
