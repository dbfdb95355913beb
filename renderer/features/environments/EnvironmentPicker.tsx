import type { EnvironmentList } from '../../../preload/contract';

const MANAGE = 'manage';

/** The top bar's environment choice; the last option opens the editor. */
export function EnvironmentPicker({ list, onActivate, onManage }: { list: EnvironmentList; onActivate(id: string | null): void; onManage(): void }) {
  return (
    <label className="environment-picker">
      <span className="sr-only">Environment</span>
      <select
        className="text-input small"
        aria-label="Environment"
        value={list.activeId ?? ''}
        onChange={(e) => {
          if (e.target.value === MANAGE) onManage();
          else onActivate(e.target.value || null);
        }}
        title="Environment (its variables apply to every request)"
      >
        <option value="">No environment</option>
        {list.environments.map((e) => (
          <option key={e.id} value={e.id}>
            {e.name}
          </option>
        ))}
        <option value={MANAGE}>Manage environments…</option>
      </select>
    </label>
  );
}
