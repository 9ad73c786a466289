/** The reference builder's version, recorded in STATE.json `builder.version`. */
export const BUILDER_VERSION = '0.1.0';
