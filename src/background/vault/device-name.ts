/** A readable default name for this device in the vault's device list (no fingerprinting detail). */
export function deviceName(userAgent: string): string {
  const browser = /Firefox\//.test(userAgent) ? 'Firefox' : /Edg\//.test(userAgent) ? 'Edge' : /Chrom(e|ium)\//.test(userAgent) ? 'Chromium' : 'Browser';
  const os = /Windows/.test(userAgent) ? 'Windows' : /Mac OS X/.test(userAgent) ? 'macOS' : /Android/.test(userAgent) ? 'Android' : /Linux/.test(userAgent) ? 'Linux' : '';
  return `Cachet · ${browser}${os ? ` · ${os}` : ''}`;
}
