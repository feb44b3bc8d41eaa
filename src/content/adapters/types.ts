/**
 * The adapter interface every webmail integration implements (STYLE.md "Webmail adapters").
 * An adapter only finds views in the page and moves ciphertext in and out of them; it never
 * sees keys, passphrases or plaintext (DESIGN.md: the content script holds view handles and
 * ciphertext only).
 */
import type { MailContentProtocol, Recipients } from '../../shared/mail-protocol';

export type ReadKind = MailContentProtocol['openReadSession']['req']['kind'];

/** A compose view the adapter found: where the button goes and how to write the result back. */
export interface ComposeView {
  /** Stable for the life of the view (the same element yields the same id). */
  id: string;
  root: Element;
  /** The element our button is placed next to. */
  buttonAnchor: Element;
  /** The webmail's editor: the secure editor frame covers it while open. */
  editorElement: Element;
  getRecipients(): Recipients;
  getSender(): string | null;
  /** Armored ciphertext quoted in a reply/forward body, to decrypt in our frame only. */
  getQuotedArmored(): string | null;
  /** Writes armored text into the webmail's body so that every line break survives. */
  writeBody(armored: string): void;
  /** Attaches encrypted files through the webmail's own upload path. */
  attachFiles(files: File[]): Promise<void>;
}

export interface ReadBlock {
  /** The element the viewer frame replaces. */
  element: Element;
  kind: ReadKind;
  /** Armored ciphertext (or the raw MIME message for pgp-mime-signed); fetched lazily when needed. */
  armored: string | (() => Promise<string>);
}

export interface ReadView {
  id: string;
  root: Element;
  blocks(): ReadBlock[];
  sender(): string | null;
}

export interface AdapterContext {
  doc: Document;
  signal: AbortSignal;
  onCompose(view: ComposeView): void;
  onRead(view: ReadView): void;
}

export interface Adapter {
  /** Short name sent to the background (`openComposeSession.adapter`). */
  id: string;
  detect(doc: Document): boolean;
  /** Starts observing; everything stops when ctx.signal aborts. */
  start(ctx: AdapterContext): void;
}
