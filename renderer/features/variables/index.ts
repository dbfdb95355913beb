// The variables feature's public surface. The dialog loads the first time it is opened.
import { lazyNamed } from '../../ui/lazyNamed';

export { rowsProblem, toInputs, useVariableRows, VariableRows } from './VariableRows';
export const VariablesDialog = lazyNamed(() => import('./VariablesDialog'), 'VariablesDialog');
