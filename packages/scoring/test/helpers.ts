import { check, type CheckRecord } from '@run4/checks';

export const rec = (id: string, status: CheckRecord['status'], ids: string[]): CheckRecord => check(id, id, status, `${id} ${status.toLowerCase()}`, ids);
