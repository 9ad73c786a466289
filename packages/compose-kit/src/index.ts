export { ComposeValidationError, DeployError, EngineUnavailableError, type ComposeIssue } from './errors.js';
export {
  ComposeFileSchema, ComposeServiceSchema, ComposeHealthcheckSchema, toStringMap, dependsOnMap, serviceNetworks,
  type ComposeFile, type ComposeService,
} from './compose/model.js';
export { validateComposeSchema, COMPOSE_SPEC_SCHEMA_MODULE } from './compose/validate-schema.js';
export { checkComposeSemantics, publishedPorts, type PublishedPort } from './compose/semantic-checks.js';
export { interpolate, interpolateString } from './compose/interpolate.js';
export { mergeComposeFiles, type LoadedComposeFile, type MergedCompose } from './compose/merge.js';
export { loadComposeFile, loadComposeStack, parseComposeText, writeComposeFile, type LoadStackOptions } from './compose/load.js';
export { traefikLabels, parseTraefikRoutes, type TraefikLabelOptions, type TraefikRoute } from './compose/traefik-labels.js';
export {
  generateComposeModel, generateComposeFile, serviceUrlVariable, GeneratedServiceInputSchema,
  DEFAULT_PROJECT_NAME, type GeneratedServiceInput, type GenerateOptions,
} from './compose/generate.js';
export { COMPOSE_TIERS, tierFileName, tierFiles, findDockerDir, type ComposeTier, type TierFileOptions } from './compose/tiers.js';
export { checkServiceHealth, checkAllServices, HealthCheckResultSchema, type HealthCheckResult } from './health/health-check.js';
export { pollUntilHealthy, type PollOptions, type PollOutcome } from './health/poll.js';
export { aggregateHealth, type HealthAggregation } from './health/aggregate.js';
export { detectEngine, findComposeCommand, imagePresent, type EngineInfo, type ComposeCommand } from './deploy/engine.js';
export {
  BackendNameSchema, DeployedServiceSchema, DeploymentReportSchema,
  type BackendName, type DeployedService, type DeploymentReport, type Deployment, type DeploymentOptions, type ExecResult,
} from './deploy/types.js';
export { readDockerfileCommand, type DockerfileCommand } from './deploy/dockerfile-command.js';
export { planStack, topologicalOrder, withoutServices, type StackPlan } from './deploy/stack-plan.js';
export { onInterruptTeardown } from './deploy/signal-teardown.js';
export { DockerDeployment, ephemeralPorts } from './deploy/docker-backend.js';
export { ProcessDeployment, observeDeploymentSpawns, notifyDeploymentSpawn, OWNER_TOKEN_ENV, type SpawnNotice } from './deploy/process-backend.js';
export { createDeployment, type BackendChoice } from './deploy/create-deployment.js';
export {
  deployForChecks, servicesUpCheck, servicesHttpHealthCheck, interContainerDnsCheck, teardownCheck, type DeployAttempt, type DnsCheckOptions,
} from './checks/deploy-checks.js';
export { composeGenerationCheck, composeMergeCheck, traefikLabelsCheck } from './checks/compose-checks.js';
export { stageDeploymentOptions, deployedUrls, type StageSettings, type StageDeploymentOptions } from './deploy/stage-options.js';
export { deployBuild1, type Build1DeployOptions, type Build1DeployResult, type LiveDeployment } from './checks/build1-deploy.js';
export { deployGeneratedTier, GENERATED_COMPOSE_FILE, type BuiltService, type GeneratedDeployOptions } from './checks/generated-deploy.js';
export { checkDockerEngine, checkNodeVersion } from './environment-checks.js';
