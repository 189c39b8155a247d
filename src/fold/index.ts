/** The pure core's public face: the fold as a function, its state's queries, derived ids. */
export { fold, initialState, type FoldOptions, type FoldState } from './pure.js';
export type { StateQueries, ThreadFilter, TimelineEntry } from './queries.js';
export { threadIdFor, customerIdFor, threadRefFor } from './ids.js';
