import type { Config } from '../config';

/**
 * The sender and the storefront emails point to. Production requires both to be configured with
 * RESEND_API_KEY (the configuration refuses to start otherwise); elsewhere these stand in.
 */
export function senderOf(config: Config): string {
  return config.EMAIL_FROM ?? `${config.SHOP_NAME} <accounts@shop.localhost>`;
}

export function storefrontUrlOf(config: Config): string {
  return config.STOREFRONT_URL ?? 'http://localhost:3000';
}
