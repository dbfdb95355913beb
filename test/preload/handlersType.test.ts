import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../preload/contract';

describe('Handlers type', () => {
  it('rejects a handler object with a channel missing (checked by npm run typecheck)', () => {
    // @ts-expect-error 'http:cancel' and the rest are missing: an incomplete Handlers does not compile.
    const incomplete: Handlers = {
      'http:execute': async () => {
        throw new Error('unused');
      },
    };
    expect(Object.keys(incomplete)).toEqual(['http:execute']);
  });

  it('rejects a handler whose answer does not match the contract', () => {
    const wrong: Pick<Handlers, 'http:cancel'> = {
      // @ts-expect-error the contract says { cancelled: boolean }.
      'http:cancel': async () => ({ cancelled: 'yes' }),
    };
    expect(typeof wrong['http:cancel']).toBe('function');
  });
});
