/** Where public social threads are found: shared by the threading policy and the fold. */

/**
 * The platform public social threads are indexed and looked up under: the message's own, else that of
 * the customer identity it came from (`social:x:…`), in lower case. The fold and the threading policy
 * must agree on it, or a follow-up post would never find its conversation.
 *
 * @example
 * ```ts
 * socialPlatform('X', 'social:x:12345'); // 'x'
 * socialPlatform(undefined, 'social:facebook:page-1:98765'); // 'facebook'
 * ```
 */
export function socialPlatform(hint: string | undefined, identityKey: string): string {
  if (hint !== undefined) return hint.toLowerCase();
  if (!identityKey.startsWith('social:')) return 'social';
  const component = identityKey.slice('social:'.length).split(':', 1)[0]!;
  return component.replaceAll('%3A', ':').replaceAll('%25', '%');
}
