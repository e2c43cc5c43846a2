import { type CurrencyCode, isCurrencyCode, minorUnits } from '@edge-commerce/domain';
import { escapeHtml, type Language, languageOf, type RenderedEmail } from './identity-templates';

/**
 * The emails the shop's own event consumer sends (ADR 33): the order confirmation (from
 * `OrderCreated`), the shipment with its tracking link (`OrderShipped`) and the reminder of a
 * signed-in customer's abandoned cart (`CartAbandoned`). Plain text and HTML, in English, German
 * or French, money in the reader's number format. Rendered when sent, from the outbox row.
 */

export const ORDER_TEMPLATES = ['order_confirmation', 'order_shipped', 'cart_reminder'] as const;
export type OrderTemplate = (typeof ORDER_TEMPLATES)[number];

export function isOrderTemplate(template: string): template is OrderTemplate {
  return (ORDER_TEMPLATES as readonly string[]).includes(template);
}

/** A line as these emails show it; `amount` in minor units of the email's currency. */
export interface EmailLine {
  title: string;
  quantity: number;
  amount: number;
}

export interface OrderConfirmationData {
  orderNumber: string;
  firstName: string | null;
  currency: string;
  lines: EmailLine[];
  totals: { subtotal: number; discounts: number; shipping: number; tax: number; grandTotal: number };
}

export interface OrderShippedData {
  orderNumber: string;
  firstName: string | null;
  carrier: string;
  trackingNumber: string;
  trackingUrl: string | null;
  lines: { title: string; quantity: number }[];
}

export interface CartReminderData {
  firstName: string | null;
  currency: string;
  lines: EmailLine[];
  subtotal: number;
  /** Where the cart is: the storefront's cart page; null when STOREFRONT_URL is unset. */
  cartUrl: string | null;
}

export type OrderEmailData = OrderConfirmationData | OrderShippedData | CartReminderData;

interface Words {
  hello: (name: string | null) => string;
  confirmationSubject: (shop: string, number: string) => string;
  confirmationBody: (number: string) => string;
  subtotal: string;
  discounts: string;
  shipping: string;
  tax: string;
  total: string;
  shippedSubject: (shop: string, number: string) => string;
  shippedBody: (number: string, carrier: string) => string;
  tracking: string;
  reminderSubject: (shop: string) => string;
  reminderBody: string;
  backToCart: string;
}

const WORDS: Record<Language, Words> = {
  en: {
    hello: (name) => (name ? `Hello ${name},` : 'Hello,'),
    confirmationSubject: (shop, number) => `Your ${shop} order ${number}`,
    confirmationBody: (number) =>
      `thank you for your order ${number}. We have your payment and are preparing it.`,
    subtotal: 'Subtotal',
    discounts: 'Discounts',
    shipping: 'Shipping',
    tax: 'Tax',
    total: 'Total',
    shippedSubject: (shop, number) => `Your ${shop} order ${number} is on its way`,
    shippedBody: (number, carrier) => `a parcel of your order ${number} has left with ${carrier}.`,
    tracking: 'Track it',
    reminderSubject: (shop) => `Your cart at ${shop} is waiting`,
    reminderBody: 'you left these in your cart. They are still there when you want them.',
    backToCart: 'Back to my cart',
  },
  de: {
    hello: (name) => (name ? `Hallo ${name},` : 'Hallo,'),
    confirmationSubject: (shop, number) => `Ihre Bestellung ${number} bei ${shop}`,
    confirmationBody: (number) =>
      `vielen Dank für Ihre Bestellung ${number}. Ihre Zahlung ist eingegangen, wir bereiten sie vor.`,
    subtotal: 'Zwischensumme',
    discounts: 'Rabatte',
    shipping: 'Versand',
    tax: 'MwSt.',
    total: 'Gesamt',
    shippedSubject: (shop, number) => `Ihre Bestellung ${number} bei ${shop} ist unterwegs`,
    shippedBody: (number, carrier) => `ein Paket Ihrer Bestellung ${number} ist mit ${carrier} unterwegs.`,
    tracking: 'Sendung verfolgen',
    reminderSubject: (shop) => `Ihr Warenkorb bei ${shop} wartet`,
    reminderBody: 'diese Artikel liegen noch in Ihrem Warenkorb. Sie sind da, wann immer Sie möchten.',
    backToCart: 'Zum Warenkorb',
  },
  fr: {
    hello: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    confirmationSubject: (shop, number) => `Votre commande ${number} chez ${shop}`,
    confirmationBody: (number) =>
      `merci pour votre commande ${number}. Nous avons reçu votre paiement et la préparons.`,
    subtotal: 'Sous-total',
    discounts: 'Remises',
    shipping: 'Livraison',
    tax: 'TVA',
    total: 'Total',
    shippedSubject: (shop, number) => `Votre commande ${number} chez ${shop} est en route`,
    shippedBody: (number, carrier) => `un colis de votre commande ${number} est parti avec ${carrier}.`,
    tracking: 'Suivre le colis',
    reminderSubject: (shop) => `Votre panier chez ${shop} vous attend`,
    reminderBody: 'vous avez laissé ces articles dans votre panier. Ils y sont toujours.',
    backToCart: 'Retourner au panier',
  },
};

