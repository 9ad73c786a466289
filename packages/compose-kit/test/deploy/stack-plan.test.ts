import { describe, expect, it } from 'vitest';
import { planStack, topologicalOrder } from '../../src/index.js';
import { tempFiles } from '../helpers.js';

const dockerfile = `FROM x\nHEALTHCHECK CMD ["node","-e","fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/api/health').then(r=>process.exit(r.ok?0:1))"]\nCMD ["node","dist/http.js"]\n`;

describe('planStack', () => {
  it('takes the health path and port from the Dockerfile HEALTHCHECK when compose declares none', () => {
    const { paths } = tempFiles({ Dockerfile: dockerfile, 'c.yml': 'services:\n  svc:\n    build: .\n  other:\n    build: .\n    environment: { PORT: "9000" }\n    healthcheck:\n      test: ["CMD", "node", "-e", "fetch(\'http://127.0.0.1:9000/ready\')"]\n' });
    const plan = planStack({ files: [paths['c.yml']!] }, 'p');
    expect(plan.health.svc).toEqual({ containerPort: 8000, path: '/api/health' });
    expect(plan.health.other).toEqual({ containerPort: 9000, path: '/ready' });
  });

  it('narrows to the requested services plus their dependencies, in dependency order', () => {
    const { paths } = tempFiles({ 'c.yml': 'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [c]\n  c:\n    image: x\n  d:\n    image: x\n' });
    const plan = planStack({ files: [paths['c.yml']!], services: ['a'] }, 'p');
    expect(plan.services.sort()).toEqual(['a', 'b', 'c']);
    expect(topologicalOrder(plan.model)).toEqual(['c', 'b', 'a']);
    expect(() => planStack({ files: [paths['c.yml']!], services: ['zz'] }, 'p')).toThrow(/unknown service\(s\) zz/);
  });

  it('refuses a depends_on cycle', () => {
    const { paths } = tempFiles({ 'c.yml': 'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n' });
    expect(() => topologicalOrder(planStack({ files: [paths['c.yml']!] }, 'p').model)).toThrow(/cycle/);
  });
});
