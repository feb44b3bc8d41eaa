import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../src/core/errors';
import { MAX_PASSPHRASE_ATTEMPTS, withPassphrase } from '../../../src/pages/lib/passphrase-flow';
import { RpcError } from '../../../src/pages/lib/rpc';

/** A fake background operation: cached key or the right passphrase succeed. */
function fakeOp(cached: boolean, right = 'secret') {
  const calls: Array<string | null> = [];
  const op = async (p: string | null) => {
    calls.push(p);
    if (p === null && !cached) throw new RpcError('PASSPHRASE_REQUIRED');
    if (p !== null && p !== right) throw new RpcError('WRONG_PASSPHRASE');
    return 'done';
  };
  return { op, calls };
}

function answers(...list: Array<string | null>) {
  const problems: Array<ErrorCode | null> = [];
  const ask = async (problem: ErrorCode | null) => {
    problems.push(problem);
    return list.shift() ?? null;
  };
  return { ask, problems };
}

describe('withPassphrase', () => {
  it('uses the cached key without asking', async () => {
    const { op, calls } = fakeOp(true);
    const { ask, problems } = answers();
    expect(await withPassphrase(op, ask)).toEqual({ value: 'done' });
    expect(calls).toEqual([null]);
    expect(problems).toEqual([]);
  });

  it('asks when the background needs the passphrase, then retries with it', async () => {
    const { op, calls } = fakeOp(false);
    const { ask, problems } = answers('secret');
    expect(await withPassphrase(op, ask)).toEqual({ value: 'done' });
    expect(calls).toEqual([null, 'secret']);
    expect(problems).toEqual([null]);
  });

  it('asks again after a wrong passphrase, telling the dialog why', async () => {
    const { op, calls } = fakeOp(false);
    const { ask, problems } = answers('nope', 'secret');
    expect(await withPassphrase(op, ask)).toEqual({ value: 'done' });
    expect(calls).toEqual([null, 'nope', 'secret']);
    expect(problems).toEqual([null, 'WRONG_PASSPHRASE']);
  });

  it('resolves to null when the user cancels', async () => {
    const { op } = fakeOp(false);
    const { ask } = answers(null);
    expect(await withPassphrase(op, ask)).toBeNull();
  });

  it('passes other errors through untouched', async () => {
    const op = async () => {
      throw new RpcError('KEY_REVOKED');
    };
    await expect(withPassphrase(op, answers().ask)).rejects.toMatchObject({ code: 'KEY_REVOKED' });
  });

  it('gives up after a bounded number of wrong passphrases', async () => {
    const { op, calls } = fakeOp(false);
    const { ask } = answers(...Array.from({ length: 20 }, () => 'wrong'));
    await expect(withPassphrase(op, ask)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(calls.length).toBe(MAX_PASSPHRASE_ATTEMPTS + 1);
  });
});
