/**
 * The vault has no CORS (VS-08: only the background calls it), so the background needs
 * host permission for the vault's origin. It is optional in the manifest and must be
 * requested from a user gesture: call this first thing in the click/submit handler.
 */
interface PermissionsApi {
  permissions?: { request(p: { origins: string[] }): Promise<boolean> };
}

export async function requestVaultOrigin(url: string): Promise<boolean> {
  let origin: string;
  try {
    // Match patterns carry no port: Firefox never matches `http://host:8787/*` against a
    // request, so a vault on a port would get a grant that is never used. Ask for the host.
    const u = new URL(url.trim());
    origin = `${u.protocol}//${u.hostname}`;
  } catch {
    return true; // the background answers BAD_REQUEST with a proper message
  }
  const g = globalThis as { browser?: PermissionsApi; chrome?: PermissionsApi };
  const api = (g.browser ?? g.chrome)?.permissions;
  if (!api) return true;
  return api.request({ origins: [`${origin}/*`] });
}
