/** Routing test kit for `omnithread/testing`: fast-check arbitraries and the routing law checker. */
export {
  arbRoutableThread,
  arbRoutingAgent,
  arbRoutingAgents,
  arbRoutingContext,
  arbRoutingCustomer,
  arbRoutingScenario,
  ROUTING_EPOCH,
  ROUTING_VOCABULARY,
  type RoutingScenario,
} from './arbitraries.js';
export {
  assertRoutingPolicy,
  checkRoutingPolicy,
  type RoutingLaw,
  type RoutingLawFailure,
  type RoutingLawOptions,
  type RoutingLawReport,
} from './laws.js';
