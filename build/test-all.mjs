// `npm test`: every check in order (typecheck, lint, unit + renderer, keychain, built app, end-to-end),
// then one summary line with the counts and the reason for every skipped test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const reports = resolve(root, 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

/** @type {{ name: string; command: [string, ...string[]]; report?: string; kind?: 'vitest' | 'playwright' }[]} */
const steps = [
  { name: 'typecheck', command: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'lint', command: ['npm', 'run', '--silent', 'lint'] },
  { name: 'unit and renderer', command: ['npx', 'vitest', 'run', '--project', 'unit', '--project', 'renderer', '--reporter=default', '--reporter=json', '--outputFile.json=reports/unit.json'], report: 'unit.json', kind: 'vitest' },
  { name: 'keychain', command: ['sh', 'build/with-keychain.sh', 'npx', 'vitest', 'run', '--project', 'keychain', '--reporter=default', '--reporter=json', '--outputFile.json=reports/keychain.json'], report: 'keychain.json', kind: 'vitest' },
  // Builds (its globalSetup), then loads what ships: the entry point, the Electron shell and the
  // preload against a stand-in electron module. The journeys below use the same build.
  { name: 'built app', command: ['npx', 'vitest', 'run', '--project', 'built', '--reporter=default', '--reporter=json', '--outputFile.json=reports/built.json'], report: 'built.json', kind: 'vitest' },
  // The host keeps connection secrets in the keychain: the journeys run with a real one too.
  { name: 'end-to-end', command: ['sh', 'build/with-keychain.sh', 'npx', 'playwright', 'test'], report: 'e2e.json', kind: 'playwright' },
];

let passed = 0;
let failed = 0;
let skipped = 0;
/** @type {string[]} */
const skips = [];
/** @type {string[]} */
const failedSteps = [];

/** @param {any} suite @param {string[]} path */
function collectPlaywrightSkips(suite, path) {
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests ?? []) {
      if (t.status === 'skipped') {
        const reason = (t.annotations ?? []).find((/** @type {{ type: string }} */ a) => a.type === 'skip')?.description ?? 'no reason given';
        skips.push(`${[...path, spec.title].filter(Boolean).join(' › ')}: ${reason}`);
      }
    }
  }
  for (const child of suite.suites ?? []) collectPlaywrightSkips(child, [...path, child.title]);
}

for (const step of steps) {
  process.stdout.write(`\n=== ${step.name}: ${step.command.join(' ')}\n`);
  const run = spawnSync(step.command[0], step.command.slice(1), { cwd: root, stdio: 'inherit', env: { ...process.env, LATCHKEY_REPORT_DIR: reports } });
  const ok = run.status === 0;
  if (!ok) failedSteps.push(step.name);
  const reportPath = step.report ? resolve(reports, step.report) : null;
  if (reportPath && existsSync(reportPath)) {
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    if (step.kind === 'vitest') {
      passed += report.numPassedTests;
      failed += report.numFailedTests;
      skipped += report.numPendingTests + report.numTodoTests;
    } else {
      passed += report.stats.expected + report.stats.flaky;
      failed += report.stats.unexpected;
      skipped += report.stats.skipped;
      for (const suite of report.suites ?? []) collectPlaywrightSkips(suite, [suite.title]);
    }
  } else if (!ok) {
    // A step without a report (typecheck, lint, build), or a runner that died before writing one.
    failed += 1;
  }
  if (!ok && step.name === 'typecheck') break;
}

process.stdout.write('\n');
for (const skip of skips) process.stdout.write(`skipped: ${skip}\n`);
if (failedSteps.length > 0) process.stdout.write(`failed steps: ${failedSteps.join(', ')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failedSteps.length > 0 || failed > 0 ? 1 : 0);
