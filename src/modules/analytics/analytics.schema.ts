/** The analytics API's input at the edge: the selection (round, unit), a figure key, paging. */
import { z } from 'zod';
import { FIGURE_KEYS, type FigureKey } from './figure-keys.ts';

const id = z.coerce.number().int().positive();

export const FiguresQuerySchema = z.object({ roundId: id.optional(), unitId: id.optional() });

export const FigureItemsQuerySchema = FiguresQuerySchema.extend({
  key: z.enum(FIGURE_KEYS as [FigureKey, ...FigureKey[]]),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
