import type { Clock } from '@optionstrader/application';

export const systemClock: Clock = { now: () => new Date() };
