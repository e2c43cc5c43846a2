import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { idPrefixCheck } from './ids';
import { orderLines, orders } from './orders';

/**
 * Parcels the WMS sent for an order (issue 11): one row per shipment it reports, found again by
 * its own reference (`wms_shipment_id`, unique), so a shipment reported twice is one parcel. Its
 * status only moves forward: shipped, in transit, delivered.
 */
export const shipments = pgTable(
  'shipments',
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => orders.id),
    /** The WMS's reference for the parcel. */
    wmsShipmentId: text().notNull(),
    carrier: text().notNull(),
    trackingNumber: text().notNull(),
    trackingUrl: text(),
    /** The WMS stock location it left from. */
    location: text().notNull(),
    status: text().notNull(),
    shippedAt: timestamp({ withTimezone: true }).notNull(),
    inTransitAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    idPrefixCheck('shipments', table.id, 'shp'),
    unique('shipments_wms_shipment_key').on(table.wmsShipmentId),
    index('shipments_order_idx').on(table.orderId),
    check('shipments_status_known', sql`${table.status} in ('shipped', 'in_transit', 'delivered')`),
  ],
);

/** What a parcel holds: units of the order's lines. Never more of a line than it was ordered. */
export const shipmentLines = pgTable(
  'shipment_lines',
  {
    shipmentId: text()
      .notNull()
      .references(() => shipments.id),
    orderLineId: text()
      .notNull()
      .references(() => orderLines.id),
    quantity: integer().notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.shipmentId, table.orderLineId] }),
    index('shipment_lines_order_line_idx').on(table.orderLineId),
    check('shipment_lines_quantity_positive', sql`${table.quantity} > 0`),
  ],
);
