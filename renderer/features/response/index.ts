// The response feature's public surface.
export { BodyViewer } from './BodyViewer';
export { ResponseView } from './ResponseView';
export { SendProgress } from './SendProgress';
export { ResponseResult } from './ResponseResult';
