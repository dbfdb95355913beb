// The notices feature's public surface.
export { NoticeBanner } from './NoticeBanner';
export { BlockedLinkBanner } from './BlockedLinkBanner';
