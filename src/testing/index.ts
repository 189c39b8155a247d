/**
 * `omnithread/testing`: fast-check arbitraries, policy law checkers and helpers for property tests of
 * your own policies. Needs `fast-check` (a peer dependency) in your dev dependencies.
 */
export { arbEventHistory, arbRedelivery, type HistoryOptions } from './histories.js';
export { arbCalendar, arbCalendarSpec, arbInstantInYears, ARB_TIME_ZONES, type ArbCalendarOptions } from '../policies/calendar/arbitraries.js';
export * from '../policies/routing/testing.js';
