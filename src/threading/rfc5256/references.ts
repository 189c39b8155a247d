/**
 * THREAD=REFERENCES (RFC 5256 §2.2) with Dovecot's answers: steps (2)–(6) follow
 * index-thread-finish.c — placeholders collapse onto their nearest real ancestor, a placeholder
 * root with one child is replaced by it, roots are grouped by base subject, and siblings are
 * ordered by sent date (arrival date when missing), then by position.
 */
import { baseSubjectInfo } from './base-subject.js';
import { type PreparedMessage, compareByDate, prepareMessages } from './prepare.js';
import { linkMessages } from './reference-links.js';
import type { ThreadNode, ThreadableMessage } from './types.js';

/** A node of the pruned ("shadow") tree; no `message` = placeholder. */
interface Shadow<M extends ThreadableMessage> {
  message?: PreparedMessage<M>;
  children: Shadow<M>[];
}

interface Root<M extends ThreadableMessage> {
  node: Shadow<M>;
  dummy: boolean;
  ignore: boolean;
  sortDate: number;
  position: number;
  replyOrForward: boolean;
  /** The root this one merges into (subject grouping), as in Dovecot's parent_root_idx1. */
  parentRoot?: Root<M>;
}

function sortedChildren<M extends ThreadableMessage>(node: Shadow<M>): Shadow<M>[] {
  const key = (s: Shadow<M>) => s.message ?? { sortDate: 0, position: 0 };
  return node.children.length < 2 ? node.children : [...node.children].sort((a, b) => compareByDate(key(a), key(b)));
}

/** Steps (2) and (3): every real message hangs under its nearest real ancestor. */
function buildRoots<M extends ThreadableMessage>(messages: readonly PreparedMessage<M>[]): Root<M>[] {
  const nodes = linkMessages(messages);
  const shadows = new Map(nodes.map((n) => [n, { message: n.message, children: [] } as Shadow<M>]));
  const roots: Root<M>[] = [];
  for (const node of nodes) {
    const shadow = shadows.get(node) as Shadow<M>;
    if (node.parent === undefined) {
      roots.push({ node: shadow, dummy: node.message === undefined, ignore: false, sortDate: 0, position: 0, replyOrForward: false });
      continue;
    }
    if (node.message === undefined) continue;
    let parent = node.parent;
    while (parent.message === undefined && parent.parent !== undefined) parent = parent.parent;
    shadows.get(parent)?.children.push(shadow);
  }
  return roots;
}

/** Step (4): date each root (a placeholder by its oldest child, promoting an only child). */
function sortRoots<M extends ThreadableMessage>(roots: Root<M>[]): void {
  for (const root of roots) {
    if (root.ignore) continue;
    if (root.dummy) {
      if (root.node.children.length === 0) {
        root.ignore = true;
        continue;
      }
      const children = sortedChildren(root.node);
      const oldest = children[0] as Shadow<M>;
      if (children.length === 1) {
        root.node = oldest;
        root.dummy = false;
      }
      root.sortDate = oldest.message?.sortDate ?? 0;
      root.position = oldest.message?.position ?? 0;
    } else {
      root.sortDate = root.node.message?.sortDate ?? 0;
      root.position = root.node.message?.position ?? 0;
    }
  }
  roots.sort(compareByDate);
}

/** Step (5)(B): the subject table. */
function gatherSubjects<M extends ThreadableMessage>(roots: readonly Root<M>[]): void {
  const table = new Map<string, Root<M>>();
  for (const root of roots) {
    if (root.ignore) continue;
    const source = root.dummy ? sortedChildren(root.node)[0] : root.node;
    const subject = source?.message?.message.subject;
    if (subject === undefined || subject === null) continue;
    const { base, isReplyOrForward } = baseSubjectInfo(subject);
    if (base === '') continue;
    const held = table.get(base);
    if (held === undefined) table.set(base, root);
    else if (!held.dummy && (root.dummy || (held.replyOrForward && !isReplyOrForward))) {
      held.parentRoot = root;
      table.set(base, root);
    } else root.parentRoot = held;
    root.replyOrForward = isReplyOrForward;
  }
}

/** Step (5)(C): merge each root into the thread holding its subject. */
function mergeSubjects<M extends ThreadableMessage>(roots: Root<M>[]): boolean {
  let changed = false;
  const count = roots.length;
  for (let i = 0; i < count; i++) {
    const cur = roots[i] as Root<M>;
    if (cur.parentRoot === undefined || cur.ignore) continue;
    changed = true;
    let top = cur.parentRoot;
    while (top.parentRoot !== undefined) top = top.parentRoot;
    if (cur.dummy) {
      top.node.children.push(...cur.node.children);
      cur.node.children = [];
      cur.ignore = true;
    } else if (top.dummy || (cur.replyOrForward && !top.replyOrForward)) {
      top.node.children.push(cur.node);
      cur.ignore = true;
    } else {
      const dummy: Root<M> = {
        node: { children: [top.node, cur.node] },
        dummy: true,
        ignore: false,
        sortDate: 0,
        position: 0,
        replyOrForward: false,
      };
      top.parentRoot = dummy;
      top.ignore = true;
      cur.ignore = true;
      roots.push(dummy);
    }
  }
  return changed;
}

/** Converts a shadow tree to ThreadNodes without recursion (threads can be thousands deep). */
function toThreadNode<M extends ThreadableMessage>(top: Shadow<M>): ThreadNode<M> {
  const make = (shadow: Shadow<M>): { node: ThreadNode<M>; children: ThreadNode<M>[] } => {
    const children: ThreadNode<M>[] = [];
    const node: ThreadNode<M> =
      shadow.message === undefined ? { children } : { message: shadow.message.message, position: shadow.message.position, children };
    return { node, children };
  };
  const root = make(top);
  const stack: [Shadow<M>, ThreadNode<M>[]][] = [[top, root.children]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [shadow, into] = item;
    for (const child of sortedChildren(shadow)) {
      const made = make(child);
      into.push(made.node);
      stack.push([child, made.children]);
    }
  }
  return root.node;
}

/**
 * Threads messages with the REFERENCES algorithm of RFC 5256 §2.2, giving the same trees (and
 * order) as Dovecot's `THREAD REFERENCES`. Pure: dates are inputs, nothing is read from a clock.
 *
 * @example
 * ```ts
 * import { threadReferences, formatImapThread } from 'omnithread';
 * const roots = threadReferences([
 *   { messageId: '<1@x>', subject: 'Lunch?', date: Date.UTC(2024, 0, 1, 12) },
 *   { messageId: '<2@x>', references: '<1@x>', subject: 'Re: Lunch?', date: Date.UTC(2024, 0, 1, 13) },
 *   { messageId: '<3@x>', subject: 'Other', date: Date.UTC(2024, 0, 1, 11) },
 * ]);
 * formatImapThread(roots); // '* THREAD (3)(1 2)'
 * ```
 */
export function threadReferences<M extends ThreadableMessage>(messages: readonly M[]): ThreadNode<M>[] {
  const roots = buildRoots(prepareMessages(messages));
  sortRoots(roots);
  gatherSubjects(roots);
  if (mergeSubjects(roots)) sortRoots(roots);
  return roots
    .filter((root) => !root.ignore && (!root.dummy || root.node.children.length > 0))
    .map((root) => toThreadNode(root.node));
}
