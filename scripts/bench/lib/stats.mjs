// Small statistics and formatting helpers for the benchmark report.

/** Nearest-rank percentile (p in 0..100) of an unsorted array of numbers. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Median and p90 of a list of durations (ms). */
export function summarize(times) {
  return { n: times.length, p50: percentile(times, 50), p90: percentile(times, 90) };
}

/** "12.3" for ms values; keeps 3 significant-ish digits without hiding small numbers. */
export function ms(value) {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** "1.83×" (extension / baseline); n/a when either side is missing. */
export function ratio(a, b) {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a';
}

export function kb(bytes) {
  if (!Number.isFinite(bytes)) return 'n/a';
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** Prints rows (arrays of strings) as an aligned table with a header rule; numbers right-aligned. */
export function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => String(c)));
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const numeric = (s) => /^[\d.,]+( ?(ms|B|KB|MB|×|%|req\/s))?$/.test(s) || s === 'n/a';
  const line = (r) =>
    r.map((c, i) => (i > 0 && numeric(c) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)];
  console.log(out.map((l) => `  ${l}`).join('\n'));
}

/** "met" / "NOT met" for a target line. */
export function verdict(ok) {
  return ok === undefined ? 'not measured' : ok ? 'met' : 'NOT met';
}
