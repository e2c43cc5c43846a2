import type { promotions } from '@edge-commerce/db';
import { RuleViolations } from '../../catalog/write/rule-violations';

/** Basis points a percentage promotion may take off: 0.01% to 100%. */
export const PERCENT_OFF_RANGE = { min: 1, max: 10_000 } as const;

/** The column is a Postgres integer. */
export const MAX_USAGE_LIMIT = 2_147_483_647;

/** What a promotion gives and when, as it will stand once the request is applied. */
export interface PromotionTerms {
  kind: 'percentage' | 'fixed_amount' | 'free_shipping';
  percentOff: number | null;
  amountOff: promotions.PromotionMoney | null;
  minimumSubtotal: promotions.PromotionMoney | null;
  startsAt: string | null;
  endsAt: string | null;
  usageLimit: number | null;
}

export interface RuleContext {
  /** Currencies some market sells in: an amount in any other could never be met. */
  soldCurrencies: readonly string[];
  /** Uses already counted: a limit below them would contradict the orders placed. */
  usageCount: number;
  /** Where to point a window that does not close after it opens: the field the request sent. */
  windowPath: 'startsAt' | 'endsAt';
}

/**
 * Every shop rule the terms break, with the path of the field to fix; empty when none. The
 * database holds the same rules as CHECKs (migration 0018); checking here first answers a 422
 * naming every field instead of a refused statement.
 */
export function promotionRuleBreaks(terms: PromotionTerms, context: RuleContext): RuleViolations {
  const violations = new RuleViolations();
  const sold = (money: promotions.PromotionMoney, path: string) => {
    if (!context.soldCurrencies.includes(money.currency)) {
      violations.add(
        `${path}.currency`,
        context.soldCurrencies.length === 0
          ? 'no market is configured, so no currency is sold'
          : `no market sells in ${money.currency}; choose one of ${context.soldCurrencies.join(', ')}`,
      );
    }
  };

  if (terms.kind === 'percentage') {
    if (terms.percentOff === null) violations.add('percentOff', 'is required for a percentage promotion');
    else if (terms.percentOff < PERCENT_OFF_RANGE.min || terms.percentOff > PERCENT_OFF_RANGE.max) {
      violations.add('percentOff', 'must be 1 to 10000 basis points (0.01% to 100%)');
    }
  } else if (terms.percentOff !== null) {
    violations.add('percentOff', 'is only for a percentage promotion');
  }

  if (terms.kind === 'fixed_amount') {
    if (terms.amountOff === null) violations.add('amountOff', 'is required for a fixed_amount promotion');
    else {
      if (terms.amountOff.amount <= 0) violations.add('amountOff.amount', 'must be more than 0');
      sold(terms.amountOff, 'amountOff');
    }
  } else if (terms.amountOff !== null) {
    violations.add('amountOff', 'is only for a fixed_amount promotion');
  }

  if (terms.minimumSubtotal) {
    if (terms.minimumSubtotal.amount <= 0) {
      violations.add('minimumSubtotal.amount', 'must be more than 0 (leave it out for no minimum)');
    }
    sold(terms.minimumSubtotal, 'minimumSubtotal');
    if (terms.amountOff && terms.amountOff.currency !== terms.minimumSubtotal.currency) {
      violations.add(
        'minimumSubtotal.currency',
        `must be the currency of amountOff (${terms.amountOff.currency}): a cart in one currency could never meet both`,
      );
    }
  }

  if (terms.startsAt !== null && terms.endsAt !== null && terms.startsAt >= terms.endsAt) {
    violations.add(context.windowPath, 'the window must end after it starts (endsAt after startsAt)');
  }

  if (terms.usageLimit !== null) {
    if (terms.usageLimit < 1) violations.add('usageLimit', 'must be at least 1 (leave it out for no limit)');
    else if (terms.usageLimit > MAX_USAGE_LIMIT)
      violations.add('usageLimit', `must be at most ${MAX_USAGE_LIMIT}`);
    else if (terms.usageLimit < context.usageCount) {
      violations.add(
        'usageLimit',
        `must be at least the ${context.usageCount} uses already counted (deactivate the code to stop it now)`,
      );
    }
  }
  return violations;
}
