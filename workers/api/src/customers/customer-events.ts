import type { catalogWrites, customers } from '@edge-commerce/db';
import {
  CUSTOMER_EVENT_VERSION,
  type CustomerEvents,
  type CustomerProfile,
  newId,
} from '@edge-commerce/domain';

/** The profile an event carries: what the CRM keeps of an account. */
export function profileOf(view: customers.CustomerView): CustomerProfile {
  return {
    customerId: view.id,
    email: view.email,
    firstName: view.firstName,
    lastName: view.lastName,
    phone: view.phone,
    locale: view.locale,
    emailVerified: view.emailVerified,
  };
}

/** A customer event for the outbox, aggregate `customer`. */
export function customerEvent<T extends keyof CustomerEvents>(
  type: T,
  customerId: string,
  data: CustomerEvents[T],
): catalogWrites.OutboxEvent {
  return {
    id: newId('event'),
    type,
    version: CUSTOMER_EVENT_VERSION,
    aggregateType: 'customer',
    aggregateId: customerId,
    data,
    occurredAt: new Date(),
  };
}
