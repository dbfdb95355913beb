import { describe, expect, it } from 'vitest';
import { runMigrations } from '../../../../main/core/persistence/migrations';
import { workspaceSpec } from '../../../../main/core/workspace/workspaceDocument';

const v1 = { draft: { method: 'POST', url: 'http://x.test', headers: { Accept: 'application/json' }, body: '{}' } };

describe('runMigrations', () => {
  it('brings a version 1 workspace to version 2', () => {
    const outcome = runMigrations(v1, 1, workspaceSpec.version, workspaceSpec.migrations);
    expect(outcome.status).toBe('migrated');
    expect(workspaceSpec.schema.parse(outcome.data)).toEqual({
      draft: { method: 'POST', url: 'http://x.test', headers: [{ name: 'Accept', value: 'application/json', enabled: true }], body: '{}' },
    });
  });

  it('running twice equals running once', () => {
    const once = runMigrations(v1, 1, 2, workspaceSpec.migrations);
    const twice = runMigrations(once.data, 2, 2, workspaceSpec.migrations);
    expect(twice).toEqual({ status: 'current', data: once.data });
  });

  it('does not touch its input', () => {
    const input = structuredClone(v1);
    runMigrations(input, 1, 2, workspaceSpec.migrations);
    expect(input).toEqual(v1);
  });

  it('reports data from a newer version instead of migrating it', () => {
    expect(runMigrations({ a: 1 }, 9, 2, [])).toEqual({ status: 'newer', data: { a: 1 }, version: 9 });
  });

  it('fails clearly when a step is missing', () => {
    expect(() => runMigrations({}, 1, 3, [{ from: 1, migrate: (d) => d }])).toThrow('No migration from schema version 2 to 3.');
  });
});
