/**
 * The text of a decrypted message for quoting in a reply (MP-07): see core/mime/html-text.ts,
 * which keeps only what the read frame shows (hidden elements and `<style>` dropped in both).
 */
export { htmlToText } from '../../core/mime/html-text';
