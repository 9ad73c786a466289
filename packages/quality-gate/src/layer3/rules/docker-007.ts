import { composeServices } from '../compose-services.js';
import { defineFileRule } from '../define-rule.js';

export const rule = defineFileRule({
  code: 'DOCKER-007',
  languages: ['compose'],
  message: 'Compose service uses the host network: no network isolation, every port is exposed on the host.',
  remediation: 'Use a user-defined bridge network and publish only the ports that must be reachable.',
  samples: {
    truePositive: [{ path: 'docker-compose.yml', content: 'services:\n  api:\n    image: api:1.0\n    network_mode: host\n' }],
    subtleTruePositive: [{ path: 'docker-compose.override.yml', content: 'x-net: &net\n  network_mode: "host"\nservices:\n  metrics:\n    <<: *net\n    image: prom:2.50\n' }],
    decoys: [
      { path: 'docker-compose.yml', content: 'services:\n  sidecar:\n    image: envoy:1.29\n    network_mode: "service:api"\n  api:\n    image: api:1.0\n    networks: [backend]\n    environment:\n      NETWORK_MODE: host\n' },
    ],
  },
  check(file) {
    return composeServices(file)
      .filter((s) => s.config.network_mode === 'host')
      .map((s) => ({ line: s.lineOf('network_mode'), message: `Service "${s.name}" uses network_mode: host.` }));
  },
});
