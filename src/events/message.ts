import { z } from 'zod';
import { limitMeta } from './limits.js';
import { author, channel, idString, identityRef, nameString, priorityLevel, scalarRecord } from './primitives.js';

export const attachment = z.strictObject({
  name: z.string().max(1024),
  contentType: z.string().max(255),
  /** Bytes, when the channel says (Twilio, WhatsApp and Messenger media come without a size). */
  size: z.number().int().min(0).optional(),
  url: z.string().max(4096).optional(),
});

export const content = z.strictObject({
  text: z.string().meta(limitMeta('maxTextBytes', 'maxLength', ' UTF-8 bytes')).optional(),
  subject: z.string().max(4096).optional(),
  attachments: z.array(attachment).max(100).optional(),
});

/** Email threading hints, straight from the headers. */
export const emailHints = z.strictObject({
  messageId: z.string().min(1).max(998).optional(),
  inReplyTo: z.string().min(1).max(998).optional(),
  references: z.array(z.string().min(1).max(998)).meta(limitMeta('maxReferences', 'maxItems')).optional(),
  /** The plus-address token of the address the customer replied to (`support+TOKEN@…`). */
  replyToken: nameString(256).optional(),
});

export const chatHints = z.strictObject({ sessionId: idString.optional() });

export const socialHints = z.strictObject({
  platform: nameString(64).optional(),
  conversationId: idString.optional(),
  postId: idString.optional(),
  inReplyTo: idString.optional(),
  visibility: z.enum(['public', 'private']).default('private'),
});

export const callHints = z.strictObject({
  callSid: idString.optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  status: z.enum(['answered', 'missed', 'voicemail']),
  durationSec: z.number().min(0).optional(),
  recordingUrl: z.string().max(4096).optional(),
  transcriptRef: z.string().max(4096).optional(),
});

const messageCommon = {
  channel,
  /** The business side: inbox address, phone number, page. */
  endpoint: nameString(512).optional(),
  content: content.default({}),
  email: emailHints.optional(),
  chat: chatHints.optional(),
  social: socialHints.optional(),
  call: callHints.optional(),
  /** Set by a producer that already knows the thread (an agent reply in a UI). */
  threadId: idString.optional(),
  language: nameString(35, 2).optional(),
  severity: priorityLevel.optional(),
  campaign: nameString(128).optional(),
  tags: z.array(nameString(128)).meta(limitMeta('maxTags', 'maxItems')).optional(),
  metadata: scalarRecord.optional(),
};

/** The payload of `message.received`: a customer (or a bot speaking for the customer side) wrote. */
export const messageReceivedPayload = {
  ...messageCommon,
  /** The customer identity the message came from. */
  from: identityRef,
  author: author.default({ type: 'customer' }),
};

/** The payload of `message.sent`: an agent or bot wrote to the customer. */
export const messageSentPayload = {
  ...messageCommon,
  /** The customer identity the message went to. */
  to: identityRef,
  author: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('agent'), agentId: idString }),
    z.strictObject({ type: z.literal('bot'), botId: idString, name: z.string().max(256).optional() }),
  ]),
};
