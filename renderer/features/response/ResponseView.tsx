import type { LiveResponse, ResponseState } from '../../state/sessions';
import { ResponseError } from './ResponseError';
import { ResponseResult } from './ResponseResult';

interface ViewProps {
  state: ResponseState;
  /** What main has pushed about the send in flight. */
  live?: LiveResponse;
  /** The tab's remembered viewer state (see state/sessions.ts). */
  memory?: Map<string, unknown>;
  onSendWithoutTlsCheck?(): void;
  /** Cancel: for a stream, Stop. */
  onStop?(): void;
}

/** A tab's response: nothing yet, waiting, arriving, complete, or why it failed. */
export function ResponseView({ state, live, memory, onSendWithoutTlsCheck, onStop }: ViewProps) {
  if (state.kind === 'idle') {
    return (
      <div className="empty-state">
        <p className="empty-title">No response yet</p>
        {state.note && <p className="hint">{state.note}</p>}
        <p>
          Enter a URL and press <kbd>Ctrl</kbd> + <kbd>Enter</kbd> or <strong>Send</strong>.
        </p>
      </div>
    );
  }
  if (state.kind === 'restoring') {
    return (
      <div className="empty-state" role="status">
        <div className="spinner" aria-hidden="true" />
        <p>Opening the last response…</p>
      </div>
    );
  }
  if (state.kind === 'sending') {
    if (live?.started) return <ResponseResult head={live.started} result={null} live={live} memory={memory ?? null} onStop={onStop} />;
    return (
      <div className="empty-state" role="status">
        <div className="spinner" aria-hidden="true" />
        <p>Waiting for the response…</p>
      </div>
    );
  }
  if (state.kind === 'failed') return <ResponseError error={state.error} onSendWithoutTlsCheck={onSendWithoutTlsCheck} />;
  return <ResponseResult head={state.result} result={state.result} live={null} memory={memory ?? null} />;
}

