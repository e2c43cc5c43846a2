import { storefront } from '@edge-commerce/db';
import type { Context } from 'hono';
import { ParsedBodies } from '../../cache/parsed-bodies';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { renderedBody } from './cached-read';

export interface CurrencyChoice {
  currency?: string | undefined;
  market?: string | undefined;
}

/**
 * The currency a storefront request is priced in: `currency` if some market (or the given
 * `market`) sells in it, else the `market`'s default, else the USD market's, else the first
 * market's. Markets come through the catalog cache like any catalog read, so a warm request
 * resolves its currency without a query.
 */
export async function resolveCurrency(c: Context<AppEnv>, choice: CurrencyChoice): Promise<string> {
  return (await resolveMarket(c, choice)).currency;
}

/**
 * The market and currency of a choice, as `resolveCurrency` picks the currency. Given only a
 * currency, the market is the one whose default it is, else the first that sells in it.
 */
export async function resolveMarket(
  c: Context<AppEnv>,
  choice: CurrencyChoice,
): Promise<{ market: storefront.StorefrontMarket; currency: string }> {
  const markets = await loadMarkets(c);
  if (choice.market !== undefined) {
    const market = markets.find((candidate) => candidate.handle === choice.market);
    if (!market) {
      throw new ApiError('unknown_market', `No market has the handle ${choice.market}.`, {
        markets: markets.map((candidate) => candidate.handle),
      });
    }
    if (choice.currency === undefined) return { market, currency: market.defaultCurrency };
    if (!market.currencies.includes(choice.currency)) {
      throw new ApiError(
        'unsupported_currency',
        `The market ${market.handle} does not sell in ${choice.currency}; it sells in ${market.currencies.join(', ')}.`,
        { currencies: market.currencies },
      );
    }
    return { market, currency: choice.currency };
  }
  if (choice.currency !== undefined) {
    const currency = choice.currency;
    const market =
      markets.find((candidate) => candidate.defaultCurrency === currency) ??
      markets.find((candidate) => candidate.currencies.includes(currency));
    if (!market) {
      const sold = [...new Set(markets.flatMap((candidate) => candidate.currencies))].sort();
      throw new ApiError(
        'unsupported_currency',
        sold.length > 0
          ? `No market sells in ${currency}; choose one of ${sold.join(', ')}.`
          : 'No market is configured, so no currency can be priced.',
        { currencies: sold },
      );
    }
    return { market, currency };
  }
  const fallback = markets.find((market) => market.defaultCurrency === 'USD') ?? markets[0];
  if (!fallback) {
    throw new ApiError('unsupported_currency', 'No market is configured, so no currency can be priced.', {
      currencies: [],
    });
  }
  return { market: fallback, currency: fallback.defaultCurrency };
}

// Parsed market lists: a warm request finds its markets without parsing them again.
const parsedMarkets = new ParsedBodies<storefront.StorefrontMarket[]>(16);

async function loadMarkets(c: Context<AppEnv>): Promise<storefront.StorefrontMarket[]> {
  const cached = await c
    .get('catalogCache')
    .read('storefront:markets', async () =>
      renderedBody(await storefront.loadStorefrontMarkets(c.get('database')())),
    );
  return parsedMarkets.of(cached);
}
