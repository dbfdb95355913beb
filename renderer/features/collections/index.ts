// The collections feature's public surface; other features import it from here.
import { lazyNamed } from '../../ui/lazyNamed';

export { CollectionsTree, type TreeActions } from './CollectionsTree';
export { CollectionPrompts } from './CollectionPrompts';
export { change as changeCollections, dismissDeleted, undoDelete, useCollections } from './collectionsState';
export { treeActions } from './treeActions';
export const ScopeSettingsDialog = lazyNamed(() => import('./ScopeSettingsDialog'), 'ScopeSettingsDialog');
