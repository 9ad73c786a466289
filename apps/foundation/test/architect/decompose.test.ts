import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decompose } from '../../src/architect/decompose.js';
import { validateSpec } from '../../src/contract-engine/validate-spec.js';

const fixture = (name: string): string => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');

describe('decompose on PRDs of other domains and layouts', () => {
  it('handles a 5-service PRD with a services table, an API table and entity headings', async () => {
    const r = decompose(fixture('library_prd.md'));
    expect(r.service_map.project_name).toBe('ShelfLife');
    expect(r.service_map.services.map((s) => s.name)).toEqual(['catalog-service', 'member-service', 'loan-service', 'billing-service', 'reminder-service']);
    const loan = r.service_map.services.find((s) => s.name === 'loan-service')!;
    expect(loan.endpoints.map((e) => `${e.method} ${e.path}`)).toEqual(['POST /loans', 'PATCH /loans/{loanId}', 'GET /loans']);
    expect(loan.stack).toEqual({ language: 'typescript', framework: 'fastify', database: 'postgresql' });
    expect(loan.events_published.sort()).toEqual(['LoanBorrowed', 'LoanOverdue', 'LoanReturned']);
    expect(r.domain_model.entities.map((e) => `${e.name}@${e.owning_service}`)).toEqual(['Book@catalog-service', 'Member@member-service', 'Loan@loan-service', 'Fee@billing-service']);
    const sm = r.domain_model.entities.find((e) => e.name === 'Loan')!.state_machine!;
    expect(sm.transitions.map((t) => `${t.from_state}>${t.to_state}`).sort()).toEqual(['active>overdue', 'active>returned', 'overdue>lost', 'overdue>returned']);
    expect(r.domain_model.relationships.map((x) => `${x.source_entity}->${x.target_entity}`)).toEqual(expect.arrayContaining(['Loan->Book', 'Loan->Member', 'Fee->Loan', 'Fee->Member']));
    const reminder = r.service_map.services.find((s) => s.name === 'reminder-service')!;
    expect(reminder.events_consumed.sort()).toEqual(['LoanBorrowed', 'LoanOverdue']);
    const feePaid = r.contract_stubs.find((s) => s.service_name === 'billing-service' && s.type === 'asyncapi')!;
    expect(JSON.stringify(feePaid.spec)).toContain('"fee_id"');
    for (const stub of r.contract_stubs) expect((await validateSpec(stub.spec, stub.type)).errors, `${stub.service_name} ${stub.type}`).toEqual([]);
  });

  it('handles prose sections named "X Service" with inline entities and arrow transitions', async () => {
    const r = decompose(fixture('clinic_prd.md'));
    expect(r.service_map.project_name).toBe('VetCare Appointments');
    expect(r.service_map.services.map((s) => s.name)).toEqual(['scheduling-service', 'patient-records-service']);
    const sched = r.service_map.services[0]!;
    expect(sched.stack).toEqual({ language: 'python', framework: 'fastapi', database: 'sqlite' });
    expect(sched.endpoints.find((e) => e.path === '/appointments')).toMatchObject({ request_fields: ['pet_id', 'vet_id', 'starts_at'], response_fields: ['id', 'status', 'starts_at'] });
    expect(r.domain_model.entities.map((e) => `${e.name}@${e.owning_service}`)).toEqual(['Appointment@scheduling-service', 'Pet@patient-records-service']);
    const sm = r.domain_model.entities[0]!.state_machine!;
    expect(sm.transitions.map((t) => `${t.from_state}>${t.to_state}`)).toEqual(['booked>checked_in', 'checked_in>done', 'booked>cancelled']);
    expect(sched.events_published).toEqual(['AppointmentBooked']);
    expect(r.service_map.services[1]!.events_consumed).toEqual(['AppointmentBooked']);
    for (const stub of r.contract_stubs) expect((await validateSpec(stub.spec, stub.type)).valid).toBe(true);
  });

  it('handles a numbered service list, fenced endpoint blocks and an entity table with an Owner column', async () => {
    const r = decompose(fixture('payments_prd.md'));
    expect(r.service_map.services.map((s) => s.name).sort()).toEqual(['fraud-service', 'gateway-service', 'ledger-service', 'payments-service']);
    const payments = r.service_map.services.find((s) => s.name === 'payments-service')!;
    expect(payments.stack.language).toBe('go');
    expect(payments.endpoints.map((e) => `${e.method} ${e.path}`)).toEqual(['POST /payments', 'GET /payments/{id}', 'POST /payments/{id}/refund']);
    expect(r.service_map.services.find((s) => s.name === 'ledger-service')!.events_consumed).toEqual(['PaymentCaptured']);
    expect(r.domain_model.entities.map((e) => `${e.name}@${e.owning_service}`)).toEqual(['Payment@payments-service', 'Entry@ledger-service']);
    expect(r.validation_issues).toEqual(['service "gateway-service" has no endpoints in the PRD (write them as "METHOD /path — description")']);
    for (const stub of r.contract_stubs) expect((await validateSpec(stub.spec, stub.type)).valid).toBe(true);
  });

  it('reads transitions from an ASCII state diagram with a branch line', () => {
    const prd = [
      '# Shop', '## order-service', '- POST /orders — create', '', '### Entity: Order', '- id (uuid)', '- status (enum: pending/confirmed/shipped/cancelled)', '',
      '```', 'pending --(confirm)--> confirmed --(ship)--> shipped', '    |                      |', '    +------(cancel)--------+-------> cancelled', '```',
    ].join('\n');
    const sm = decompose(prd).domain_model.entities[0]!.state_machine!;
    expect(sm.transitions).toEqual([
      { from_state: 'pending', to_state: 'confirmed', trigger: 'confirm' },
      { from_state: 'confirmed', to_state: 'shipped', trigger: 'ship' },
      { from_state: 'pending', to_state: 'cancelled', trigger: 'cancel' },
      { from_state: 'confirmed', to_state: 'cancelled', trigger: 'cancel' },
    ]);
  });

  it('is deterministic apart from the timestamp', () => {
    const text = fixture('library_prd.md');
    const now = new Date('2026-01-01T00:00:00Z');
    expect(decompose(text, now)).toEqual(decompose(text, now));
  });

  it('reports validation issues and interview questions for a vague PRD', () => {
    const r = decompose('# Idea\n\nWe want an app where people share recipes with friends.');
    expect(r.service_map.services).toHaveLength(1);
    expect(r.validation_issues.join('\n')).toMatch(/no services are named/);
    expect(r.validation_issues.join('\n')).toMatch(/no entities/);
    expect(r.interview_questions.length).toBeGreaterThan(2);
  });

  it('rejects input under 10 characters (422) and over 1 MB (413)', () => {
    expect(() => decompose('tiny')).toThrow(expect.objectContaining({ status: 422 }));
    expect(() => decompose('a'.repeat(1024 * 1024 + 1))).toThrow(expect.objectContaining({ status: 413 }));
  });
});

