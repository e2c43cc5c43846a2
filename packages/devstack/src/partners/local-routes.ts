/**
 * The local stack's EVENT_ROUTES (ADR 33): every partner gets what its real counterpart would
 * (ARCHITECTURE.md: the PIM hears of catalog changes we make, the WMS fulfils orders, the CRM
 * files customers and their orders, analytics takes customer and sales events, marketing acts on
 * abandoned carts and new customers). The WMS and CRM need one order's events in order. The
 * shop's own email consumer, at `apiOrigin`, sends the order confirmation, the shipment and the
 * cart reminder.
 */
export function localEventRoutes(partnersUrl: string, apiOrigin: string) {
  const to = (partner: string) => `${partnersUrl}/${partner}/events`;
  const orderEvents = [
    'OrderCreated',
    'OrderPaid',
    'OrderReleased',
    'OrderCancelled',
    'OrderRefunded',
    'OrderShipped',
    'OrderDelivered',
    'OrderReturned',
  ];
  const customerEvents = ['CustomerRegistered', 'CustomerUpdated', 'CustomerDeleted'];
  return {
    pim: { url: to('pim'), events: ['ProductUpdated', 'PriceUpdated', 'CategoryUpdated'] },
    wms: { url: to('wms'), events: ['OrderCreated', 'OrderReleased', 'OrderCancelled'], ordered: true },
    crm: { url: to('crm'), events: [...customerEvents, ...orderEvents], ordered: true },
    analytics: { url: to('analytics'), events: [...customerEvents, ...orderEvents, 'PaymentRefunded'] },
    marketing: { url: to('marketing'), events: ['CustomerRegistered', 'CartAbandoned'] },
    email: {
      url: `${apiOrigin}/v1/integrations/qstash/emails`,
      events: ['OrderCreated', 'OrderShipped', 'CartAbandoned'],
    },
  };
}
