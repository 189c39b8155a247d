/** Renders thread trees: the IMAP `* THREAD` answer line, and a readable indented tree. */
import { decodeHeaderValue } from './header-decode.js';
import type { ThreadNode, ThreadableMessage } from './types.js';

const MAX_INDENT = 40;

function label(node: ThreadNode): string {
  return node.position === undefined ? '' : String(node.position);
}

type Piece = string | { readonly nodes: readonly ThreadNode[]; readonly root: boolean };

/**
 * Dovecot's imap_thread_write: an only child is written without its own parentheses. Iterative
 * (a work stack instead of recursion) so that threads thousands deep do not overflow the stack.
 */
function writeLevels(roots: readonly ThreadNode[]): string {
  let out = '';
  const stack: Piece[] = [{ nodes: roots, root: true }];
  for (let piece = stack.pop(); piece !== undefined; piece = stack.pop()) {
    if (typeof piece === 'string') {
      out += piece;
      continue;
    }
    const { nodes, root } = piece;
    const [only] = nodes;
    if (nodes.length === 1 && !root && only !== undefined) {
      out += label(only);
      if (only.children.length > 0) stack.push({ nodes: only.children, root: false }, ' ');
      continue;
    }
    const pieces: Piece[] = [];
    for (const node of nodes) {
      if (node.children.length === 0) pieces.push(`(${label(node)})`);
      else pieces.push(`(${node.position === undefined ? '' : `${node.position} `}`, { nodes: node.children, root: false }, ')');
    }
    stack.push(...pieces.reverse());
  }
  return out;
}

/**
 * The untagged IMAP answer for a thread tree, byte for byte as Dovecot prints it (without CRLF).
 *
 * @example
 * ```ts
 * import { formatImapThread } from 'omnithread';
 * formatImapThread([
 *   { position: 1, children: [{ position: 2, children: [] }, { position: 3, children: [] }] },
 *   { children: [{ position: 4, children: [] }, { position: 5, children: [] }] },
 * ]); // '* THREAD (1 (2)(3))((4)(5))'
 * ```
 */
export function formatImapThread(roots: readonly ThreadNode[]): string {
  return `* THREAD ${writeLevels(roots)}`;
}

/**
 * An indented, human-readable tree: one line per node, position and decoded subject.
 *
 * @example
 * ```ts
 * import { formatThreadTree, threadReferences } from 'omnithread';
 * formatThreadTree(threadReferences([{ subject: 'Hi' }, { subject: 'Re: Hi' }]));
 * // '1 Hi\n  2 Re: Hi'
 * ```
 */
export function formatThreadTree<M extends ThreadableMessage>(roots: readonly ThreadNode<M>[], indent = '  '): string {
  const lines: string[] = [];
  const stack: [ThreadNode<M>, number][] = [...roots].reverse().map((root) => [root, 0]);
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, depth] = item;
    const subject = node.message?.subject;
    const text =
      node.message === undefined
        ? '(missing parent)'
        : `${label(node)} ${subject == null ? '(no subject)' : decodeHeaderValue(subject).replace(/[\r\n]+[ \t]*/g, ' ')}`;
    // past MAX_INDENT levels the depth is written as a number, keeping deep chains printable
    lines.push(depth <= MAX_INDENT ? indent.repeat(depth) + text : `${indent.repeat(MAX_INDENT)}[${depth}] ${text}`);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push([node.children[i] as ThreadNode<M>, depth + 1]);
  }
  return lines.join('\n');
}
