/** Hand-built threads for metrics tests: the SLA thread builder plus the fields metrics read. */
import type { Channel } from '../../../src/events/primitives.js';
import type { SurveyAnswer, Thread, ThreadMessage } from '../../../src/threading/types.js';
import { type ThreadSpec, buildThread, message } from '../sla/thread-builder.js';

export { HOUR, MIN } from '../sla/thread-builder.js';

export type Extra = Partial<Omit<Thread, 'messages' | 'surveys'>> & {
  readonly surveys?: readonly Pick<SurveyAnswer, 'survey' | 'score'>[];
  /** Messages added to those of the steps (calls, other channels, other authors). */
  readonly more?: readonly ThreadMessage[];
};

/** A thread from steps, with extra fields. Ids default to `t<n>` in creation order of the test. */
export function thread(spec: ThreadSpec, extra: Extra = {}): Thread {
  const { surveys, more, ...fields } = extra;
  const base = buildThread(spec);
  const messages = [...base.messages, ...(more ?? [])].sort((a, b) => a.occurredAt - b.occurredAt || (a.id < b.id ? -1 : 1));
  return {
    ...base,
    messages,
    surveys: (surveys ?? []).map((s, i) => ({ id: `sv${i}`, occurredAt: 0, ...s })),
    ...fields,
  };
}

export function call(id: string, at: number, status: 'answered' | 'missed' | 'voicemail'): ThreadMessage {
  return { ...message(id, at, 'in', 'call'), call: { status } };
}

export function inbound(id: string, at: number, channel: Channel): ThreadMessage {
  return message(id, at, 'in', channel);
}

export function agentReply(id: string, at: number, agentId: string): ThreadMessage {
  return { ...message(id, at, 'agent', 'email'), author: { type: 'agent', agentId } };
}
