/**
 * omnithread — event-sourced, omnichannel conversation threading.
 * This barrel is written by hand: every public name is chosen, not re-exported by accident.
 */
export * from './events/index.js';
export { OmnithreadError, isOmnithreadError, type ErrorCode, type ErrorIssue } from './errors.js';
