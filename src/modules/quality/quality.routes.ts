/**
 * Rectification quality routes (整改质量), scoped like the ledger: measure concreteness, findings
 * (duplication and timing), unit grades with drill-down ids, the office's grade weights and
 * thresholds, and a preview of the grade distribution under proposed ones.
 * Thin: validate, call one service function, return its result.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../storage/database.ts';
import type { Clock } from '../common/clock.ts';
import { parseInput } from '../common/parse-input.ts';
import { describeRoute } from '../common/route-schema.ts';
import { ledgerScopeOf } from '../ledger/ledger-scope.ts';
import { requireActor } from '../users/actor.ts';
import { createQualityService } from './quality.service.ts';
import { indicatorNames, type IndicatorName } from './unit-grade.rules.ts';

const id = z.coerce.number().int().positive();

export const MeasuresQuerySchema = z
  .object({ inspectionId: id.optional(), problemId: id.optional() })
  .refine((query) => query.inspectionId !== undefined || query.problemId !== undefined, {
    message: '须指定 inspectionId 或 problemId',
  });

export const ScoreTextsSchema = z.object({
  texts: z.array(z.string().max(4000, '措施文字过长')).max(2000, '一次最多2000条'),
});

export const FindingsQuerySchema = z.object({ inspectionId: id.optional(), roundId: id.optional() });

export const GradesQuerySchema = z.object({ roundId: id.optional() });

const IndicatorWeightsSchema = z.object(
  Object.fromEntries(
    indicatorNames.map((name) => [
      name,
      z.number().int('权重须为整数').min(0, '权重不能为负').max(100, '权重不超过100'),
    ]),
  ) as Record<IndicatorName, z.ZodNumber>,
);

const threshold = z.number().min(1, '分数线不低于1').max(100, '分数线不超过100');

const ThresholdsSchema = z.object({ good: threshold, fairlyGood: threshold, average: threshold });

/** Weights must add up to 100 and thresholds descend; the service checks both again. */
export const WeightsSchema = z.object({
  weights: IndicatorWeightsSchema,
  thresholds: ThresholdsSchema.optional(),
  version: z.number().int().min(0),
});

export const PreviewSchema = z.object({
  weights: IndicatorWeightsSchema,
  thresholds: ThresholdsSchema,
  roundId: z.number().int().positive().optional(),
});

export function registerQualityRoutes(
  app: FastifyInstance,
  dependencies: { db: Database; clock: Clock },
): void {
  const quality = createQualityService({
    ...dependencies,
    onError: (error) => app.log.error({ err: error }, 'quality grade computation failed'),
  });

  app.get(
    '/api/quality/measures',
    {
      schema: describeRoute({
        summary: '整改措施具体性评分（含理由）',
        tags: ['整改质量'],
        querystring: MeasuresQuerySchema,
      }),
    },
    async (request) => {
      const scope = ledgerScopeOf(requireActor(request));
      const query = parseInput(MeasuresQuerySchema, request.query, 'query');
      return { measures: await quality.scoreMeasures(scope, query) };
    },
  );

  app.post(
    '/api/quality/measures/score',
    {
      schema: describeRoute({
        summary: '为起草中的整改措施文字评分（不读台账）',
        tags: ['整改质量'],
        body: ScoreTextsSchema,
      }),
    },
    async (request) => {
      ledgerScopeOf(requireActor(request));
      const { texts } = parseInput(ScoreTextsSchema, request.body);
      return { scores: quality.scoreTexts(texts) };
    },
  );

  app.get(
    '/api/quality/findings',
    {
      schema: describeRoute({
        summary: '雷同材料与时间异常',
        tags: ['整改质量'],
        querystring: FindingsQuerySchema,
      }),
    },
    async (request) => {
      const scope = ledgerScopeOf(requireActor(request));
      const query = parseInput(FindingsQuerySchema, request.query, 'query');
      return quality.findFindings(scope, query);
    },
  );

  app.get(
    '/api/quality/grades',
    {
      schema: describeRoute({
        summary:
          '单位整改质量评价（指标、得分、等次，可下钻到问题）：立即返回最近一次计算结果及计算时间，台账有变化时后台重新计算；首次计算未完成时返回 202（state=computing），请稍后再取',
        tags: ['整改质量'],
        querystring: GradesQuerySchema,
      }),
    },
    async (request, reply) => {
      const scope = ledgerScopeOf(requireActor(request));
      const query = parseInput(GradesQuerySchema, request.query, 'query');
      const [grades, weights] = await Promise.all([
        quality.gradeUnits(scope, query),
        quality.getWeights(scope.officeId),
      ]);
      // 202: accepted, still computing for the first time; the page polls until 200.
      if (grades.state === 'computing') reply.code(202);
      return {
        roundId: query.roundId ?? null,
        weights: weights.weights,
        thresholds: weights.thresholds,
        ...grades,
      };
    },
  );

  app.get(
    '/api/quality/weights',
    { schema: describeRoute({ summary: '评价权重', tags: ['整改质量'] }) },
    async (request) => {
      const scope = ledgerScopeOf(requireActor(request));
      return quality.getWeights(scope.officeId);
    },
  );

  app.put(
    '/api/quality/weights',
    {
      schema: describeRoute({ summary: '设置评价权重（巡察办）', tags: ['整改质量'], body: WeightsSchema }),
    },
    async (request) => {
      const actor = requireActor(request);
      const scope = ledgerScopeOf(actor);
      const input = parseInput(WeightsSchema, request.body);
      return quality.setWeights(
        { officeId: scope.officeId, userId: actor.userId, role: actor.role },
        input.weights,
        input.version,
        input.thresholds,
      );
    },
  );

  app.post(
    '/api/quality/grades/preview',
    {
      schema: describeRoute({
        summary: '预览按新权重与分数线计算的等次分布（不保存）',
        tags: ['整改质量'],
        body: PreviewSchema,
      }),
    },
    async (request) => {
      const scope = ledgerScopeOf(requireActor(request));
      const input = parseInput(PreviewSchema, request.body);
      return quality.previewGrades(scope, {
        weights: input.weights,
        thresholds: input.thresholds,
        ...(input.roundId === undefined ? {} : { roundId: input.roundId }),
      });
    },
  );
}
