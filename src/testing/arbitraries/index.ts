/**
 * fast-check arbitraries for omnithread's domain: coherent threads, customers, agents and priority
 * contexts, for testing policies (yours and ours).
 */
export { arbThread, THREAD_STATUS_VALUES, type ThreadArbitraryOptions } from './thread.js';
export { arbCustomer, DEFAULT_TIERS, type CustomerArbitraryOptions } from './customer.js';
export { arbAgent, type AgentArbitraryOptions } from './agent.js';
export {
  arbPriorityContext,
  arbSlaInfo,
  arbThreadWithContext,
  type PriorityContextArbitraryOptions,
  type ThreadWithContextOptions,
} from './context.js';
export { arbSupportText, SUPPORT_PHRASES } from './text.js';
