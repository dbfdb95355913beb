import type { AssertionResult, ErrorCode } from '../../../preload/contract';
import { assertionTitle } from '../importers/postmanChecks';

/** A failed assertion in one line, as every report, the terminal and the runner's rows show it. */
export function failureText(a: Pick<AssertionResult, 'assertion' | 'message' | 'actual'>): string {
  return `${assertionTitle(a.assertion)}: ${a.message}${a.actual !== null ? ` (actual: ${a.actual})` : ''}`;
}

/**
 * What a report reads of a request of a run: a step as the runner made it, or as a kept run
 * stored it (without the response's headers and body).
 */
export interface StepRecord {
  iteration: number;
  index: number;
  item: { itemId: string | null; name: string; folders: string[]; request: { method: string; url: string } };
  result: { status: number; statusText: string; sent: { url: string }; checks?: { assertions: AssertionResult[] } | undefined } | null;
  error: { code: ErrorCode; message: string } | null;
  passed: number;
  failed: number;
  timeMs: number;
}

/** A run's totals and steps, as reports read them (RunSummary is one). */
export interface RunRecord {
  steps: StepRecord[];
  iterations: number;
  requests: number;
  /** Requests that failed: no response, or a body cut short. */
  errors: number;
  assertionsPassed: number;
  assertionsFailed: number;
  stopped: 'bail' | 'interrupted' | null;
  totalMs: number;
}

/**
 * A run as files for people and CI: JSON, JUnit XML and a self-contained HTML page. They hold
 * what the results hold, which is already redacted: the URL as sent (credentials taken out),
 * actual values with secret variables and secret captures masked. No header or body is copied.
 */
export interface ReportMeta {
  /** What was run: the collection (and folder) name or the file. */
  source: string;
  startedAt: number;
}

const where = (step: StepRecord) => [...step.item.folders].join(' / ');
const stepUrl = (step: StepRecord) => step.result?.sent.url ?? step.item.request.url;

function assertionsOf(step: StepRecord) {
  return (step.result?.checks?.assertions ?? []).map((a) => ({
    name: assertionTitle(a.assertion),
    origin: a.origin === 'request' ? null : `${a.origin} ${a.originName}`,
    passed: a.passed,
    actual: a.actual,
    message: a.message,
  }));
}

export function jsonReport(summary: RunRecord, meta: ReportMeta): string {
  return `${JSON.stringify(
    {
      source: meta.source,
      startedAt: new Date(meta.startedAt).toISOString(),
      totalMs: Math.round(summary.totalMs),
      iterations: summary.iterations,
      requests: summary.requests,
      errors: summary.errors,
      assertions: { passed: summary.assertionsPassed, failed: summary.assertionsFailed },
      stopped: summary.stopped,
      steps: summary.steps.map((s) => ({
        iteration: s.iteration + 1,
        folder: where(s),
        name: s.item.name,
        method: s.item.request.method,
        url: stepUrl(s),
        status: s.result?.status ?? null,
        timeMs: Math.round(s.timeMs),
        error: s.error,
        assertions: assertionsOf(s),
      })),
    },
    null,
    2,
  )}\n`;
}

