import { describe, expect, it } from 'vitest';
import { redactFields } from '../../../main/adapters/redactingLogger';

describe('redactFields', () => {
  it('redacts credential-bearing fields, whatever their case', () => {
    expect(
      redactFields({ Authorization: 'Bearer abc', cookie: 'sid=1', 'api-token': 't', 'X-Api-Key': 'k', client_secret: 's', host: '127.0.0.1:1', code: 'timeout' }),
    ).toEqual({ Authorization: '[redacted]', cookie: '[redacted]', 'api-token': '[redacted]', 'X-Api-Key': '[redacted]', client_secret: '[redacted]', host: '127.0.0.1:1', code: 'timeout' });
  });
});
