import { useState } from 'react';
import { api } from '../../api';
import { bodyRowAt, opensContainer, type Folds } from './folds';
import { highlight } from './useBodySearch';
import type { RefObject } from 'react';
import type { RowWindow } from './rowWindow';

interface Props {
  hidden: boolean;
  scroller: RefObject<HTMLDivElement | null>;
  windowed: RowWindow;
  onScroll(top: number): void;
  folds: Folds;
  foldable: boolean;
  rowText(row: number): string | undefined;
  currentRow: number | undefined;
  query: string;
  matchCase: boolean;
  onToggleFold(row: number): void;
  bodyId: string;
  onError(message: string): void;
}

/** The rows in view of a body (the rest are not rendered): line numbers, fold toggles, matches marked, Copy of a JSON value. */
export function BodyRows({ hidden, scroller, windowed, onScroll, folds, foldable, rowText, currentRow, query, matchCase, onToggleFold, bodyId, onError }: Props) {
  const [copiedRow, setCopiedRow] = useState<number | null>(null);
  const copyValue = async (row: number) => {
    const result = await api.calls['body:value']({ bodyId, row });
    if (!result.ok) return onError(result.error.message);
    await navigator.clipboard.writeText(result.value.text).then(
      () => {
        setCopiedRow(row);
        setTimeout(() => setCopiedRow((current) => (current === row ? null : current)), 1500);
      },
      () => onError('The clipboard refused the value.'),
    );
  };
  return (
    <div className={`viewer-scroll ${hidden ? 'hidden' : ''}`} ref={scroller} tabIndex={0} aria-label="Response body" data-testid="response-body" onScroll={(e) => onScroll(e.currentTarget.scrollTop)}>
      <div
        className="viewer-canvas"
        ref={(el) => {
          // Sizes go through the CSSOM: the CSP allows no inline style attributes.
          if (el) el.style.height = `${windowed.canvas}px`;
        }}
      >
        {windowed.rows.map((item) => {
          const row = bodyRowAt(folds, item.index);
          const text = rowText(row);
          const fold = folds.find((f) => f.start === row);
          const opens = foldable && text !== undefined && opensContainer(text);
          return (
            <div
              key={item.index}
              className={`viewer-row ${row === currentRow ? 'current' : ''} ${foldable ? 'foldable' : ''}`}
              ref={(el) => {
                if (el) el.style.transform = `translateY(${item.top}px)`;
              }}
              data-row={row}
            >
              <span className="gutter">{row + 1}</span>
              {foldable && (
                <span className="fold-slot">
                  {opens && (
                    <button type="button" className="fold-toggle" aria-expanded={!fold} aria-label={`${fold ? 'Expand' : 'Collapse'} line ${row + 1}`} onClick={() => onToggleFold(row)}>
                      {fold ? '▸' : '▾'}
                    </button>
                  )}
                </span>
              )}
              <span className="row-text">
                {text === undefined ? '' : highlight(text, query, matchCase)}
                {fold && (
                  <button type="button" className="fold-summary" onClick={() => onToggleFold(row)} title="Expand">
                    … {text?.trim().endsWith('[') ? ']' : '}'} <span className="hint">{fold.end - fold.start + 1} lines</span>
                  </button>
                )}
              </span>
              {foldable && text !== undefined && !/^\s*[\]}]/.test(text) && (
                <button type="button" className="copy-value" aria-label={`Copy value at line ${row + 1}`} title="Copy this value" onClick={() => void copyValue(row)}>
                  {copiedRow === row ? 'Copied' : 'Copy'}
                </button>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
