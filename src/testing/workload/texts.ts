/**
 * Canned message texts. Shared constant strings keep a million-event workload small in memory; the
 * threading engine never reads the prose anyway.
 */

export const EMAIL_SUBJECTS = [
  'Order #{n} not delivered', 'Refund request for order #{n}', 'Cannot log in to my account',
  'Invoice {n} is wrong', 'Question about my subscription', 'Package arrived damaged',
  'Change my delivery address', 'Cancel my plan', 'Double charged on my card', 'Password reset not working',
  'Return label for order #{n}', 'Warranty claim', 'Upgrade to business plan', 'App crashes on startup',
] as const;

/** Reply prefixes as mail clients write them, localised ones included. */
export const REPLY_PREFIXES = ['Re: ', 'Re: ', 'Re: ', 'Re: ', 'RE: ', 'Re: Re: ', 'AW: ', 'SV: '] as const;

export const EMAIL_TEXTS = [
  'Hello, I am still waiting for an update on this. Could you please check?',
  'Thanks for getting back to me. Unfortunately the problem is not solved yet.',
  'Please see the attached screenshot. It happens every time I try.',
  'Any news? It has been a few days now.',
  'That worked, thank you! One more question though.',
  'I would like to speak to someone about this as soon as possible.',
] as const;

export const AGENT_EMAIL_TEXTS = [
  'Thanks for reaching out. I have looked into this and will update you shortly.',
  'Sorry for the trouble. I have issued a refund; it should arrive in 3-5 business days.',
  'Could you send us your order number so we can look into it?',
  'Your replacement has been shipped. Here is the tracking link.',
] as const;

export const SMS_TEXTS = [
  'Hi, where is my order?', 'Can I change my appointment to tomorrow?', 'STOP', 'Thanks!',
  'Still no delivery, please help', 'Is the store open today?', 'I was charged twice',
  'Ok that works', 'Can someone call me back?',
] as const;

export const CHAT_TEXTS = [
  'Hi there', 'I need help with my order', 'How do I reset my password?', 'Can I talk to a human?',
  'It says payment failed', 'ok', 'thanks, that helped', 'What are your opening hours?',
] as const;

export const AGENT_SHORT_TEXTS = [
  'Happy to help! Let me check that for you.', 'Could you share your order number?',
  'I have updated that for you.', 'Is there anything else I can help with?',
] as const;

export const BOT_TEXTS = [
  'Hi, I am Ava, a virtual assistant. How can I help?',
  'I am a bot. I will connect you with a human agent now.',
] as const;

export const SOCIAL_TEXTS = [
  'DM-ing you about my order, no reply by email', 'Your app is down again?!',
  'Love the new feature, but I cannot find the export button', '@support my package never arrived',
] as const;

export const VOICEMAIL_TEXTS = [
  'Hi, this is about my order, please call me back.',
  'Calling about a charge on my card I do not recognise.',
] as const;

/** Fills the `{n}` slot of a subject template. */
export function fillSubject(template: string, n: number): string {
  return template.includes('{n}') ? template.replace('{n}', String(n)) : template;
}

/**
 * Returns `s` flattened. V8 builds template literals of 13+ characters as trees of "cons" strings
 * (a node per `+`); a million retained events then hold several million extra heap objects (measured:
 * 160 vs 60 bytes per Message-ID). Reading a character flattens the tree in place, and the garbage
 * collector drops the nodes. Elsewhere this is a cheap no-op.
 */
export function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}
