/**
 * Sensitive confirmations in an extension window (PI-03; confirm-protocol.ts). Our frames
 * inside web pages only ASK (askLookupImport, askPageApiEncrypt): the background checks the
 * request, builds what the user will see from its own data, opens `confirm.html#<id>` in a
 * popup window and records the question. Only that page, in that window, may read it and
 * answer; closing the window refuses. Approving a look-up import imports the key here;
 * approving a page-API encryption marks that request (and the sign choice) approved, and
 * confirmPageApiEncrypt encrypts nothing without it (page-api/page-handlers.ts); approving a
 * sign-only message records the text's hash, and submitCompose signs without encrypting only
 * that text (handlers/mail-compose.ts).
 */
import type { Runtime } from 'webextension-polyfill';
import { CachetError, isCachetError } from '../../core/errors';
import { CONFIRM_PAGE, type ConfirmNotice, type ConfirmOutcome, type ConfirmPageProtocol } from '../../shared/confirm-protocol';
import type { PageApiFrameNotice } from '../../shared/page-api-protocol';
import { originOf } from '../sender';
import type { HandlerContext, PageGroup } from '../handlers/context';
import { checkFoundKey, importFoundKey } from '../lookup/import-found';
import { frameSession, gone } from '../mail/binding';
import { newToken } from '../mail/claim-token';
import { isWindowPage } from '../extension-window';
import { resolveAll } from '../mail/recipients';
import { PAGE_API_ADAPTER } from '../page-api/content-handlers';
import { getEditorState, putEditorState } from '../page-api/editor-state';
import type { ConfirmDeps } from './deps';
import { approveSignOnly, textHash } from './sign-approval';
import { confirmationOfTab, confirmationOfWindow, dropConfirmation, endConfirmation, getConfirmation, markAnswered, putConfirmation, type Confirmation } from './state';

type Group = PageGroup<keyof ConfirmPageProtocol>;
type Sender = Runtime.MessageSender;

/** How much of a sign-only text the window shows (the rest is counted). */
const PREVIEW_CHARS = 2000;

const outcomeOf = (c: Confirmation): ConfirmOutcome => ({ state: c.state, error: c.error });

/** The tab of one of our frames (or pages) that asks; a page outside any tab cannot ask. */
function askingTab(sender: Sender): number {
  const tabId = sender.tab?.id;
  if (typeof tabId !== 'number') throw new CachetError('FORBIDDEN', 'only an editor in a tab may ask');
  return tabId;
}

/** Our confirmation page for exactly this id, in the window we opened for it. */
const isItsWindow = (sender: Sender, c: Confirmation): boolean => isWindowPage(sender, CONFIRM_PAGE, c.id, c.windowId);

/** Registered at start-up (the event wakes the worker): a closed window refuses its question. */
function watchWindows(deps: () => ConfirmDeps, ended: (c: Confirmation) => Promise<void>): void {
  try {
    const d = deps();
    d.onWindowRemoved?.((windowId) => {
      void confirmationOfWindow(d.session, windowId)
        .then(async (c) => {
          // An answered question is being acted on: its answer, not the closing, ends it.
          if (c && c.state === 'pending' && !c.answered) await ended(await endConfirmation(d.session, c, 'refused'));
        })
        .catch(() => undefined);
    });
  } catch {
    // No extension API here (Node): nothing to watch.
  }
}

