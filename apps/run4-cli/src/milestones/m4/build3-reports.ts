// Build 3's reports and compose file, judged by quality-gate; M4's orchestrate phase imports them from here.
export { checkBuild3Compose, checkBuild3Planted, checkBuild3Reports } from '@run4/quality-gate';
