import { describe, expect, it } from 'vitest';
import { runMigrations } from '../../../../main/core/persistence/migrations';
import { workspaceSpec } from '../../../../main/core/workspace/workspaceDocument';

const v1 = { draft: { method: 'POST', url: 'http://x.test', headers: { Accept: 'application/json' }, body: '{}' } };

describe('runMigrations', () => {
  it('brings a version 1 workspace to the current version', () => {
    const outcome = runMigrations(v1, 1, workspaceSpec.version, workspaceSpec.migrations);
    expect(outcome.status).toBe('migrated');
    expect(workspaceSpec.schema.parse(outcome.data).tabs[0]).toEqual({
      id: 'tab-1',
      savedId: null,
      name: null,
      dirty: false,
      draft: {
        method: 'POST',
        url: 'http://x.test',
        params: [],
        pathVariables: [],
        headers: [{ name: 'Accept', value: 'application/json', enabled: true }],
        body: { kind: 'json', text: '{}' },
        settings: {},
      },
    });
  });

  it('turns a version 2 text body into a body kind', () => {
    const v2 = (body: string) => runMigrations({ draft: { method: 'POST', url: 'u', headers: [], body } }, 2, 3, workspaceSpec.migrations).data as { draft: { body: unknown } };
    expect(v2('').draft.body).toEqual({ kind: 'none' });
    expect(v2('[1]').draft.body).toEqual({ kind: 'json', text: '[1]' });
    expect(v2('<a/>').draft.body).toEqual({ kind: 'raw', text: '<a/>', contentType: 'text/plain' });
  });

  it('running twice equals running once', () => {
    const once = runMigrations(v1, 1, workspaceSpec.version, workspaceSpec.migrations);
    const twice = runMigrations(once.data, workspaceSpec.version, workspaceSpec.version, workspaceSpec.migrations);
    expect(twice).toEqual({ status: 'current', data: once.data });
  });

  it('does not touch its input', () => {
    const input = structuredClone(v1);
    runMigrations(input, 1, workspaceSpec.version, workspaceSpec.migrations);
    expect(input).toEqual(v1);
  });

  it('reports data from a newer version instead of migrating it', () => {
    expect(runMigrations({ a: 1 }, 9, 2, [])).toEqual({ status: 'newer', data: { a: 1 }, version: 9 });
  });

  it('fails clearly when a step is missing', () => {
    expect(() => runMigrations({}, 1, 3, [{ from: 1, migrate: (d) => d }])).toThrow('No migration from schema version 2 to 3.');
  });
});
