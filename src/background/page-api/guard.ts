/**
 * Every bridge request must come from a content script in a tab whose frame is on an origin
 * where the user turned the page API on; a content script on another site (or a built-in
 * webmail without the switch) gets FORBIDDEN. Rate limit per tab (PI-04): the page could
 * otherwise open frames and sessions in a loop.
 */
import type { Runtime } from 'webextension-polyfill';
import { CachetError } from '../../core/errors';
import { contentOrigin } from '../mail/binding';
import { originOf } from '../sender';
import type { PageApiDeps } from './deps';
import { pageApiOrigins } from './sites';

export const RATE = { windowMs: 10_000, max: 60 } as const;

export interface Caller {
  tabId: number;
  frameId: number;
  origin: string;
}

/** Request times per tab, in memory: losing it when the worker stops only resets the window. */
const recent = new Map<number, number[]>();

export async function pageApiCaller(d: PageApiDeps, sender: Runtime.MessageSender, now: number): Promise<Caller> {
  const { tabId, frameId } = contentOrigin(sender);
  const origin = originOf(sender.url);
  if (origin === null || !(await pageApiOrigins(d)).includes(origin)) {
    throw new CachetError('FORBIDDEN', 'the page API is not enabled on this site');
  }
  const times = (recent.get(tabId) ?? []).filter((t) => t > now - RATE.windowMs);
  if (times.length >= RATE.max) throw new CachetError('FORBIDDEN', 'too many page API requests; wait a moment');
  times.push(now);
  recent.set(tabId, times);
  return { tabId, frameId, origin };
}
