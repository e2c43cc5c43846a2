import type { z } from 'zod';
import type {
  CustomerDataExportedV1,
  CustomerDeletedV1,
  CustomerProfileSchema,
  CustomerRegisteredV1,
  CustomerUpdatedV1,
} from '../events/schemas/customers';

/**
 * Integration events of customer accounts, for the CRM and analytics. Stored in the outbox in the
 * transaction of the change and relayed in the envelope of API-CONVENTIONS.md; `data` fields are
 * only ever added within a version. Each type is inferred from its zod schema
 * (events/schemas/customers.ts).
 */
export const CUSTOMER_EVENT_VERSION = 1;

/** The profile as the CRM keeps it. */
export type CustomerProfile = z.infer<typeof CustomerProfileSchema>;

/** `CustomerRegistered` v1, aggregate `customer`. */
export type CustomerRegisteredData = z.infer<typeof CustomerRegisteredV1>;

/** `CustomerUpdated` v1, aggregate `customer`: the profile after the change and which fields changed. */
export type CustomerUpdatedData = z.infer<typeof CustomerUpdatedV1>;

/**
 * `CustomerDeleted` v1, aggregate `customer`: the customer had their account erased (GDPR art. 17).
 * No personal data: consumers erase what they hold of `customerId`.
 */
export type CustomerDeletedData = z.infer<typeof CustomerDeletedV1>;

/**
 * `CustomerDataExported` v1, aggregate `customer`: the customer downloaded all the shop holds of
 * them (GDPR art. 15 and 20), for the CRM's record of data-subject requests. No personal data.
 */
export type CustomerDataExportedData = z.infer<typeof CustomerDataExportedV1>;

export interface CustomerEvents {
  CustomerRegistered: CustomerRegisteredData;
  CustomerUpdated: CustomerUpdatedData;
  CustomerDeleted: CustomerDeletedData;
  CustomerDataExported: CustomerDataExportedData;
}

export type CustomerEventType = keyof CustomerEvents;
