import { composeServices } from '../compose-services.js';
import { defineFileRule } from '../define-rule.js';

const DANGEROUS = /^(CAP_)?(SYS_ADMIN|ALL)$/i;

export const rule = defineFileRule({
  code: 'DOCKER-008',
  languages: ['compose'],
  message: 'Compose service adds a dangerous capability (SYS_ADMIN or ALL).',
  remediation: 'Drop the capability; add only narrow ones (e.g. NET_BIND_SERVICE) and prefer cap_drop: [ALL].',
  samples: {
    truePositive: [{ path: 'docker-compose.yml', content: 'services:\n  api:\n    image: api:1.0\n    cap_add:\n      - SYS_ADMIN\n' }],
    subtleTruePositive: [{ path: 'compose.yml', content: 'services:\n  agent:\n    image: agent:2.1\n    cap_add: ["NET_ADMIN", "cap_sys_admin"]\n' }],
    decoys: [
      { path: 'docker-compose.yml', content: 'services:\n  api:\n    image: api:1.0\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]\n' },
    ],
  },
  check(file) {
    return composeServices(file)
      .filter((s) => Array.isArray(s.config.cap_add) && s.config.cap_add.some((c) => typeof c === 'string' && DANGEROUS.test(c)))
      .map((s) => ({ line: s.lineOf('cap_add'), message: `Service "${s.name}" adds SYS_ADMIN/ALL capabilities.` }));
  },
});
