import type { Logger } from '../ports';

const SECRET_KEYS = /^(authorization|proxy-authorization|cookie|set-cookie|api-token|x-api-key|password|secret|token|access_token|refresh_token|id_token|client_secret|value)$/i;

/** Replaces the values of fields that can carry credentials. */
export function redactFields(fields: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!fields) return fields;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = SECRET_KEYS.test(key) ? '[redacted]' : value;
  return out;
}

/** Writes one JSON line per entry to stderr, with credential fields redacted. */
export function createStderrLogger(options: { quiet?: boolean } = {}): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    if (options.quiet && level === 'info') return;
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...redactFields(fields) })}\n`);
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
