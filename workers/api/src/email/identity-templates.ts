/**
 * The identity emails (ADR 25): address verification and password reset, each with a plain-text
 * part and an HTML part, in the customer's language (English, German or French; English for any
 * other), signed with the shop's name. Rendered when sent, from what the outbox row recorded.
 */

export const IDENTITY_TEMPLATES = ['email_verification', 'password_reset'] as const;
export type IdentityTemplate = (typeof IDENTITY_TEMPLATES)[number];

/** What an identity email's outbox row records. */
export interface IdentityEmailData {
  /** The link with the single-use token. */
  link: string;
  /** How long the link works, in minutes. */
  validMinutes: number;
  firstName?: string | null;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

interface Wording {
  subject: (shop: string) => string;
  greeting: (name: string | null) => string;
  body: string;
  action: string;
  validity: (duration: string) => string;
  ignore: string;
}

export type Language = 'en' | 'de' | 'fr';

const WORDING: Record<IdentityTemplate, Record<Language, Wording>> = {
  email_verification: {
    en: {
      subject: (shop) => `Confirm your email address for ${shop}`,
      greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
      body: 'please confirm that this is your email address by opening the link below.',
      action: 'Confirm my email address',
      validity: (duration) => `The link works once, for ${duration}.`,
      ignore: 'If you did not create an account, ignore this email.',
    },
    de: {
      subject: (shop) => `Bestätigen Sie Ihre E-Mail-Adresse bei ${shop}`,
      greeting: (name) => (name ? `Hallo ${name},` : 'Hallo,'),
      body: 'bitte bestätigen Sie über den folgenden Link, dass dies Ihre E-Mail-Adresse ist.',
      action: 'E-Mail-Adresse bestätigen',
      validity: (duration) => `Der Link funktioniert einmal, ${duration} lang.`,
      ignore: 'Wenn Sie kein Konto angelegt haben, ignorieren Sie diese E-Mail.',
    },
    fr: {
      subject: (shop) => `Confirmez votre adresse e-mail chez ${shop}`,
      greeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
      body: "veuillez confirmer qu'il s'agit bien de votre adresse e-mail en ouvrant le lien ci-dessous.",
      action: 'Confirmer mon adresse e-mail',
      validity: (duration) => `Le lien fonctionne une seule fois, pendant ${duration}.`,
      ignore: "Si vous n'avez pas créé de compte, ignorez cet e-mail.",
    },
  },
  password_reset: {
    en: {
      subject: (shop) => `Reset your ${shop} password`,
      greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
      body: 'someone asked to reset the password of your account. To choose a new one, open the link below.',
      action: 'Choose a new password',
      validity: (duration) => `The link works once, for ${duration}. Resetting signs you out everywhere.`,
      ignore: 'If you did not ask for this, ignore this email: your password stays as it is.',
    },
    de: {
      subject: (shop) => `Ihr Passwort bei ${shop} zurücksetzen`,
      greeting: (name) => (name ? `Hallo ${name},` : 'Hallo,'),
      body: 'jemand hat das Zurücksetzen des Passworts Ihres Kontos angefordert. Über den folgenden Link wählen Sie ein neues.',
      action: 'Neues Passwort wählen',
      validity: (duration) =>
        `Der Link funktioniert einmal, ${duration} lang. Danach sind Sie überall abgemeldet.`,
      ignore:
        'Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.',
    },
    fr: {
      subject: (shop) => `Réinitialisez votre mot de passe ${shop}`,
      greeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
      body: 'quelqu’un a demandé à réinitialiser le mot de passe de votre compte. Pour en choisir un nouveau, ouvrez le lien ci-dessous.',
      action: 'Choisir un nouveau mot de passe',
      validity: (duration) =>
        `Le lien fonctionne une seule fois, pendant ${duration}. La réinitialisation vous déconnecte partout.`,
      ignore: "Si vous n'avez rien demandé, ignorez cet e-mail : votre mot de passe reste inchangé.",
    },
  },
};

export function isIdentityTemplate(template: string): template is IdentityTemplate {
  return (IDENTITY_TEMPLATES as readonly string[]).includes(template);
}

/** The language of a BCP 47 tag we write in: its primary subtag if we have it, else English. */
export function languageOf(locale: string): Language {
  const primary = locale.split('-')[0]?.toLowerCase();
  return primary === 'de' || primary === 'fr' ? primary : 'en';
}

/** A duration in the reader's words and number format: "24 hours", "60 Minuten". */
function duration(minutes: number, locale: string): string {
  const [value, unit] = minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  try {
    return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
  } catch {
    // A tag Intl does not know (stored tags are validated, but not against Intl's data).
    return new Intl.NumberFormat(languageOf(locale), { style: 'unit', unit, unitDisplay: 'long' }).format(
      value,
    );
  }
}

export function renderIdentityEmail(
  template: IdentityTemplate,
  locale: string,
  data: IdentityEmailData,
  shop: string,
): RenderedEmail {
  const language = languageOf(locale);
  const words = WORDING[template][language];
  const validity = words.validity(duration(data.validMinutes, locale));
  const greeting = words.greeting(data.firstName ?? null);
  const text = [
    greeting,
    '',
    words.body,
    '',
    `${words.action}: ${data.link}`,
    '',
    validity,
    words.ignore,
    '',
    `— ${shop}`,
    '',
  ].join('\n');
  const html = `<!doctype html>
<html lang="${escapeHtml(language)}">
<head><meta charset="utf-8"><title>${escapeHtml(words.subject(shop))}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 36rem">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(words.body)}</p>
<p><a href="${escapeHtml(data.link)}">${escapeHtml(words.action)}</a></p>
<p>${escapeHtml(validity)}<br>${escapeHtml(words.ignore)}</p>
<p>— ${escapeHtml(shop)}</p>
</body>
</html>
`;
  return { subject: words.subject(shop), text, html };
}

/** The five characters that matter in HTML text and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
