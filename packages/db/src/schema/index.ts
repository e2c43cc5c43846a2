export * from './categories';
export * from './collections';
export * from './markets';
export * from './media';
export * from './outbox';
export * from './prices';
export * from './products';
export * from './variants';
