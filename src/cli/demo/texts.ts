/**
 * What the demo's customers and agents write, in English, Korean and German. `{n}` is an order
 * number. Short on purpose: the engine threads by headers and identities, the prose is for people.
 */

/** The languages the demo's customers write in. */
export type DemoLanguage = 'en' | 'ko' | 'de';

/** One text per language. */
export type Localized = Readonly<Record<DemoLanguage, string>>;

/** What a customer writes about: the subject of an email, the text, and the tags a triage rule adds. */
export interface Topic {
  readonly name: string;
  readonly subject: Localized;
  readonly text: Localized;
  readonly tags: readonly string[];
}

export const TOPICS: readonly Topic[] = [
  {
    name: 'late delivery',
    subject: { en: 'Order #{n} has not arrived', ko: '주문 #{n} 배송 문의', de: 'Bestellung #{n} ist nicht angekommen' },
    text: {
      en: 'Hi, my order #{n} was due yesterday and tracking has not moved for three days. Where is it?',
      ko: '안녕하세요, 주문 #{n}이 어제 도착 예정이었는데 3일째 배송 조회가 그대로예요. 어디쯤 있나요?',
      de: 'Hallo, meine Bestellung #{n} sollte gestern kommen, die Sendungsverfolgung steht seit drei Tagen still.',
    },
    tags: ['delivery'],
  },
  {
    name: 'double charge',
    subject: { en: 'Charged twice for order #{n}', ko: '주문 #{n} 이중 결제', de: 'Bestellung #{n} doppelt abgebucht' },
    text: {
      en: 'I was charged twice for order #{n}. Please refund the second payment.',
      ko: '주문 #{n} 결제가 두 번 됐어요. 한 건은 환불해 주세요.',
      de: 'Mir wurde die Bestellung #{n} zweimal abgebucht. Bitte erstatten Sie die zweite Zahlung.',
    },
    tags: ['billing'],
  },
  {
    name: 'login',
    subject: { en: "Can't log in to my account", ko: '로그인이 안 돼요', de: 'Anmeldung funktioniert nicht' },
    text: {
      en: "I can't log in since this morning, the password reset mail never comes.",
      ko: '아침부터 로그인이 안 되고 비밀번호 재설정 메일도 안 와요.',
      de: 'Ich kann mich seit heute Morgen nicht anmelden, die Mail zum Zurücksetzen kommt nie an.',
    },
    tags: ['tech'],
  },
  {
    name: 'address change',
    subject: { en: 'Change delivery address for #{n}', ko: '#{n} 배송지 변경 요청', de: 'Lieferadresse für #{n} ändern' },
    text: {
      en: 'Can I still change the delivery address of order #{n}? I moved last week.',
      ko: '주문 #{n} 배송지를 아직 바꿀 수 있나요? 지난주에 이사했어요.',
      de: 'Kann ich die Lieferadresse der Bestellung #{n} noch ändern? Ich bin letzte Woche umgezogen.',
    },
    tags: ['delivery'],
  },
  {
    name: 'invoice',
    subject: { en: 'Invoice for order #{n} is wrong', ko: '주문 #{n} 영수증 오류', de: 'Rechnung zu Bestellung #{n} ist falsch' },
    text: {
      en: 'The invoice for order #{n} shows the wrong company name, could you send a corrected one?',
      ko: '주문 #{n} 영수증에 회사명이 잘못 나와요. 수정본 보내주실 수 있나요?',
      de: 'Auf der Rechnung zu Bestellung #{n} steht der falsche Firmenname. Können Sie sie korrigieren?',
    },
    tags: ['billing'],
  },
  {
    name: 'damaged item',
    subject: { en: 'Item in order #{n} arrived damaged', ko: '주문 #{n} 상품 파손', de: 'Artikel aus Bestellung #{n} beschädigt' },
    text: {
      en: 'The blender from order #{n} arrived with a cracked jug. Photos attached.',
      ko: '주문 #{n} 믹서기 용기가 깨져서 왔어요. 사진 첨부합니다.',
      de: 'Der Mixer aus Bestellung #{n} kam mit gesprungenem Behälter an. Fotos anbei.',
    },
    tags: ['returns'],
  },
];

export const CAMPAIGN_TOPIC: Topic = {
  name: 'black friday presale',
  subject: { en: 'Black Friday presale code', ko: '블랙프라이데이 사전 할인 코드', de: 'Black-Friday-Vorverkaufscode' },
  text: {
    en: 'Does the Black Friday presale code also work in the app? It says invalid at checkout.',
    ko: '블랙프라이데이 사전 할인 코드가 앱에서도 되나요? 결제할 때 유효하지 않다고 나와요.',
    de: 'Gilt der Black-Friday-Vorverkaufscode auch in der App? An der Kasse heißt es ungültig.',
  },
  tags: ['black-friday'],
};

