// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { createPushListener, type PushHandlers } from '../../../src/content/overlay/push-listener';

const ID = 'dokkkdcjlgkfklklonchfekajofpdhac';

function setup() {
  const got: Array<[string, unknown]> = [];
  const handlers: PushHandlers = {
    composeResult: (p) => got.push(['composeResult', p]),
    composeClosed: (p) => got.push(['composeClosed', p]),
    frameHeight: (p) => got.push(['frameHeight', p]),
  };
  const listener = createPushListener(ID, (s) => s === 's1', handlers);
  return { got, listener };
}

const result = { cachetPush: 1, type: 'composeResult', payload: { sessionId: 's1', armored: '-----BEGIN PGP MESSAGE-----', attachments: [] } };

describe('push listener', () => {
  it('accepts a valid push from our background for our session', () => {
    const { got, listener } = setup();
    expect(listener(result, { id: ID })).toBe(true);
    expect(listener({ cachetPush: 1, type: 'frameHeight', payload: { sessionId: 's1', height: 300 } }, { id: ID })).toBe(true);
    expect(got.map(([t]) => t)).toEqual(['composeResult', 'frameHeight']);
  });

  it('refuses a push sent from a tab (a page, or one of our frames inside a page)', () => {
    const { got, listener } = setup();
    expect(listener(result, { id: ID, tab: { id: 3 } })).toBe(false);
    expect(got).toEqual([]);
  });

  it('refuses a push from another extension or without a sender id', () => {
    const { got, listener } = setup();
    expect(listener(result, { id: 'otherextensionid' })).toBe(false);
    expect(listener(result, {})).toBe(false);
    expect(got).toEqual([]);
  });

  it('refuses a push for a session this content script did not open', () => {
    const { got, listener } = setup();
    expect(listener({ ...result, payload: { ...result.payload, sessionId: 's2' } }, { id: ID })).toBe(false);
    expect(got).toEqual([]);
  });

  it('refuses malformed pushes and unknown types', () => {
    const { got, listener } = setup();
    const bad: unknown[] = [
      null,
      'composeResult',
      { ...result, cachetPush: 2 },
      { ...result, type: 'toString' },
      { ...result, type: 'decrypt' },
      { ...result, payload: { sessionId: 's1', armored: 42, attachments: [] } },
      { ...result, payload: { sessionId: 's1', armored: 'x', attachments: [{ name: 'a' }] } },
      { cachetPush: 1, type: 'frameHeight', payload: { sessionId: 's1', height: 'tall' } },
      { cachetPush: 1, type: 'frameHeight', payload: { sessionId: 's1', height: Number.NaN } },
      { cachetPush: 1, type: 'composeClosed', payload: null },
    ];
    for (const m of bad) expect(listener(m, { id: ID }), JSON.stringify(m)).toBe(false);
    expect(got).toEqual([]);
  });
});