/** `amount` minor units of `currency`, as the reader writes money: "$49.98", "49,98 €". */
export function formatMoney(amount: number, currency: string, locale: string): string {
  const code: CurrencyCode = isCurrencyCode(currency) ? currency : 'USD';
  const value = amount / 10 ** minorUnits(code);
  const options = { style: 'currency', currency } as const;
  try {
    return new Intl.NumberFormat(locale, options).format(value);
  } catch {
    // A tag Intl does not know: the language alone.
    return new Intl.NumberFormat(languageOf(locale), options).format(value);
  }
}

/** A rendered email from its parts: paragraphs of text, a table of rows, an optional link. */
function compose(
  language: Language,
  subject: string,
  parts: { greeting: string; body: string; rows: [string, string][]; link?: [string, string]; shop: string },
): RenderedEmail {
  const width = Math.max(0, ...parts.rows.map(([label]) => label.length));
  const text = [
    parts.greeting,
    '',
    parts.body,
    '',
    ...parts.rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`),
    ...(parts.link ? ['', `${parts.link[0]}: ${parts.link[1]}`] : []),
    '',
    `— ${parts.shop}`,
    '',
  ].join('\n');
  const rows = parts.rows
    .map(
      ([label, value]) =>
        `<tr><td>${escapeHtml(label)}</td><td style="text-align: right">${escapeHtml(value)}</td></tr>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 36rem">
<p>${escapeHtml(parts.greeting)}</p>
<p>${escapeHtml(parts.body)}</p>
<table style="border-collapse: collapse; width: 100%">
${rows}
</table>
${parts.link ? `<p><a href="${escapeHtml(parts.link[1])}">${escapeHtml(parts.link[0])}</a></p>` : ''}
<p>— ${escapeHtml(parts.shop)}</p>
</body>
</html>
`;
  return { subject, text, html };
}

export function renderOrderEmail(
  template: OrderTemplate,
  locale: string,
  data: OrderEmailData,
  shop: string,
): RenderedEmail {
  const language = languageOf(locale);
  const words = WORDS[language];
  const money = (amount: number, currency: string) => formatMoney(amount, currency, locale);
  switch (template) {
    case 'order_confirmation': {
      const order = data as OrderConfirmationData;
      const { totals } = order;
      return compose(language, words.confirmationSubject(shop, order.orderNumber), {
        greeting: words.hello(order.firstName),
        body: words.confirmationBody(order.orderNumber),
        rows: [
          ...order.lines.map((line): [string, string] => [
            `${line.quantity} × ${line.title}`,
            money(line.amount, order.currency),
          ]),
          [words.subtotal, money(totals.subtotal, order.currency)],
          ...(totals.discounts > 0
            ? [[words.discounts, `−${money(totals.discounts, order.currency)}`] as [string, string]]
            : []),
          [words.shipping, money(totals.shipping, order.currency)],
          [words.tax, money(totals.tax, order.currency)],
          [words.total, money(totals.grandTotal, order.currency)],
        ],
        shop,
      });
    }
    case 'order_shipped': {
      const parcel = data as OrderShippedData;
      return compose(language, words.shippedSubject(shop, parcel.orderNumber), {
        greeting: words.hello(parcel.firstName),
        body: words.shippedBody(parcel.orderNumber, parcel.carrier),
        rows: [
          ...parcel.lines.map((line): [string, string] => [line.title, `× ${line.quantity}`]),
          [parcel.carrier, parcel.trackingNumber],
        ],
        ...(parcel.trackingUrl ? { link: [words.tracking, parcel.trackingUrl] as [string, string] } : {}),
        shop,
      });
    }
    case 'cart_reminder': {
      const cart = data as CartReminderData;
      return compose(language, words.reminderSubject(shop), {
        greeting: words.hello(cart.firstName),
        body: words.reminderBody,
        rows: [
          ...cart.lines.map((line): [string, string] => [
            `${line.quantity} × ${line.title}`,
            money(line.amount, cart.currency),
          ]),
          [words.subtotal, money(cart.subtotal, cart.currency)],
        ],
        ...(cart.cartUrl ? { link: [words.backToCart, cart.cartUrl] as [string, string] } : {}),
        shop,
      });
    }
  }
}
