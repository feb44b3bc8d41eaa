/** The Roundcube adapter: finds compose and read views as the page (re)renders them. */
import { observeDom } from '../../dom/observe';
import type { Adapter, AdapterContext } from '../types';
import { createComposeView, type FrameDocument } from './compose';
import { createReadView, fetchPart, type PartFetcher } from './read';
import { SELECTORS as S } from './selectors';

export interface RoundcubeOptions {
  /** How to reach TinyMCE's same-origin frame document (tests hand in a parsed fixture). */
  frameDocument?: FrameDocument;
  fetchPart?: PartFetcher;
}

export function createRoundcubeAdapter(opts: RoundcubeOptions = {}): Adapter {
  const frameDoc: FrameDocument = opts.frameDocument ?? ((f) => f.contentDocument);
  const fetcher = opts.fetchPart ?? fetchPart;
  return {
    id: 'roundcube',
    // `body.task-mail` is set by Roundcube's template engine on every mail view (all fixtures).
    detect: (doc: Document): boolean => doc.querySelector(S.mailTask) !== null,
    start(ctx: AdapterContext): void {
      const { doc } = ctx;
      const seen = new WeakSet<Element>();
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
            ctx.onRead(createReadView(doc, body, fetcher));
          }
        }
      };
      observeDom(doc.documentElement, ctx.signal, scan);
    },
  };
}

export const roundcubeAdapter = createRoundcubeAdapter();
