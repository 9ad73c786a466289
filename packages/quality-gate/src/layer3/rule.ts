import type { Node as SyntaxNode, Tree } from 'web-tree-sitter';
import type { Dockerfile } from 'dockerfile-ast';
import type { Document } from 'yaml';
import type { ScanCategory, ScanSeverity, SeedSeverity } from '../models/scan-violation.js';

/** The kinds of files Layer 3 reads. */
export type SourceLanguage = 'python' | 'typescript' | 'tsx' | 'javascript' | 'go' | 'java' | 'dockerfile' | 'compose' | 'text';

/** One file as a rule sees it: its text, and the parse that fits its language. */
export interface ParsedFile {
  /** Path relative to the scanned root, forward slashes. */
  readonly path: string;
  readonly language: SourceLanguage;
  readonly text: string;
  /** `text` split on newlines (index 0 = line 1). */
  readonly lines: readonly string[];
  /** tree-sitter tree for python/typescript/tsx/javascript/go/java files. */
  readonly tree?: Tree;
  /** dockerfile-ast parse for Dockerfiles. */
  readonly dockerfile?: Dockerfile;
  /** Parsed YAML document (merge keys resolved) for compose files. */
  readonly compose?: Document;
  /** Service the file belongs to (nearest directory holding a service manifest), when known. */
  readonly service?: string;
}

/** A group of files that make up one service (a directory with package.json, pyproject.toml, requirements.txt or a Dockerfile). */
export interface ParsedService {
  readonly name: string;
  /** Service directory relative to the scanned root ('' for the root itself). */
  readonly dir: string;
  readonly files: readonly ParsedFile[];
}

/** What a rule reports; the scanner turns it into a ScanViolation. */
export interface RuleFinding {
  /** Defaults to the file being checked (file rules) — required for service rules. */
  readonly file?: string;
  /** 1-based line (0 when not tied to a line). */
  readonly line: number;
  readonly column?: number;
  /** Overrides the rule's default message. */
  readonly message?: string;
  /** Already-redacted snippet; when absent the scanner uses the trimmed source line (redacted for secrets rules). */
  readonly snippet?: string;
  /**
   * The secret values the finding is about (never printed): the scanner
   * redacts each of them from every snippet, message and path of the scan,
   * not only from this finding's snippet.
   */
  readonly secrets?: readonly string[];
}

/** One sample a rule's tests run: a file (or several, for service rules). */
export interface RuleSample {
  readonly path: string;
  readonly content: string;
  /** Extra files in the same sample (service-level rules). */
  readonly extraFiles?: readonly { readonly path: string; readonly content: string }[];
}

/** True positives, subtle true positives (must be found) and decoys (must stay silent). */
export interface RuleSamples {
  readonly truePositive: readonly RuleSample[];
  readonly subtleTruePositive: readonly RuleSample[];
  readonly decoys: readonly RuleSample[];
}

interface RuleBase {
  readonly code: string;
  readonly name: string;
  readonly category: ScanCategory;
  readonly seedSeverity: SeedSeverity;
  readonly severity: ScanSeverity;
  /** Default message of a violation. */
  readonly message: string;
  readonly remediation: string;
  readonly samples: RuleSamples;
  /** Whether matched values are secrets that must be redacted in snippets. */
  readonly redacts?: boolean;
}

/** A rule that judges one file at a time. */
export interface FileRule extends RuleBase {
  readonly scope: 'file';
  readonly languages: readonly SourceLanguage[];
  /** Skip files under tests/ or test/ folders. */
  readonly skipTests?: boolean;
  /** Cheap text test: when it fails the file cannot match, and is not even parsed for this rule. */
  readonly prefilter?: RegExp;
  check(file: ParsedFile): RuleFinding[];
}

/** A rule that judges a whole service (e.g. HEALTH-001: no health route anywhere in it). */
export interface ServiceRule extends RuleBase {
  readonly scope: 'service';
  check(service: ParsedService): RuleFinding[];
}

/** A Layer 3 rule. */
export type Rule = FileRule | ServiceRule;

export type { SyntaxNode };
