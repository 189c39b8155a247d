/** `omnithread thread-mbox`: delegates to the RFC 5256 threader's own command. */
import { THREAD_MBOX_USAGE, runThreadMbox } from '../../threading/rfc5256/cli.js';
import type { Command } from '../args.js';
import { escapeControls } from '../escape.js';

/** The `thread-mbox` command; its options, help and exit codes are those of {@link runThreadMbox}. */
export const threadMboxCommand: Command = {
  name: 'thread-mbox',
  summary: 'thread an mbox file like IMAP THREAD (RFC 5256, Dovecot-compatible)',
  usage: THREAD_MBOX_USAGE,
  run(argv, io) {
    // Subjects and Message-IDs come from mail anyone can send: escape what would drive the terminal.
    return runThreadMbox(argv, { stdout: (s) => io.stdout(escapeControls(s, '\n')), stderr: (s) => io.stderr(escapeControls(s, '\n')) });
  },
};
