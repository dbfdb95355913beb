import type { Assertion, Capture, ItemLocation } from '../../../preload/contract';
import { useCall } from '../../state/calls';
import { AssertionsTable } from './AssertionsTable';
import { CapturesTable } from './CapturesTable';
import { useRowProblems } from './useRowProblems';

const NO_CAPTURES: Capture[] = [];
const NO_ASSERTIONS: Assertion[] = [];

/** A request's Tests tab: its own assertions, then the ones it inherits, greyed. */
export function TestsPanel({ assertions, location, onChange }: { assertions: Assertion[]; location: ItemLocation | null; onChange(rows: Assertion[]): void }) {
  const inherited = useCall('checks:inherited', location ? { location } : null);
  const problems = useRowProblems(assertions, NO_CAPTURES);
  return (
    <>
      <h3 className="table-title">Assertions</h3>
      <AssertionsTable rows={assertions} onChange={onChange} problems={problems.assertions} inherited={inherited.data ?? []} />
      <p className="hint">
        Checked after every send; the results are in the response's Tests tab. Expected values may use {'{{variables}}'}. Rows for every request in a folder or collection are set in its settings.
      </p>
    </>
  );
}

/** A request's Captures tab: variables set from each of its responses. */
export function CapturesPanel({ captures, onChange }: { captures: Capture[]; onChange(rows: Capture[]): void }) {
  const problems = useRowProblems(NO_ASSERTIONS, captures);
  return (
    <>
      <h3 className="table-title">Captures</h3>
      <CapturesTable rows={captures} onChange={onChange} problems={problems.captures} />
      <p className="hint">A regex takes its first group when it has one. A secret capture is kept in the OS keychain and shown masked. The Variables view shows where each value came from.</p>
    </>
  );
}

/** The Assertions section of a folder's or collection's settings. */
export function ScopeAssertions({ assertions, onChange }: { assertions: Assertion[]; onChange(rows: Assertion[]): void }) {
  const problems = useRowProblems(assertions, NO_CAPTURES);
  return <AssertionsTable rows={assertions} onChange={onChange} problems={problems.assertions} />;
}
