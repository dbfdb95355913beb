import * as Tabs from '@radix-ui/react-tabs';
import { useState } from 'react';
import type { Connection, Draft, SigningProfile, TokenHistoryEntry, Variable } from '../../../preload/contract';
import { setCached, useCall } from '../../state/calls';
import { DecodePanel } from './DecodePanel';
import { SignPanel } from './SignPanel';
import { TokenHistory } from './TokenHistory';

interface Props {
  connections: Connection[];
  variables: Variable[];
  draft: Draft;
  fileDialogs: boolean;
  profiles: SigningProfile[];
  decodeRequest: { token: string; n: number } | null;
}

/** The JWT signer: sign with any key, decode and verify any token, and the tokens signed so far. */
export function JwtScreen({ decodeRequest, ...props }: Props) {
  const [tab, setTab] = useState('sign');
  const [shownRequest, setShownRequest] = useState<number | null>(null);
  // Another screen asked to decode a token: show Decode & verify (once per request).
  if (decodeRequest && decodeRequest.n !== shownRequest) {
    setShownRequest(decodeRequest.n);
    setTab('decode');
  }
  const tokens = useCall('jwt:tokens');
  const entries = tokens.data ?? [];
  const refresh = () => void tokens.refresh();
  const setEntries = (list: TokenHistoryEntry[]) => setCached('jwt:tokens', undefined, () => list);
  return (
    <section className="jwt-screen" aria-label="JWT signer">
      <Tabs.Root className="tabs" value={tab} onValueChange={setTab}>
        <Tabs.List className="tab-list" aria-label="JWT views">
          <Tabs.Trigger className="tab" value="sign">
            Sign
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="decode">
            Decode &amp; verify
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="history">
            Token history{entries.length > 0 && <span className="count">{entries.length}</span>}
          </Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content className="tab-panel" value="sign" forceMount>
          <SignPanel
            {...props}
            onSigned={refresh}
            onVariablesSaved={(list) => setCached('variables:list', undefined, () => list)}
            onProfilesChanged={(list) => setCached('jwt:profiles', undefined, () => list)}
          />
        </Tabs.Content>
        <Tabs.Content className="tab-panel" value="decode" forceMount>
          <DecodePanel request={decodeRequest} />
        </Tabs.Content>
        <Tabs.Content className="tab-panel" value="history">
          <TokenHistory entries={entries} onChange={setEntries} />
        </Tabs.Content>
      </Tabs.Root>
    </section>
  );
}
