import pg from 'pg';

const connectionString = process.env.DATABASE_URL ?? 'postgres://inventory:Lin3nCl0set!@db:5432/inventory';
export const pool = new pg.Pool({ connectionString, max: 10 });
