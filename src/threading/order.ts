import type { ThreadMessage } from './types.js';

/** Fold order for messages: by the time they happened, then by id. */
export function compareMessages(a: Pick<ThreadMessage, 'occurredAt' | 'id'>, b: Pick<ThreadMessage, 'occurredAt' | 'id'>): number {
  return a.occurredAt - b.occurredAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Messages in fold order: the fold keeps them so already; hand-built threads may not. */
export function inFoldOrder(messages: readonly ThreadMessage[]): readonly ThreadMessage[] {
  for (let i = 1; i < messages.length; i++) {
    if (compareMessages(messages[i - 1]!, messages[i]!) > 0) return [...messages].sort(compareMessages);
  }
  return messages;
}
