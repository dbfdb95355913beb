import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, hexDump, statusClass } from '../../renderer/ui/format';

describe('response formatting', () => {
  it('formats sizes and durations', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(100 * 1024 * 1024)).toBe('100 MB');
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(1234)).toBe('1.23 s');
  });

  it('dumps bytes as hex with printable characters', () => {
    expect(hexDump(new Uint8Array([0x48, 0x69, 0x00, 0xff]))).toBe('00000000  48 69 00 ff' + ' '.repeat(36) + '  Hi..');
  });

  it('classes statuses', () => {
    expect([101, 204, 302, 404, 503].map(statusClass)).toEqual(['status-1xx', 'status-2xx', 'status-3xx', 'status-4xx', 'status-5xx']);
  });
});