/** Text for XML: escaped, and without the characters XML 1.0 cannot hold at all. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** JUnit XML as CI systems read it: a testsuite per folder, a testcase per request (per iteration when there are several). */
export function junitReport(summary: RunRecord, meta: ReportMeta): string {
  const suites = new Map<string, StepRecord[]>();
  for (const step of summary.steps) {
    const name = [meta.source, ...step.item.folders].join(' / ');
    const list = suites.get(name) ?? [];
    list.push(step);
    suites.set(name, list);
  }
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const timestamp = new Date(meta.startedAt).toISOString().replace(/\.\d+Z$/, '');
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  // Valid against both common schemas (Ant's and Jenkins' JUnit 4, kept in test/fixtures/junit):
  // totals sit on each testsuite, and what was sent goes in the suite's system-out.
  out.push('<testsuites>');
  let id = 0;
  for (const [name, steps] of suites) {
    const failures = steps.filter((s) => !s.error && s.failed > 0).length;
    const errors = steps.filter((s) => s.error).length;
    const time = steps.reduce((n, s) => n + s.timeMs, 0);
    out.push(`  <testsuite name="${xml(name)}" id="${id++}" package="${xml(meta.source)}" hostname="localhost" tests="${steps.length}" failures="${failures}" errors="${errors}" time="${seconds(time)}" timestamp="${timestamp}">`);
    out.push(`    <properties><property name="latchkey.source" value="${xml(meta.source)}"/>${summary.stopped ? `<property name="latchkey.stopped" value="${summary.stopped}"/>` : ''}</properties>`);
    const sent: string[] = [];
    for (const step of steps) {
      const caseName = summary.iterations > 1 ? `${step.item.name} (iteration ${step.iteration + 1})` : step.item.name;
      const open = `    <testcase name="${xml(caseName)}" classname="${xml(name)}" time="${seconds(step.timeMs)}"`;
      if (step.error) {
        out.push(`${open}>`, `      <error message="${xml(step.error.message)}" type="${xml(step.error.code)}">${xml(`${step.item.request.method} ${stepUrl(step)}: ${step.error.message}`)}</error>`, '    </testcase>');
      } else if (step.failed > 0) {
        const failed = assertionsOf(step).filter((a) => !a.passed);
        const first = failed[0]!;
        const detail = failed.map((a) => `${a.name}${a.origin ? ` (from ${a.origin})` : ''}: ${a.message}${a.actual !== null ? ` (actual: ${a.actual})` : ''}`).join('\n');
        out.push(`${open}>`, `      <failure message="${xml(`${first.name}: ${first.message}${first.actual !== null ? ` (actual: ${first.actual})` : ''}`)}" type="AssertionFailure">${xml(detail)}</failure>`, '    </testcase>');
      } else {
        out.push(`${open}/>`);
      }
      sent.push(`${caseName}: ${step.item.request.method} ${stepUrl(step)} → ${step.result ? step.result.status : 'no response'} in ${Math.round(step.timeMs)} ms`);
    }
    out.push(`    <system-out>${xml(sent.join('\n'))}</system-out>`, '    <system-err/>', '  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One HTML file with its style inline and no script: totals, then a row per request with its failed assertions. */
export function htmlReport(summary: RunRecord, meta: ReportMeta): string {
  const rows = summary.steps
    .map((s) => {
      const failed = assertionsOf(s).filter((a) => !a.passed);
      const state = s.error ? 'error' : s.failed > 0 ? 'failed' : 'passed';
      const details = s.error ? `<div class="why">${html(s.error.message)}</div>` : failed.map((a) => `<div class="why">${html(a.name)}: ${html(a.message)}${a.actual !== null ? ` — actual <code>${html(a.actual)}</code>` : ''}</div>`).join('');
      return `<tr class="${state}"><td>${s.iteration + 1}</td><td>${html(where(s))}</td><td>${html(s.item.name)}${details}</td><td><code>${html(s.item.request.method)}</code></td><td>${s.result ? s.result.status : '—'}</td><td>${Math.round(s.timeMs)} ms</td><td>${s.passed}/${s.passed + s.failed}</td></tr>`;
    })
    .join('\n');
  const verdict = summary.errors > 0 ? 'Requests failed' : summary.assertionsFailed > 0 ? 'Assertions failed' : 'All passed';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${html(meta.source)} — Latchkey run</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;margin:24px;color:#1c2026}h1{font-size:20px;margin:0 0 4px}.meta{color:#5f6773;margin:0 0 16px}
.totals{display:flex;gap:24px;margin:0 0 16px}.totals b{display:block;font-size:20px}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 8px;border-top:1px solid #dde1e7;vertical-align:top}th{font-size:12px;color:#5f6773}
tr.failed td,tr.error td{background:#fdecec}.why{color:#c92a2a;font-size:12px}.verdict.ok{color:#2b8a3e}.verdict.bad{color:#c92a2a}
</style></head><body>
<h1>${html(meta.source)}</h1>
<p class="meta">Run with Latchkey on ${html(new Date(meta.startedAt).toISOString())} · <span class="verdict ${verdict === 'All passed' ? 'ok' : 'bad'}">${verdict}</span>${summary.stopped ? ` · stopped early (${summary.stopped === 'bail' ? 'first failure' : 'interrupted'})` : ''}</p>
<div class="totals"><div><b>${summary.iterations}</b>iterations</div><div><b>${summary.requests}</b>requests</div><div><b>${summary.errors}</b>failed requests</div><div><b>${summary.assertionsPassed}/${summary.assertionsPassed + summary.assertionsFailed}</b>assertions passed</div><div><b>${Math.round(summary.totalMs)} ms</b>in all</div></div>
<table><thead><tr><th>Iteration</th><th>Folder</th><th>Request</th><th>Method</th><th>Status</th><th>Time</th><th>Assertions</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
