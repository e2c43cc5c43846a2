import { describe, expect, it } from 'vitest';
import { languageOf, renderIdentityEmail } from './identity-templates';

const LINK = 'https://shop.example/account/reset-password#token=pr_abc';

describe('identity emails', () => {
  it('escape what the customer wrote in the HTML part, and keep it as written in the text part', () => {
    const email = renderIdentityEmail(
      'password_reset',
      'en',
      { link: LINK, validMinutes: 60, firstName: '<img src=x onerror=alert(1)> "Ada"' },
      'Shop & Co',
    );
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;Ada&quot;');
    expect(email.html).toContain('— Shop &amp; Co');
    expect(email.text).toContain('Hello <img src=x onerror=alert(1)> "Ada",');
    expect(email.text).toContain(`Choose a new password: ${LINK}`);
    expect(email.subject).toBe('Reset your Shop & Co password');
  });

  it('speak the customer’s language, with durations in its words, and English for any other', () => {
    const french = renderIdentityEmail(
      'email_verification',
      'fr-CA',
      { link: LINK, validMinutes: 1_440 },
      'Boutique',
    );
    expect(french.subject).toBe('Confirmez votre adresse e-mail chez Boutique');
    expect(french.text).toContain('Bonjour,');
    expect(french.text).toMatch(/pendant 24\s+heures/); // French sets a no-break space
    const german = renderIdentityEmail('password_reset', 'de', { link: LINK, validMinutes: 90 }, 'Laden');
    expect(german.text).toMatch(/90\s+Minuten lang/);
    const japanese = renderIdentityEmail('password_reset', 'ja', { link: LINK, validMinutes: 30 }, 'Shop');
    expect(japanese.subject).toBe('Reset your Shop password');
    expect(languageOf('zh-Hant-TW')).toBe('en');
  });
});
