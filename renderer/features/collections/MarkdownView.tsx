import Markdown from 'react-markdown';

/**
 * A description as markdown. react-markdown builds React elements from the markdown syntax
 * tree and never passes raw HTML through (no rehype-raw), so `<script>` or `onerror=` in an
 * imported description shows as text and runs nothing. Links only for http(s) and mailto.
 */
export default function MarkdownView({ text }: { text: string }) {
  return (
    <div className="markdown">
      <Markdown
        skipHtml
        urlTransform={(url) => (/^(https?:|mailto:|#)/i.test(url) ? url : '')}
        components={{ a: ({ href, children }) => (href ? <a href={href} target="_blank" rel="noreferrer noopener">{children}</a> : <span>{children}</span>), img: ({ alt }) => <span className="hint">[image: {alt}]</span> }}
      >
        {text}
      </Markdown>
    </div>
  );
}
