/** One step: turns data stored at version `from` into data at version `from + 1`. */
export interface Migration {
  from: number;
  migrate(data: unknown): unknown;
}

export type MigrationOutcome =
  | { status: 'current'; data: unknown }
  | { status: 'migrated'; data: unknown; from: number; to: number }
  | { status: 'newer'; data: unknown; version: number };

/**
 * Brings `data` stored at `version` up to `target`. Pure: the caller backs up and writes.
 * Running it on its own output is a no-op, so running twice equals running once.
 */
export function runMigrations(data: unknown, version: number, target: number, migrations: readonly Migration[]): MigrationOutcome {
  if (version > target) return { status: 'newer', data, version };
  if (version === target) return { status: 'current', data };
  let current = data;
  for (let v = version; v < target; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) throw new Error(`No migration from schema version ${v} to ${v + 1}.`);
    current = step.migrate(structuredClone(current));
  }
  return { status: 'migrated', data: current, from: version, to: target };
}
