// The connections feature's public surface. The editor loads lazily: import('./ConnectionEditor').
export { ConnectionsList } from './ConnectionsList';
export { RequestAuth } from './RequestAuth';
