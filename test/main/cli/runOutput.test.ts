// What `latchkey run` prints on a terminal (one progress line rewritten in place) and in CI
// (plain lines), from steps as the runner makes them.
import { describe, expect, it } from 'vitest';
import type { RunStep, RunSummary } from '../../../main/core/runner/collectionRunner';
import { createRunOutput } from '../../../main/cli/runOutput';
import { spec } from '../../fixtures/requests';

const step = (name: string, failed: number, error: string | null = null): RunStep => ({
  iteration: 0,
  index: 0,
  item: { itemId: null, name, folders: ['Users'], request: spec({ url: 'http://127.0.0.1/x' }) },
  result: error
    ? null
    : ({
        status: 200,
        checks: {
          passed: 1,
          failed,
          captures: [],
          assertions: failed ? [{ assertion: { target: 'jsonpath', path: '$.name', operator: 'equals', expected: 'Ada', enabled: true }, origin: 'request', originName: '', passed: false, actual: 'Grace', foundAt: null, message: 'expected Ada' }] : [],
        },
      } as unknown as RunStep['result']),
  error: error ? { code: 'connection_refused', message: error } : null,
  passed: error ? 0 : 1,
  failed,
  timeMs: 12,
});
const summary = (steps: RunStep[]): RunSummary => ({ steps, iterations: 1, requests: steps.length, errors: steps.filter((s) => s.error).length, assertionsPassed: 2, assertionsFailed: 1, stopped: null, totalMs: 40 });

describe('run output', () => {
  it('on a terminal rewrites one progress line and keeps failures above it', () => {
    let text = '';
    const out = createRunOutput({ write: (t: string) => (text += t) }, { tty: true, columns: 80, total: 3 });
    const steps = [step('Get Ada', 0), step('Get Grace', 1), step('Down', 0, 'Connection refused')];
    out.start('Partner API');
    for (const s of steps) out.step(s);
    out.summary(summary(steps));
    expect(text).toContain('[1/3] Users / Get Ada');
    expect(text).toContain('\r\x1b[2K✗ Users / Get Grace  GET 200  12 ms  1/2 passed\n    $.name equals Ada: expected Ada (actual: Grace)\n');
    expect(text).toContain('[3/3] 2 failed · Users / Down');
    // A passing request leaves no line of its own on a terminal.
    expect(text).not.toContain('✓ Users / Get Ada');
    expect(text).toMatch(/requests\s+3\s+2\n/);
  });

  it('in CI prints a plain line per request, with no control characters', () => {
    let text = '';
    const out = createRunOutput({ write: (t: string) => (text += t) }, { tty: false, columns: 80, total: 2 });
    const steps = [step('Get Ada', 0), step('Get Grace', 1)];
    for (const s of steps) out.step(s);
    out.summary(summary(steps));
    expect(text).toContain('✓ Users / Get Ada  GET 200  12 ms  1/1 passed\n');
    expect(text).toContain('✗ Users / Get Grace  GET 200  12 ms  1/2 passed\n');
    expect(text.includes('\r') || text.includes('\u001b')).toBe(false);
  });
});
