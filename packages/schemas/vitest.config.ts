import { run4VitestConfig } from '../../vitest.shared';

export default run4VitestConfig();
