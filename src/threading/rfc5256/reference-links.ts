/**
 * RFC 5256 §2.2 step (1), linking, in the order and with the conflict rules of Dovecot's
 * index-thread-links.c: messages are added by position; a duplicate Message-ID leaves the first
 * message owning the id and the later one id-less; References wins over In-Reply-To; a link that
 * would close a loop is dropped; a message's own parent claim overrides earlier guesses.
 */
import { firstMessageId, parseMessageIds } from './message-id.js';
import type { PreparedMessage } from './prepare.js';
import type { ThreadableMessage } from './types.js';

/** A container: one Message-ID (or one id-less message) and its parent. */
export interface LinkNode<M extends ThreadableMessage> {
  message?: PreparedMessage<M>;
  parent?: LinkNode<M>;
  /** How many nodes have this one as parent: a node without children is nobody's ancestor. */
  childCount: number;
}

function referencedIds(message: ThreadableMessage): string[] {
  const refs = message.references;
  let ids: string[];
  if (typeof refs === 'string') ids = parseMessageIds(refs);
  else if (refs === undefined || refs === null) ids = [];
  else ids = refs.flatMap((ref) => listedId(ref));
  if (ids.length > 0) return ids;
  const inReplyTo = firstMessageId(message.inReplyTo);
  return inReplyTo === undefined ? [] : [inReplyTo];
}

/** An id given in a list: a bracketed id is parsed like a header, a bare one taken as it is. */
function listedId(ref: string): string[] {
  if (ref.includes('<')) return parseMessageIds(ref);
  const bare = ref.replace(/[ \t\r\n]/g, '');
  return bare === '' ? [] : [bare];
}

function hasAncestor<M extends ThreadableMessage>(node: LinkNode<M>, ancestor: LinkNode<M>): boolean {
  let cur: LinkNode<M> | undefined = node;
  while (cur !== ancestor) {
    if (cur?.parent === undefined) return false;
    cur = cur.parent;
  }
  return true;
}

function setParent<M extends ThreadableMessage>(child: LinkNode<M>, parent: LinkNode<M> | undefined): void {
  if (child.parent !== undefined) child.parent.childCount--;
  child.parent = parent;
  if (parent !== undefined) parent.childCount++;
}

/**
 * Dovecot's thread_link_reference. A child that already has a parent keeps it (whether the new
 * link would loop, repeat or conflict), so the loop walk is only needed for parentless children,
 * and only when they have children themselves.
 */
function link<M extends ThreadableMessage>(parent: LinkNode<M>, child: LinkNode<M>): void {
  if (child.parent !== undefined || parent === child) return;
  if (child.childCount > 0 && hasAncestor(parent, child)) return; // would close a loop
  setParent(child, parent);
}

/** Builds the containers of RFC 5256 step (1); returns every node in creation order. */
export function linkMessages<M extends ThreadableMessage>(messages: readonly PreparedMessage<M>[]): LinkNode<M>[] {
  const byId = new Map<string, LinkNode<M>>();
  const nodes: LinkNode<M>[] = [];
  const nodeFor = (id: string): LinkNode<M> => {
    let node = byId.get(id);
    if (node === undefined) {
      node = { childCount: 0 };
      byId.set(id, node);
      nodes.push(node);
    }
    return node;
  };
  for (const prepared of messages) {
    const id = firstMessageId(prepared.message.messageId);
    let own = id === undefined ? undefined : nodeFor(id);
    if (own === undefined || own.message !== undefined) {
      own = { childCount: 0 }; // no id, or a duplicate: the message gets a container of its own
      nodes.push(own);
    }
    own.message = prepared;
    const refs = referencedIds(prepared.message).map(nodeFor);
    for (let i = 1; i < refs.length; i++) link(refs[i - 1] as LinkNode<M>, refs[i] as LinkNode<M>);
    const parent = refs[refs.length - 1];
    if (own.parent !== undefined && own.parent !== parent) setParent(own, undefined);
    if (parent !== undefined) link(parent, own);
  }
  return nodes;
}
