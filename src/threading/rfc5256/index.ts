/** RFC 5256 email threading (IMAP THREAD) with Dovecot-identical answers. */
export { baseSubject, baseSubjectInfo, LOCALISED_REPLY_PREFIXES } from './base-subject.js';
export type { BaseSubjectInfo, BaseSubjectOptions } from './base-subject.js';
export { runThreadMbox, THREAD_MBOX_USAGE } from './cli.js';
export type { ThreadMboxIo } from './cli.js';
export { formatImapThread, formatThreadTree } from './format.js';
export { decodeHeaderValue } from './header-decode.js';
export { parseMbox } from './mbox.js';
export type { MboxMessage } from './mbox.js';
export { parseMessageDate } from './message-date.js';
export { firstMessageId, parseMessageIds } from './message-id.js';
export { threadOrderedSubject } from './ordered-subject.js';
export { threadReferences } from './references.js';
export { threadMbox } from './thread-mbox.js';
export type { ThreadAlgorithm, ThreadNode, ThreadableMessage } from './types.js';
