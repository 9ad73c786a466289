import type { Db } from '../shared/db.js';
import { tokenize } from './tokens.js';

/** A searchable code chunk (one symbol's source). */
export interface CodeChunk {
  chunk_id: string;
  file_path: string;
  symbol_name: string | null;
  content: string;
  language: string;
  service_name: string | null;
  line_start: number;
  line_end: number;
}

export interface SearchFilters {
  language?: string | null;
  service_name?: string | null;
}

/**
 * Ranks code chunks for a natural-language query. The default is lexical
 * (SQLite FTS5 BM25 over identifier-split tokens); an embedding model can be
 * plugged in by implementing this interface.
 */
export interface ChunkRanker {
  /** Replace every chunk of `filePath` with `chunks`. */
  replaceFile(filePath: string, chunks: CodeChunk[]): void;
  search(query: string, filters: SearchFilters, limit: number): (CodeChunk & { score: number })[];
}

export const FTS_SCHEMA_SQL = `
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_fts USING fts5(
  tokens, chunk_id UNINDEXED, file_path UNINDEXED, symbol_name UNINDEXED, content UNINDEXED,
  language UNINDEXED, service_name UNINDEXED, line_start UNINDEXED, line_end UNINDEXED,
  tokenize = 'unicode61'
);
`;

/**
 * Lexical ranking with SQLite FTS5 (BM25) over identifier-split, stemmed
 * tokens of each chunk's name, signature, docstring and body. Scores are
 * mapped to (0, 1]: `s / (1 + s)` of the negated BM25 rank.
 *
 * @example
 * const ranker = new Fts5LexicalRanker(db);
 * ranker.search('payment processing', {}, 10);
 */
export class Fts5LexicalRanker implements ChunkRanker {
  constructor(private readonly db: Db) {}

  replaceFile(filePath: string, chunks: CodeChunk[]): void {
    this.db.prepare('DELETE FROM chunk_fts WHERE file_path = ?').run(filePath);
    const insert = this.db.prepare('INSERT INTO chunk_fts (tokens, chunk_id, file_path, symbol_name, content, language, service_name, line_start, line_end) VALUES (?,?,?,?,?,?,?,?,?)');
    for (const c of chunks) {
      const nameTokens = tokenize(c.symbol_name ?? '');
      // Names are repeated so a match on the symbol name outweighs one in its body.
      const tokens = [...nameTokens, ...nameTokens, ...tokenize(c.content)].join(' ');
      insert.run(tokens, c.chunk_id, c.file_path, c.symbol_name, c.content, c.language, c.service_name, c.line_start, c.line_end);
    }
  }

  search(query: string, filters: SearchFilters, limit: number): (CodeChunk & { score: number })[] {
    const terms = [...new Set(tokenize(query))];
    if (terms.length === 0) return [];
    const match = terms.map((t) => `"${t}"`).join(' OR ');
    const where = ['chunk_fts MATCH ?'];
    const args: (string | number)[] = [match];
    if (filters.language) {
      where.push('language = ?');
      args.push(filters.language);
    }
    if (filters.service_name) {
      where.push('service_name = ?');
      args.push(filters.service_name);
    }
    const rows = this.db
      .prepare(`SELECT chunk_id, file_path, symbol_name, content, language, service_name, line_start, line_end, bm25(chunk_fts) AS rank FROM chunk_fts WHERE ${where.join(' AND ')} ORDER BY rank LIMIT ?`)
      .all(...args, limit) as (CodeChunk & { rank: number })[];
    return rows.map(({ rank, ...c }) => {
      const s = Math.max(0, -rank);
      return { ...c, line_start: Number(c.line_start), line_end: Number(c.line_end), score: Number((s / (1 + s)).toFixed(4)) };
    });
  }
}