export function confirmHandlers(ctx: HandlerContext, deps: () => ConfirmDeps): Group {
  const notify = async (c: Confirmation): Promise<void> => {
    const d = deps();
    const notice: ConfirmNotice = { cachetConfirmation: 1, confirmationId: c.id };
    await d.broadcast(notice).catch(() => undefined);
    if (c.action.kind === 'pageApiEncrypt') {
      const wake: PageApiFrameNotice = { cachetPageApiFrame: 1, sessionId: c.action.sessionId };
      await d.broadcast(wake).catch(() => undefined);
    }
  };
  watchWindows(deps, notify);
  /** Confirmations whose answer is being carried out in this worker. */
  const acting = new Set<string>();

  /** Records the question (replacing the tab's previous one) and opens its window. */
  const open = async (tabId: number, view: Confirmation['view'], action: Confirmation['action']): Promise<{ confirmationId: string }> => {
    const d = deps();
    const previous = await confirmationOfTab(d.session, tabId);
    if (previous) {
      await dropConfirmation(d.session, previous);
      if (previous.state === 'pending') {
        if (previous.windowId !== null) await d.closeWindow(previous.windowId).catch(() => undefined);
        await notify({ ...previous, state: 'refused' });
      }
    }
    const c: Confirmation = { id: newToken(), tabId, view, action, windowId: null, state: 'pending', error: null, createdAt: ctx.now().getTime() };
    await putConfirmation(d.session, c);
    const windowId = await d.openWindow(`${CONFIRM_PAGE}#${c.id}`);
    // The window may already have answered (a fast click): only fill in the id.
    const now = await getConfirmation(d.session, c.id);
    if (now) await putConfirmation(d.session, { ...now, windowId });
    return { confirmationId: c.id };
  };

  const forWindow = async (sender: Sender, id: string): Promise<Confirmation> => {
    const c = await getConfirmation(deps().session, id);
    if (!c || !isItsWindow(sender, c)) throw gone();
    return c;
  };

  const act = async (c: Confirmation): Promise<void> => {
    const a = c.action;
    if (a.kind === 'lookupImport') {
      await importFoundKey(await ctx.keystore(), a.address, a.armored, a.fingerprint, a.replace, ctx.now());
      return;
    }
    const area = deps().session;
    if (a.kind === 'signOnly') {
      await approveSignOnly(area, a.sessionId, a.textHash);
      return;
    }
    const state = await getEditorState(area, a.sessionId);
    if (state?.request?.requestId !== a.requestId) throw new CachetError('BAD_REQUEST', 'the webmail withdrew this request');
    // Exactly what the window showed: a request the page changed since then is not covered.
    if (state.request.recipients.join('\n') !== a.recipients.join('\n')) throw new CachetError('BAD_REQUEST', 'the webmail changed the recipients; ask again');
    await putEditorState(area, a.sessionId, { ...state, approval: { requestId: a.requestId, sign: a.sign, recipients: a.recipients } });
  };

  /** Carries out the window's answer, then tells the asking frame and closes the window. */
  const answer = async (c: Confirmation, approve: boolean): Promise<ConfirmOutcome> => {
    const d = deps();
    // Marked before acting: a second click (or a second window) cannot act twice. The asking
    // frame still reads `pending` until the action is done, so `approved` means "done".
    await markAnswered(d.session, c);
    let ended: Confirmation;
    if (!approve) ended = await endConfirmation(d.session, c, 'refused');
    else {
      try {
        await act(c);
        ended = await endConfirmation(d.session, c, 'approved');
      } catch (e) {
        ended = await endConfirmation(d.session, c, 'failed', isCachetError(e) ? e.code : 'INTERNAL');
      }
    }
    await notify(ended);
    if (ended.state !== 'failed' && c.windowId !== null) await d.closeWindow(c.windowId).catch(() => undefined);
    return outcomeOf(ended);
  };

  return {
    async askLookupImport({ address, armored, fingerprint, replace, sources }, { sender }) {
      const tabId = askingTab(sender);
      const checked = await checkFoundKey(await ctx.keystore(), address, armored, fingerprint, ctx.now());
      if (checked.others.length > 0 && !replace) throw new CachetError('KEY_CONFLICT', checked.others.join(' '));
      return open(
        tabId,
        { kind: 'lookupImport', address: address.toLowerCase(), replace: checked.others.length > 0, fingerprint, info: checked.info, conflictsWith: checked.others, sources },
        { kind: 'lookupImport', address, armored: checked.armored, fingerprint, replace },
      );
    },

    async askPageApiEncrypt({ sessionId, requestId, sign }, { sender }) {
      const s = await frameSession(ctx.mail.sessions, sender, sessionId, 'compose');
      const state = s.adapter === PAGE_API_ADAPTER ? await getEditorState(deps().session, s.id) : null;
      if (state?.request?.requestId !== requestId) throw new CachetError('BAD_REQUEST', 'no such request from the page');
      const resolved = await resolveAll(await ctx.keystore(), state.request.recipients, ctx.now());
      const recipients = resolved.map((r) => ({ address: r.status.address, fingerprint: r.status.key?.fingerprint ?? null }));
      return open(s.tabId, { kind: 'pageApiEncrypt', origin: originOf(sender.tab?.url), recipients, sign }, { kind: 'pageApiEncrypt', sessionId: s.id, requestId, sign, recipients: state.request.recipients });
    },

    async askSignOnly({ sessionId, text }, { sender }) {
      const s = await frameSession(ctx.mail.sessions, sender, sessionId, 'compose');
      return open(s.tabId, { kind: 'signOnly', origin: originOf(sender.tab?.url), preview: text.slice(0, PREVIEW_CHARS), characters: text.length }, { kind: 'signOnly', sessionId: s.id, textHash: await textHash(text) });
    },

    async getConfirmationOutcome({ confirmationId }, { sender }) {
      const c = await getConfirmation(deps().session, confirmationId);
      if (!c || sender.tab?.id !== c.tabId) throw gone();
      return outcomeOf(c);
    },

    async getConfirmation({ confirmationId }, { sender }) {
      const c = await forWindow(sender, confirmationId);
      if (c.state !== 'pending' || c.answered) throw gone();
      return c.view;
    },

    async answerConfirmation({ confirmationId, approve }, { sender }) {
      const c = await forWindow(sender, confirmationId);
      // `acting` closes the gap between reading the state and marking it (two clicks at once).
      if (c.state !== 'pending' || c.answered || acting.has(c.id)) throw gone();
      acting.add(c.id);
      try {
        return await answer(c, approve);
      } finally {
        acting.delete(c.id);
      }
    },
  };
}
