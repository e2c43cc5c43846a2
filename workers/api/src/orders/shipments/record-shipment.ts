import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { partnerAccess, requires } from '../../auth/access';
import { partnerDeliveryDoc } from '../../auth/partner-delivery-doc';
import { deliveryIdOf, pimDelivery } from '../../catalog/pim/delivery';
import { DeliveryHeaders } from '../../catalog/pim/delivery-headers';
import { writeOnce } from '../../catalog/write/write-once';
import type { AppEnv } from '../../env';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { orderNumberKeyOf } from '../order-number-key';
import { applyShipmentUpdate } from './apply-shipment';
import { WmsShipmentResult, WmsShipmentUpdate } from './schemas';
import { shipFromStock } from './ship-stock';

const route = createRoute({
  method: 'post',
  path: '/v1/integrations/wms/shipments',
  operationId: 'recordWmsShipment',
  tags: ['WMS integration'],
  summary: 'Record a parcel the WMS sent, or its progress',
  description: `What the warehouse reports of an order it fulfils (from \`OrderCreated\`), one update
per request, told apart by \`status\`:

- **\`shipped\`**: a parcel left with some of the order's lines (\`sku\`, \`quantity\`), its carrier and
  tracking number. The order becomes \`partially_shipped\` while lines remain and \`shipped\` once
  everything left, with \`OrderShipped\`; the units leave the SKU's committed stock and the
  location's on hand. A paid order needs no release first; an order on hold, cancelled or not
  yet paid refuses it (409 \`order_status_conflict\`). A SKU the order lacks, or more than a line
  has left to ship: 422 \`shipment_rejected\`, nothing recorded.
- **\`in_transit\`**, **\`delivered\`**: the parcel moves forward (never back: a late \`in_transit\`
  after \`delivered\` is \`unchanged\`). When every parcel of a \`shipped\` order is delivered, the
  order is \`delivered\`, with \`OrderDelivered\`. A parcel not recorded yet: 404, so QStash
  delivers the update again after the parcel's creation.

${partnerDeliveryDoc(
  'wms:write',
  `A redelivery also takes the parcel's stock again if a first attempt stopped short (the stock takes
  each parcel once).`,
)}
- **The parcel**: the WMS's \`shipmentId\` names it: the same parcel reported under another key is
  \`unchanged\`; the reference reused for other contents, 422 \`shipment_rejected\`.`,
  ...requires(partnerAccess('wms:write'), pimDelivery('wms.shipments')),
  request: {
    headers: DeliveryHeaders,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: WmsShipmentUpdate,
          examples: {
            shipped: {
              value: {
                status: 'shipped',
                shipmentId: 'WMS-SHP-100424',
                orderId: 'ord_01jdqk3v8m2x7c5r9t4b6n0p1s',
                carrier: 'DHL',
                trackingNumber: '00340434161094042557',
                trackingUrl: 'https://track.example/00340434161094042557',
                location: 'berlin-1',
                lines: [{ sku: 'LS-BLUE-M', quantity: 1 }],
                occurredAt: '2026-12-03T09:30:00Z',
              },
            },
            delivered: {
              value: {
                status: 'delivered',
                shipmentId: 'WMS-SHP-100424',
                occurredAt: '2026-12-05T14:02:00Z',
              },
            },
          },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The update was recorded (or replayed, or already known).',
      content: { 'application/json': { schema: WmsShipmentResult } },
    },
    ...problemResponses(...commonProblems, 401, 403, 404, 409, 422, 503),
  },
});

/** The inbound WMS integration: parcels and their progress (issue 11). */
export function registerRecordWmsShipment(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const update = c.req.valid('json');
    const delivery = c.get('delivery');
    const orderNumberKey = orderNumberKeyOf(c.get('config'));
    const answer = await writeOnce(c, delivery, {
      prepare: async () => undefined,
      apply: (tx) =>
        applyShipmentUpdate(tx, update, {
          deliveryId: deliveryIdOf(delivery),
          orderNumberKey,
          now: new Date().toISOString(),
        }),
    });
    const { shipment } = answer.body;
    // After the commit, on a first delivery and every replay alike (ship-stock.ts).
    const shortfalls =
      update.status === 'shipped' ? await shipFromStock(c.env.INVENTORY, shipment, c.get('requestId')) : [];
    return c.json({ ...answer.body, shortfalls }, answer.status, answer.headers);
  });
}
