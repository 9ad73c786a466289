export { scanLayer4, type Layer4Options, type Layer4Service } from './scan-layer4.js';
export { readContractFacts, contractFiles, type ContractFacts } from './contracts.js';
