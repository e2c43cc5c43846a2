/**
 * Integration events of customer accounts, for the CRM and analytics. Stored in the outbox in the
 * transaction of the change and relayed in the envelope of API-CONVENTIONS.md; `data` fields are
 * only ever added within a version.
 */
export const CUSTOMER_EVENT_VERSION = 1;

/** The profile as the CRM keeps it. */
export interface CustomerProfile {
  customerId: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  locale: string;
  emailVerified: boolean;
}

/** `CustomerRegistered` v1, aggregate `customer`. */
export type CustomerRegisteredData = CustomerProfile;

/** `CustomerUpdated` v1, aggregate `customer`: the profile after the change and which fields changed. */
export interface CustomerUpdatedData extends CustomerProfile {
  changed: (keyof Omit<CustomerProfile, 'customerId'>)[];
}

/**
 * `CustomerDeleted` v1, aggregate `customer`: the customer had their account erased (GDPR art. 17).
 * No personal data: consumers erase what they hold of `customerId`.
 */
export interface CustomerDeletedData {
  customerId: string;
  deletedAt: string;
}

/**
 * `CustomerDataExported` v1, aggregate `customer`: the customer downloaded all the shop holds of
 * them (GDPR art. 15 and 20), for the CRM's record of data-subject requests. No personal data.
 */
export interface CustomerDataExportedData {
  customerId: string;
  exportedAt: string;
}

export interface CustomerEvents {
  CustomerRegistered: CustomerRegisteredData;
  CustomerUpdated: CustomerUpdatedData;
  CustomerDeleted: CustomerDeletedData;
  CustomerDataExported: CustomerDataExportedData;
}

export type CustomerEventType = keyof CustomerEvents;
