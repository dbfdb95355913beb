import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import MarkdownView from '../../renderer/features/collections/MarkdownView';

afterEach(cleanup);

describe('a description rendered as markdown', () => {
  it('renders markdown and never any HTML from the text', () => {
    const hostile = [
      '# API notes',
      'Some **bold** text and [the docs](https://docs.example.test).',
      '<script>window.__ran = true</script>',
      '<img src="x" onerror="window.__ran = true">',
      '<iframe src="https://evil.test"></iframe>',
      '[click me](javascript:window.__ran=true)',
      '![tracker](https://evil.test/pixel.png)',
    ].join('\n\n');
    const { container } = render(<MarkdownView text={hostile} />);
    expect(container.querySelector('h1')?.textContent).toBe('API notes');
    expect(container.querySelector('strong')?.textContent).toBe('bold');
    expect(container.querySelectorAll('script, iframe, img, [onerror]')).toHaveLength(0);
    const links = [...container.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['https://docs.example.test']);
    expect(container.textContent).toContain('click me');
    expect(container.textContent).toContain('[image: tracker]');
    expect((window as unknown as { __ran?: boolean }).__ran).toBeUndefined();
  });
});
