/** All handlers, assembled. The return types make a missing handler a compile error. */
import type { ContentHandlers, PageHandlers } from '../router';
import { adapterStatusContentHandlers, adapterStatusPageHandlers } from './adapter-status';
import { browserAdapterStatusDeps } from './adapter-status-browser';
import { contentHandlers } from './content';
import type { HandlerContext } from './context';
import { keysDefaultHandlers } from './keys-default';
import { keysDeleteHandlers } from './keys-delete';
import { keysExportHandlers } from './keys-export';
import { keysGenerateHandlers } from './keys-generate';
import { keysImportHandlers } from './keys-import';
import { keysLifecycleHandlers } from './keys-lifecycle';
import { keysReadHandlers } from './keys-read';
import { lookupContentHandlers, lookupHandlers } from './lookup';
import { mailComposeHandlers } from './mail-compose';
import { mailContentHandlers } from './mail-content';
import { frameClaimContentHandlers, frameClaimPageHandlers } from './frame-claim';
import { mailDraftHandlers } from './mail-drafts';
import { mailReadHandlers } from './mail-read';
import { mailPasswordHandlers } from './mail-password';
import { readAttachmentsContentHandlers, readAttachmentsPageHandlers } from '../mail/read-attachments-handlers';
import { browserSitesDeps } from '../sites/browser';
import { browserPageApiDeps } from '../page-api/browser';
import { pageApiContentHandlers } from '../page-api/content-handlers';
import { pageApiPageHandlers } from '../page-api/page-handlers';
import { pageApiQuoteHandlers } from '../page-api/editor-quote';
import { pageApiKeyringContentHandlers } from '../page-api/keyring-content-handlers';
import { pageApiKeyringPageHandlers } from '../page-api/keyring-page-handlers';
import { browserPageApiKeyringDeps } from '../page-api/keyring-browser';
import { sitesHandlers } from '../sites/handlers';
import { settingsHandlers } from './settings';
import { statusHandlers } from './status';
import { unlockHandlers } from './unlock';
import type { VaultEngine } from '../vault/engine';
import { vaultHandlers } from '../vault/handlers';
import { securityTokenHandlers } from '../security-token';
import { confirmHandlers } from '../confirm/handlers';
import { browserConfirmDeps } from '../confirm/browser';
import { browserSecurityTokenDeps } from '../security-token-browser';

export function createPageHandlers(ctx: HandlerContext, vault: VaultEngine): PageHandlers {
  return {
    ...keysReadHandlers(ctx),
    ...keysGenerateHandlers(ctx),
    ...keysImportHandlers(ctx),
    ...keysLifecycleHandlers(ctx),
    ...keysExportHandlers(ctx),
    ...keysDeleteHandlers(ctx),
    ...keysDefaultHandlers(ctx),
    ...unlockHandlers(ctx),
    ...settingsHandlers(ctx),
    ...sitesHandlers(browserSitesDeps),
    ...statusHandlers(ctx),
    ...mailComposeHandlers(ctx),
    ...mailReadHandlers(ctx),
    ...mailDraftHandlers(ctx),
    ...mailPasswordHandlers(ctx),
    ...readAttachmentsPageHandlers(ctx),
    ...adapterStatusPageHandlers(browserAdapterStatusDeps),
    ...vaultHandlers(vault),
    ...lookupHandlers(ctx, vault),
    ...confirmHandlers(ctx, browserConfirmDeps),
    ...pageApiPageHandlers(ctx, browserPageApiDeps),
    ...pageApiQuoteHandlers(ctx, browserPageApiDeps),
    ...pageApiKeyringPageHandlers(ctx, browserPageApiKeyringDeps),
    ...securityTokenHandlers(browserSecurityTokenDeps),
    ...frameClaimPageHandlers(ctx),
  };
}

export function createContentHandlers(ctx: HandlerContext): ContentHandlers {
  return { ...contentHandlers(ctx), ...mailContentHandlers(ctx), ...frameClaimContentHandlers(ctx), ...adapterStatusContentHandlers(browserAdapterStatusDeps), ...pageApiContentHandlers(ctx, browserPageApiDeps), ...pageApiKeyringContentHandlers(ctx, browserPageApiDeps, browserPageApiKeyringDeps), ...lookupContentHandlers(ctx), ...readAttachmentsContentHandlers(ctx) };
}

export type { HandlerContext } from './context';
