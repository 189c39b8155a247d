/**
 * The demo's customers: names, languages, email addresses and phone numbers in the forms channels
 * really send them (Korean numbers national, as the tenant's default region KR reads them; US and UK
 * numbers international; WhatsApp in Twilio's `whatsapp:+…` form).
 */
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import type { Random } from './random.js';
import type { DemoLanguage } from './texts.js';

/** Where a customer's phone number is from. */
export type PhoneRegion = 'KR' | 'US' | 'GB';

/** One made-up customer. */
export interface Person {
  /** Stable within a scenario: `c01`, `c02`… */
  readonly key: string;
  readonly name: string;
  readonly language: DemoLanguage;
  readonly email: string;
  readonly phoneRegion: PhoneRegion;
  /** As an SMS or call webhook reports it: `010-2345-6789` (KR) or `+1 415-867-5309`. */
  readonly phone: string;
  /** The same number in E.164, as WhatsApp and links use it. */
  readonly e164: string;
  /** A web-chat visitor id (anonymous until the person logs in). */
  readonly visitorId: string;
  /** A social account: an Instagram id (scoped to the brand's account) or an X id. */
  readonly social: { readonly platform: 'instagram' | 'x'; readonly id: string; readonly handle: string };
}

const NAMES: Readonly<Record<DemoLanguage, readonly string[]>> = {
  ko: [
    'Kim Min-seo', 'Lee Ji-ho', 'Park Seo-yeon', 'Choi Jun-ho', 'Jung Ha-eun', 'Kang Do-yun', 'Cho Yu-na', 'Yoon Seo-jun',
    'Jang Ji-woo', 'Lim Ha-rin', 'Han Si-woo', 'Oh Ye-jin', 'Seo Jun-young', 'Shin Da-eun', 'Kwon Tae-min', 'Hwang Soo-ah',
    'Ahn Min-jae', 'Song Ji-a', 'Yoo Hyun-woo', 'Moon Chae-won', 'Baek Seung-hyun', 'Nam Gyu-ri',
  ],
  en: [
    'Emily Carter', 'James Walker', 'Olivia Bennett', 'Noah Thompson', 'Ava Mitchell', 'Liam Brooks', 'Sophie Turner',
    'Jack Harris', 'Grace Evans', 'Ethan Cole', 'Chloe Wright', 'Ryan Foster', 'Hannah Price', 'Oliver Hughes',
    'Mia Robinson', 'Daniel Reed', 'Isla Morgan', 'Lucas Gray', 'Amelia Ward', 'Henry Bell', 'Zoe Parker', 'Samuel King',
  ],
  de: ['Jana Müller', 'Lukas Schmidt', 'Lea Wagner', 'Felix Becker', 'Anna Hoffmann', 'Jonas Schulz', 'Marie Koch', 'Paul Richter', 'Sophie Braun', 'Max Wolf'],
};

const DOMAINS: Readonly<Record<DemoLanguage, readonly string[]>> = {
  ko: ['naver.com', 'gmail.com', 'kakao.com', 'daum.net'],
  en: ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com'],
  de: ['gmx.de', 'web.de', 't-online.de', 'gmail.com'],
};

const US_AREAS = ['415', '212', '646', '312', '617', '206', '512', '303'];
const GB_MOBILE = ['7824', '7723', '7956', '7480', '7532', '7877'];

function ascii(text: string): string {
  return text.replaceAll('ä', 'ae').replaceAll('ö', 'oe').replaceAll('ü', 'ue').replaceAll('ß', 'ss').toLowerCase();
}

/** `Kim Min-seo` → `minseo.kim`, `Emily Carter` → `emily.carter`: how people pick addresses. */
function emailFor(name: string, language: DemoLanguage, rnd: Random): string {
  const parts = ascii(name).split(' ');
  const family = parts[0]!;
  const given = parts.slice(1).join('').replaceAll('-', '');
  const [first, last] = language === 'ko' ? [given, family] : [family, parts.slice(1).join('')];
  const local = rnd.pick([`${first}.${last}`, `${first}${last}`, `${first[0]}${last}${rnd.int(1, 99)}`, `${first}.${last}${rnd.int(80, 99)}`]);
  return `${local}@${rnd.pick(DOMAINS[language])}`;
}

/** A number in a real, assigned range (the engine rejects anything else), drawn again until it is. */
function phoneFor(region: PhoneRegion, rnd: Random): { phone: string; e164: string } {
  for (;;) {
    const drawn = drawPhone(region, rnd);
    if (isValidPhoneNumber(drawn.e164)) return drawn;
  }
}

function drawPhone(region: PhoneRegion, rnd: Random): { phone: string; e164: string } {
  if (region === 'KR') {
    const a = `${rnd.int(2, 9)}${rnd.digits(3)}`;
    const b = `${rnd.int(1, 9)}${rnd.digits(3)}`;
    return { phone: `010-${a}-${b}`, e164: `+8210${a}${b}` };
  }
  if (region === 'US') {
    const area = rnd.pick(US_AREAS);
    const exchange = `${rnd.int(2, 9)}${rnd.int(2, 9)}${rnd.int(1, 9)}`;
    const line = rnd.digits(4);
    return { phone: `+1 ${area}-${exchange}-${line}`, e164: `+1${area}${exchange}${line}` };
  }
  const prefix = rnd.pick(GB_MOBILE);
  const rest = rnd.digits(6);
  return { phone: `+44 ${prefix} ${rest}`, e164: `+44${prefix}${rest}` };
}

/**
 * `count` different people, each with every identity they might use; the story decides which ones
 * they do. About 40% write Korean, 45% English, 15% German.
 *
 * @example
 * ```ts
 * import { createRandom } from './random.js';
 * const people = makePeople(createRandom(42, 1), 50);
 * people[0]!.email; // e.g. 'minseo.kim@naver.com'
 * ```
 */
export function makePeople(rnd: Random, count: number): Person[] {
  const pools: Record<DemoLanguage, string[]> = { ko: rnd.shuffle(NAMES.ko), en: rnd.shuffle(NAMES.en), de: rnd.shuffle(NAMES.de) };
  const out: Person[] = [];
  const emails = new Set<string>();
  for (let i = 0; i < count; i++) {
    const roll = rnd.next();
    let language: DemoLanguage = roll < 0.4 ? 'ko' : roll < 0.85 ? 'en' : 'de';
    if (pools[language].length === 0) language = (['ko', 'en', 'de'] as const).find((l) => pools[l].length > 0)!;
    const name = pools[language].pop()!;
    let email = emailFor(name, language, rnd);
    while (emails.has(email)) email = `${email.split('@')[0]}${rnd.int(1, 9)}@${email.split('@')[1]}`;
    emails.add(email);
    const phoneRegion: PhoneRegion = language === 'ko' ? 'KR' : language === 'de' ? 'GB' : rnd.chance(0.6) ? 'US' : 'GB';
    const key = `c${String(i + 1).padStart(2, '0')}`;
    const platform = rnd.chance(0.6) ? 'instagram' : 'x';
    const handle = ascii(name).replace(/[^a-z]/g, '').slice(0, 12) + String(rnd.int(1, 99));
    out.push({
      key,
      name,
      language,
      email,
      phoneRegion,
      ...phoneFor(phoneRegion, rnd),
      visitorId: `v-${rnd.digits(4)}${key}`,
      social: { platform, id: platform === 'x' ? `1${rnd.digits(17)}` : `17${rnd.digits(15)}`, handle },
    });
  }
  return out;
}
