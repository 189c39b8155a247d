/** Adversarial arbitraries: histories, ids and routed days the way real integrations misbehave. */
export { arbIdString, arbVendorMessageId, VENDOR_ID_FORMATS, type VendorIdFormat, type VendorIdOptions } from './ids.js';
export { personIdentity, identityKeyOf, derivedCustomerId, PERSON_IDENTITY_KINDS, type PersonIdentityKind } from './people.js';
export { arbAdversarialHistory, ADVERSARIAL_TENANT_IDS, type AdversarialHistoryOptions } from './history.js';
export { arbConflictingRedelivery, type ConflictingRedelivery } from './conflicts.js';
export { arbRoutingDay, playRoutingStep, type RoutingDay, type RoutingDayOptions, type RoutingStep } from './routing-day.js';
