/**
 * The API's OpenAPI document at `/api/openapi.json` and a browsable page at `/api/docs`,
 * generated from the routes' own schemas.
 */
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  // Input is validated by each route with zod (parseInput), which gives field paths and
  // Chinese messages; the JSON Schemas attached to routes are for the document only.
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'rectify 巡察整改台账 API',
        description:
          '巡察整改全过程：反馈、方案、台账、佐证、审核销号、督办、报告与公开。所有接口需登录（Cookie 会话），除 /api/health 与公开页面外。',
        version,
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'rectify_session' } },
      },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
