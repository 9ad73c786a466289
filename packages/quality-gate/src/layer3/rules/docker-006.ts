import { composeServices } from '../compose-services.js';
import { defineFileRule } from '../define-rule.js';

export const rule = defineFileRule({
  code: 'DOCKER-006',
  languages: ['compose'],
  message: 'Compose service runs privileged: it has full access to the host.',
  remediation: 'Remove `privileged: true`; grant only the specific capability or device the service needs.',
  samples: {
    truePositive: [{ path: 'docker-compose.yml', content: 'services:\n  api:\n    image: api:1.0\n    privileged: true\n' }],
    subtleTruePositive: [{ path: 'compose.yaml', content: 'x-base: &base\n  restart: always\n  privileged: true\nservices:\n  worker:\n    <<: *base\n    image: worker:1.0\n' }],
    decoys: [
      { path: 'docker-compose.yml', content: 'services:\n  api:\n    image: api:1.0\n    privileged: false\n    environment:\n      PRIVILEGED_MODE: "true"\n' },
    ],
  },
  check(file) {
    return composeServices(file)
      .filter((s) => s.config.privileged === true || s.config.privileged === 'true')
      .map((s) => ({ line: s.lineOf('privileged'), message: `Service "${s.name}" runs privileged.` }));
  },
});
