import type { RunStep, RunSummary } from '../core/runner/collectionRunner';
import { failureText } from '../core/runner/reports';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

const ms = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);
const where = (step: RunStep) => [...step.item.folders, step.item.name].join(' / ');

/** The failed assertions of a step, one line each, as a person reads them. */
function failures(step: RunStep): string[] {
  if (step.error) return [`${step.error.message}`];
  return (step.result?.checks?.assertions ?? [])
    .filter((a) => !a.passed)
    .map((a) => `${failureText(a)}${a.origin !== 'request' ? ` [from ${a.origin} ${a.originName}]` : ''}`);
}

/**
 * What a run prints: on a terminal, one progress line rewritten in place with finished failures
 * kept above it; elsewhere (CI, a pipe), a plain line per request. A summary table at the end.
 */
export function createRunOutput(out: OutputStream, options: { tty: boolean; columns: number; total: number }) {
  let done = 0;
  let failed = 0;
  let shown = false;
  const clear = () => {
    if (options.tty && shown) out.write('\r\x1b[2K');
    shown = false;
  };
  const line = (step: RunStep) => {
    const status = step.result ? `${step.result.status}${step.error ? ' (cut short)' : ''}` : 'no response';
    const checks = step.passed + step.failed > 0 ? `  ${step.passed}/${step.passed + step.failed} passed` : '';
    const mark = step.error || step.failed > 0 ? '✗' : '✓';
    const iteration = options.total > 0 && step.iteration > 0 ? `[${step.iteration + 1}] ` : '';
    return `${mark} ${iteration}${where(step)}  ${step.item.request.method} ${status}  ${ms(step.timeMs)}${checks}`;
  };
  return {
    start(source: string) {
      out.write(`Running ${source}: ${options.total} request${options.total === 1 ? '' : 's'}\n`);
    },
    step(step: RunStep) {
      done += 1;
      const bad = step.error !== null || step.failed > 0;
      if (bad) failed += 1;
      if (!options.tty) {
        out.write(`${line(step)}\n`);
        for (const f of failures(step)) out.write(`    ${f}\n`);
        return;
      }
      clear();
      if (bad) {
        out.write(`${line(step)}\n`);
        for (const f of failures(step)) out.write(`    ${f}\n`);
      }
      const progress = `[${done}/${options.total}] ${failed > 0 ? `${failed} failed · ` : ''}${where(step)}`;
      out.write(progress.length > options.columns - 1 ? `${progress.slice(0, options.columns - 2)}…` : progress);
      shown = true;
    },
    summary(summary: RunSummary) {
      clear();
      const failedRequests = summary.steps.filter((s) => s.error || s.failed > 0).length;
      const rows: [string, string, string][] = [
        ['', 'executed', 'failed'],
        ['iterations', String(summary.iterations), ''],
        ['requests', String(summary.requests), String(failedRequests)],
        ['assertions', String(summary.assertionsPassed + summary.assertionsFailed), String(summary.assertionsFailed)],
        ['request errors', '', String(summary.errors)],
      ];
      const width = [15, 10, 8];
      out.write('\n');
      for (const [a, b, c] of rows) out.write(`  ${a.padEnd(width[0]!)}${b.padStart(width[1]!)}${c.padStart(width[2]!)}\n`);
      const times = summary.steps.filter((s) => s.result).map((s) => s.timeMs);
      const average = times.length > 0 ? times.reduce((a, b) => a + b, 0) / times.length : 0;
      out.write(`\n  total ${ms(summary.totalMs)}, average response ${ms(average)}${times.length > 0 ? ` (min ${ms(times.reduce((a, b) => Math.min(a, b)))}, max ${ms(times.reduce((a, b) => Math.max(a, b)))})` : ''}\n`);
      if (summary.stopped === 'bail') out.write('  stopped at the first failure (--bail)\n');
      if (summary.stopped === 'interrupted') out.write('  interrupted: the requests not yet sent were not run\n');
      const bad = summary.steps.filter((s) => s.error || s.failed > 0);
      if (bad.length > 0) {
        out.write('\nFailures:\n');
        bad.forEach((step, i) => {
          out.write(`  ${i + 1}. ${where(step)}${summary.iterations > 1 ? ` (iteration ${step.iteration + 1})` : ''}\n`);
          for (const f of failures(step)) out.write(`     ${f}\n`);
        });
      }
      out.write('\n');
    },
  };
}
