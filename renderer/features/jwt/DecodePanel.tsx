import { useEffect, useState } from 'react';
import type { DecodedToken, HmacEncoding, VerifyResult } from '../../../preload/contract';
import { api } from '../../api';

/** Decode and verify a token made anywhere: header and payload pretty, times as dates, the signature checked. */
export function DecodePanel({ request }: { request: { token: string; n: number } | null }) {
  const [token, setToken] = useState('');
  const [shown, setShown] = useState<number | null>(null);
  if (request && request.n !== shown) {
    setShown(request.n);
    setToken(request.token);
  }
  const [decoded, setDecoded] = useState<DecodedToken | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [mode, setMode] = useState<'key' | 'jwksUrl'>('key');
  const [key, setKey] = useState('');
  const [encoding, setEncoding] = useState<HmacEncoding>('text');
  const [result, setResult] = useState<VerifyResult | null>(null);

  useEffect(() => {
    if (token.trim() === '') return;
    let live = true;
    void api.calls['jwt:decode']({ token }).then((r) => {
      if (!live) return;
      setDecoded(r.ok ? r.value : null);
      setProblem(r.ok ? null : r.error.message);
    });
    return () => {
      live = false;
    };
  }, [token]);

  const hmac = decoded?.algorithm?.startsWith('HS') ?? false;
  const verify = async () => {
    const r = await api.calls['jwt:verify']({ token, key: mode === 'jwksUrl' ? { kind: 'jwksUrl', url: key } : { kind: 'text', text: key, hmacEncoding: encoding } });
    setResult(r.ok ? r.value : { valid: false, detected: '', message: r.error.message });
  };

  return (
    <div className="jwt-sign">
      <div className="jwt-column">
        <div className="jwt-field">
          <label className="form-label" htmlFor="decode-token">
            Token to decode
          </label>
          <textarea
            id="decode-token"
            className="code-input jwt-payload"
            spellCheck={false}
            value={token}
            onChange={(e) => {
              setToken(e.target.value);
              setResult(null);
              if (e.target.value.trim() === '') {
                setDecoded(null);
                setProblem(null);
              }
            }} placeholder="eyJhbGciOi… (a leading “Bearer ” is fine)" />
          {problem && <span className="form-hint warning">{problem}</span>}
        </div>
        <div className="jwt-field">
          <label className="form-label" htmlFor="verify-mode">
            Verify with
          </label>
          <select id="verify-mode" className="text-input" value={mode} onChange={(e) => setMode(e.target.value as 'key' | 'jwksUrl')}>
            <option value="key">{hmac ? 'The shared secret' : 'A public key, certificate, OpenSSH key or JWK / JWK Set'}</option>
            <option value="jwksUrl">A JWKS URL (fetched by Latchkey)</option>
          </select>
        </div>
        <div className="jwt-field">
          <label className="form-label" htmlFor="verify-key">
            {mode === 'jwksUrl' ? 'JWKS URL' : hmac ? 'Secret' : 'Public key'}
          </label>
          {mode === 'jwksUrl' ? (
            <input id="verify-key" className="text-input" value={key} onChange={(e) => setKey(e.target.value)} placeholder="https://issuer.example/.well-known/jwks.json" />
          ) : (
            <textarea id="verify-key" className="code-input short" spellCheck={false} value={key} onChange={(e) => setKey(e.target.value)} placeholder={hmac ? 'The shared secret' : '-----BEGIN PUBLIC KEY----- …, ssh-rsa …, or {"kty": …}'} />
          )}
        </div>
        {hmac && mode === 'key' && (
          <div className="jwt-field">
            <label className="form-label" htmlFor="verify-encoding">
              Secret encoding
            </label>
            <select id="verify-encoding" className="text-input" value={encoding} onChange={(e) => setEncoding(e.target.value as HmacEncoding)}>
              <option value="text">Text</option>
              <option value="base64">Base64</option>
              <option value="hex">Hex</option>
            </select>
          </div>
        )}
        <div className="jwt-actions">
          <button type="button" className="button primary" onClick={() => void verify()} disabled={!decoded || key.trim() === ''}>
            Verify
          </button>
        </div>
        {result && (
          <p className={`test-outcome ${result.valid ? 'ok' : 'failed'}`} role="status">
            <strong>{result.valid ? 'Valid signature' : 'Not verified'}</strong> {result.message}
            {result.detected && <span className="test-url">Key: {result.detected}</span>}
          </p>
        )}
      </div>
      <div className="jwt-column">
        {decoded ? (
          <>
            <div className="jwt-field">
              <span className="form-label">Header</span>
              <pre className="jwt-decoded jwt-header" aria-label="Decoded header">
                {decoded.header}
              </pre>
            </div>
            <div className="jwt-field">
              <span className="form-label">Payload</span>
              <pre className="jwt-decoded jwt-payload-part" aria-label="Decoded payload">
                {decoded.payload}
              </pre>
            </div>
            {decoded.times.length > 0 && (
              <ul className="jwt-times" aria-label="Times">
                {decoded.times.map((t) => (
                  <li key={t.claim}>
                    <code>{t.claim}</code> {new Date(t.seconds * 1000).toLocaleString()} <span className="hint">({t.iso})</span>
                    {t.claim === 'exp' && decoded.expired && <span className="badge expired">expired</span>}
                    {t.claim === 'nbf' && decoded.notYetValid && <span className="badge expired">not yet valid</span>}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : (
          <div className="empty-state">
            <p className="empty-title">Paste a token</p>
            <p>Its header and claims appear here, with iat, nbf and exp as dates. Nothing leaves this machine, except the JWKS URL if you choose one.</p>
          </div>
        )}
      </div>
    </div>
  );
}
