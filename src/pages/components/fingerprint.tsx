import { fingerprintGroups } from '../lib/format';

/** A full fingerprint in 4-character blocks, monospaced; keys are named by full fingerprint (KM-05). */
export function Fingerprint({ value, testid }: { value: string; testid?: string }) {
  return (
    <code class="fpr" data-testid={testid}>
      {fingerprintGroups(value)}
    </code>
  );
}
