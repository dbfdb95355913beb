import { Suspense } from 'react';
import * as Tabs from '@radix-ui/react-tabs';
import type { ExecuteResult, ResponseStarted } from '../../../preload/contract';
import { useRemembered, type LiveResponse } from '../../state/sessions';
import { formatBytes, formatDuration, hexDump, statusClass } from '../../ui/format';
import { CheckResultsView, resultsCount } from '../checks';
import { BodyViewer } from './BodyViewer';
import { HeadersTable } from '../../ui/HeadersTable';
import { ImagePreview } from './ImagePreview';
import { SentView } from './SentView';
import { explainStatus } from '../../ui/statusExplanations';
import { TimingChart } from './TimingChart';
import { lazyNamed } from '../../ui/lazyNamed';

// The events view loads the first time an event stream arrives.
const EventsView = lazyNamed(() => import('./EventsView'), 'EventsView');

/** What is known of a response as soon as its body starts arriving. */
export type Head = Pick<ResponseStarted, 'url' | 'status' | 'statusText' | 'headers' | 'contentType' | 'bodyId' | 'stream'>;

/** Parts that exist once the response is complete: while it arrives, its body is shown. */
const COMPLETE_ONLY = new Set(['tests', 'timing', 'request']);

/** Text a viewer can show row by row while it arrives; anything else waits for the whole body. */
function isTextual(contentType: string | null): boolean {
  return contentType === null || /json|xml|text\/|javascript|yaml|csv|event-stream|x-www-form-urlencoded|graphql/i.test(contentType);
}

/**
 * One response, from the moment its body starts arriving (`result` null: the head and what
 * arrived so far) to complete. The same component throughout, so the viewer keeps its place.
 */
export function ResponseResult({ head, result, live, memory, onStop }: { head: Head; result: ExecuteResult | null; live: LiveResponse | null; memory: Map<string, unknown> | null; onStop?: (() => void) | undefined }) {
  const receiving = result === null;
  const [part, setPart] = useRemembered(memory, 'part', head.stream === 'events' ? 'events' : 'body');
  const decoded = live?.progress?.decoded ?? 0;
  const tests = resultsCount(result?.checks);
  return (
    <div className="response">
      <div className="response-summary" aria-label="Response summary">
        <span className={`status ${statusClass(head.status)}`} data-testid={receiving ? 'response-status-live' : 'response-status'}>
          {head.status} {head.statusText}
        </span>
        {result ? (
          <span className="metric" title={`First byte after ${formatDuration(result.timing.firstByteMs)}`}>
            <span className="metric-label">Time</span> {formatDuration(result.timing.totalMs)}
          </span>
        ) : (
          <span className="metric receiving" role="status">
            <span className="spinner small" aria-hidden="true" /> Receiving…
          </span>
        )}
        <span className="metric" title={result ? `${formatBytes(result.size)} on the wire` : 'So far'}>
          <span className="metric-label">Size</span> {formatBytes(result ? result.bodySize : decoded)}
        </span>
        {result && result.stream === 'events' && (
          <span className="metric">
            <span className="metric-label">Events</span> {result.events}
          </span>
        )}
        {tests && (
          <button type="button" className={`metric metric-button ${tests.passed ? 'passed' : 'failed'}`} onClick={() => setPart('tests')} title="Show the assertion results">
            <span className="metric-label">Tests</span> {tests.text}
          </button>
        )}
        {result && result.redirects.length > 0 && (
          <span className="metric" title={result.redirects.map((r) => `${r.status} ${r.url}`).join('\n')}>
            <span className="metric-label">Redirects</span> {result.redirects.length}
          </span>
        )}
      </div>
      <p className="status-explanation">{explainStatus(head.status)}</p>
      {result?.capped && (
        <p className="hint warning banner" role="status" data-testid="response-capped">
          {result.capped}
        </p>
      )}
      {result?.incomplete && (
        <p className="hint warning banner" role="status" data-testid="response-incomplete">
          <strong>Partial response.</strong> {result.incomplete.message}
        </p>
      )}
      <Tabs.Root className="tabs fill" value={!result && COMPLETE_ONLY.has(part) ? 'body' : part} onValueChange={setPart}>
        <Tabs.List className="tab-list" aria-label="Response parts">
          {head.stream === 'events' && (
            <Tabs.Trigger className="tab" value="events">
              Events<span className="count">{result ? result.events : (live?.events.length ?? 0)}</span>
            </Tabs.Trigger>
          )}
          <Tabs.Trigger className="tab" value="body">
            Body
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="headers">
            Headers<span className="count">{head.headers.length}</span>
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="tests" disabled={!result}>
            Tests
            {tests && (
              <span className={`count ${tests.passed ? 'count-passed' : 'count-failed'}`} title={tests.passed ? 'All passed' : 'Some failed'}>
                {tests.text}
              </span>
            )}
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="timing" disabled={!result}>
            Timing
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="request" disabled={!result}>
            Request
          </Tabs.Trigger>
        </Tabs.List>
        {head.stream === 'events' && (
          <Tabs.Content className="tab-panel fill flush" value="events">
            <Suspense fallback={null}>
              <EventsView bodyId={head.bodyId} live={result ? null : (live?.events ?? [])} {...(onStop ? { onStop } : {})} />
            </Suspense>
          </Tabs.Content>
        )}
        <Tabs.Content className="tab-panel fill flush" value="body">
          {!result ? (
            isTextual(head.contentType) ? (
              <BodyViewer key={head.bodyId} bodyId={head.bodyId} contentType={head.contentType} memory={memory} />
            ) : (
              <p className="hint pad">Receiving a {head.contentType ?? 'binary'} body: {formatBytes(decoded)} so far. It is shown when complete.</p>
            )
          ) : result.bodySize === 0 ? (
            <p className="hint pad">The response has no body.</p>
          ) : /^image\//i.test(result.contentType ?? '') ? (
            <ImagePreview bodyId={result.bodyId} contentType={(result.contentType ?? '').split(';')[0] ?? 'image/png'} bytes={result.bodySize} />
          ) : result.body.kind === 'binary' ? (
            <div className="pad fill-column">
              <p className="hint">Binary body: {formatBytes(result.bodySize)}. Showing the first bytes as hex.</p>
              <pre className="body-view" data-testid="response-hex" tabIndex={0} aria-label="Response body as hex">
                {hexDump(Uint8Array.from(atob(result.body.base64), (c) => c.charCodeAt(0)))}
              </pre>
            </div>
          ) : (
            <BodyViewer key={result.bodyId} bodyId={result.bodyId} contentType={result.contentType} memory={memory} />
          )}
        </Tabs.Content>
        <Tabs.Content className="tab-panel fill" value="headers">
          <HeadersTable label="Response headers" rows={head.headers} />
        </Tabs.Content>
        {result && (
          <>
            <Tabs.Content className="tab-panel fill" value="tests">
              <CheckResultsView checks={result.checks} />
            </Tabs.Content>
            <Tabs.Content className="tab-panel fill" value="timing">
              <TimingChart timing={result.timing} redirects={result.redirects.length} />
            </Tabs.Content>
            <Tabs.Content className="tab-panel fill" value="request">
              <SentView result={result} />
            </Tabs.Content>
          </>
        )}
      </Tabs.Root>
    </div>
  );
}

