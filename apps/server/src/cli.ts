/**
 * The `kassa` command line: database tasks for operators.
 *   kassa db:migrate   apply pending migrations
 *   kassa db:seed      seed the demo company into an empty database
 *   kassa db:setup     both
 * Uses DATABASE_URL (PostgreSQL) or KASSA_DATA_DIR (embedded PGlite) like the server.
 */
import { countCompanies, openDatabase } from '@kassa/db';
import { seedDemo } from '@kassa/db/seed';
import { loadEnv } from './config.ts';
import { hashSecret } from './modules/auth/passwords.ts';

const USAGE = `Usage: kassa <command>

Commands:
  db:migrate   apply pending database migrations
  db:seed      seed the demo company (only into an empty database)
  db:setup     db:migrate, then db:seed
  --help       show this help`;

async function run(command: string | undefined): Promise<number> {
  if (!command || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  if (!['db:migrate', 'db:seed', 'db:setup'].includes(command)) {
    console.error(`kassa: unknown command "${command}"\n\n${USAGE}`);
    return 1;
  }
  const env = loadEnv();
  // Opening the database applies pending migrations.
  const database = await openDatabase(
    env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.KASSA_DATA_DIR },
  );
  try {
    console.log('kassa: migrations are up to date');
    if (command === 'db:seed' || command === 'db:setup') {
      if ((await countCompanies(database.db)) > 0) {
        console.log(
          'kassa: the database already has companies; demo data is only seeded into an empty database',
        );
      } else {
        await seedDemo(database.db, { hashSecret, log: (m) => console.log(`kassa: ${m}`) });
      }
    }
    return 0;
  } finally {
    await database.close();
  }
}

run(process.argv[2]).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`kassa: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
