// The checks feature's public surface: assertion and capture rows, and their results.
export { CapturesPanel, ScopeAssertions, TestsPanel } from './ChecksPanels';
export { CheckResultsView, resultsCount } from './CheckResultsView';
