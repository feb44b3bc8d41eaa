/** The Roundcube adapter: finds compose and read views as the page (re)renders them. */
import { sendContent } from '../../../shared/messaging';
import type { LookupContentProtocol } from '../../../shared/lookup-protocol';
import { observeDom } from '../../dom/observe';
import type { Adapter, AdapterContext } from '../types';
import { fetchHead, reportAutocrypt, viewSourceUrl } from './autocrypt';
import { createComposeView, type FrameDocument } from './compose';
import { fetchBytes, type AttachmentDeps } from './attachments';
import { createReadView, fetchPart, type PartFetcher } from './read';
import { SELECTORS as S } from './selectors';

export interface RoundcubeOptions {
  /** How to reach TinyMCE's same-origin frame document (tests hand in a parsed fixture). */
  frameDocument?: FrameDocument;
  fetchPart?: PartFetcher;
  /** Encrypted attachments of inline-armor mails: how they are fetched and handed to the background. */
  attachments?: AttachmentDeps;
  /** Autocrypt: how the open mail's raw header block is fetched and where its header goes. */
  autocrypt?: {
    fetchHead(url: string): Promise<string>;
    send(req: LookupContentProtocol['autocryptSeen']['req']): Promise<unknown>;
  };
}

/** Mails whose Autocrypt header this document already reported (one document rarely shows more than one). */
const MAX_REPORTED = 64;

export function createRoundcubeAdapter(opts: RoundcubeOptions = {}): Adapter {
  const frameDoc: FrameDocument = opts.frameDocument ?? ((f) => f.contentDocument);
  const fetcher = opts.fetchPart ?? fetchPart;
  const autocrypt = opts.autocrypt ?? { fetchHead, send: (req) => sendContent('autocryptSeen', req) };
  const attachments = opts.attachments ?? { fetchBytes, send: (req) => sendContent('addReadAttachment', req) };
  return {
    id: 'roundcube',
    // `body.task-mail` is set by Roundcube's template engine on every mail view (all fixtures).
    detect: (doc: Document): boolean => doc.querySelector(S.mailTask) !== null,
    start(ctx: AdapterContext): void {
      const { doc } = ctx;
      const seen = new WeakSet<Element>();
      const reported = new Set<string>();
      // Once per mail, not per mutation or re-render: keyed by the raw-source URL (its uid).
      const reportOnce = (): void => {
        const url = viewSourceUrl(doc)?.href;
        if (!url || reported.has(url)) return;
        if (reported.size >= MAX_REPORTED) reported.delete(reported.values().next().value as string);
        reported.add(url);
        void reportAutocrypt(doc, autocrypt.fetchHead, autocrypt.send);
      };
      const scan = (): void => {
        if (doc.querySelector(S.composeAction)) {
          const textarea = doc.querySelector<HTMLTextAreaElement>(S.plainBody);
          if (textarea && !seen.has(textarea)) {
            seen.add(textarea);
            ctx.onCompose(createComposeView(doc, textarea, frameDoc));
          }
        }
        if (doc.querySelector(S.readAction)) {
          const body = doc.querySelector(S.messageBody);
          if (body && !seen.has(body)) {
            seen.add(body);
            ctx.onRead(createReadView(doc, body, fetcher, attachments));
            reportOnce();
          }
        }
      };
      observeDom(doc.documentElement, ctx.signal, scan);
    },
  };
}

export const roundcubeAdapter = createRoundcubeAdapter();
