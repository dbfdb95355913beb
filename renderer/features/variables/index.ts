// The variables feature's public surface.
export { VariablesDialog } from './VariablesDialog';
export { rowsProblem, toInputs, useVariableRows, VariableRows } from './VariableRows';
