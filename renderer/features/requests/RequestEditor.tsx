import * as Tabs from '@radix-ui/react-tabs';
import type { Draft } from '../../../preload/contract';
import { HeadersEditor } from './HeadersEditor';

interface Props {
  draft: Draft;
  onChange(update: (d: Draft) => Draft): void;
}

/** The parts of a request below the URL bar. */
export function RequestEditor({ draft, onChange }: Props) {
  const headerCount = draft.headers.filter((h) => h.enabled && h.name !== '').length;
  const bodyless = draft.method === 'GET' || draft.method === 'HEAD';
  return (
    <Tabs.Root className="tabs" defaultValue="headers">
      <Tabs.List className="tab-list" aria-label="Request parts">
        <Tabs.Trigger className="tab" value="headers">
          Headers{headerCount > 0 && <span className="count">{headerCount}</span>}
        </Tabs.Trigger>
        <Tabs.Trigger className="tab" value="body">
          Body{draft.body !== '' && <span className="dot" aria-label="has a body" />}
        </Tabs.Trigger>
      </Tabs.List>
      <Tabs.Content className="tab-panel" value="headers">
        <HeadersEditor headers={draft.headers} onChange={(headers) => onChange((d) => ({ ...d, headers }))} />
      </Tabs.Content>
      <Tabs.Content className="tab-panel" value="body">
        <label className="field-label" htmlFor="request-body">
          Body
        </label>
        {bodyless && draft.body !== '' && <p className="hint">A {draft.method} request is sent without its body.</p>}
        <textarea
          id="request-body"
          className="code-input"
          spellCheck={false}
          placeholder={'{\n  "name": "value"\n}'}
          value={draft.body}
          onChange={(e) => onChange((d) => ({ ...d, body: e.target.value }))}
        />
      </Tabs.Content>
    </Tabs.Root>
  );
}