export const OUTAGE_TEXTS: readonly Localized[] = [
  {
    en: 'Your app is down AGAIN, I cannot pay for anything. This is unacceptable!',
    ko: '앱이 또 먹통이에요!! 결제가 아예 안 돼요. 정말 너무하네요.',
    de: 'Die App ist schon wieder down, ich kann nichts bezahlen. Das ist inakzeptabel!',
  },
  {
    en: 'Checkout has been broken for 30 minutes. Terrible, I am furious.',
    ko: '30분째 결제 페이지가 안 열려요. 최악이에요.',
    de: 'Der Checkout ist seit 30 Minuten kaputt. Furchtbar.',
  },
  {
    en: 'Is the site down? Error 503 on every page, really frustrating.',
    ko: '사이트 다운된 건가요? 모든 페이지에서 503 오류가 나요.',
    de: 'Ist die Seite down? Fehler 503 auf jeder Seite, wirklich ärgerlich.',
  },
];

export const MENTION_TEXT = '@acme_help your app is down again and nobody answers. Worst support ever, unacceptable.';
export const CAMPAIGN_MENTION_TEXT = '@acme_help when does the Black Friday presale start? Love the new app btw';

export const NUDGE: Localized = {
  en: 'Any update on this? I am still waiting.',
  ko: '답변 언제 주시나요? 아직 기다리고 있어요.',
  de: 'Gibt es schon Neuigkeiten? Ich warte immer noch.',
};

export const CUSTOMER_REPLIES: readonly Localized[] = [
  {
    en: 'Thanks, that helps. Could you also send me the receipt again?',
    ko: '감사합니다. 영수증도 다시 보내주실 수 있나요?',
    de: 'Danke, das hilft. Können Sie mir die Quittung noch einmal schicken?',
  },
  {
    en: 'Sorry, it still does not work on my side.',
    ko: '죄송한데 아직도 안 돼요.',
    de: 'Tut mir leid, bei mir geht es immer noch nicht.',
  },
  { en: 'Great, thank you!', ko: '네, 감사합니다!', de: 'Super, vielen Dank!' },
];

export const AGENT_REPLY: Localized = {
  en: 'Thanks for your patience. I have looked into this and fixed it on our side; you will see the change within the hour.',
  ko: '기다려 주셔서 감사합니다. 확인 후 처리해 드렸어요. 한 시간 안에 반영됩니다.',
  de: 'Danke für Ihre Geduld. Ich habe das geprüft und behoben; die Änderung ist innerhalb einer Stunde sichtbar.',
};

export const AGENT_OUTAGE_REPLY: Localized = {
  en: 'We are aware of the outage and our engineers are on it. I will update you as soon as payments work again.',
  ko: '현재 장애를 인지하고 복구 중입니다. 결제가 정상화되면 바로 알려드릴게요.',
  de: 'Die Störung ist bekannt und unsere Technik arbeitet daran. Ich melde mich, sobald Zahlungen wieder gehen.',
};

export const AGENT_FOLLOW_UP: Localized = {
  en: 'Done: I have sent it again just now. Anything else I can help with?',
  ko: '방금 다시 보내드렸어요. 더 도와드릴 일이 있을까요?',
  de: 'Erledigt, ich habe es gerade erneut geschickt. Kann ich sonst noch helfen?',
};

export const VOICEMAIL: Localized = {
  en: 'Hi, this is about my order, please call me back as soon as you can.',
  ko: '주문 건으로 전화드렸어요. 가능할 때 다시 전화 주세요.',
  de: 'Hallo, es geht um meine Bestellung, bitte rufen Sie mich zurück.',
};

/** Fills `{n}` with an order number. */
export function fill(text: string, order: string): string {
  return text.replaceAll('{n}', order);
}

export const SWITCH_CHANNEL: Localized = {
  en: 'I emailed this morning but got no answer, so texting instead: order #{n}, please check.',
  ko: '아침에 메일 보냈는데 답이 없어서 문자 드려요. 주문 #{n} 확인 부탁드려요.',
  de: 'Ich habe heute Morgen gemailt, aber keine Antwort bekommen. Bestellung #{n}, bitte prüfen.',
};

export const LATER_QUESTION: Localized = {
  en: 'One more thing about order #{n}: can the courier leave it at the door?',
  ko: '주문 #{n} 관련해서 하나 더요. 문 앞에 두고 가셔도 돼요?',
  de: 'Noch eine Frage zu #{n}: Kann der Bote es vor die Tür stellen?',
};

export const AFTER_CALL: Localized = {
  en: 'I tried to call you twice this morning. I was charged twice for order #{n}, please refund one.',
  ko: '아침에 두 번 전화드렸어요. 주문 #{n}이 두 번 결제됐으니 한 건 환불해 주세요.',
  de: 'Ich habe heute Morgen zweimal angerufen. Bestellung #{n} wurde doppelt abgebucht, bitte erstatten.',
};

export const AFTER_CHAT: Localized = {
  en: 'I asked in the chat earlier but had to leave. Still cannot log in, the reset mail never arrives.',
  ko: '아까 채팅으로 문의했는데 자리를 비워야 했어요. 아직도 로그인이 안 되고 재설정 메일이 안 와요.',
  de: 'Ich hatte vorhin im Chat gefragt, musste aber weg. Anmeldung geht immer noch nicht.',
};

export const HELLO: Localized = { en: 'Hello? Is anyone there?', ko: '저기요? 확인 중이신가요?', de: 'Hallo? Ist da jemand?' };
