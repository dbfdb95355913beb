// The renderer's size limits (docs/architecture.md, Renderer): App.tsx at most 150 lines, and no
// component over 250 lines or with more than 8 useState. Components are found with the
// TypeScript parser: every top-level function or arrow function whose name starts with a capital.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : []));
}

interface Component {
  where: string;
  lines: number;
  useStates: number;
}

function components(file: string): Component[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: Component[] = [];
  const measure = (name: string, node: ts.Node) => {
    if (!/^[A-Z]/.test(name)) return;
    let useStates = 0;
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'useState') useStates++;
      ts.forEachChild(n, visit);
    };
    visit(node);
    const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
    const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
    found.push({ where: `${relative(root, file)} ${name}`, lines: end - start + 1, useStates });
  };
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) measure(statement.name.text, statement);
    if (ts.isVariableStatement(statement))
      for (const d of statement.declarationList.declarations)
        if (ts.isIdentifier(d.name) && d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) measure(d.name.text, d.initializer);
  }
  return found;
}

describe('renderer size limits', () => {
  const all = files(join(root, 'renderer')).flatMap(components);

  it('finds the components it measures', () => {
    // Guards the check itself: a parser change that found nothing would pass every limit.
    expect(all.length).toBeGreaterThan(50);
    expect(all.some((c) => c.where.endsWith('App.tsx App'))).toBe(true);
    expect(all.find((c) => c.where.endsWith('BodyViewer.tsx BodyViewer'))?.useStates).toBeGreaterThan(0);
  });

  it('no component is over 250 lines or has more than 8 useState', () => {
    expect(all.filter((c) => c.lines > 250 || c.useStates > 8).map((c) => `${c.where}: ${c.lines} lines, ${c.useStates} useState`)).toEqual([]);
  });

  it('App.tsx is at most 150 lines', () => {
    expect(readFileSync(join(root, 'renderer/App.tsx'), 'utf8').trimEnd().split('\n').length).toBeLessThanOrEqual(150);
  });
});
