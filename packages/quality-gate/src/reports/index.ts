export { renderMarkdown, gatingSummary, notAnalysedFiles, type MarkdownOptions } from './markdown.js';
export { renderJson } from './json.js';
export { renderSarif, SARIF_TOOL } from './sarif.js';
export { collectFindings, type Finding } from './findings.js';
export { describeCode, type CodeDescription } from './code-catalog.js';
export { renderReport, writeReports, checkPlantedViolations, REPORT_FILES, type ReportFormat } from './write-reports.js';
export { SeedQualityGateReportSchema, readBuild3GateReport, checkBuild3Reports, checkBuild3Planted, checkBuild3Compose } from './build3-reports.js';
