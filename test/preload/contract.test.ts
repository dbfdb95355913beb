import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channelNames, contract, eventNames, events } from '../../preload/contract';
import { buildClient } from '../../preload/contract/client';

describe('the contract', () => {
  it('declares a request and a response schema for every channel', () => {
    expect(channelNames.length).toBeGreaterThan(5);
    for (const name of channelNames) {
      expect(name).toMatch(/^[a-z]+:[a-zA-Z]+$/);
      expect(contract[name].req).toBeInstanceOf(z.ZodType);
      expect(contract[name].res).toBeInstanceOf(z.ZodType);
    }
    for (const name of eventNames) expect(events[name]).toBeInstanceOf(z.ZodType);
  });

  it('builds a client with exactly one function per channel and no generic invoke', async () => {
    const calls: [string, unknown][] = [];
    const api = buildClient(
      async (channel, payload) => {
        calls.push([channel, payload]);
        return { ok: true, value: null };
      },
      () => () => undefined,
    );
    expect(Object.keys(api.calls).sort()).toEqual([...channelNames].sort());
    expect(Object.keys(api.events).sort()).toEqual([...eventNames].sort());
    expect(Object.keys(api).sort()).toEqual(['calls', 'events']);
    expect(Object.isFrozen(api.calls)).toBe(true);
    await api.calls['http:cancel']({ requestId: 'r1' });
    expect(calls).toEqual([['http:cancel', { requestId: 'r1' }]]);
  });
});
