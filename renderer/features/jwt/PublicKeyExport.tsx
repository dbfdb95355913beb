import { useState } from 'react';
import type { GeneratedKey } from '../../../preload/contract';
import { copyText, saveText } from '../../ui/exportText';

/** The generated public key in the forms API platforms ask for. */
export function PublicKeyExport({ generated, onStatus, fileDialogs }: { generated: GeneratedKey; onStatus(message: string): void; fileDialogs: boolean }) {
  const forms: [string, string][] = [
    ['PEM (SPKI)', generated.publicPem ?? ''],
    ['JWK', generated.publicJwk ?? ''],
    ...(generated.openssh ? ([['OpenSSH', generated.openssh]] as [string, string][]) : []),
  ];
  const [form, setForm] = useState(0);
  const [label, text] = forms[Math.min(form, forms.length - 1)]!;
  return (
    <div className="jwt-public">
      <div className="jwt-public-head">
        <span className="form-label">Public key</span>
        <div className="segmented" role="radiogroup" aria-label="Public key format">
          {forms.map(([name], index) => (
            <button key={name} type="button" role="radio" aria-checked={index === form} className={index === form ? 'active' : ''} onClick={() => setForm(index)}>
              {name}
            </button>
          ))}
        </div>
        <button type="button" className="button small" onClick={() => void copyText(text, `the public key (${label})`).then(onStatus)}>
          Copy public key
        </button>
        <button type="button" className="button small ghost" onClick={() => void saveText(label === 'JWK' ? 'public.jwk.json' : label === 'OpenSSH' ? 'id_latchkey.pub' : 'public.pem', text, fileDialogs).then(onStatus)}>
          Save
        </button>
      </div>
      <pre className="jwt-public-text" aria-label={`Public key as ${label}`}>
        {text}
      </pre>
    </div>
  );
}
