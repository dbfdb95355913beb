import Markdown from 'react-markdown';
import { openExternal } from '../../state/externalLinks';

/**
 * A description as markdown. react-markdown builds React elements from the markdown syntax
 * tree and never passes raw HTML through (no rehype-raw), so `<script>` or `onerror=` in an
 * imported description shows as text and runs nothing. Links (http and https only) open in the
 * system browser through main, which checks them again (openExternal, as every link does).
 */
export default function MarkdownView({ text }: { text: string }) {
  return (
    <div className="markdown">
      <Markdown
        skipHtml
        urlTransform={(url) => (/^https?:/i.test(url) ? url : '')}
        components={{ a: ({ href, children }) =>
            href ? (
              <a
                href={href}
                rel="noreferrer noopener"
                onClick={(event) => {
                  event.preventDefault();
                  void openExternal(href);
                }}
              >
                {children}
              </a>
            ) : (
              <span>{children}</span>
            ), img: ({ alt }) => <span className="hint">[image: {alt}]</span> }}
      >
        {text}
      </Markdown>
    </div>
  );
}
