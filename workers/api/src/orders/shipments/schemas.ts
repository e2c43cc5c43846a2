import { z } from '@hono/zod-openapi';
import { Sku } from '../../catalog/write/fields';
import { Instant } from '../../input/instant';
import { Text } from '../../input/text';
import { Location } from '../../inventory/wms/level-batch-schema';
import { Count, Integer, IssuedId, Timestamp } from '../../openapi/bounded';
import { orNull } from '../../openapi/or-null';

/** Most lines one parcel may name: an order has at most 100. */
const MAX_SHIPMENT_LINES = 100;

const Reference = (description: string, example: string) =>
  Text({ min: 1, max: 100 })
    .regex(/^[\x21-\x7e]+$/, 'must be visible ASCII characters, without spaces')
    .openapi({ description, example });

const WmsShipmentId = Reference(
  "The WMS's own reference for the parcel: what its later updates name.",
  'WMS-SHP-100424',
);

const OccurredAt = Instant.optional().openapi({
  description: 'When it happened, as the WMS saw it; the time of the request when left out.',
  example: '2026-12-03T09:30:00Z',
});

const TrackingUrl = z
  .url({ protocol: /^https$/ })
  .max(2_000)
  .openapi({
    description: "The carrier's tracking page (https).",
    example: 'https://track.example/00340434',
  });

export const ShipmentCreated = z
  .strictObject({
    status: z.literal('shipped'),
    shipmentId: WmsShipmentId,
    orderId: z
      .string()
      .max(100)
      .regex(/^ord_[0-9a-z]+$/, 'must be an order id (ord_…)')
      .openapi({
        description: 'The order, as OrderCreated named it.',
        example: 'ord_01jdqk3v8m2x7c5r9t4b6n0p1s',
      }),
    carrier: Text({ min: 1, max: 64, trim: true }).openapi({ example: 'DHL' }),
    trackingNumber: Reference("The carrier's tracking number.", '00340434161094042557'),
    trackingUrl: TrackingUrl.optional(),
    location: Location,
    lines: z
      .array(
        z.strictObject({
          sku: Sku,
          quantity: Integer(1, 9_999).openapi({ description: 'Units of the SKU in the parcel.', example: 1 }),
        }),
      )
      .min(1)
      .max(MAX_SHIPMENT_LINES),
    occurredAt: OccurredAt,
  })
  .openapi('WmsShipmentCreated');

const ShipmentMoved = (status: 'in_transit' | 'delivered', name: string) =>
  z
    .strictObject({ status: z.literal(status), shipmentId: WmsShipmentId, occurredAt: OccurredAt })
    .openapi(name);

export const WmsShipmentUpdate = z
  .discriminatedUnion('status', [
    ShipmentCreated,
    ShipmentMoved('in_transit', 'WmsShipmentInTransit'),
    ShipmentMoved('delivered', 'WmsShipmentDelivered'),
  ])
  .openapi('WmsShipmentUpdate');

export type WmsShipmentUpdate = z.infer<typeof WmsShipmentUpdate>;
export type ShipmentCreated = z.infer<typeof ShipmentCreated>;

const SHIPMENT_STATUSES = ['shipped', 'in_transit', 'delivered'] as const;

/** A parcel as shoppers and operators read it on the order. */
export const OrderShipmentSchema = z
  .object({
    id: IssuedId('shp_01jdqk3v8m2x7c5r9t4b6n0p1s'),
    status: z.enum(SHIPMENT_STATUSES),
    carrier: z.string().max(64),
    trackingNumber: z.string().max(100),
    trackingUrl: orNull(z.string().max(2_000)),
    lines: z
      .array(
        z.object({
          lineId: IssuedId('oli_01jdqk3v8m2x7c5r9t4b6n0p1s'),
          sku: z.string().max(64),
          quantity: Integer(1, 9_999),
        }),
      )
      .max(MAX_SHIPMENT_LINES),
    shippedAt: Timestamp(),
    inTransitAt: orNull(Timestamp()),
    deliveredAt: orNull(Timestamp()),
  })
  .openapi('OrderShipment');

export const WmsShipmentResult = z
  .object({
    deliveryId: z
      .string()
      .max(255)
      .openapi({ description: 'The Upstash-Message-Id or Idempotency-Key answered.' }),
    outcome: z.enum(['recorded', 'unchanged']).openapi({
      description:
        '`recorded`: the update changed the parcel (and the order, when it moved). `unchanged`: the parcel ' +
        'already had it (a repeat under another key, or a status it had passed); nothing changed.',
    }),
    shipment: OrderShipmentSchema.extend({
      wmsShipmentId: z.string().max(100),
      orderId: IssuedId('ord_01jdqk3v8m2x7c5r9t4b6n0p1s'),
      location: z.string().max(64),
    }),
    orderStatus: z
      .string()
      .max(40)
      .openapi({ description: 'Where the order stands after the update.', example: 'shipped' }),
    shortfalls: z
      .array(z.object({ sku: z.string().max(64), shortfall: Count() }))
      .max(MAX_SHIPMENT_LINES)
      .openapi({
        description:
          'SKUs whose parcel took more than our count of the location had on hand (its on hand stops at 0 ' +
          'until the next level). Empty normally.',
      }),
  })
  .openapi('WmsShipmentResult');

export type WmsShipmentResult = z.infer<typeof WmsShipmentResult>;
