/**
 * The few WebExtension APIs the pages use, typed locally (no @types/chrome here).
 * Firefox exposes promise-based `browser`; Chrome MV3 returns promises from `chrome`.
 */
export interface ExtApi {
  runtime: {
    sendMessage(message: unknown): Promise<unknown>;
    openOptionsPage(): Promise<void>;
  };
  i18n: {
    getMessage(name: string, substitutions?: string | string[]): string;
    getUILanguage(): string;
  };
}

export function ext(): ExtApi {
  const g = globalThis as { browser?: ExtApi; chrome?: ExtApi };
  const api = g.browser ?? g.chrome;
  if (!api) throw new Error('WebExtension API not available');
  return api;
}
