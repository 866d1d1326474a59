/**
 * `rectify demo --units N --seed S`: generates a deterministic demo data set and loads it into
 * the configured database, printing progress. The benchmark uses the same path at scale.
 */
import { parseArgs } from 'node:util';
import { today } from '../modules/common/clock.ts';
import { defaultDemoOptions, generateDemoInspections } from '../modules/demo/demo-generator.ts';
import { createDemoLoader } from '../modules/demo/demo-loader.ts';
import type { CliCommand } from './command.ts';
import { reportCliError, withCliContext } from './cli-context.ts';

const usage = `rectify demo [--units N] [--problems N] [--measures N] [--seed S] [--today YYYY-MM-DD]

生成演示数据并写入当前数据库（RECTIFY_DATA_DIR 或 DATABASE_URL）。
Generates deterministic demo data and loads it into the configured database.
  --units N      被巡察单位数 units (default ${defaultDemoOptions.units})
  --problems N   每个单位的问题数 problems per unit (default ${defaultDemoOptions.problemsPerUnit})
  --measures N   每个问题的措施数 measures per problem (default ${defaultDemoOptions.measuresPerProblem})
  --seed S       随机种子 seed (default ${defaultDemoOptions.seed})
  --today DATE   演示的“今天” the demo's today (default: today in Asia/Shanghai)`;

function readCount(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`--${name} 须为非负整数 must be a non-negative integer: ${value}`);
  return parsed;
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: '生成并载入演示数据 (generate and load demo data)',
  usage,
  async run(args) {
    try {
      const { values } = parseArgs({
        args,
        options: {
          units: { type: 'string' },
          problems: { type: 'string' },
          measures: { type: 'string' },
          seed: { type: 'string' },
          today: { type: 'string' },
        },
        strict: true,
      });
      return await withCliContext(async (context) => {
        const options = {
          units: readCount(values.units, defaultDemoOptions.units, 'units'),
          problemsPerUnit: readCount(values.problems, defaultDemoOptions.problemsPerUnit, 'problems'),
          measuresPerProblem: readCount(values.measures, defaultDemoOptions.measuresPerProblem, 'measures'),
          seed: readCount(values.seed, defaultDemoOptions.seed, 'seed'),
          today: values.today ?? today(context.clock),
        };
        const dataset = generateDemoInspections(options);
        const loader = createDemoLoader({ ...context, db: context.database.db });
        const started = Date.now();
        const summary = await loader.loadDemo(dataset, (loaded) => {
          if (loaded % 10 === 0 || loaded === dataset.inspectionCount) {
            process.stdout.write(`loaded ${loaded}/${dataset.inspectionCount}\n`);
          }
        });
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        process.stdout.write(
          `已载入 ${summary.inspections} 个巡察、${summary.problems} 个问题、${summary.measures} 条措施、${summary.evidence} 份佐证材料（${seconds} 秒）\n`,
        );
        return 0;
      });
    } catch (error) {
      return reportCliError('demo', error);
    }
  },
};
