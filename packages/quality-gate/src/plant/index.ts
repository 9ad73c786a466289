export { PLANT_CODES, PlantCodeSchema, PlantLanguageSchema, PlantedItemSchema, PlantManifestSchema, type PlantCode, type PlantLanguage, type PlantedItem, type PlantManifest } from './manifest.js';
export { plantViolations, PLANTED_FIELD, MISSING_HEALTH_PREFIX, type PlantOptions } from './plant-violations.js';
export { findPlanted, plantedDetectionChecks, plantedFixChecks, type PlantedFinding, type FindPlantedOptions } from './planted-checks.js';
export {
  PlantedCopyRecordSchema, readPlantedCopyRecord, plantSource, gateCopy, plantAndGateCopy,
  type PlantedCopyRecord, type CopyAuth, type CopyGateOptions, type CopyGate, type PlantCopyOptions,
} from './planted-copy.js';