describe('contract stubs document the error statuses of the PRD', () => {
  it('adds every status of an endpoint table\'s Errors column to the stub\'s responses', () => {
    const prd = [
      '# Shop', '', '## 1. cart-service', '', 'Holds carts.', '',
      '| Method | Path | Request | Response | Errors |', '|---|---|---|---|---|',
      '| POST | /carts | `{owner}` | 201 `{id, owner}` | 400, 409, 422 |',
      '| GET | /carts/{id} | — | 200 `{id, owner}` | 401, 404 |',
      '| GET | /health | — | 200 `{status}` | — |',
    ].join('\n');
    const r = decompose(prd);
    const stub = r.contract_stubs.find((s) => s.service_name === 'cart-service' && s.type === 'openapi')!;
    const paths = stub.spec.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    expect(Object.keys(paths['/carts']!.post!.responses).sort()).toEqual(['201', '400', '409', '422']);
    expect(Object.keys(paths['/carts/{id}']!.get!.responses).sort()).toEqual(['200', '401', '404']);
    expect(Object.keys(paths['/health']!.get!.responses)).toEqual(['200']);
  });
});

describe('contract stubs carry the PRD\'s auth and event delivery', () => {
  it('secures endpoints whose Auth column asks for a bearer token, and routes events to their consumers', () => {
    const r = decompose(readFileSync(join(__dirname, '../../../../fixtures/tasktracker/sample_prd.md'), 'utf8'));
    const order = r.contract_stubs.find((s) => s.service_name === 'order-service' && s.type === 'openapi')!.spec as { paths: Record<string, Record<string, { security?: unknown }>>; components: { securitySchemes?: unknown } };
    expect(order.paths['/orders']!.post!.security).toEqual([{ bearerAuth: [] }]);
    expect(order.paths['/health']!.get!.security).toBeUndefined();
    expect(order.components.securitySchemes).toEqual({ bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } });
    const auth = r.contract_stubs.find((s) => s.service_name === 'auth-service' && s.type === 'openapi')!.spec as { paths: Record<string, Record<string, { security?: unknown }>> };
    expect(auth.paths['/register']!.post!.security).toBeUndefined();
    const events = r.contract_stubs.find((s) => s.service_name === 'order-service' && s.type === 'asyncapi')!.spec as { servers?: Record<string, unknown>; channels: Record<string, { servers?: unknown[] }> };
    expect(events.servers?.['notification-service']).toEqual({ host: 'notification-service', protocol: 'http' });
    expect(Object.values(events.channels).every((c) => (c.servers ?? []).length > 0)).toBe(true);
  });
});
