// The sidebar feature's public surface.
export { Sidebar } from './Sidebar';
