import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../../preload/contract';
import { LatchkeyError } from '../../../main/core/errors';
import { createDispatcher } from '../../../main/ipc/dispatcher';
import { memoryLogger } from '../../fixtures/testPorts';

const APP = 'app://latchkey';
const main = { origin: APP, isMainFrame: true };

function handlersWith(overrides: Partial<Handlers>): Handlers {
  const unexpected = async () => {
    throw new Error('not used in this test');
  };
  const all = new Proxy({} as Handlers, { get: (_t, key: string) => (overrides as Record<string, unknown>)[key] ?? unexpected });
  return all;
}

describe('dispatcher', () => {
  it('refuses a payload that does not match the schema, with the failing fields', async () => {
    let called = false;
    const dispatch = createDispatcher(handlersWith({ 'http:cancel': async () => ((called = true), { cancelled: true }) }), { appOrigin: APP, logger: memoryLogger() });
    const result = await dispatch('http:cancel', { requestId: 42 }, main);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_request');
    expect(result.error.issues?.[0]?.path).toBe('requestId');
    expect(called).toBe(false);
  });

  it('refuses a foreign origin and a subframe of the app', async () => {
    const logger = memoryLogger();
    let called = 0;
    const dispatch = createDispatcher(handlersWith({ 'http:cancel': async () => (called++, { cancelled: true }) }), { appOrigin: APP, logger });
    const foreign = await dispatch('http:cancel', { requestId: 'r' }, { origin: 'https://evil.example', isMainFrame: true });
    const subframe = await dispatch('http:cancel', { requestId: 'r' }, { origin: APP, isMainFrame: false });
    const noOrigin = await dispatch('http:cancel', { requestId: 'r' }, { origin: null, isMainFrame: true });
    for (const result of [foreign, subframe, noOrigin]) {
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    }
    expect(called).toBe(0);
    expect(logger.lines.filter((l) => l.message.includes('foreign sender'))).toHaveLength(3);
  });

  it('answers an unknown channel with a code, not a throw', async () => {
    const dispatch = createDispatcher(handlersWith({}), { appOrigin: APP, logger: memoryLogger() });
    expect(await dispatch('fs:readFile', {}, main)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await dispatch('__proto__', {}, main)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('passes the parsed payload and wraps the value', async () => {
    const dispatch = createDispatcher(handlersWith({ 'http:cancel': async ({ requestId }) => ({ cancelled: requestId === 'r7' }) }), { appOrigin: APP, logger: memoryLogger() });
    expect(await dispatch('http:cancel', { requestId: 'r7', extra: 'dropped' }, main)).toEqual({ ok: true, value: { cancelled: true } });
  });

  it('maps a LatchkeyError to its code and hides the text of unexpected errors', async () => {
    const logger = memoryLogger();
    const dispatch = createDispatcher(
      handlersWith({
        'connections:revealSecret': async () => {
          throw new LatchkeyError('secret_not_found', 'That secret is no longer in the keychain.');
        },
        'connections:delete': async () => {
          throw new Error('internal detail /home/user/secret-path');
        },
      }),
      { appOrigin: APP, logger },
    );
    const id = '0b7f2a4e-1c3d-4e5f-8a9b-0c1d2e3f4a5b';
    expect(await dispatch('connections:revealSecret', { id, secretId: 'abcdef12' }, main)).toEqual({ ok: false, error: { code: 'secret_not_found', message: 'That secret is no longer in the keychain.' } });
    const internal = await dispatch('connections:delete', { id }, main);
    expect(internal).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(internal)).not.toContain('secret-path');
    expect(logger.lines.some((l) => l.level === 'error')).toBe(true);
  });

  it('refuses to pass on an answer that breaks the contract', async () => {
    const logger = memoryLogger();
    const dispatch = createDispatcher(handlersWith({ 'http:cancel': async () => ({ cancelled: 'yes' }) as unknown as { cancelled: boolean } }), { appOrigin: APP, logger });
    expect(await dispatch('http:cancel', { requestId: 'r' }, main)).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(logger.lines.some((l) => l.message === 'handler answered outside the contract')).toBe(true);
  });
});
