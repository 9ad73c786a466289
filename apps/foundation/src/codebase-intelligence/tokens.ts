const STOP = new Set(['the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'for', 'is', 'on', 'with', 'by', 'it', 'this', 'that', 'be', 'as', 'at', 'from', 'const', 'let', 'var', 'def', 'self', 'return', 'import', 'export', 'function', 'class', 'new', 'if', 'else', 'await', 'async', 'none', 'null', 'true', 'false', 'string', 'number']);

function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('es') && !word.endsWith('ses')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/**
 * Identifier-aware tokens: camelCase, PascalCase, snake_case and kebab-case
 * are split, lower-cased, stop words dropped and lightly stemmed
 * (`processPayments` -> ['process', 'payment']).
 *
 * @example
 * tokenize('processPayment(order_total)'); // ['process', 'payment', 'order', 'total']
 */
export function tokenize(text: string): string[] {
  const spaced = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  const out: string[] = [];
  for (const w of spaced.split(/[^a-z0-9]+/)) {
    if (w.length < 2 || STOP.has(w) || /^\d+$/.test(w)) continue;
    out.push(stem(w));
  }
  return out;
}
