/** Reply quoting as plain text (MP-07): every line of what was shown, prefixed with "> ". */
export function quoteText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\n+$/, '')
    .split('\n')
    .map((l) => (l.startsWith('>') ? `>${l}` : `> ${l}`))
    .join('\n');
}

/** Splits what the user typed in a recipient box into addresses (commas, semicolons, new lines). */
export function splitAddresses(input: string): string[] {
  return input
    .split(/[,;\n]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
