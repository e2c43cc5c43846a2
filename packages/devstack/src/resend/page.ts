import type { CapturedEmail } from './mailbox';

/** The local mail page: what the API sent, newest first, each with its text part and links. */
export function mailboxPage(emails: readonly CapturedEmail[]): string {
  const rows = [...emails]
    .reverse()
    .map(
      (email) => `<article>
<h2>${escapeHtml(email.subject)}</h2>
<p class="meta">${escapeHtml(email.created_at)} · to ${escapeHtml(email.to.join(', '))} · from ${escapeHtml(email.from)} · <a href="/emails/${escapeHtml(email.id)}/html">HTML part</a></p>
<pre>${linkify(escapeHtml(email.text ?? '(no text part)'))}</pre>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Local mail (Resend stand-in)</title>
<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}
article{border-top:1px solid #ccc;padding:.5rem 0}.meta{color:#555;font-size:.9rem}pre{white-space:pre-wrap}</style>
</head>
<body>
<h1>Local mail</h1>
<p>Every email the local API sent through Resend's API, newest first (${emails.length}). JSON: <a href="/sent">/sent</a> (<code>?to=</code> filters by recipient).</p>
${rows || '<p>Nothing sent yet.</p>'}
</body>
</html>
`;
}

function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function linkify(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
}
