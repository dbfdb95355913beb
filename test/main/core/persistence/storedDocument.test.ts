import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notice } from '../../../../preload/contract';
import { ConfDocumentStore } from '../../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../../main/adapters/confFactory';
import { StoredDocument } from '../../../../main/core/persistence/storedDocument';
import { workspaceSpec, type WorkspaceData } from '../../../../main/core/workspace/workspaceDocument';
import { memoryLogger } from '../../../fixtures/testPorts';

let dir: string;
let notices: Omit<Notice, 'id'>[];

const clock = { now: () => Date.UTC(2026, 10, 22, 10, 30, 0) };
const open = () =>
  StoredDocument.open(workspaceSpec, { store: new ConfDocumentStore(dir, confFactory), clock, logger: memoryLogger(), notify: (n) => notices.push(n) });
const file = () => join(dir, 'workspace.json');
const sample: WorkspaceData = { tabs: [{ id: 'tab-1', savedId: null, name: null, dirty: false, draft: { method: 'PUT', url: 'http://127.0.0.1/x', params: [], pathVariables: [], headers: [{ name: 'A', value: '1', enabled: true }], body: { kind: 'raw', text: 'b', contentType: 'text/plain' }, settings: {} } }], activeTabId: 'tab-1' };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-doc-'));
  notices = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('StoredDocument with conf on disk', () => {
  it('starts empty without a file and round-trips a save with a schema version, mode 0600', () => {
    const doc = open();
    expect(doc.get()).toEqual(workspaceSpec.empty());
    doc.set(sample);
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual({ schemaVersion: workspaceSpec.version, data: sample });
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    expect(open().get()).toEqual(sample);
    expect(notices).toEqual([]);
  });

  it.each([
    ['truncated JSON', '{"schemaVersion": 3, "data": {"dra'],
    ['garbage', '\u0000\u0001not json at all'],
    ['no schema version', '{"draft": {}}'],
    ['the wrong shape', '{"schemaVersion": 4, "data": {"tabs": [{"draft": {"method": 7}}]}}'],
  ])('sets aside a file with %s, keeps it byte for byte, starts empty and says so', (_label, content) => {
    writeFileSync(file(), content);
    const doc = open();
    expect(doc.get()).toEqual(workspaceSpec.empty());
    const kept = readdirSync(dir).filter((name) => name.startsWith('workspace.json.corrupt-'));
    expect(kept).toEqual(['workspace.json.corrupt-2026-11-22T10-30-00-000Z']);
    expect(readFileSync(join(dir, kept[0] ?? ''), 'utf8')).toBe(content);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toContain('workspace.json.corrupt-2026-11-22T10-30-00-000Z');
    doc.set(sample);
    expect(open().get()).toEqual(sample);
  });

  it('migrates an old file after backing it up', () => {
    const old = JSON.stringify({ schemaVersion: 1, data: { draft: { method: 'GET', url: 'http://a.test', headers: { X: 'y' }, body: '' } } });
    writeFileSync(file(), old);
    const doc = open();
    expect(doc.get().tabs[0]!.draft.headers).toEqual([{ name: 'X', value: 'y', enabled: true }]);
    expect(readFileSync(join(dir, 'workspace.json.backup-v1-2026-11-22T10-30-00-000Z'), 'utf8')).toBe(old);
    expect(JSON.parse(readFileSync(file(), 'utf8')).schemaVersion).toBe(workspaceSpec.version);
    expect(doc.get().tabs[0]!.draft.body).toEqual({ kind: 'none' });
    const again = open();
    expect(again.get()).toEqual(doc.get());
    expect(readdirSync(dir).filter((n) => n.includes('backup'))).toHaveLength(1);
  });

  it('opens a file from a newer version read-only and never writes it', () => {
    const newer = JSON.stringify({ schemaVersion: 99, data: { tabs: [{ id: 'tab-1', savedId: null, name: null, dirty: false, draft: { method: 'GET', url: 'http://future.test', params: [], pathVariables: [], headers: [], body: { kind: 'none' }, settings: {} } }], activeTabId: 'tab-1', more: 1 } });
    writeFileSync(file(), newer);
    const doc = open();
    expect(doc.readOnly).toBe(true);
    expect(doc.get().tabs[0]!.draft.url).toBe('http://future.test');
    expect(() => doc.set(sample)).toThrow(expect.objectContaining({ code: 'read_only' }));
    expect(readFileSync(file(), 'utf8')).toBe(newer);
    expect(notices[0]?.title).toContain('newer Latchkey');
  });
});
