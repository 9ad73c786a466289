export { checkAsyncApi, checkOpenApi, checkPact, checkPrd, checkSampleAppFixtures } from './check-fixtures.js';
