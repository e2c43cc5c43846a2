import { type catalogWrites, crm } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { partnerAccess, requires } from '../../auth/access';
import { partnerDeliveryDoc } from '../../auth/partner-delivery-doc';
import { batchLimit } from '../../catalog/pim/batch-limit';
import { deliveryIdOf, pimDelivery } from '../../catalog/pim/delivery';
import { DeliveryHeaders } from '../../catalog/pim/delivery-headers';
import { RuleViolations } from '../../catalog/write/rule-violations';
import { type WriteAnswer, writeOnce } from '../../catalog/write/write-once';
import type { AppEnv } from '../../env';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { accountReads } from '../account-reads';
import { customerEvent, profileOf } from '../customer-events';
import {
  CrmProfileBatch,
  CrmProfileBatchResult,
  type CrmProfileOutcome,
  type CrmProfileUpdate,
  MAX_CRM_PROFILE_BATCH,
} from './schemas';

const route = createRoute({
  method: 'post',
  path: '/v1/integrations/crm/profiles',
  operationId: 'recordCrmProfiles',
  tags: ['CRM integration'],
  summary: 'Record a batch of profile changes from the CRM',
  description: `Records up to ${MAX_CRM_PROFILE_BATCH} customers' profile changes made in the CRM: the
fields the shop keeps of a profile that the CRM may change (\`firstName\`, \`lastName\`, \`phone\`,
\`locale\`; absent: kept, null: cleared). Never the email address or the password: the customer
alone changes those (and proves the address), so such fields, like anything the shop owns (id,
verification, timestamps), are refused. A change that changes a value records \`CustomerUpdated\`
in the same transaction, as the customer's own edit does, naming the fields.

${partnerDeliveryDoc('crm:write')}
- **Order**: each item carries the CRM's \`sequence\` for that customer's profile; one not above the
  stored one is reported \`stale\` and changes nothing, so whatever order deliveries arrive or race
  in, the highest sequence wins (also across message ids: the CRM sending a change twice applies
  it once). A customer's own edit in between is kept until the CRM's next, higher, version.
- **Per item, not all or nothing, for customers**: an id no account has (or an erased one) is
  reported \`unknown_customer\` and stores nothing; the other items apply.
- **Malformed input**: 400 \`validation_failed\` (an unknown field such as \`email\`, a malformed
  phone or locale, a missing \`sequence\`, an empty batch), 422 \`batch_rejected\` for a customer
  twice in one batch, 413 \`batch_too_large\` above ${MAX_CRM_PROFILE_BATCH} items; nothing is applied.`,
  ...requires(
    partnerAccess('crm:write'),
    pimDelivery('crm.profiles'),
    batchLimit('profiles', MAX_CRM_PROFILE_BATCH),
  ),
  request: {
    headers: DeliveryHeaders,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: CrmProfileBatch,
          example: {
            profiles: [
              { customerId: 'cus_01jd8c4r7t2n9v5x3q6w8y0z1a', sequence: 17, phone: '+442079460000' },
              {
                customerId: 'cus_01jd9f2k6m3p8r1t5v7x9z0b2c',
                sequence: 4,
                firstName: 'Grace',
                lastName: null,
              },
            ],
          },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The batch was recorded (or replayed): one outcome per item, in batch order.',
      content: {
        'application/json': {
          schema: CrmProfileBatchResult,
          example: {
            deliveryId: 'msg_26hZCxZCuWyyTWPmSVBrNCtiJPAjmv2TBj9',
            applied: 1,
            stale: 1,
            unknownCustomer: 0,
            results: [
              {
                index: 0,
                customerId: 'cus_01jd8c4r7t2n9v5x3q6w8y0z1a',
                sequence: 17,
                outcome: 'applied',
                changed: ['phone'],
                currentSequence: 17,
              },
              {
                index: 1,
                customerId: 'cus_01jd9f2k6m3p8r1t5v7x9z0b2c',
                sequence: 4,
                outcome: 'stale',
                currentSequence: 6,
              },
            ],
          },
        },
      },
    },
    ...problemResponses(...commonProblems, 401, 403, 422, 503),
  },
});

/** The inbound CRM integration: profile changes made in the CRM (issue 12). */
export function registerRecordCrmProfiles(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { profiles } = c.req.valid('json');
    const delivery = c.get('delivery');
    const answer = await writeOnce(c, delivery, {
      prepare: async () => checkProfileBatch(profiles),
      apply: (tx) => storeProfiles(tx, profiles, deliveryIdOf(delivery)),
    });
    for (const item of answer.body.results) {
      if (item.outcome === 'applied' && (item.changed ?? []).length > 0)
        accountReads.forgetCustomer(item.customerId);
    }
    return c.json(answer.body, answer.status, answer.headers);
  });
}

/**
 * A batch names each customer once: two versions of one profile in one message leave it unclear
 * which the CRM meant. 422 `batch_rejected` listing every repeat; nothing is applied.
 */
function checkProfileBatch(profiles: readonly CrmProfileUpdate[]): void {
  const violations = new RuleViolations();
  const first = new Map<string, number>();
  profiles.forEach((profile, index) => {
    const earlier = first.get(profile.customerId);
    if (earlier === undefined) first.set(profile.customerId, index);
    else violations.add(`profiles[${index}]`, `repeats the customerId of profiles[${earlier}]`);
  });
  violations.throwIfAny('batch_rejected', 'profile batch');
}

async function storeProfiles(
  tx: catalogWrites.Transaction,
  profiles: readonly CrmProfileUpdate[],
  deliveryId: string,
): Promise<WriteAnswer<200, CrmProfileBatchResult>> {
  const outcomes = await crm.applyCrmProfileUpdates(tx, profiles, (view, changed) =>
    customerEvent('CustomerUpdated', view.id, { ...profileOf(view), changed, source: 'crm' }),
  );
  const results = outcomes.map((outcome): CrmProfileOutcome => {
    const profile = profiles[outcome.index];
    if (!profile) throw new Error(`no profile at index ${outcome.index}`);
    const item = { index: outcome.index, customerId: profile.customerId, sequence: profile.sequence };
    switch (outcome.outcome) {
      case 'applied':
        return {
          ...item,
          outcome: 'applied',
          changed: outcome.changed,
          currentSequence: outcome.currentSequence,
        };
      case 'stale':
        return { ...item, outcome: 'stale', currentSequence: outcome.currentSequence };
      default:
        return { ...item, outcome: 'unknown_customer' };
    }
  });
  const count = (kind: CrmProfileOutcome['outcome']) =>
    results.filter((item) => item.outcome === kind).length;
  return {
    status: 200,
    // Profiles are not in the catalog cache: nothing to invalidate.
    changed: false,
    body: {
      deliveryId,
      applied: count('applied'),
      stale: count('stale'),
      unknownCustomer: count('unknown_customer'),
      results,
    },
  };
}
