import type { PaymentIntent } from './payment-intents';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The stand-in's 3D Secure page, where `next_action` sends the customer: two buttons, as Stripe's
 * own test page has, that complete or fail the authentication (and return to `return_url`).
 */
export function authenticationPage(intent: PaymentIntent): string {
  const action = `/_stand-in/payment_intents/${escapeHtml(intent.id)}/authenticate`;
  const amount = `${(intent.amount / 100).toFixed(2)} ${intent.currency.toUpperCase()}`;
  const waiting = intent.status === 'requires_action';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>3D Secure test payment</title>
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}
button{font:inherit;padding:.5rem 1rem;margin-right:.5rem}</style></head>
<body><h1>3D Secure test payment</h1>
<p>Local Stripe stand-in. PaymentIntent <code>${escapeHtml(intent.id)}</code> for <strong>${escapeHtml(amount)}</strong>
is <code>${escapeHtml(intent.status)}</code>.</p>
${
  waiting
    ? `<form method="post" action="${action}"><input type="hidden" name="outcome" value="succeed"><input type="hidden" name="redirect" value="true"><button>Complete authentication</button></form>
<form method="post" action="${action}"><input type="hidden" name="outcome" value="fail"><input type="hidden" name="redirect" value="true"><button>Fail authentication</button></form>`
    : '<p>Nothing to authenticate.</p>'
}
</body></html>`;
}
