import type { Handlers } from '../../../preload/contract';
import type { Core } from '../../core/createCore';

export function runnerHandlers(core: Core): Pick<Handlers, 'runner:start' | 'runner:stop' | 'runner:runs' | 'runner:steps' | 'runner:detail' | 'runner:export' | 'runner:remove'> {
  return {
    'runner:start': async (input) => core.runs.start(input),
    'runner:stop': async ({ runId }) => ({ stopped: core.runs.stop(runId) }),
    'runner:runs': async () => core.runs.list(),
    'runner:steps': async ({ runId }) => core.runs.steps(runId),
    'runner:detail': async ({ runId, n }) => core.runs.detail(runId, n),
    'runner:export': async ({ runId, format }) => core.runs.export(runId, format),
    'runner:remove': async ({ runId }) => ({ removed: await core.runs.remove(runId) }),
  };
}
