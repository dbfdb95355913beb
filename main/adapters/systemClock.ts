import type { Clock } from '../ports';

export const systemClock: Clock = { now: () => performance.timeOrigin + performance.now() };
