import { defineSecretRule, j } from '../secret-pattern.js';

export const rule = defineSecretRule({
  code: 'SEC-SECRET-005',
  pattern: /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver):\/\/[^:\s/@'"`]+:([^@\s'"`]+)@[^\s'"`]+/i,
  message: 'Database connection string with an inline password.',
  remediation: 'Build the URL from environment variables (DB_USER/DB_PASSWORD) or use a secret store; rotate the password.',
  // Well-known default credentials of local brokers/databases (amqp://guest:guest@, postgres:postgres) are not secrets.
  validate: (v) => !/^[$%{<*]/.test(v) && v.length >= 3 && !/^(guest|postgres|mysql|root|admin|password|pass|test|example|dev|local)$/i.test(v),
  samples: {
    truePositive: [{ path: 'a/db.py', content: j('DATABASE_URL = "postgres://app:', 'Xk92mWq1@db.internal:5432/orders"\n') }],
    subtleTruePositive: [{ path: 'a/docker-compose.yml', content: j('services:\n  api:\n    image: api:1.0\n    environment:\n      MONGO_URL: mongodb+srv://admin:', 'S3cr3tPw9@cluster0.x1y2z.mongodb.net/app\n') }],
    decoys: [
      { path: 'a/db.ts', content: 'const url = `postgres://${user}:${process.env.DB_PASSWORD}@db:5432/app`;\nconst local = "postgresql://localhost/app";\n' },
      { path: 'a/.env', content: 'DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app\nREDIS_URL=redis://:changeme@cache:6379\n' },
      { path: 'a/events.py', content: 'broker = RabbitBroker("amqp://guest:guest@rabbitmq:5672/")\n' },
    ],
  },
});
