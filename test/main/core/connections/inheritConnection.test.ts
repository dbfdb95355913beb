import { describe, expect, it } from 'vitest';
import { effectiveConnectionId } from '../../../../main/core/connections/inheritConnection';

const A = 'a'.repeat(8);
const B = 'b'.repeat(8);
const C = 'c'.repeat(8);

describe('effectiveConnectionId', () => {
  it("inherits the nearest folder's connection, then the collection's", () => {
    expect(effectiveConnectionId({}, [{ connectionId: A }, { connectionId: B }, { connectionId: C }])).toBe(A);
    expect(effectiveConnectionId({}, [{}, { connectionId: B }, { connectionId: C }])).toBe(B);
    expect(effectiveConnectionId({}, [{}, {}, { connectionId: C }])).toBe(C);
    expect(effectiveConnectionId({}, [])).toBeNull();
  });

  it("lets the request's own choice win, including an explicit \"no connection\"", () => {
    expect(effectiveConnectionId({ connectionId: C }, [{ connectionId: A }])).toBe(C);
    expect(effectiveConnectionId({ connectionId: null }, [{ connectionId: A }])).toBeNull();
    // A folder that says "no connection" stops the collection's from applying.
    expect(effectiveConnectionId({}, [{ connectionId: null }, { connectionId: B }])).toBeNull();
  });
});
