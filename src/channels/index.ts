/**
 * `omnithread/channels`: vendor webhook adapters. Each verifies a request the way its vendor signs
 * it and maps the payload to canonical events — pure, framework-free, idempotent by construction.
 */
export type { ChannelAdapter, ChannelEvents, ChannelOptions, OutboundAuthor, Skipped, VerifyResult, WebhookRequest } from './types.js';
export { twilioMessaging, TWILIO_TIME_PARAMETER, type TwilioMessagingOptions } from './twilio-messaging.js';
export { twilioVoice, type TwilioVoiceOptions } from './twilio-voice.js';
export { twilioSignature, verifyTwilioRequest, type TwilioVerifyOptions } from './twilio-signature.js';
export { whatsappCloud } from './whatsapp-cloud.js';
export { messenger, instagram } from './meta-messaging.js';
export { verifyMetaSignature, metaSubscriptionChallenge, type MetaVerifyOptions } from './shared/meta.js';
export { postmark } from './postmark.js';
export { sendgridInbound } from './sendgrid.js';
export { mailgun, verifyMailgunRequest, type MailgunVerifyOptions } from './mailgun.js';
export { rawEmail, type RawEmailOptions } from './raw-email.js';
export { slack, slackMessageId, verifySlackRequest, type SlackVerifyOptions } from './slack.js';
export { telegram, telegramMessageId, verifyTelegramRequest, type TelegramVerifyOptions } from './telegram.js';
export { verifyBasicAuth, verifySecretPath, verifySender, type SenderCheck } from './shared/auth.js';
export { safeEqual } from './shared/crypto.js';
