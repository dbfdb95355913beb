// The launch feature's public surface.
export { NeedsLaunchLink } from './NeedsLaunchLink';
