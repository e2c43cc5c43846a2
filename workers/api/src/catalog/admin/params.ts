import { z } from '@hono/zod-openapi';
import { Text } from '../../input/text';

const Id = (name: string, example: string) =>
  Text({ max: 100 }).openapi({ param: { name, in: 'path' }, example });

export const ProductIdParam = z.object({ productId: Id('productId', 'prod_01jd7x6q2n8v0c4r5s6t7u8v9w') });
export const VariantIdParam = z.object({ variantId: Id('variantId', 'var_01jd7x6q2n8v0c4r5s6t7u8v9w') });
export const CategoryIdParam = z.object({ categoryId: Id('categoryId', 'cat_01jd7x6q2n8v0c4r5s6t7u8v9w') });
