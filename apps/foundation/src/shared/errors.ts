/**
 * Base error of the foundation services. `status` is the HTTP status the
 * REST API answers with; over MCP the message becomes an `isError` result.
 */
export class FoundationError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, status: number, message: string) {
    super(message);
    this.name = 'FoundationError';
    this.code = code;
    this.status = status;
  }
}

/** The input failed validation (HTTP 422). */
export class ValidationError extends FoundationError {
  constructor(message: string) {
    super('VALIDATION_ERROR', 422, message);
    this.name = 'ValidationError';
  }
}

/** The input is larger than allowed (HTTP 413). */
export class PayloadTooLargeError extends FoundationError {
  constructor(message: string) {
    super('PAYLOAD_TOO_LARGE', 413, message);
    this.name = 'PayloadTooLargeError';
  }
}

/** A referenced record does not exist (HTTP 404). */
export class NotFoundError extends FoundationError {
  constructor(message: string) {
    super('NOT_FOUND', 404, message);
    this.name = 'NotFoundError';
  }
}

/** A contract of the same build cycle already exists with another spec (HTTP 409). */
export class ImmutabilityViolationError extends FoundationError {
  constructor(message: string) {
    super('IMMUTABILITY_VIOLATION', 409, message);
    this.name = 'ImmutabilityViolationError';
  }
}
