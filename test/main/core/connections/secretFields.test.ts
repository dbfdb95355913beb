import { describe, expect, it } from 'vitest';
import { ClientCertificate, ConnectionAuth, ConnectionAuthInput, type ConnectionAuthInput as AuthInput } from '../../../../preload/contract';
import { mapSecretFields, secretFields } from '../../../../main/core/connections/secretFields';

describe('secret fields come from the contract schema', () => {
  it('finds every secret of each auth type, in nested rows too, and no look-alike plain object', () => {
    const custom: ConnectionAuth = {
      type: 'custom',
      entries: [
        { location: 'header', name: 'X-Plain', secret: false, value: 'shown', secretValue: { id: null } },
        { location: 'query', name: 'key', secret: true, value: '', secretValue: { id: 'aaaaaaaa' } },
      ],
    };
    expect(secretFields(ConnectionAuth, custom)).toEqual([{ id: null }, { id: 'aaaaaaaa' }]);
    expect(secretFields(ConnectionAuth, { type: 'header', headers: [{ name: 'A', value: { id: 'bbbbbbbb' } }, { name: 'B', value: { id: null } }] })).toEqual([{ id: 'bbbbbbbb' }, { id: null }]);
    expect(secretFields(ConnectionAuth, { type: 'none' })).toEqual([]);
    const bearer = secretFields(ConnectionAuth, { type: 'bearer', token: { id: 'cccccccc' } });
    expect(bearer).toEqual([{ id: 'cccccccc' }]);
    const pem = { kind: 'pem' as const, certificate: '-----BEGIN CERTIFICATE-----', key: { id: 'dddddddd' }, passphrase: { id: null }, subject: 'CN=x', validTo: '' };
    expect(secretFields(ClientCertificate.nullable(), pem)).toEqual([{ id: 'dddddddd' }, { id: null }]);
    expect(secretFields(ClientCertificate.nullable(), null)).toEqual([]);
  });

  it('rebuilds an input with each secret field replaced, leaving everything else as it was', () => {
    const input: AuthInput = { type: 'basic', username: 'ada', password: { id: null, set: 'pw' } };
    const out = mapSecretFields(ConnectionAuthInput, input, (field) => ({ id: field.set ? 'eeeeeeee' : null }));
    expect(out).toEqual({ type: 'basic', username: 'ada', password: { id: 'eeeeeeee' } });
  });
});
