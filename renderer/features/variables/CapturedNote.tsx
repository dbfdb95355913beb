import type { ResolvedVariable } from '../../../preload/contract';
import { call } from '../../state/calls';

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const day = (at: number) => new Date(at).toDateString() === new Date().toDateString();

/** "captured from Login at 14:02", with a button that forgets the value. */
export function CapturedNote({ name, captured }: { name: string; captured: NonNullable<ResolvedVariable['captured']> }) {
  const when = day(captured.at) ? time(captured.at) : new Date(captured.at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div className="captured-note" data-testid="captured-note">
      <span className="hint" title={new Date(captured.at).toLocaleString()}>
        captured from {captured.from} at {when}
      </span>
      <button type="button" className="link-button small-text" aria-label={`Clear the captured value of ${name}`} onClick={() => void call('checks:clearCaptured', { id: captured.id })}>
        Clear
      </button>
    </div>
  );
}
